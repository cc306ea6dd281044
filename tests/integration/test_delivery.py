"""Live runs against a real SMTP server on loopback."""
import datetime
import fcntl
import os
import re
import sqlite3
import subprocess

import agency
from helpers import Case, SmtpSink, TODAY, free_port, run


def day(offset):
    d = datetime.date.fromisoformat(TODAY) + datetime.timedelta(days=offset)
    return d.isoformat()


class Live(Case):
    tls = "none"
    sink_args = {}

    def setUp(self):
        super().setUp()
        agency.write(self.dir)
        self.sink = SmtpSink(self.path("mail"), tls=self.tls, **self.sink_args)
        self.conf = agency.config(self.dir, self.sink.port, tls=self.tls)

    def tearDown(self):
        self.sink.stop()
        super().tearDown()

    def live(self, *args, today=TODAY, env=None):
        return run("-c", self.conf, "--today", today, *args, env=env)

    def received(self):
        """{recipient: [subjects]} of what the server accepted."""
        got = {}
        for m in self.sink.messages():
            for r in m["rcpt_tos"]:
                got.setdefault(r, []).append(str(m["msg"]["subject"]))
        return got


class FirstNight(Live):

    def test_recipients_and_only_them(self):
        rc, out, err = self.live()
        self.assertEqual((rc, out, err), (0, "", ""))   # silent, as cron wants
        got = self.received()
        self.assertEqual(sorted(got), sorted([
            "ana@riverton.example", "cara@riverton.example",
            "dan@riverton.example", "lee@riverton.example",
            "sgt@riverton.example", "lt@riverton.example",
            "coordinator@riverton.example"]))
        # one message per officer covering all their notices
        self.assertEqual(got["ana@riverton.example"],
                         ["Your training certifications need attention: MHFA, CIT"])
        self.assertEqual(got["cara@riverton.example"],
                         ["Your MHFA certification expired on Monday, June 1, 2026"])
        self.assertEqual(got["dan@riverton.example"],
                         ["Please sign up for MHFA training"])
        self.assertEqual(got["sgt@riverton.example"], [
            "Training status of your team: attention needed for 3 people"])
        # Lou has one person to see to: the words agree with the count
        self.assertEqual(got["lt@riverton.example"], [
            "Training status of your team: attention needed for 1 person"])
        body = {str(m["msg"]["to"]):
                m["msg"].get_content().replace("\r\n", "\n")
                for m in self.sink.messages()}
        lou = body["Lou Lieutenant <lt@riverton.example>"]
        self.assertIn("Attention is needed for 1 person on your team: a "
                      "certification\nthat is expiring or expired, or one "
                      "they need and do not hold.\n\n  Lee Lopez (12)\n"
                      "    MHFA expires Tuesday, January 5, 2027 "
                      "(in 43 days)\n", lou)
        self.assertIn("Attention is needed for 3 people on your team",
                      body["Sam Sergeant <sgt@riverton.example>"])

    def test_headers_are_well_formed(self):
        self.live()
        ids = set()
        for m in self.sink.messages():
            raw = m["data"].encode("latin-1")
            msg = m["msg"]
            self.assertNotIn(b"\n", raw.replace(b"\r\n", b""))   # CRLF only
            for line in raw.split(b"\r\n"):
                self.assertLess(len(line), 998)
                self.assertLess(max(raw), 128)                    # 7-bit
            for h in ("Date", "Message-ID", "From", "To", "Subject",
                      "MIME-Version"):
                self.assertEqual(len(msg.get_all(h)), 1, h)
            self.assertIn(b"\r\nContent-Type: text/plain; charset=UTF-8\r\n", raw)
            # the summary is in text and HTML; every part UTF-8, QP
            parts = list(msg.walk())[1:] if msg.is_multipart() else [msg]
            self.assertEqual(msg.is_multipart(),
                             m["rcpt_tos"] == ["coordinator@riverton.example"])
            for part in parts:
                self.assertEqual(part.get_content_charset(), "utf-8")
                self.assertEqual(part["Content-Transfer-Encoding"],
                                 "quoted-printable")
            self.assertEqual(msg["Auto-Submitted"], "auto-generated")
            self.assertEqual(msg["X-Auto-Response-Suppress"], "All")
            self.assertEqual(msg["From"].addresses[0].addr_spec,
                             "training@riverton.example")
            self.assertEqual(m["mail_from"], "training@riverton.example")
            self.assertEqual([a.addr_spec for a in msg["To"].addresses],
                             m["rcpt_tos"])
            self.assertRegex(msg["Message-ID"], r"^<[^<>@\s]+@riverton\.example>$")
            ids.add(msg["Message-ID"])
            self.assertIsNotNone(msg["Date"].datetime)
        self.assertEqual(len(ids), len(self.sink.messages()))

    def test_texts(self):
        self.live()
        by_rcpt = {m["rcpt_tos"][0]: m["msg"] for m in self.sink.messages()}
        ana = by_rcpt["ana@riverton.example"].get_content().replace("\r\n", "\n")
        self.assertIn("Hello Ana Alvarez,", ana)
        # each certification in its own words, dates written for people,
        # a sentence a line
        self.assertIn("\nYour Mental Health First Aid (MHFA) certification "
                      "expires on Wednesday, January 20, 2027, in 58 days.\n",
                      ana)
        self.assertIn("the short online recertification is enough", ana)
        self.assertIn("\nYour Crisis Intervention Team (CIT) certification "
                      "expires on Wednesday, January 20, 2027, in 58 days.\n",
                      ana)
        self.assertIn("Plan a CIT refresher (in-service, 8 hours) before "
                      "then.", ana)
        self.assertNotIn("\n\n\n", ana)
        cit = ana[ana.index("(CIT)"):]
        self.assertNotIn("online", cit)
        cara = by_rcpt["cara@riverton.example"].get_content().replace("\r\n", "\n")
        self.assertIn("expired on Monday, June 1, 2026, 175 days ago.", cara)
        self.assertIn("full 8-hour course", cara)
        dan = by_rcpt["dan@riverton.example"].get_content()
        self.assertIn("Riverton PD has pledged that every sworn officer "
                      "holds one.", dan)
        # Dan never trained: no refresher classes for him
        self.assertNotIn("Sign up:", dan)
        self.assertIn("Sign up: https://intranet.riverton.example/training", ana)
        self.assertIn("ask Sam Sergeant", ana)
        sgt = by_rcpt["sgt@riverton.example"].get_content()
        for who in ("Ana Alvarez (1)", "Cara Chen (3)", "Dan Diaz (4)"):
            self.assertIn(who, sgt)
        self.assertNotIn("Lee Lopez", sgt)          # another supervisor's
        self.assertNotIn("Bob Baker", sgt)          # nothing to do yet
        lt = by_rcpt["lt@riverton.example"].get_content()
        self.assertIn("Lee Lopez (12)", lt)
        for other in ("Ana", "Cara", "Dan", "Kim"):
            self.assertNotIn(other, lt)
        summary = by_rcpt["coordinator@riverton.example"]
        self.assertEqual(str(summary["subject"]),
                         "Training compliance on 2026-11-23: MHFA below 100 %")
        text = summary.get_content()
        self.assertIn("Riverton PD: 11 sworn (11 active)", text)
        self.assertIn("MHFA is below 100 % today", text)
        # tonight's notices by name, for the coordinator to act on: what
        # they were told tonight (Cara's MHFA expired on 2026-06-01)
        self.assertIn("Reminded tonight: Ana Alvarez (MHFA, CIT); Lee Lopez "
                      "(MHFA)", text)
        self.assertIn("Told tonight it has expired: Cara Chen (MHFA)", text)
        self.assertIn("Told tonight it is missing: Dan Diaz (MHFA)", text)
        self.assertNotIn("Expired tonight", text)
        self.assertIn("To schedule first:\n"
                      "  Cara Chen (3), MHFA: expired, as soon as possible\n"
                      "  Dan Diaz (4), MHFA: never trained\n"
                      "  Lee Lopez (12), MHFA: by Tuesday, January 5, 2027\n",
                      text.replace("\r\n", "\n"))

    def test_second_run_same_night_sends_nothing(self):
        self.assertEqual(self.live()[0], 0)
        n = len(self.sink.messages())
        self.sink.clear()
        rc, out, err = self.live()
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(self.sink.messages(), [])
        self.assertEqual(n, 7)
        # and the dry run agrees
        rc, out, err = self.live("--dry-run", "--format", "json")
        self.assertIn('"notices": []', out)

    def test_verbose_prints_one_line(self):
        rc, out, err = self.live("-v")
        self.assertEqual(rc, 0)
        self.assertEqual(out, "certminder: 2026-11-23: 7 sent, 0 deferred, "
                              "0 failed, 0 without an address\n")


