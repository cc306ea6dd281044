"""The real binary under valgrind's memcheck: every report form, live runs
in plain SMTP and STARTTLS with AUTH, deferred and refused messages, and
each way a run ends in error.  A memory error or a definite or indirect
leak fails the test (what stays reachable at exit in libcurl's and
OpenSSL's global state is not a leak of certminder's)."""
import os
import shutil
import unittest

import agency
from helpers import DATA, TOP, Case, SmtpSink, TODAY, run
from test_tls import certs


@unittest.skipUnless(shutil.which("valgrind"), "valgrind is not installed")
class Valgrind(Case):

    def vg(self, *args, expect=0, **kwargs):
        """Runs certminder under valgrind; asserts its exit code and a
        clean memcheck log."""
        log = self.path("valgrind.log")
        rc, out, err = run(*args, valgrind=log, timeout=180, **kwargs)
        with open(log) as f:
            found = f.read()
        self.assertEqual(found, "", f"valgrind on {args}:\n{found}")
        self.assertEqual(rc, expect, err)
        return out, err

    def test_reports(self):
        demo = os.path.join(TOP, "contrib", "demo", "certminder.conf")
        messy = os.path.join(DATA, "messy", "certminder.conf")
        for conf in (demo, messy):
            self.vg("-c", conf, "-n", "--today", TODAY)
            self.vg("-c", conf, "-n", "--today", TODAY, "--format", "json")
            self.vg("-c", conf, "-n", "--today", TODAY, "--format", "csv",
                    "-o", self.path("report.csv"))
            self.vg("-c", conf, "-n", "--today", TODAY, "--format",
                    "schedule")
            self.vg("-c", conf, "-n", "--today", TODAY, "--format",
                    "evidence")
            self.vg("-c", conf, "-n", "--today", TODAY, "--format",
                    "letter")
        # the demo's calendar and bookings: the plan in the page
        self.vg("-c", demo, "-n", "--today", TODAY, "--format", "html",
                "-o", self.path("report.html"))
        self.vg("-c", demo, "--check", "--today", TODAY, expect=2)
        self.vg("-c", demo, "-n", "--today", TODAY, "--agency", "nowhere",
                expect=64)

    def test_export_layouts(self):
        """A wide sheet read through a profile, a transcript with title
        lines, status and renewals, and an association of both."""
        vendors = os.path.join(DATA, "vendors")
        for v in ("moodle", "cornerstone"):
            shutil.copytree(os.path.join(vendors, v), self.path(v))
            conf = self.path(f"{v}/certminder.conf")
            self.vg("-c", conf, "-n", "--today", TODAY, "--format", "json")
            self.vg("-c", conf, "-n", "--today", TODAY, "--format", "letter")
        groups = []
        for v in ("moodle", "cornerstone"):
            with open(self.path(f"{v}/certminder.conf")) as f:
                text = f.read()
            text = text[text.index("roster = {"):text.index("state_file")]
            groups.append(text.replace('file = "roster', f'file = "{v}/roster')
                          .replace('file = "training', f'file = "{v}/training'))
        conf = self.config(f"""sources = (
  {{ agency = "County Sheriff"; {groups[0]} }},
  {{ agency = "Lakeside PD"; {groups[1]} }} );
state_file = "state.db";""")
        self.vg("-c", conf, "-n", "--today", TODAY, "--format", "html")
        self.vg("-c", conf, "--check", "--today", TODAY, expect=2)

    def test_live_runs(self):
        agency.write(self.dir)
        sink = SmtpSink(self.path("mail"), fail=["dan@riverton.example=451",
                                                 "cara@riverton.example=550"])
        self.addCleanup(sink.stop)
        conf = agency.config(self.dir, sink.port)
        self.vg("-c", conf, "--today", TODAY, "-v", expect=75)
        self.assertEqual(len(sink.messages()), 5)
        self.vg("-c", conf, "--today", TODAY, expect=75)   # dan again
        self.vg("-c", conf, "--today", "2026-12-24", expect=75)
        # the ledger read back: history, and the JSON report's nights
        self.vg("-c", conf, "--history")
        self.vg("-c", conf, "--history", "3", "--format", "json")
        self.vg("-c", conf, "--history=4", "--format", "csv")
        self.vg("-c", conf, "-n", "--today", "2026-12-25", "--format", "json")
        self.vg("-c", conf, "-n", "--today", "2026-12-25", "--format", "html")

    def test_classes_live(self):
        """The class calendar read from CSV and from iCalendar (libical),
        the bookings, reminders with training.ics attached, the plan."""
        agency.write(self.dir)
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        classes = os.path.join(DATA, "classes")
        for cal in ("classes.csv", "outlook.ics"):
            sink.clear()
            conf = agency.config(self.dir, sink.port, extra=(
                f'classes = {{ file = "{classes}/{cal}"; }};\n'
                f'enrollments = {{ file = "{classes}/enrollments.csv"; }};'))
            self.vg("-c", conf, "--today", TODAY, "--force")
            self.assertTrue(any("training.ics" in m["data"]
                                for m in sink.messages()))
            self.vg("-c", conf, "-n", "--today", TODAY, "--format",
                    "schedule")
            os.unlink(self.path("state.db"))

    def test_starttls_with_auth(self):
        c = certs()
        sink = SmtpSink(self.path("mail"), tls="starttls",
                        cert=os.path.join(c, "good.pem"),
                        key=os.path.join(c, "good.key"),
                        auth="certminder:s3cret-pass")
        self.addCleanup(sink.stop)
        agency.write(self.dir)
        conf = agency.config(self.dir, sink.port, tls="starttls", timeout=20,
                             smtp_extra=f'ca_file = "{c}/good.pem"; '
                             'user = "certminder";')
        self.vg("-c", conf, "--today", TODAY,
                env={"CERTMINDER_SMTP_PASSWORD": "s3cret-pass"})
        self.assertEqual(len(sink.messages()), 7)
        self.vg("-c", conf, "--today", TODAY,
                env={"CERTMINDER_SMTP_PASSWORD": "wrong"})

    def test_error_paths(self):
        agency.write(self.dir)
        conf = agency.config(self.dir, 9)        # nothing listens there
        self.vg("-c", conf, "--today", TODAY, expect=75)
        bad = self.config('agency_name = 5;\n', name="bad.conf")
        self.vg("-c", bad, "-n", expect=78)
        self.vg("--no-such-option", expect=64)
        os.rename(self.path("roster.csv"), self.path("gone.csv"))
        self.vg("-c", conf, "-n", "--today", TODAY, expect=66)
        os.rename(self.path("gone.csv"), self.path("roster.csv"))
        self.write("state.db", b"this is not a database" * 100)
        self.vg("-c", conf, "--today", TODAY, expect=73)

    def test_brake(self):
        agency.write(self.dir)
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        conf = agency.config(self.dir, sink.port, extra="limits = { max_notices = 2; };")
        _, err = self.vg("-c", conf, "--today", TODAY, expect=65)
        self.assertIn("--force", err)
        self.assertEqual(sink.messages(), [])

    def test_bad_rows(self):
        agency.write(self.dir)
        with open(self.path("training.csv"), "a") as f:
            f.write("1,MHFA,not a date,\n")
        conf = agency.config(self.dir, 9)
        self.vg("-c", conf, "-n", "--today", TODAY)
        with open(self.path("training.csv"), "a") as f:
            f.write("\"2,CIT,2024-01-01\n")
        self.vg("-c", conf, "-n", "--today", TODAY, expect=65)
