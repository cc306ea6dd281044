#include "brake.h"

void
brake_bad_rows(const struct conf *c, const char *file,
    const struct input_stats *st, struct strlist *reasons)
{
	struct strbuf sb = { 0 };

	if (st->rows == 0 ||
	    st->rejected * 100 <= (unsigned long)c->max_bad_rows_pct * st->rows)
		return;
	sb_printf(&sb, "%s: %lu of %lu rows rejected (%.1f %%), more than "
	    "max_bad_rows_pct = %d %%", file, st->rejected, st->rows,
	    100.0 * st->rejected / st->rows, c->max_bad_rows_pct);
	strlist_add(reasons, sb_str(&sb));
	sb_free(&sb);
}
