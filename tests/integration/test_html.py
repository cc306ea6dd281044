"""--format html: the page command staff open or print.  Its charts are
read back and held against the JSON report; Debian's chromium renders it
headless: a screenshot that is not blank, no console message, no network
request, each agency on its own printed pages."""
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import threading
import unittest
import zlib
from html.parser import HTMLParser

import agency
from helpers import Case, SmtpSink, run

CHROMIUM = shutil.which("chromium")
# chromium calls home on its own (the component updater, its clock, sign-in)
# whatever the flags below say; those requests are the browser's, not the
# page's, and are told apart by their hosts
QUIET = ["--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-default-apps",
         "--no-default-browser-check", "--disable-domain-reliability"]
OWN_CALLS = re.compile(rb"^(GET|POST|CONNECT) (http://)?[a-z0-9.-]*"
                       rb"(\.google\.com|\.googleapis\.com|\.gvt1\.com)[:/]")


class Page(HTMLParser):
    """The charts of a report: per certification its history dots,
    forecast steps, threshold, breaks marker, title, desc and table."""

    def __init__(self):
        super().__init__()
        self.charts = []
        self.sections = []
        self.scripts = 0
        self.remote = []
        self._in = None
        self._table = None
        self._details = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for k in ("src", "href"):
            if k in a and a[k] and ":" in a[k]:
                self.remote.append(a[k])
        if tag == "section":
            self.sections.append(a.get("class"))
        if tag == "svg":
            self.charts.append({"cert": a["data-cert"],
                                "sworn": int(a["data-sworn"]),
                                "required": int(a["data-required"]),
                                "history": [], "steps": [], "breaks": None,
                                "pct": None, "title": "", "desc": "",
                                "rows": []})
        c = self.charts[-1] if self.charts else None
        if tag == "circle" and a.get("class") == "history":
            c["history"].append({"date": a["data-date"],
                                 "valid": int(a["data-valid"]),
                                 "sworn": int(a["data-sworn"]),
                                 "required": int(a["data-required"])})
        if tag == "polyline" and a.get("class") == "forecast":
            for s in a["data-steps"].split():
                d, v = s.split(":")
                c["steps"].append((d, int(v)))
        if tag == "line" and a.get("class") == "breaks":
            c["breaks"] = a["data-date"]
        if tag == "line" and a.get("class") == "threshold":
            c["pct"] = int(a["data-pct"])
        if tag in ("title", "desc") and c is not None:
            self._in = tag
        if tag == "details":
            self._details = True
        if tag == "tr" and c is not None and self._details:
            self._table = []
        if tag == "td" and self._table is not None:
            self._table.append("")
            self._in = "td"

    def handle_endtag(self, tag):
        if tag == "details":
            self._details = False
        if tag in ("title", "desc", "td"):
            self._in = None
        if tag == "tr" and self._table:
            self.charts[-1]["rows"].append(self._table)
            self._table = None

    def handle_data(self, data):
        if self._in in ("title", "desc"):
            self.charts[-1][self._in] += data
        elif self._in == "td":
            self._table[-1] += data


def png_pixels(path):
    """Width, height and the RGB rows of an 8-bit non-interlaced PNG, as
    chromium writes its screenshots."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and ctype in (2, 6)
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = prev[i]
            ul = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + left) & 255
            elif f == 2:
                line[i] = (line[i] + up) & 255
            elif f == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif f == 4:
                p = left + up - ul
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - ul)
                pr = left if pa <= pb and pa <= pc else up if pb <= pc else ul
                line[i] = (line[i] + pr) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


class Proxy:
    """A listener chromium is told to use as its proxy: any request the
    page makes arrives here and is counted."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.requests = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            c.settimeout(2)
            try:
                self.requests.append(c.recv(4096).split(b"\r\n")[0])
            except OSError:
                self.requests.append(b"?")
            c.close()

    def close(self):
        self.sock.close()


