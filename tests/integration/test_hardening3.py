"""Hardening III: a wrong date, a shared folder, a paused reader, ids that
look like markup, cuts inside a character, impossible hire dates, and
messages that say what happened."""
import json
import os
import sqlite3
import subprocess
import time

import agency
from helpers import BIN, Case, SmtpSink, TODAY, run


# thresholds that hold and hours not asked: --check then speaks of the
# ledger alone
CALM = """certifications = ( { name = "MHFA"; threshold_pct = 0; },
    { name = "CIT"; threshold_pct = 0; min_hours = 0;
      renewal_min_hours = 0; } );"""


class Night(Case):
    """The demo agency of agency.py against a sink on loopback."""
    extra = CALM
    rhythm = agency.DAILY

    def setUp(self):
        super().setUp()
        self.sink = SmtpSink(self.path("mail"))
        self.addCleanup(self.sink.stop)
        agency.write(self.dir)
        self.conf = agency.config(self.dir, self.sink.port, extra=self.extra,
                                  rhythm=self.rhythm)

    def live(self, today, *args, clock=None):
        env = {"CERTMINDER_CLOCK": clock} if clock else None
        return run("-c", self.conf, "--today", today, *args, env=env)

    def check(self, today, clock=None):
        env = {"CERTMINDER_CLOCK": clock} if clock else None
        return run("-c", self.conf, "--check", "--today", today, env=env)

    def runs(self):
        db = sqlite3.connect(self.path("state.db"))
        rows = db.execute("SELECT today, outcome, exit FROM runs ORDER BY "
                          "id").fetchall()
        db.close()
        return rows


class WrongDate(Night):

    def test_a_what_if_run_ahead_of_the_clock_is_refused(self):
        """The clock says 2026-12-06.  A run for 2036-12-07 without -n is
        refused (64), sends nothing and is recorded; --check warns after
        one such night and is critical after two.  A dry run for that day
        lists it as what would stop a live run."""
        clock = "2026-12-06"
        rc, out, err = self.live("2026-12-06", clock=clock)
        self.assertEqual(rc, 0, err)
        sent = len(self.sink.messages())
        rc, out, err = self.live("2036-12-07", clock=clock)
        self.assertEqual(rc, 64)
        self.assertIn("today is 2036-12-07, more than 2 days after the "
                      "clock's 2026-12-06", err)
        self.assertEqual(len(self.sink.messages()), sent)
        self.assertEqual(self.runs()[-1], ("2036-12-07", "clock", 64))
        rc, out, _ = self.check("2026-12-06", clock=clock)
        self.assertEqual(rc, 1, out)
        self.assertIn("CERTMINDER WARNING - 1 live run in a row refused for "
                      "its day; ", out)
        self.live("2036-12-08", clock=clock)
        rc, out, _ = self.check("2026-12-06", clock=clock)
        self.assertEqual(rc, 2, out)
        self.assertIn("CERTMINDER CRITICAL - 2 live runs in a row refused "
                      "for their day; ", out)
        rc, out, err = run("-c", self.conf, "--dry-run", "--today",
                           "2036-12-07", env={"CERTMINDER_CLOCK": clock})
        self.assertEqual(rc, 0, err)
        self.assertIn("A live run would stop here", out)
        self.assertIn("more than 2 days after the clock's 2026-12-06", out)
        # two days ahead is still a night's run (a timer late by time zone)
        rc, out, err = self.live("2026-12-08", clock=clock)
        self.assertEqual(rc, 0, err)

    def test_a_forced_run_for_2036_does_not_stop_every_later_night(self):
        """Forced for 2036-12-07, it mails; the next night (2026-12-07) is
        refused, --check is critical (the last run lies after its clock);
        one forced night for 2026-12-08 sets the last day back, and
        2026-12-09 runs without --force."""
        rc, _, err = self.live("2026-12-06", clock="2026-12-06")
        self.assertEqual(rc, 0, err)
        rc, _, err = self.live("2036-12-07", "--force", clock="2026-12-06")
        self.assertEqual(rc, 0, err)
        rc, _, err = self.live("2026-12-07", clock="2026-12-07")
        self.assertEqual(rc, 64)
        self.assertIn("the last run was for 2036-12-07", err)
        rc, out, _ = self.check("2026-12-07", clock="2026-12-07")
        self.assertEqual(rc, 2, out)
        self.assertIn("the last run is dated 2036-12-07, after today", out)
        rc, _, err = self.live("2026-12-08", "--force", clock="2026-12-08")
        self.assertEqual(rc, 0, err)
        rc, _, err = self.live("2026-12-09", clock="2026-12-09")
        self.assertEqual(rc, 0, err)
        self.assertEqual([r[1] for r in self.runs()],
                         ["completed", "completed", "clock", "completed",
                          "completed"])
        rc, out, _ = self.check("2026-12-09", clock="2026-12-09")
        self.assertNotIn("after today", out)
        self.assertNotIn("refused", out)