class OverTime(Live):

    def test_a_month_later_only_the_next_stage(self):
        self.live()
        self.sink.clear()
        rc, out, err = self.live(today=day(30))     # Ana: 28 days -> stage 30
        self.assertEqual(rc, 0, err)
        got = self.received()
        self.assertEqual(got["ana@riverton.example"],
                         ["Your training certifications need attention: MHFA, CIT"])
        body = [m for m in self.sink.messages()
                if m["rcpt_tos"] == ["ana@riverton.example"]][0]["msg"].get_content()
        self.assertIn("in 28 days", body)
        # Bob reached his first stage (64 days: the 90-day stage)
        self.assertIn("bob@riverton.example", got)
        # Cara's and Dan's repeat came due after 30 days
        self.assertIn("cara@riverton.example", got)
        self.assertIn("dan@riverton.example", got)

    def test_missed_nights_send_only_the_current_stage(self):
        rc, out, err = self.live(today=day(50))     # Ana: 8 days -> stage 14
        self.assertEqual(rc, 0, err)
        db = sqlite3.connect(self.path("state.db"))
        stages = db.execute("SELECT stage FROM notices WHERE person = '1' "
                            "AND kind = 'reminder'").fetchall()
        self.assertEqual(sorted(stages), [("14",), ("14",)])

    def test_expired_repeats_every_overdue_days(self):
        self.live()
        for offset, expect in ((1, False), (29, False), (30, True), (31, False)):
            self.sink.clear()
            self.live(today=day(offset))
            self.assertEqual("cara@riverton.example" in self.received(), expect,
                             offset)

    def test_renewal_stops_the_reminders(self):
        self.live()
        agency.write(self.dir, extra_training=[("1", "MHFA", day(0), ""),
                                               ("1", "CIT", day(0), "")])
        self.sink.clear()
        for offset in (0, 30, 45, 52):
            self.live(today=day(offset))
        self.assertNotIn("ana@riverton.example", self.received())

    def test_a_month_of_nights_is_never_braked(self):
        for offset in range(0, 31):
            rc, out, err = self.live(today=day(offset))
            self.assertEqual((rc, err), (0, ""), day(offset))
        db = sqlite3.connect(self.path("state.db"))
        self.assertEqual(db.execute("SELECT count(*) FROM runs WHERE outcome "
                                    "= 'completed'").fetchone()[0], 31)