class Html(Case):
    """Riverton PD (agency.py) over three live nights: on 2026-11-30 Dan
    (4), never trained, brings in his MHFA.  Counted by hand: 11 sworn;
    MHFA valid 9 on 2026-11-23 (Cara expired, Dan missing), 10 on
    2026-11-30 and 2026-12-07; CIT valid 4 (Ana, Fay, Gus, Lou), 3
    required, every night."""

    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.tmp = tempfile.mkdtemp(prefix="certminder-html-")
        d = cls.tmp
        agency.write(d)
        sink = SmtpSink(os.path.join(d, "mail"))
        try:
            cls.conf = agency.config(d, sink.port)
            for today in ("2026-11-23", "2026-11-30", "2026-12-07"):
                if today == "2026-11-30":
                    agency.write(d, extra_training=[
                        ("4", "MHFA", "2026-11-28", "")])
                rc, out, err = run("-c", cls.conf, "--today", today)
                assert rc == 0, err
        finally:
            sink.stop()
        rc, cls.html, err = run("-c", cls.conf, "-n", "--today",
                                "2026-12-08", "--format", "html")
        assert rc == 0 and err == "", err
        rc, js, err = run("-c", cls.conf, "-n", "--today", "2026-12-08",
                          "--format", "json")
        cls.report = json.loads(js)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def page(self, html=None):
        p = Page()
        p.feed(html or self.html)
        return p

    def test_notices_list_the_digests_and_the_summary(self):
        """A dry run on 2026-11-23 (agency.py): Sam Sergeant's digest
        about Ana (reminder), Cara (expired) and Dan (missing), 3 people;
        Lou Lieutenant's about Lee (reminder), 1; the summary to the
        coordinator, beside the officers' notices."""
        d = os.path.join(self.dir, "notices")
        os.makedirs(d)
        agency.write(d)
        conf = agency.config(d, 9)
        rc, html, err = run("-c", conf, "-n", "--today", "2026-11-23",
                            "--format", "html")
        self.assertEqual(rc, 0, err)
        self.assertIn("<tr><td>digest</td><td>900</td><td>Sam Sergeant</td>"
                      "<td>3 people</td><td>sgt@riverton.example</td></tr>",
                      html)
        self.assertIn("<tr><td>digest</td><td>901</td><td>Lou Lieutenant"
                      "</td><td>1 person</td><td>lt@riverton.example</td>"
                      "</tr>", html)
        self.assertIn("<tr><td>summary</td><td></td><td>the coordinator</td>"
                      "<td>every agency</td><td>coordinator@riverton.example"
                      "</td></tr>", html)
        self.assertIn("<tr><td>missing</td><td>4</td><td>Dan Diaz</td>", html)

    def test_grey_print_tells_lines_and_units_apart(self):
        """The threshold is long dashes and the forecast round dots, not
        two kinds of dash; a unit's figure carries a mark beside its
        colour (Riverton's one unit group: every certification met or
        not, a tick or a cross)."""
        self.assertIn('class="threshold"', self.html)
        self.assertRegex(self.html, r'class="threshold"[^>]*stroke-dasharray='
                         r'"12 4"')
        self.assertRegex(self.html, r'class="forecast"[^>]*stroke-linecap='
                         r'"round" stroke-dasharray="0.1 6"')
        # units: Patrol (1-4: MHFA Ana and Bob, 2 of 4, short; CIT Ana, 1
        # of 4, met: 20 % of 4 is 1) and
        # Traffic (the rest)
        d = os.path.join(self.dir, "units")
        os.makedirs(d)
        agency.write(d, column=("Unit", lambda pid: "Patrol" if pid in
                                ("1", "2", "3", "4") else "Traffic"))
        conf = agency.config(d, 9, roster_columns='unit = "Unit";')
        rc, html, err = run("-c", conf, "-n", "--today", "2026-11-23",
                            "--format", "html")
        self.assertEqual(rc, 0, err)
        self.assertIn('<td class="n bad">2 (50.0 %) &#10007;</td>', html)
        self.assertIn('<td class="n ok">1 (25.0 %) &#10003;</td>', html)

    def test_ten_weeks_of_nights_are_a_row_a_week(self):
        """A first live night on 2026-11-23, and 70 nights before it
        (2026-09-14, a Monday, to 2026-11-22) of MHFA 9 of 11 but 5 on
        2026-10-07: 71 nights over 70 days are a row a week, 11 of them,
        each with its lowest night; the week of 2026-10-05 shows 5."""
        import datetime
        import sqlite3
        d = os.path.join(self.dir, "weeks")
        os.makedirs(d)
        agency.write(d)
        sink = SmtpSink(os.path.join(d, "mail"))
        self.addCleanup(sink.stop)
        conf = agency.config(d, sink.port)
        rc, _, err = run("-c", conf, "--today", "2026-11-23")
        self.assertEqual(rc, 0, err)
        db = sqlite3.connect(os.path.join(d, "state.db"))
        day = datetime.date(2026, 9, 14)
        while day < datetime.date(2026, 11, 23):
            db.execute("INSERT INTO figures VALUES (?, 'Riverton PD', "
                       "'MHFA', 11, ?, 11, 0, 0, 0)",
                       (day.isoformat(), 5 if day.isoformat() ==
                        "2026-10-07" else 9))
            day += datetime.timedelta(days=1)
        db.commit()
        db.close()
        rc, html, err = run("-c", conf, "-n", "--today", "2026-11-23",
                            "--format", "html")
        self.assertEqual(rc, 0, err)
        p = self.page(html)
        mhfa = [c for c in p.charts if c["cert"] == "MHFA"][0]
        weeks = [r for r in mhfa["rows"] if "week of" in r[1]]
        self.assertEqual(len(weeks), 11)
        self.assertEqual(weeks[0][1], "week of 7 nights, the lowest")
        self.assertEqual(weeks[-1][1], "week of 1 night, the lowest")
        self.assertEqual([r[0] for r in weeks if r[2] == "5"],
                         ["2026-10-07"])
        self.assertFalse([r for r in mhfa["rows"] if r[1] == "recorded"])

    def test_an_agency_without_sworn_officers_shows_its_staff(self):
        """Dispatch Center has two selected dispatchers, one with MHFA:
        no chart drawn at 0 %, but "1 of 2" of its selected staff."""
        self.write("roster.csv", "Employee ID,Name,Email,Sworn,Agency,"
                   "Selected\n1,Ann Ames,a@x.example,yes,Riverton PD,\n"
                   "2,Dee Dorn,d@x.example,no,Dispatch Center,yes\n"
                   "3,Eli Ebb,e@x.example,no,Dispatch Center,yes\n")
        self.write("training.csv", "Employee ID,Course Title,Completion "
                   "Date\n1,MHFA,2025-01-01\n2,MHFA,2025-01-01\n")
        conf = self.config('roster = { file = "roster.csv"; columns = { '
                           'id = "Employee ID"; name = "Name"; email = '
                           '"Email"; sworn = "Sworn"; agency = "Agency"; '
                           'selected = "Selected"; }; };\n'
                           'training = { file = "training.csv"; };\n'
                           'state_file = "state.db";\n')
        rc, html, err = run("-c", conf, "-n", "--today", "2026-11-23",
                            "--format", "html")
        self.assertEqual(rc, 0, err)
        dispatch = html[html.index("<h2>Dispatch Center</h2>"):]
        dispatch = dispatch[:dispatch.index("</section>")]
        self.assertIn("Selected non-sworn staff: 1 of 2 holds a current "
                      "certification.", dispatch)
        self.assertNotIn("<svg", dispatch)
        self.assertIn("<svg", html[:html.index("<h2>Dispatch Center</h2>")])

    def test_a_narrow_band_is_drawn_zoomed(self):
        """CIT: 4 of 11 (36.4 %) every night, 3 of 11 (27.3 %) once Ana's
        lapses on 2027-01-20, the pledge at 20 %: all within 16.4 points,
        so the axis runs from 15 to 45 % and says so.  MHFA's forecast
        falls far below its 100 %: 0 to 100 %."""
        self.assertIn('data-axis="15 45" data-cert="CIT"', self.html)
        self.assertIn('data-axis="0 100" data-cert="MHFA"', self.html)
        self.assertIn("The axis runs from 15 to 45 %; the table gives every "
                      "figure.", self.html)
        self.assertIn(">15 %</text>", self.html)

    def test_a_threshold_broken_for_nights_says_since_when(self):
        """MHFA has been short of 11 on every recorded night: on
        2026-12-08 its chart says "broken since 2026-11-23", the first of
        them, never "breaks 2026-12-08".  CIT holds."""
        self.assertIn(">broken since 2026-11-23</text>", self.html)
        self.assertNotIn(">breaks 2026-12-08</text>", self.html)

    def test_charts_plot_the_json_reports_history_and_forecast(self):
        p = self.page()
        certs = self.report["agencies"][0]["certifications"]
        self.assertEqual([c["cert"] for c in p.charts],
                         [c["name"] for c in certs])
        for chart, c in zip(p.charts, certs):
            self.assertEqual(
                [{k: h[k] for k in ("date", "valid", "sworn", "required")}
                 for h in chart["history"]],
                [{k: h[k] for k in ("date", "valid", "sworn", "required")}
                 for h in c["history"]])
            self.assertEqual(chart["pct"], c["threshold_pct"])
            self.assertEqual(chart["required"], c["required"])
            self.assertEqual(chart["steps"][0], ("2026-12-08", c["valid"]))
            vals = [v for _, v in chart["steps"]]
            self.assertEqual(vals, sorted(vals, reverse=True))
            # the day it breaks is the first step under the required
            under = [d for d, v in chart["steps"] if v < c["required"]]
            self.assertEqual(chart["breaks"], c["breaks_on"])
            if c["breaks_on"] is not None:
                self.assertEqual(under[0], c["breaks_on"])
            # the text equivalent: a title, a description, the numbers
            self.assertIn(c["name"] + " coverage of Riverton PD",
                          chart["title"])
            self.assertIn("recorded nights", chart["desc"])
            recorded = [(r[0], int(r[2])) for r in chart["rows"]
                        if len(r) == 5 and r[1] == "recorded"]
            self.assertEqual(recorded, [(h["date"], h["valid"])
                                        for h in c["history"]])
            ahead = [(r[0], int(r[2])) for r in chart["rows"]
                     if len(r) == 5 and r[1] != "recorded"]
            self.assertEqual(ahead, chart["steps"])

    def test_hand_counted_nights(self):
        charts = {c["cert"]: c for c in self.page().charts}
        self.assertEqual([(h["date"], h["valid"]) for h in
                          charts["MHFA"]["history"]],
                         [("2026-11-23", 9), ("2026-11-30", 10),
                          ("2026-12-07", 10)])
        self.assertEqual([h["valid"] for h in charts["CIT"]["history"]],
                         [4, 4, 4])
        # MHFA: Lee's (2027-01-05) is the first to lapse after today
        self.assertEqual(charts["MHFA"]["steps"][:2],
                         [("2026-12-08", 10), ("2027-01-06", 9)])

    def test_since_and_until(self):
        # MHFA has been short every recorded night; CIT met on each, and
        # holds until Ana's CIT lapses on 2027-01-20 (4 -> 3 still meets
        # the 3 required) ... through the horizon
        self.assertIn("<td>2026-11-23 or before (the first night recorded)"
                      "</td><td>&#8212;</td>", self.html)
        self.assertIn("through 2027-12-08", self.html)

    def test_self_contained(self):
        p = self.page()
        self.assertEqual(p.scripts, 0)
        self.assertEqual([u for u in p.remote if not u.startswith(
            "http://www.w3.org/")], [])
        self.assertIn("default-src 'none'", self.html)
        self.assertIn("@media print", self.html)

    def test_with_agency_and_output(self):
        out = os.path.join(self.tmp, "report.html")
        rc, _, err = run("-c", self.conf, "-n", "--today", "2026-12-08",
                         "--format", "html", "-o", out, "--agency",
                         "Riverton PD")
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(os.stat(out).st_mode & 0o777, 0o600)
        with open(out) as f:
            self.assertEqual(f.read(), self.html)

    def test_values_are_escaped(self):
        d = os.path.join(self.tmp, "esc")
        os.makedirs(d, exist_ok=True)
        people = [(pid, name.replace("Ana Alvarez",
                                     "<script>alert(1)</script> & Co"),
                   *rest) for pid, name, *rest in agency.PEOPLE]
        agency.write(d, people=people)
        conf = agency.config(d, 25)
        rc, html, err = run("-c", conf, "-n", "--today", "2026-11-23",
                            "--format", "html")
        self.assertEqual(rc, 0, err)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co", html)
        self.assertEqual(self.page(html).scripts, 0)