class Readers(Night):

    def test_a_history_paused_on_a_pipe_does_not_stop_the_night(self):
        """--history | less, the reader paused with 20,000 notices to show
        (far more than a pipe holds), while the next night runs: the
        night completes (0), and no message goes twice."""
        rc, _, err = self.live(TODAY)
        self.assertEqual(rc, 0, err)
        db = sqlite3.connect(self.path("state.db"))
        db.executemany(
            "INSERT INTO notices (kind, person, cert, expires, stage, "
            "recipient, outcome, answer, sent_on, sent_at) VALUES "
            "('reminder', ?, 'MHFA', '2020-01-01', '90', 'x@x.example', "
            "'sent', '250 ok', '2020-01-01', '2020-01-01T00:00:00')",
            [(f"old{i}",) for i in range(20000)])
        db.commit()
        db.close()
        reader = subprocess.Popen([BIN, "-c", self.conf, "--history"],
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL,
                                  env={**os.environ, "TZ": "UTC"})
        self.addCleanup(reader.kill)
        time.sleep(1)
        self.assertIsNone(reader.poll())    # blocked on its full pipe
        rc, _, err = self.live("2026-11-24")
        self.assertEqual(rc, 0, err)
        out = reader.stdout.read()
        reader.stdout.close()
        self.assertEqual(reader.wait(10), 0)
        self.assertIn(b"old19999", out)
        ids = [m["msg"]["Message-ID"] for m in self.sink.messages()]
        self.assertEqual(len(ids), len(set(ids)))
        rc, out, _ = run("-c", self.conf, "--history", "--format", "json")
        outcomes = [r["outcome"] for r in json.loads(out)["runs"]]
        self.assertEqual(outcomes, ["completed", "completed"])

    def test_history_of_an_empty_id_is_a_usage_error(self):
        rc, _, err = self.live(TODAY)
        self.assertEqual(rc, 0, err)
        for arg in ("--history=", "--history=   "):
            rc, out, err = run("-c", self.conf, arg)
            self.assertEqual(rc, 64, out)
            self.assertIn("an empty id names nobody", err)
            self.assertEqual(out, "")


class HistoryIds(Case):

    def test_history_reads_ids_as_the_night_does(self):
        """The roster writes 000002, the training file 2, with
        id_ignore_leading_zeros: the night tells 000002; --history 2 and
        --history 000002 both list that notice, with or without the
        roster; --history 3 (nobody) lists none."""
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        self.write("roster.csv", "Employee ID,Name,Email,Sworn,Supervisor "
                   "ID\n000002,Bo Bell,bo@riverton.example,yes,\n")
        self.write("training.csv", "Employee ID,Course Title,Completion "
                   "Date\n2,MHFA,2023-12-10\n")
        conf = agency.config(self.dir, sink.port, extra=(
            "id_ignore_leading_zeros = true;\n" + CALM))
        rc, _, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 0, err)
        for arg in ("2", "000002", "02"):
            rc, out, err = run("-c", conf, "--history", arg, "--format",
                               "json")
            self.assertEqual(rc, 0, err)
            notices = json.loads(out)["notices"]
            self.assertTrue(any(n["id"] == "000002" and
                                n["kind"] == "reminder" for n in notices),
                            (arg, notices))
        rc, out, _ = run("-c", conf, "--history", "3")
        self.assertIn("nobody was told anything about this person", out)
        # without the roster the ledger's ids are compared without zeros
        noroster = self.config('id_ignore_leading_zeros = true;\n'
                               'training = { file = "training.csv"; };\n'
                               'state_file = "state.db";\n',
                               name="noroster.conf")
        rc, out, err = run("-c", noroster, "--history", "2", "--format",
                           "json")
        self.assertEqual(rc, 0, err)
        self.assertTrue(json.loads(out)["notices"])


