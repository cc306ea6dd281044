"""The ledger as an auditor reads it: --history, schema 2's migration from
a ledger the release before wrote, and the privacy rule (keep_months)."""
import csv
import io
import json
import os
import sqlite3

import agency
from helpers import Case, DATA, SmtpSink, run

V1 = os.path.join(DATA, "ledger-v1.sql")


class Nights(Case):
    """Riverton PD with Bob's mailbox answering 451 and Lee's 550."""
    failing = ("bob@riverton.example=451", "lee@riverton.example=550")
    extra = ""

    def setUp(self):
        super().setUp()
        agency.write(self.dir)
        self.sink = SmtpSink(self.path("mail"), fail=self.failing)
        self.conf = agency.config(self.dir, self.sink.port, extra=self.extra)

    def tearDown(self):
        self.sink.stop()
        super().tearDown()

    def reopen(self):
        """Bob's and Lee's mailboxes mended: the server takes everything."""
        self.sink.stop()
        self.sink = SmtpSink(self.path("mail"))
        self.conf = agency.config(self.dir, self.sink.port, extra=self.extra)

    def night(self, today, expect=0):
        rc, out, err = run("-c", self.conf, "--today", today)
        self.assertEqual(rc, expect, err)
        return err

    def history(self, *args, fmt="text"):
        rc, out, err = run("-c", self.conf, "--history", *args, "--format",
                           fmt)
        self.assertEqual((rc, err), (0, ""))
        return out

    def ledger_bytes(self):
        with open(self.path("state.db"), "rb") as f:
            return f.read()

    def db(self):
        return sqlite3.connect(self.path("state.db"))

    def message_ids(self):
        """{recipient: [Message-ID]} of what the server accepted."""
        got = {}
        for m in self.sink.messages():
            for r in m["rcpt_tos"]:
                got.setdefault(r, []).append(
                    str(m["msg"]["message-id"]).strip("<>"))
        return got