class Faults(Live):

    restarts = 0
    summary_to = None

    def restart_sink(self, **kwargs):
        self.sink.stop()
        self.restarts += 1
        self.sink = SmtpSink(self.path(f"mail{self.restarts}"), **kwargs)
        self.conf = agency.config(self.dir, self.sink.port)
        if self.summary_to:
            text = open(self.conf).read().replace(
                '"coordinator@riverton.example"',
                ", ".join(f'"{a}"' for a in self.summary_to))
            open(self.conf, "w").write(text)

    def test_451_defers_only_that_message(self):
        self.restart_sink(fail=["dan@riverton.example=451"])
        rc, out, err = self.live()
        self.assertEqual(rc, 75, err)
        self.assertIn("deferred", err)
        got = self.received()
        self.assertNotIn("dan@riverton.example", got)
        self.assertIn("ana@riverton.example", got)
        self.restart_sink()
        rc, out, err = self.live()
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(sorted(self.received()), ["dan@riverton.example"])

    def test_451_for_a_digest_is_sent_next_run(self):
        self.restart_sink(fail=["lt@riverton.example=451"])
        self.assertEqual(self.live()[0], 75)
        self.restart_sink()
        self.assertEqual(self.live()[0], 0)
        self.assertEqual(sorted(self.received()), ["lt@riverton.example"])

    def test_451_for_one_summary_address_resends_to_it_alone(self):
        self.summary_to = ["coordinator@riverton.example", "chief@riverton.example"]
        self.restart_sink(fail=["chief@riverton.example=451"])
        self.assertEqual(self.live()[0], 75)
        self.assertIn("coordinator@riverton.example", self.received())
        self.restart_sink()
        self.assertEqual(self.live()[0], 0)
        self.assertEqual(sorted(self.received()), ["chief@riverton.example"])
        self.restart_sink()
        self.assertEqual(self.live()[0], 0)
        self.assertEqual(self.received(), {})

    def test_550_is_recorded_and_not_retried(self):
        self.restart_sink(fail=["cara@riverton.example=550"])
        rc, out, err = self.live()
        self.assertEqual(rc, 0)
        self.assertIn("refused for good", err)
        summary = [m for m in self.sink.messages()
                   if m["rcpt_tos"] == ["coordinator@riverton.example"]][0]
        self.assertIn("could not be delivered", summary["msg"].get_content())
        self.assertIn("cara@riverton.example", summary["msg"].get_content())
        db = sqlite3.connect(self.path("state.db"))
        self.assertEqual(db.execute("SELECT outcome FROM notices WHERE person "
                                    "= '3'").fetchall(), [("failed",)])
        self.restart_sink()
        for offset in (0, 1, 2):
            self.live(today=day(offset))
        self.assertNotIn("cara@riverton.example", self.received())

    def test_server_down_sends_and_records_nothing(self):
        self.sink.stop()
        rc, out, err = self.live()
        self.assertEqual(rc, 75)
        self.assertIn("cannot deliver", err)
        db = sqlite3.connect(self.path("state.db"))
        self.assertEqual(db.execute("SELECT count(*) FROM notices").fetchone()[0], 0)
        self.restart_sink()
        self.assertEqual(self.live()[0], 0)
        self.assertEqual(len(self.sink.messages()), 7)

    def test_lock_held_by_another_run(self):
        with open(self.path("state.db.lock"), "w") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            rc, out, err = self.live()
        self.assertEqual(rc, 75)
        self.assertIn("another certminder run holds the lock", err)
        self.assertEqual(self.sink.messages(), [])

    def test_corrupt_ledger(self):
        with open(self.path("state.db"), "wb") as f:
            f.write(b"this is not a database" * 100)
        for args in ((), ("--dry-run",)):
            rc, out, err = self.live(*args)
            self.assertEqual(rc, 73, args)
            self.assertIn("state.db", err)
        self.assertEqual(self.sink.messages(), [])

    def test_dry_run_writes_nothing(self):
        rc, out, err = self.live("--dry-run")
        self.assertEqual(rc, 0)
        self.assertFalse(os.path.exists(self.path("state.db")))
        self.assertFalse(os.path.exists(self.path("state.db.lock")))
        self.assertEqual(self.sink.messages(), [])
        self.live()
        before = os.stat(self.path("state.db")).st_mtime_ns
        self.live("--dry-run", today=day(30))
        self.assertEqual(os.stat(self.path("state.db")).st_mtime_ns, before)

    def test_files_are_private(self):
        self.live()
        for name in ("state.db", "state.db.lock"):
            self.assertEqual(os.stat(self.path(name)).st_mode & 0o777, 0o600)

    def test_plaintext_only_on_loopback(self):
        conf = agency.config(self.dir, 25, url="smtp://mail.example.org:25")
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 78)
        self.assertIn("only for a loopback server", err)