class SharedFolder(Night):

    def test_o_never_writes_through_a_link_into_the_ledger(self):
        """A link named like the report, to the ledger, in a shared
        folder: refused, the ledger intact and the next night runs.  -o at
        the ledger, its lock or the configuration: refused (73)."""
        rc, _, err = self.live(TODAY)
        self.assertEqual(rc, 0, err)
        with open(self.path("state.db"), "rb") as f:
            before = f.read()
        os.symlink(self.path("state.db"), self.path("report.html"))
        for target in (self.path("report.html"), self.path("state.db"),
                       self.path("state.db.lock"), self.conf,
                       os.path.join(self.dir, ".", "state.db")):
            rc, out, err = run("-c", self.conf, "--dry-run", "--today",
                               TODAY, "--format", "html", "-o", target)
            self.assertEqual(rc, 73, (target, err))
            self.assertIn("refused", err)
        with open(self.path("state.db"), "rb") as f:
            self.assertEqual(f.read(), before)
        rc, _, err = self.live("2026-11-24")
        self.assertEqual(rc, 0, err)

    def test_o_to_a_fifo_is_refused_at_once(self):
        os.mkfifo(self.path("report.json"))
        t0 = time.monotonic()
        rc, out, err = run("-c", self.conf, "--dry-run", "--today", TODAY,
                           "--format", "json", "-o", self.path("report.json"),
                           timeout=10)
        self.assertLess(time.monotonic() - t0, 5)
        self.assertEqual(rc, 73)
        self.assertIn("a FIFO: refused", err)

    def test_o_replaces_a_report_whole(self):
        """The old report stays until the new one is complete, which
        then takes its place, mode 0600; no temporary file is left."""
        target = self.path("report.csv")
        with open(target, "w") as f:
            f.write("old\n")
        os.chmod(target, 0o644)
        rc, _, err = run("-c", self.conf, "--dry-run", "--today", TODAY,
                         "--format", "csv", "-o", target)
        self.assertEqual(rc, 0, err)
        with open(target) as f:
            self.assertTrue(f.read().startswith("agency,"))
        self.assertEqual(os.stat(target).st_mode & 0o777, 0o600)
        self.assertEqual([f for f in os.listdir(self.dir)
                          if f.startswith(".certminder")], [])