class History(Nights):

    def setUp(self):
        super().setUp()
        self.night("2026-11-23")            # Lee refused for good
        self.night("2026-11-30", expect=75)  # Bob's 90-day deferred
        self.reopen()
        self.night("2026-12-01")            # ... and sent

    def test_one_officer_in_json(self):
        h = json.loads(self.history("2", fmt="json"))
        self.assertEqual(h["person"], "2")
        n = h["notices"]
        self.assertEqual([(x["night"], x["kind"], x["certification"],
                           x["stage"], x["expires"], x["to"], x["outcome"])
                          for x in n], [
            ("2026-11-30", "reminder", "MHFA", "90", "2027-02-25",
             "bob@riverton.example", "deferred"),
            ("2026-11-30", "digest", None, None, None,
             "sgt@riverton.example", "sent"),
            ("2026-12-01", "reminder", "MHFA", "90", "2027-02-25",
             "bob@riverton.example", "sent")])
        self.assertEqual(n[0]["answer"], "451 try again later")
        # his sergeant was told too: Sam's digest (900) listed Bob
        self.assertEqual(n[1]["id"], "900")
        self.assertIn("2", n[1]["about"])
        self.assertIsNone(n[0]["about"])
        n = [n[0], n[2]]
        # the Message-ID is the one Bob's mailbox got
        self.assertEqual([n[1]["message_id"]],
                         self.message_ids()["bob@riverton.example"])
        # the deferred try had a Message-ID of its own
        self.assertNotIn(n[0]["message_id"], (None, n[1]["message_id"]))
        # the runs: two completed, one deferred (75), with their counts
        runs = [(r["night"], r["exit"], r["outcome"], r["sent"],
                 r["deferred"], r["failed"]) for r in h["runs"]]
        self.assertEqual(runs[1], ("2026-11-30", 75, "deferred", 2, 1, 0))
        self.assertEqual(runs[2], ("2026-12-01", 0, "completed", 1, 0, 0))
        self.assertEqual(runs[0][:3], ("2026-11-23", 0, "completed"))
        self.assertEqual(runs[0][5], 1)       # Lee's

    def test_names_from_the_roster_when_it_can_be_read(self):
        h = json.loads(self.history("2", fmt="json"))
        self.assertEqual(h["name"], "Bob Baker")
        self.assertEqual({(x["id"], x["name"]) for x in h["notices"]},
                         {("2", "Bob Baker"), ("900", "Sam Sergeant")})
        self.assertIn("2026-11-23  12 Lee Lopez ", self.history())
        # the ledger alone still answers, by id
        os.rename(self.path("roster.csv"), self.path("roster.gone"))
        h = json.loads(self.history("2", fmt="json"))
        self.assertIsNone(h["name"])
        self.assertEqual(len(h["notices"]), 3)
        self.assertTrue(all(x["name"] is None for x in h["notices"]))

    def test_failed_with_the_servers_words(self):
        out = self.history("12")
        self.assertIn("Notices about 12, Lee Lopez, in ", out)
        line = [x for x in out.splitlines() if x.startswith("2026-11-23")
                and "reminder" in x]
        self.assertEqual(len(line), 1)
        self.assertIn("reminder", line[0])
        self.assertIn("60 days", line[0])
        self.assertIn("failed", line[0])
        self.assertIn("lee@riverton.example", line[0])
        self.assertIn("server: 550 5.1.1 <lee@riverton.example>: Recipient "
                      "address rejected: User unknown", out)
        self.assertIn("Message-ID: <", out)

    def test_everyone_in_csv_matches_the_json(self):
        rows = list(csv.DictReader(io.StringIO(self.history(fmt="csv"))))
        j = json.loads(self.history(fmt="json"))
        notices = [r for r in rows if r["record"] == "notice"]
        runs = [r for r in rows if r["record"] == "run"]
        self.assertEqual(len(notices), len(j["notices"]))
        self.assertEqual(len(runs), 3)
        for r, x in zip(notices, j["notices"]):
            self.assertEqual((r["id"], r["kind"], r["outcome"],
                              r["message_id"]),
                             (x["id"] or "", x["kind"], x["outcome"],
                              x["message_id"] or ""))
        self.assertEqual([r["exit"] for r in runs], ["0", "75", "0"])
        # every message the server took is in the ledger with its id
        ids = {r["message_id"] for r in notices if r["outcome"] == "sent"}
        for got in self.message_ids().values():
            for mid in got:
                self.assertIn(mid, ids)
        # the coordinator's summaries are there, about nobody
        summaries = [r for r in notices if r["kind"] == "summary"]
        self.assertEqual({r["to"] for r in summaries},
                         {"coordinator@riverton.example"})
        self.assertEqual({r["id"] for r in summaries}, {""})

    def test_nobody_told(self):
        out = self.history("5")     # Eve: current, never due
        self.assertIn("nobody was told anything about this person", out)
        self.assertIn("Runs", out)
        self.assertEqual(json.loads(self.history("5", fmt="json"))[
            "notices"], [])

    def test_sends_nothing_and_changes_nothing(self):
        before = self.ledger_bytes()
        n = len(self.sink.messages())
        self.history()
        self.history("1", fmt="json")
        self.assertEqual(self.ledger_bytes(), before)
        self.assertEqual(len(self.sink.messages()), n)

    def test_json_report_carries_the_recorded_nights(self):
        # counted by hand from agency.py: 11 sworn; MHFA valid for 9 (Cara
        # expired in June, Dan never trained), CIT for Ana, Fay, Gus and
        # Lou, of ceil(20 % x 11) = 3 required
        mhfa = [{"date": d, "sworn": 11, "valid": 9, "required": 11,
                 "met": False} for d in ("2026-11-23", "2026-11-30",
                                         "2026-12-01")]
        cit = [dict(x, valid=4, required=3, met=True) for x in mhfa]
        r = self.dry_json(self.conf, today="2026-12-02")
        self.assertEqual(self.cert(r, "MHFA")["history"], mhfa)
        self.assertEqual(self.cert(r, "CIT")["history"], cit)
        # a what-if in the past sees only the nights before it
        r = self.dry_json(self.conf, today="2026-11-29")
        self.assertEqual(self.cert(r, "CIT")["history"], cit[:1])

    def test_usage(self):
        for args in (["--history", "--format", "schedule"],
                     ["--history", "--agency", "Riverton PD"],
                     ["--history", "--check"]):
            rc, out, err = run("-c", self.conf, *args)
            self.assertEqual(rc, 64, args)
            self.assertIn("--history", err)