class Brakes(Live):

    def test_first_night_backlog(self):
        self.conf = agency.config(self.dir, self.sink.port,
                                  extra="limits = { max_notices = 3; };")
        rc, out, err = self.live()
        self.assertEqual(rc, 65)
        self.assertIn("first run: 5 notices are due, more than max_notices = 3", err)
        self.assertIn("--force", err)
        self.assertEqual(self.sink.messages(), [])
        rc, out, err = self.live("--dry-run")
        self.assertEqual(rc, 0)
        self.assertIn("A live run would stop here", out)
        rc, out, err = self.live("--force")
        self.assertEqual(rc, 0)
        self.assertEqual(len(self.sink.messages()), 7)

    def test_roster_shrank(self):
        self.live()
        self.sink.clear()
        agency.write(self.dir, people=agency.PEOPLE[:8])     # 11 -> 8 active
        rc, out, err = self.live(today=day(1))
        self.assertEqual(rc, 65)
        self.assertIn("shrank from 11 to 8", err)
        self.assertEqual(self.sink.messages(), [])

    def test_vanished_certifications(self):
        self.conf = agency.config(self.dir, self.sink.port,
                                  extra="limits = { max_vanished = 2; };")
        self.live()
        agency.write(self.dir, drop_training=[("5", "MHFA"), ("6", "MHFA"),
                                              ("7", "MHFA")])
        self.sink.clear()
        rc, out, err = self.live(today=day(1))
        self.assertEqual(rc, 65)
        self.assertIn("3 certifications of active people had a record", err)
        self.assertEqual(self.sink.messages(), [])
        # a stopped run is not a completed one: the next night still sees it
        rc, out, err = self.live(today=day(2))
        self.assertEqual(rc, 65)

    def test_dates_moved_earlier(self):
        self.conf = agency.config(self.dir, self.sink.port,
                                  extra="limits = { max_vanished = 2; };")
        self.live()
        people = [p[:5] + ([(c, "2023-01-01", e) for c, _, e in p[5]],)
                  for p in agency.PEOPLE]
        agency.write(self.dir, people=people)
        self.sink.clear()
        rc, out, err = self.live(today=day(1))
        self.assertEqual(rc, 65)
        self.assertIn("expiry dates moved earlier", err)
        self.assertEqual(self.sink.messages(), [])

    def test_too_many_bad_rows(self):
        agency.write(self.dir, extra_training=[("1", "MHFA", "2/30/2024", "")] * 2)
        rc, out, err = self.live()
        self.assertEqual(rc, 65)
        self.assertIn("rows rejected", err)
        self.assertEqual(self.sink.messages(), [])