class DamagedLedger(Night):

    def interrupted(self):
        """A live run's write cut off by a crash: a hot journal beside a
        ledger whose pages were half written."""
        rc, _, err = self.live(TODAY)
        self.assertEqual(rc, 0, err)
        code = (
            "import os, sqlite3\n"
            f"db = sqlite3.connect({self.path('state.db')!r}, "
            "isolation_level=None)\n"
            "db.execute('PRAGMA cache_size = 1')\n"
            "db.execute('BEGIN IMMEDIATE')\n"
            "for i in range(3000):\n"
            "    db.execute(\"INSERT INTO pending VALUES ('x', ?)\", "
            "('k' * 200 + str(i),))\n"
            "os._exit(9)\n")
        subprocess.run(["/usr/bin/python3", "-c", code])
        self.assertTrue(os.path.exists(self.path("state.db-journal")))

    def test_a_hot_journal_is_said_plainly_by_readers(self):
        """--history and a dry run say an interrupted run left a journal
        that the next live run repairs (75), never "not a certminder
        ledger"; the next live run does, and all is as before."""
        self.interrupted()
        os.chmod(self.path("state.db"), 0o600)
        for args in (("--history",), ("--dry-run", "--today", TODAY)):
            rc, out, err = run("-c", self.conf, *args)
            self.assertEqual(rc, 75, (args, err))
            self.assertIn("an interrupted run left a journal", err)
            self.assertNotIn("not a certminder ledger", err)
        rc, out, _ = self.check(TODAY)
        self.assertNotIn("not a certminder ledger", out)
        rc, _, err = self.live("2026-11-24")
        self.assertEqual(rc, 0, err)
        rc, out, err = run("-c", self.conf, "--history", "--format", "json")
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(json.loads(out)["runs"]), 2)

    def damaged(self, sql):
        rc, _, err = self.live(TODAY)
        self.assertEqual(rc, 0, err)
        db = sqlite3.connect(self.path("state.db"))
        db.executescript(sql)
        db.close()
        return self.live("2026-11-24")

    def test_a_ledger_without_its_meta_table(self):
        rc, _, err = self.damaged("DROP TABLE meta;")
        self.assertEqual(rc, 73)
        self.assertIn("runs are recorded but the ledger lacks its meta "
                      "table: restore the ledger from a backup", err)
        self.assertNotIn("other tables", err)

    def test_a_schema_that_is_not_a_number(self):
        rc, _, err = self.damaged(
            "UPDATE meta SET value = '2abc' WHERE key = 'schema';")
        self.assertEqual(rc, 73)
        self.assertIn("schema version is not a number", err)

    def test_a_meta_table_alone_is_made_afresh(self):
        """What a release that made the ledger outside a transaction left
        after a crash: a meta table and nothing else.  Made afresh."""
        db = sqlite3.connect(self.path("state.db"))
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        db.commit()
        db.close()
        os.chmod(self.path("state.db"), 0o600)
        rc, out, err = run("-c", self.conf, "--dry-run", "--today", TODAY)
        self.assertEqual(rc, 0, err)
        rc, _, err = self.live(TODAY)
        self.assertEqual(rc, 0, err)
        self.assertTrue(self.sink.messages())

    def test_a_full_disk_while_recording_says_so(self):
        """The ledger may not grow (a file size limit stands in for a
        full disk) on a night with notices to record: the message names
        the full disk, never "not an error"."""
        rc, _, err = self.live(TODAY)
        self.assertEqual(rc, 0, err)
        with open(self.path("training.csv"), "a") as f:
            f.write("".join(f"{i},Firearms,2025-01-01,\n"
                            for i in range(5000)))
        size = os.path.getsize(self.path("state.db")) // 1024
        cmd = (f"ulimit -f {size}; exec {BIN} -c {self.conf} --today "
               "2026-12-01 --force")
        p = subprocess.run(["sh", "-c", cmd], capture_output=True, text=True,
                           env={**os.environ, "TZ": "UTC",
                                "CERTMINDER_CLOCK": "2100-01-01"})
        self.assertNotEqual(p.returncode, 0, p.stderr)
        self.assertIn("the disk is full", p.stderr)
        self.assertNotIn("not an error", p.stderr)


class OddValues(Night):
    rhythm = 'digest_every = "daily"; summary_every = "monday";'

    def test_ids_starting_with_at_and_hash_are_ids(self):
        """Officers @5 and #6 over two weekly summaries (Mondays
        2026-11-23 and 2026-11-30): the second reads its memory of the
        first right: no "last summary" of 1970, and neither is new in it."""
        people = list(agency.PEOPLE) + [
            ("@5", "At Five", "at5@riverton.example", "yes", "900",
             [("MHFA", "2025-06-01", "")]),
            ("#6", "Hash Six", "hash6@riverton.example", "yes", "900",
             [("MHFA", "2025-06-01", "")])]
        agency.write(self.dir, people=people)
        rc, _, err = self.live("2026-11-23")
        self.assertEqual(rc, 0, err)
        self.sink.clear()
        rc, _, err = self.live("2026-11-30")
        self.assertEqual(rc, 0, err)
        summaries = [m["msg"].get_content() for m in self.sink.messages()
                     if m["rcpt_tos"] == ["coordinator@riverton.example"]]
        self.assertEqual(len(summaries), 1)
        body = summaries[0]
        self.assertNotIn("1970", body)
        self.assertNotIn("At Five", body)
        self.assertNotIn("Hash Six", body)

    def test_a_hire_date_after_today_is_a_problem(self):
        """Hired 9999-12-31 (a system's "unknown") and 2027-01-04 (a start
        ahead): each a problem on its row, and no grace: Dan, with no
        MHFA, is told it is missing."""
        with open(self.path("roster.csv")) as f:
            lines = f.read().splitlines()
        out = [lines[0] + ",Hire Date"]
        for line in lines[1:]:
            pid = line.split(",")[0]
            out.append(line + {"4": ",9999-12-31", "5": ",2027-01-04"}
                       .get(pid, ",2015-01-01"))
        with open(self.path("roster.csv"), "w") as f:
            f.write("\n".join(out) + "\n")
        with open(self.conf) as f:
            text = f.read().replace('supervisor_id = "Supervisor ID";',
                                    'supervisor_id = "Supervisor ID"; '
                                    'hired = "Hire Date";')
        with open(self.conf, "w") as f:
            f.write(text)
        r = self.dry_json(self.conf)
        msgs = [p["message"] for p in r["problems"]]
        self.assertIn('hired date 9999-12-31 is after today (2026-11-23): '
                      'no grace before "missing" notices', msgs)
        self.assertIn('hired date 2027-01-04 is after today (2026-11-23): '
                      'no grace before "missing" notices', msgs)
        kinds = [(n["kind"], n.get("person")) for n in r["notices"]]
        self.assertIn(("missing", "4"), kinds)
        self.assertNotIn("0000-00-00", json.dumps(r))