class Figures(Nights):
    """Which nights join the history: those whose inputs passed."""
    failing = ()

    def figures(self):
        db = self.db()
        rows = db.execute("SELECT today, cert, valid FROM figures ORDER BY "
                          "today, cert").fetchall()
        db.close()
        return rows

    def test_a_braked_night_adds_nothing_a_server_fault_does(self):
        self.night("2026-11-23")
        # half the roster gone: the brake stops the night, its numbers
        # come from a broken export and are not history
        agency.write(self.dir, people=agency.PEOPLE[:5])
        self.night("2026-11-24", expect=65)
        self.assertEqual([r[0] for r in self.figures()],
                         ["2026-11-23", "2026-11-23"])
        # the whole roster back, the mail server down: the numbers are
        # right, so the night counts though nothing could be sent
        agency.write(self.dir)
        self.sink.stop()
        self.night("2026-11-27", expect=75)     # Bob's 90-day reminder due
        self.assertEqual(self.figures()[-2:], [("2026-11-27", "CIT", 4),
                                               ("2026-11-27", "MHFA", 9)])


class Unreachable(Nights):
    """Dan (4), never trained, has no address in the roster."""
    failing = ()

    def test_listed_as_unreachable(self):
        agency.write(self.dir, people=[
            (pid, name, "" if pid == "4" else mail, *rest)
            for pid, name, mail, *rest in agency.PEOPLE])
        self.night("2026-11-23")
        h = json.loads(self.history("4", fmt="json"))
        self.assertEqual([(x["kind"], x["certification"], x["to"],
                           x["outcome"], x["message_id"])
                          for x in h["notices"] if x["id"] == "4"],
                         [("missing", "MHFA", None, "unreachable", None)])
        # Sam was told of him, in his digest
        self.assertEqual([(x["kind"], x["to"], "4" in x["about"])
                          for x in h["notices"] if x["id"] != "4"],
                         [("digest", "sgt@riverton.example", True)])
        out = self.history("4")
        self.assertRegex(out, r"2026-11-23  missing   MHFA    missing  -"
                              r"\s+unreachable  \(no address\)")


class Migration(Nights):
    """A schema 1 ledger the release before wrote (tests/data)."""
    failing = ()

    def setUp(self):
        super().setUp()
        db = self.db()
        with open(V1) as f:
            db.executescript(f.read())
        db.close()
        os.chmod(self.path("state.db"), 0o600)

    def counts(self):
        db = self.db()
        c = (db.execute("SELECT count(*) FROM notices").fetchone()[0],
             db.execute("SELECT count(*) FROM runs").fetchone()[0],
             db.execute("SELECT value FROM meta WHERE key = 'schema'")
             .fetchone()[0])
        db.close()
        return c

    def test_dry_history_reads_it_as_it_is(self):
        h = json.loads(self.history(fmt="json"))
        self.assertEqual(len(h["notices"]), 11)
        self.assertEqual([r["exit"] for r in h["runs"]], [0, 0, 75])
        self.assertTrue(all(x["message_id"] is None for x in h["notices"]))
        self.assertEqual(self.counts(), (11, 3, "1"))

    def test_live_run_moves_it_to_schema_3_keeping_everything(self):
        db = self.db()
        old = db.execute("SELECT * FROM notices ORDER BY id").fetchall()
        old_runs = db.execute("SELECT * FROM runs ORDER BY id").fetchall()
        db.close()
        self.night("2026-12-01")      # Bob's deferred reminder goes now
        db = self.db()
        self.assertEqual(db.execute("SELECT value FROM meta WHERE key = "
                                    "'schema'").fetchone()[0], "3")
        new = db.execute("SELECT * FROM notices ORDER BY id").fetchall()
        self.assertEqual([r[:-1] for r in new[:11]], old)
        self.assertTrue(all(r[-1] is None for r in new[:11]))
        self.assertEqual(new[11][1:3], ("reminder", "2"))
        self.assertEqual([new[11][-1]],
                         self.message_ids()["bob@riverton.example"])
        runs = db.execute("SELECT * FROM runs ORDER BY id").fetchall()
        self.assertEqual([r[:-1] for r in runs[:3]], old_runs)
        self.assertEqual([r[-1] for r in runs], [0, 0, 75, 0])
        # tonight's figures, counted by hand: 11 sworn; MHFA valid for
        # 9 (not Cara, expired, nor Dan, missing), CIT for 4 of 3 required
        fig = db.execute("SELECT agency, cert, sworn, valid, required, met "
                         "FROM figures ORDER BY cert").fetchall()
        self.assertEqual(fig, [("Riverton PD", "CIT", 11, 4, 3, 1),
                               ("Riverton PD", "MHFA", 11, 9, 11, 0)])
        db.close()

    def test_a_newer_schema_is_refused_untouched(self):
        db = self.db()
        db.execute("UPDATE meta SET value = '4' WHERE key = 'schema'")
        db.commit()
        db.close()
        before = self.ledger_bytes()
        for args in (["--today", "2026-12-01"], ["--history"],
                     ["-n", "--today", "2026-12-01"]):
            rc, out, err = run("-c", self.conf, *args)
            self.assertEqual(rc, 73, args)
            self.assertIn("ledger schema 4; this certminder knows schemas 1 "
                          "to 3", err)
        self.assertEqual(self.ledger_bytes(), before)
        self.assertEqual(self.sink.messages(), [])

    def test_failed_migration_leaves_it_as_it_was(self):
        db = self.db()
        db.execute("CREATE TABLE present (something_else TEXT)")
        db.commit()
        db.close()
        rc, out, err = run("-c", self.conf, "--today", "2026-12-01")
        self.assertEqual(rc, 73)
        self.assertIn("cannot move the ledger from schema 1 to 3", err)
        self.assertEqual(self.counts(), (11, 3, "1"))
        db = self.db()
        cols = [r[1] for r in db.execute("PRAGMA table_info(notices)")]
        db.close()
        self.assertNotIn("message_id", cols)
        self.assertEqual(self.sink.messages(), [])


