"""The coordinator's summary in text and HTML: the HTML part read back as
its reader's mail program would get it, and held to the text part."""
import html
import re
from html.parser import HTMLParser

import agency
from helpers import Case, SmtpSink, TODAY, run


class Tables(HTMLParser):
    """The rows of every table, the <pre> texts, every tag and attribute."""

    def __init__(self):
        super().__init__()
        self.rows, self.pres, self.tags, self.bars = [], [], [], []
        self._row = self._cell = self._pre = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "table" and a.get("role") == "presentation":
            self.bars.append([])
            self._depth += 1
        elif tag == "tr" and not self._depth:
            self._row = []
        elif tag in ("td", "th") and not self._depth and self._row is not None:
            self._cell = ""
        elif tag == "td" and self._depth:
            self.bars[-1].append((int(a["width"]), a["bgcolor"]))
        elif tag == "pre":
            self._pre = ""

    def handle_endtag(self, tag):
        if tag == "table" and self._depth:
            self._depth -= 1
        elif tag in ("td", "th") and self._cell is not None and \
                not self._depth:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and not self._depth:
            self.rows.append(self._row)
            self._row = None
        elif tag == "pre":
            self.pres.append(self._pre)
            self._pre = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._pre is not None:
            self._pre += data


class SummaryHtml(Case):
    """Riverton PD (agency.py) with two units; on 2026-11-23, counted by
    hand: 11 sworn, MHFA 9 valid of 11 required (81.8 %, 2 short), CIT 4
    of 3 (36.3 %, met); Patrol (1-7, 900) holds MHFA 6 of 8, Traffic
    (11, 12, 901) 3 of 3; CIT Patrol 3 of 8 (Ana, Fay, Gus), Traffic 1 of 3
    (Lou)."""

    def setUp(self):
        super().setUp()
        agency.write(self.dir, column=("Unit", lambda pid: "Traffic" if pid
                                       in ("11", "12", "901") else "Patrol"))
        self.sink = SmtpSink(self.path("mail"))
        self.addCleanup(self.sink.stop)

    def summary(self, **kw):
        conf = agency.config(self.dir, self.sink.port,
                             roster_columns='unit = "Unit";', **kw)
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 0, err)
        msgs = [m["msg"] for m in self.sink.messages()
                if m["rcpt_tos"] == ["coordinator@riverton.example"]]
        self.assertEqual(len(msgs), 1)
        return msgs[0]

    def test_html_part_says_what_the_text_part_says(self):
        msg = self.summary()
        self.assertEqual(msg.get_content_type(), "multipart/alternative")
        parts = [p.get_content_type() for p in msg.iter_parts()]
        self.assertEqual(parts, ["text/plain", "text/html"])
        text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
        page = msg.get_body(("html",)).get_content().replace("\r\n", "\n")
        t = Tables()
        t.feed(page)
        # the agency table, row by row, as the text part has it
        want = re.findall(r"^  (MHFA|CIT)\s+(\d+)\s+(\d+)\s+([\d.]+ %)\s+"
                          r"(\d+ %)\s+(yes|NO \(\d+ short\))$", text, re.M)
        self.assertEqual(want, [("MHFA", "11", "9", "81.8 %", "100 %",
                                 "NO (2 short)"),
                                ("CIT", "3", "4", "36.3 %", "20 %", "yes")])
        got = [tuple(r[:4] + r[5:]) for r in t.rows if r[0] in ("MHFA",
                                                                "CIT")]
        self.assertEqual(got, want)
        # coverage bars: 200 pixels, the valid share filled, red when
        # short, and a 2-pixel mark at the threshold (MHFA's 100 % at the
        # end, CIT's 20 % at pixel 39, inside its 72 green ones)
        self.assertEqual(t.bars, [[(163, "#c62828"), (35, "#dddddd"),
                                   (2, "#222222")],
                                  [(39, "#2e7d32"), (2, "#222222"),
                                   (31, "#2e7d32"), (128, "#dddddd")]])
        for b in t.bars:
            self.assertEqual(sum(w for w, _ in b), 200)
        # units, as in the text part
        self.assertIn(["Patrol", "8", "6 75.0 %", "3 37.5 %"], t.rows)
        self.assertIn(["Traffic", "3", "3 100.0 %", "1 33.3 %"], t.rows)
        self.assertRegex(text, r"Patrol\s+8\s+6 75\.0 %\s+3 37\.5 %")
        # everything after the tables is the text part's, word for word
        # (the built-in text starts with them)
        self.assertEqual(len(t.pres), 1)
        self.assertTrue(text.endswith(t.pres[0]))
        self.assertIn("To schedule first", t.pres[0])
        self.assertIn("-- \ncertminder\n", t.pres[0])
        self.assertIn("Riverton PD: 11 sworn (11 active)", text)
        self.assertIn("Riverton PD: 11 sworn (11 active)",
                      html.unescape(re.sub(r"<[^>]+>", "", page)))
        for words in ("MHFA is below 100 % today",
                      "CIT holds at 20 % through"):
            self.assertIn(words, text)
            self.assertIn(words, html.unescape(page))

    def test_written_for_outlook(self):
        t = Tables()
        t.feed(self.summary().get_body(("html",)).get_content())
        names = {tag for tag, _ in t.tags}
        self.assertFalse(names & {"svg", "img", "script", "style", "link",
                                  "iframe", "object"}, names)
        for tag, a in t.tags:
            for k in ("src", "href", "background"):
                self.assertNotIn(k, a, (tag, a))
            if tag in ("td", "th", "pre", "p"):
                self.assertIn("style", a, tag)

    def test_text_only_when_asked(self):
        msg = self.summary(mail_extra="summary_html = false;")
        self.assertEqual(msg.get_content_type(), "text/plain")
        self.assertIn("MHFA is below 100 % today", msg.get_content())

    def test_own_template_around_the_tables(self):
        import os
        os.mkdir(self.path("templates"))
        self.write("templates/summary.txt",
                   "Subject: Pledge status {today}: {status}\n\n"
                   "Good morning <Chief> & staff,\n\n{report}{failures}"
                   "-- \nTraining Unit\n")
        msg = self.summary(mail_extra='templates = "templates";')
        text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
        page = msg.get_body(("html",)).get_content().replace("\r\n", "\n")
        t = Tables()
        t.feed(page)
        self.assertEqual(len(t.pres), 2)
        self.assertEqual(t.pres[0], "Good morning <Chief> & staff,\n\n")
        self.assertIn("Good morning &lt;Chief&gt; &amp; staff,", page)
        self.assertTrue(text.startswith(t.pres[0]))
        self.assertTrue(text.endswith(t.pres[1]))
        self.assertTrue(t.pres[1].endswith("-- \nTraining Unit\n"))