class Multibyte(Case):

    def test_every_output_is_valid_utf8_with_long_multibyte_names(self):
        """An agency named with 150 two-byte letters (300 bytes: a cut at
        255 falls inside one), people and units of three- and four-byte
        letters, a course title of 200 of them: every report, the ledger's
        history in each form, and the mail decode as strict UTF-8."""
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        ag = "é" * 150
        name = "Ŝ" * 40
        unit = "𝒰" * 30
        title = "Mental Health First Aid " + "ü" * 200
        self.write("roster.csv",
                   "Employee ID,Name,Email,Sworn,Supervisor ID,Agency,Unit\n"
                   f"1,{name},a@riverton.example,yes,9,{ag},{unit}\n"
                   f"2,{name}2,b@riverton.example,yes,9,{ag},{unit}\n"
                   f"9,{name}9,c@riverton.example,yes,,{ag},{unit}\n")
        self.write("training.csv",
                   "Employee ID,Course Title,Completion Date,Agency\n"
                   f"1,{title},2024-01-10,{ag}\n"
                   f"9,{title},2023-01-10,{ag}\n")
        conf = agency.config(self.dir, sink.port, extra='id_scope = "agency";',
                             roster_columns='agency = "Agency"; unit = "Unit";')
        with open(conf) as f:
            text = f.read().replace('training = { file = "training.csv"; };',
                                    'training = { file = "training.csv"; '
                                    'columns = { id = "Employee ID"; course '
                                    '= "Course Title"; completed = '
                                    '"Completion Date"; agency = "Agency"; '
                                    '}; };')
        with open(conf, "w") as f:
            f.write(text)
        rc, _, err = run("-c", conf, "--today", TODAY, "--force")
        self.assertEqual(rc, 0, err)
        outputs = []
        for fmt in ("text", "json", "csv", "html", "schedule", "evidence",
                    "letter"):
            p = subprocess.run([BIN, "-c", conf, "--dry-run", "--today",
                                TODAY, "--format", fmt], capture_output=True,
                               env={**os.environ, "TZ": "UTC"})
            self.assertEqual(p.returncode, 0, (fmt, p.stderr))
            outputs.append((fmt, p.stdout))
        for fmt in ("text", "json", "csv"):
            p = subprocess.run([BIN, "-c", conf, "--history", "--format",
                                fmt], capture_output=True,
                               env={**os.environ, "TZ": "UTC"})
            self.assertEqual(p.returncode, 0, (fmt, p.stderr))
            outputs.append(("history " + fmt, p.stdout))
        for what, data in outputs:
            try:
                data.decode("utf-8", "strict")
            except UnicodeDecodeError as e:
                self.fail(f"{what}: {e}")
        h = json.loads(dict(outputs)["history json"])
        self.assertTrue(all(n["agency"] is None or
                            set(n["agency"]) == {"é"}
                            for n in h["notices"]))
        self.assertTrue(sink.messages())
        for m in sink.messages():
            m["data"].encode("latin-1").decode("ascii")
            str(m["msg"].get_content())
