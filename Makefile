# certminder -- see README.md.  `make check` is the whole test suite.

VERSION    = 0.1
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
DATADIR   ?= $(PREFIX)/share/certminder
DOCDIR    ?= $(PREFIX)/share/doc/certminder
DOCS       = README.md HACKING.md ChangeLog contrib/EXPORTING.md
EXAMPLES   = contrib/certminder.cron contrib/certminder.service \
             contrib/certminder.timer
DESTDIR   ?=

CC        ?= cc
CFLAGS    ?= -O2 -g
PKG_CONFIG ?= pkg-config
PKGS       = libconfig libcurl sqlite3 libical
DEPCFLAGS  = $(shell $(PKG_CONFIG) --cflags $(PKGS))
# libcsv ships no pkg-config file.
DEPLIBS    = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lcsv
XCFLAGS    = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
             -Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers \
             -DVERSION='"$(VERSION)"' -DSYSCONFDIR='"$(SYSCONFDIR)"' \
             -DDATADIR='"$(DATADIR)"'
SANFLAGS   = -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer

MODULES = alloc strbuf strlist strmap text date conf addr csvsplit csvread classify people input roster training outfile \
          compliance notice schedule brake report html evidence letter history mail template mailhtml compose ledger smtp deliver \
          log status night json csvcell figures check classes ics
OBJS    = $(MODULES:%=src/%.o)
ASAN_OBJS = $(MODULES:%=tests/obj-asan/%.o)
UNITS   = $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

FUZZERS = csv date conf mail classes
FUZZ_SECONDS ?= 60
FUZZ_OBJS = $(MODULES:%=tests/obj-fuzz/%.o)
FUZZFLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer

.PHONY: all check check-run unit unit-asan integration demo sample bench install \
        uninstall clean deps fuzz fuzz-replay deb

all: src/certminder