class KeepMonths(Nights):
    """Cara (3) leaves after the first night; keep_months = 1."""
    failing = ()
    extra = "ledger = { keep_months = 1; };"

    def leave(self):
        agency.write(self.dir, people=[p for p in agency.PEOPLE
                                       if p[0] != "3"])

    def kinds(self, pid):
        return [x["kind"] for x in json.loads(
            self.history(pid, fmt="json"))["notices"]]

    def test_leaver_forgotten_after_keep_months(self):
        self.night("2026-11-23")
        # her expired notice, and Sam's digest that listed her
        self.assertEqual(self.kinds("3"), ["expired", "digest"])
        self.leave()
        self.night("2026-11-24")        # the first night she is gone
        # a month after she left: kept
        self.night("2026-12-24")
        self.assertEqual(self.kinds("3"), ["expired", "digest"])
        # more than a month: gone, and only hers; Sam's digest stays,
        # without her name
        self.night("2026-12-25")
        self.assertEqual(self.kinds("3"), [])
        self.assertIn("reminder", self.kinds("1"))
        self.assertIn("digest", self.kinds("900"))
        for x in json.loads(self.history("900", fmt="json"))["notices"]:
            self.assertNotIn("3", x["about"] or [])
        db = self.db()
        self.assertEqual(db.execute("SELECT count(*) FROM present WHERE "
                                    "person = '3'").fetchone()[0], 0)
        # the active keep theirs, marked present
        self.assertEqual(db.execute("SELECT left_on FROM present WHERE "
                                    "person = '1'").fetchone()[0], None)
        # the summaries and the runs are about nobody: kept
        self.assertGreater(db.execute("SELECT count(*) FROM notices WHERE "
                                      "kind = 'summary'").fetchone()[0], 0)
        self.assertEqual(db.execute("SELECT count(*) FROM runs")
                         .fetchone()[0], 4)
        db.close()

    def test_back_before_the_time_keeps_them(self):
        self.night("2026-11-23")
        self.leave()
        self.night("2026-11-24")
        agency.write(self.dir)          # rehired
        self.night("2026-12-20")
        self.night("2027-03-01")
        # her first notice, of the night before she left, is still held
        nights = [x["night"] for x in json.loads(
            self.history("3", fmt="json"))["notices"]]
        self.assertEqual(nights[0], "2026-11-23")
        db = self.db()
        self.assertEqual(db.execute("SELECT left_on FROM present WHERE "
                                    "person = '3'").fetchone()[0], None)
        db.close()

    def test_default_is_36_months(self):
        self.conf = agency.config(self.dir, self.sink.port)
        self.night("2026-11-23")
        self.leave()
        self.night("2026-11-24")
        # three years on, most certifications have lapsed: the brake on
        # many notices trips, and --force is what an administrator would do
        for today, kinds in (("2029-11-24", ["expired", "digest"]),
                             ("2029-11-25", [])):
            rc, out, err = run("-c", self.conf, "--today", today, "--force")
            self.assertEqual(rc, 0, err)
            self.assertEqual(self.kinds("3"), kinds)