@unittest.skipUnless(CHROMIUM, "chromium is not installed")
class Chromium(Case):
    """The page as a browser shows it."""

    def render(self, html, *extra):
        path = self.write("page.html", html)
        proxy = Proxy()
        self.addCleanup(proxy.close)
        png = self.path("page.png")
        p = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--hide-scrollbars",
             "--user-data-dir=" + self.path("profile"),
             "--enable-logging=stderr", "--v=0", *QUIET,
             f"--proxy-server=http://127.0.0.1:{proxy.port}",
             "--proxy-bypass-list=<-loopback>",
             "--window-size=1000,1400", *extra,
             "--screenshot=" + png, "file://" + path],
            capture_output=True, text=True, timeout=120)
        self.assertTrue(os.path.exists(png), p.stderr[-2000:])
        console = [x for x in p.stderr.splitlines() if ":CONSOLE" in x]
        return png, console, [r for r in proxy.requests
                              if not OWN_CALLS.search(r)]

    def ink(self, png):
        """The share of pixels that are not white."""
        w, h, bpp, rows = png_pixels(png)
        dark = sum(1 for row in rows for i in range(0, w * bpp, bpp * 4)
                   if row[i:i + 3] != b"\xff\xff\xff")
        return dark / (h * ((w + 3) // 4))

    def test_renders_without_console_or_network(self):
        rc, html, err = run("-c", os.path.join(
            os.path.dirname(__file__), "..", "..", "contrib", "demo",
            "certminder.conf"), "-n", "--today", "2026-11-23", "--format",
            "html")
        self.assertEqual(rc, 0, err)
        png, console, requests = self.render(html)
        self.assertEqual(console, [])
        self.assertEqual(requests, [])
        self.assertGreater(self.ink(png), 0.02)

    def test_the_checks_can_fail(self):
        """The same harness sees a console message, a request and a blank
        page when there are some."""
        png, console, requests = self.render(
            "<!DOCTYPE html><html><body>"
            "<img src=\"http://example.org/x.png\">"
            "<script>console.error('seen')</script></body></html>")
        self.assertTrue(any("seen" in x for x in console), console)
        self.assertNotEqual(requests, [])
        png, console, requests = self.render(
            "<!DOCTYPE html><html><body></body></html>")
        self.assertLess(self.ink(png), 0.001)

    def two_agencies(self):
        """The agency's export shared by two agencies: the first six
        roster rows are Riverton's, the rest Lakeside's."""
        d = self.path("two")
        os.makedirs(d)
        ids = [p[0] for p in agency.PEOPLE]
        agency.write(d, column=("Agency", lambda pid: "Riverton PD" if
                                ids.index(pid) < 6 else "Lakeside PD"))
        return agency.config(d, 25, roster_columns='agency = "Agency";')

    def test_each_agency_prints_on_its_own_pages(self):
        conf = self.two_agencies()
        rc, html, err = run("-c", conf, "-n", "--today", "2026-11-23",
                            "--format", "html")
        self.assertEqual(rc, 0, err)
        self.assertEqual(html.count('<section class="agency">'), 2)
        # on a sheet tall enough for both, the print style still puts
        # the second agency on a page of its own; without it, one page
        tall = html.replace("</style>", "@page{size:300mm 3000mm}</style>")
        self.assertEqual(self.pages(tall), 2)
        self.assertEqual(self.pages(tall.replace(
            "section.agency{break-before:page}", "")), 1)
        # on Letter and A4, whatever the printer's paper
        for size in ("letter", "A4"):
            self.assertGreaterEqual(self.pages(html.replace(
                "</style>", "@page{size:%s}</style>" % size)), 2)

    def test_the_letter_for_letterhead(self):
        """--format letter-html: the letter's words, each agency's on a
        page of its own, the parts to complete marked."""
        conf = self.two_agencies()
        args = ("-c", conf, "-n", "--today", "2026-11-23", "--format")
        rc, html, err = run(*args, "letter-html")
        self.assertEqual(rc, 0, err)
        rc, text, err = run(*args, "letter")
        self.assertEqual(rc, 0, err)
        self.assertEqual(html.count('<section class="letter">'), 2)
        # the same words as the text letter, none lost or doubled
        words = re.sub(r"<style>.*?</style>|<title>.*?</title>", "", html,
                       flags=re.S)
        words = re.sub(r"</?mark[^>]*>", "", words)   # inline
        words = re.sub(r"<[^>]+>", " ", words)
        for ent, ch in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'),
                        ("&#39;", "'"), ("&amp;", "&")):
            words = words.replace(ent, ch)
        self.assertEqual(" ".join(words.replace("- ", " ").split()),
                         " ".join(text.replace("- ", " ").split()))
        # nothing configured under pledge: each part to complete is marked
        self.assertIn('<mark class="todo">[to complete: the mental health '
                      'partner (pledge.partner)]</mark>', html)
        self.assertEqual(html.count('<mark class="todo">'), 2 * 9)
        png, console, requests = self.render(html)
        self.assertEqual(console, [])
        self.assertEqual(requests, [])
        self.assertGreater(self.ink(png), 0.01)
        tall = html.replace("</style>", "@page{size:300mm 3000mm}</style>")
        self.assertEqual(self.pages(tall), 2)
        self.assertEqual(self.pages(tall.replace(
            "section.letter{break-before:page}", "")), 1)

    def pages(self, html):
        """How many pages chromium prints the page on."""
        path = self.write("print.html", html)
        pdf = self.path("print.pdf")
        subprocess.run([CHROMIUM, "--headless", "--no-sandbox",
                        "--disable-gpu", "--no-first-run",
                        "--user-data-dir=" + self.path("profile"),
                        "--no-pdf-header-footer", "--print-to-pdf=" + pdf,
                        "file://" + path], capture_output=True, timeout=120)
        with open(pdf, "rb") as f:
            return len(re.findall(rb"/Type\s*/Page\b(?!s)", f.read()))