src/%.o: src/%.c src/*.h
	@echo "  CC      $@"
	@$(CC) $(XCFLAGS) $(DEPCFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

src/libcertminder.a: $(OBJS)
	@rm -f $@ && ar rcs $@ $(OBJS)

src/certminder: src/main.o src/libcertminder.a
	@echo "  CCLD    $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ src/main.o src/libcertminder.a $(DEPLIBS)

tests/obj-asan/%.o: src/%.c src/*.h
	@mkdir -p tests/obj-asan
	@echo "  CC      $@"
	@$(CC) $(XCFLAGS) $(DEPCFLAGS) -O1 -g $(SANFLAGS) -c -o $@ $<

tests/unit/%: tests/unit/%.c tests/unit/*.h tests/common/*.h src/libcertminder.a
	@echo "  CCLD    $@"
	@$(CC) $(XCFLAGS) $(DEPCFLAGS) $(CFLAGS) -Isrc -o $@ $< \
	    src/libcertminder.a $(DEPLIBS) $$($(PKG_CONFIG) --libs cmocka)

tests/unit/%.asan: tests/unit/%.c tests/unit/*.h tests/common/*.h $(ASAN_OBJS)
	@echo "  CCLD    $@"
	@$(CC) $(XCFLAGS) $(DEPCFLAGS) -O1 -g $(SANFLAGS) -Isrc -o $@ $< \
	    $(ASAN_OBJS) $(DEPLIBS) $$($(PKG_CONFIG) --libs cmocka)

deps:
	@./contrib/install-deps

# Fuzzing: `make fuzz` runs each harness FUZZ_SECONDS (clang, libFuzzer);
# make check replays the seeds and every kept crasher (tests/fuzz/regress)
# under ASan and UBSan without libFuzzer.
tests/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c tests/common/*.h $(ASAN_OBJS)
	@echo "  CCLD    $@"
	@$(CC) $(XCFLAGS) $(DEPCFLAGS) -O1 -g $(SANFLAGS) -Isrc -o $@ \
	    tests/fuzz/fuzz_$*.c tests/fuzz/driver.c $(ASAN_OBJS) $(DEPLIBS)

fuzz-replay: $(FUZZERS:%=tests/fuzz/replay_%)
	@set -e; for f in $(FUZZERS); do printf '== fuzz replay %s: ' $$f; \
	    LSAN_OPTIONS=suppressions=tests/fuzz/lsan.supp \
	    tests/fuzz/replay_$$f tests/fuzz/corpus/$$f tests/fuzz/regress/$$f; done

.SECONDARY: $(FUZZ_OBJS) $(ASAN_OBJS)

tests/obj-fuzz/%.o: src/%.c src/*.h
	@mkdir -p tests/obj-fuzz
	@echo "  CLANG   $@"
	@clang $(XCFLAGS) $(DEPCFLAGS) -O1 -g $(FUZZFLAGS) -c -o $@ $<

tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/common/*.h $(FUZZ_OBJS)
	@echo "  CLANG   $@"
	@clang $(XCFLAGS) $(DEPCFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined \
	    -Isrc -o $@ $< $(FUZZ_OBJS) $(DEPLIBS)

fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZERS:%=tests/fuzz/fuzz_%)
	@set -e; for f in $(FUZZERS); do \
	    echo "== fuzzing $$f for $(FUZZ_SECONDS) s"; \
	    mkdir -p tests/fuzz/work/$$f tests/fuzz/crashes; \
	    LSAN_OPTIONS=suppressions=tests/fuzz/lsan.supp \
	    tests/fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -artifact_prefix=tests/fuzz/crashes/$$f- -max_len=65536 \
	        tests/fuzz/work/$$f tests/fuzz/corpus/$$f 2>&1 | \
	        grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)' || true; \
	done; \
	if ls tests/fuzz/crashes/* >/dev/null 2>&1; then \
	    echo "crashes found: tests/fuzz/crashes/ (keep each in tests/fuzz/regress/)"; exit 1; fi

# Installs what is missing first, so a fresh Debian machine needs nothing else.
check: deps
	@$(MAKE) --no-print-directory check-run

check-run: all unit unit-asan fuzz-replay integration

unit: $(UNITS:%=tests/unit/%)
	@set -e; for t in $(UNITS); do echo "== $$t"; tests/unit/$$t; done

unit-asan: $(UNITS:%=tests/unit/%.asan)
	@set -e; for t in $(UNITS); do echo "== $$t (ASan, UBSan)"; \
	    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    tests/unit/$$t.asan; done

integration: src/certminder
	@/usr/bin/python3 tests/run_integration.py

demo: deps
	@$(MAKE) --no-print-directory all
	src/certminder -c contrib/demo/certminder.conf --dry-run --today 2026-11-23

# the README's picture of the HTML report
sample: deps
	@$(MAKE) --no-print-directory all
	@/usr/bin/python3 contrib/sample-report

contrib/bench/csvbare: contrib/bench/csvbare.c
	@echo "  CCLD    $@"
	@$(CC) -O2 -o $@ $< -lcsv

contrib/bench/smtpbench: contrib/bench/smtpbench.c src/libcertminder.a
	@echo "  CCLD    $@"
	@$(CC) $(XCFLAGS) $(DEPCFLAGS) $(CFLAGS) -Isrc -o $@ $< \
	    src/libcertminder.a $(DEPLIBS)

bench:
	@./contrib/install-deps --bench
	@$(MAKE) --no-print-directory all contrib/bench/csvbare contrib/bench/smtpbench
	@/usr/bin/python3 contrib/bench/bench.py

# The Debian package: contrib/debian copied beside a copy of the sources
# in DEB_DIR, built with dpkg-buildpackage and checked with lintian; the
# .deb is left in DEB_DIR.
DEB_DIR   ?= contrib/deb
DEB_SRC    = $(DEB_DIR)/certminder-$(VERSION)
deb:
	@./contrib/install-deps
	@rm -rf $(DEB_DIR) && mkdir -p $(DEB_SRC)
	@tar -cf - --exclude=./$(DEB_DIR) --exclude=./contrib/deb \
	    --exclude='*.o' --exclude='*.a' \
	    --exclude=./src/certminder --exclude=./contrib/debian \
	    --exclude=__pycache__ ./src ./etc ./contrib Makefile README.md \
	    HACKING.md ChangeLog | tar -xf - -C $(DEB_SRC)
	@cp -R contrib/debian $(DEB_SRC)/debian
	cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b
	lintian --fail-on error,warning $(DEB_DIR)/certminder_$(VERSION)_*.deb
	@ls $(DEB_DIR)/*.deb

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(SYSCONFDIR)
	install -m 755 src/certminder $(DESTDIR)$(BINDIR)/certminder
	install -m 644 src/certminder.1 $(DESTDIR)$(MANDIR)/man1/certminder.1
	install -m 644 src/certminder.conf.5 $(DESTDIR)$(MANDIR)/man5/certminder.conf.5
	install -m 600 etc/certminder.conf $(DESTDIR)$(SYSCONFDIR)/certminder.conf.sample
	install -d $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)/profiles
	install -m 644 etc/templates/*.txt $(DESTDIR)$(DATADIR)/templates/
	install -m 644 etc/profiles/*.conf $(DESTDIR)$(DATADIR)/profiles/
	install -d $(DESTDIR)$(DOCDIR)/examples
	install -m 644 $(DOCS) $(DESTDIR)$(DOCDIR)/
	install -m 644 $(EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/certminder $(DESTDIR)$(MANDIR)/man1/certminder.1 \
	    $(DESTDIR)$(MANDIR)/man5/certminder.conf.5 \
	    $(DESTDIR)$(SYSCONFDIR)/certminder.conf.sample
	rm -rf $(DESTDIR)$(DATADIR)/templates $(DESTDIR)$(DATADIR)/profiles \
	    $(DESTDIR)$(DOCDIR)
	-rmdir $(DESTDIR)$(DATADIR) 2>/dev/null

clean:
	rm -rf src/*.o src/*.a src/certminder tests/obj-asan tests/obj-fuzz \
	    $(FUZZERS:%=tests/fuzz/fuzz_%) $(FUZZERS:%=tests/fuzz/replay_%) \
	    contrib/bench/csvbare contrib/bench/smtpbench \
	    $(UNITS:%=tests/unit/%) $(UNITS:%=tests/unit/%.asan)
