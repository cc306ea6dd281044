"""Personal data, state files and runaway inputs: each probe of a
reliability review gets a clear refusal or the right result."""
import json
import os
import signal
import sqlite3
import stat
import subprocess
import time

import agency
from helpers import BIN, Case, SmtpSink, TODAY, run


class Private(Case):

    def test_report_files_are_private(self):
        """-o creates the report 0600 under umask 022, and a report file
        that was there 0644 is made 0600 too."""
        agency.write(self.dir)
        conf = agency.config(self.dir, 9)
        old = os.umask(0o022)
        try:
            out = self.path("report.json")
            rc, _, err = run("-c", conf, "--dry-run", "--today", TODAY,
                             "--format", "json", "-o", out)
            self.assertEqual(rc, 0, err)
            self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)
            self.write("old.txt", "x", mode=0o644)
            rc, _, err = run("-c", conf, "--dry-run", "--today", TODAY,
                             "-o", self.path("old.txt"))
            self.assertEqual(rc, 0, err)
            self.assertEqual(stat.S_IMODE(os.stat(self.path("old.txt"))
                                          .st_mode), 0o600)
        finally:
            os.umask(old)

    def test_password_in_url_is_refused(self):
        agency.write(self.dir)
        conf = agency.config(self.dir, 9)
        with open(conf) as f:
            text = f.read()
        with open(conf, "w") as f:
            f.write(text.replace("smtp://127.0.0.1:", "smtp://ann:s3cret@"
                                 "127.0.0.1:"))
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 78)
        self.assertIn("smtp.url holds a password", err)
        self.assertIn("smtp.password_file", err)
        self.assertNotIn("s3cret", out + err)

    def test_user_in_url_is_not_shown(self):
        """A server that is down: the message names it without the user
        part of the URL."""
        agency.write(self.dir)
        conf = agency.config(self.dir, 9)
        with open(conf) as f:
            text = f.read()
        with open(conf, "w") as f:
            f.write(text.replace("smtp://127.0.0.1:", "smtp://ann@127.0.0.1:"))
        rc, out, err = run("-c", conf, "--today", TODAY, "--force")
        self.assertEqual(rc, 75, err)
        self.assertIn("smtp://127.0.0.1:9", err)
        self.assertNotIn("ann@", err)

    def test_plain_smtp_only_to_a_literal_loopback(self):
        agency.write(self.dir)
        for host, ok in (("127.0.0.1.example.org", False),
                         ("127.example.org", False), ("[::1]", True),
                         ("127.1.2.3", True), ("localhost", True)):
            conf = agency.config(self.dir, 9)
            with open(conf) as f:
                text = f.read()
            with open(conf, "w") as f:
                f.write(text.replace("smtp://127.0.0.1:9", f"smtp://{host}:9"))
            rc, out, err = run("-c", conf, "--today", TODAY, "--force")
            if ok:
                self.assertNotEqual(rc, 78, (host, err))
            else:
                self.assertEqual(rc, 78, host)
                self.assertIn("allowed only for a loopback server", err)


class StateFiles(Case):

    def setUp(self):
        super().setUp()
        agency.write(self.dir)
        self.sink = SmtpSink(self.path("mail"))
        self.addCleanup(self.sink.stop)
        self.conf = agency.config(self.dir, self.sink.port)
        with open(self.conf) as f:
            self.ledger = [line.split('"')[1] for line in f
                           if line.startswith("state_file")][0]
        if not os.path.isabs(self.ledger):
            self.ledger = os.path.join(self.dir, self.ledger)

    def live(self, *args, today=TODAY):
        return run("-c", self.conf, "--today", today, "--force", *args)

    def test_symbolic_links_are_not_followed(self):
        target = self.path("elsewhere.db")
        self.write("elsewhere.db", b"")
        os.symlink(target, self.ledger)
        rc, out, err = self.live()
        self.assertEqual(rc, 73)
        self.assertIn("a symbolic link: refused", err)
        os.unlink(self.ledger)
        os.unlink(self.ledger + ".lock")
        os.symlink(target, self.ledger + ".lock")
        rc, out, err = self.live()
        self.assertEqual(rc, 73)
        self.assertIn(".lock: a symbolic link: refused", err)
        self.assertEqual(os.path.getsize(target), 0)

    def test_loose_ledger_is_refused(self):
        rc, out, err = self.live()
        self.assertEqual(rc, 0, err)
        os.chmod(self.ledger, 0o666)
        for args in ((), ("--dry-run",)):
            rc, out, err = run("-c", self.conf, "--today", TODAY, *args)
            self.assertEqual(rc, 73, args)
            self.assertIn("writable by group or others (mode 666): refused",
                          err)

    def test_ledger_of_another_user_is_refused(self):
        if os.geteuid() != 0:
            self.skipTest("needs root to give the file away")
        rc, out, err = self.live()
        self.assertEqual(rc, 0, err)
        os.chown(self.ledger, 65534, 65534)
        rc, out, err = self.live(today="2026-11-24")
        self.assertEqual(rc, 73)
        self.assertIn("owned by uid 65534, not by the user running "
                      "certminder", err)

    def test_empty_file_becomes_a_private_ledger(self):
        self.write(os.path.relpath(self.ledger, self.dir), b"", mode=0o644)
        rc, out, err = self.live()
        self.assertEqual(rc, 0, err)
        self.assertEqual(stat.S_IMODE(os.stat(self.ledger).st_mode), 0o600)

    def test_first_run_cut_short_never_wedges(self):
        """A ledger with some of certminder's tables and no schema, as a
        first run killed while creating it could leave: the next run, dry
        or live, goes on; killed at a dozen moments of a first live run,
        the run after always completes."""
        db = sqlite3.connect(self.ledger)
        db.execute("CREATE TABLE notices (id INTEGER PRIMARY KEY)")
        db.commit()
        db.close()
        os.chmod(self.ledger, 0o600)
        rc, out, err = run("-c", self.conf, "--dry-run", "--today", TODAY)
        self.assertEqual(rc, 0, err)
        rc, out, err = self.live()
        self.assertEqual(rc, 0, err)
        for delay in (0.0, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12):
            for name in os.listdir(self.dir):
                if name.startswith(os.path.basename(self.ledger)):
                    os.unlink(os.path.join(self.dir, name))
            p = subprocess.Popen([BIN, "-c", self.conf, "--today", TODAY,
                                  "--force"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL,
                                 env={**os.environ, "TZ": "UTC"})
            time.sleep(delay)
            p.send_signal(signal.SIGKILL)
            p.wait()
            rc, out, err = self.live()
            self.assertEqual(rc, 0, (delay, err))

    def test_full_disk_is_said_and_nothing_half_recorded(self):
        """A file size limit stands in for a full disk: the first run
        cannot create the ledger and says so (73); the next, with room,
        completes."""
        cmd = (f"ulimit -f 2; exec {BIN} -c {self.conf} --today {TODAY} "
               "--force")
        p = subprocess.run(["sh", "-c", cmd], capture_output=True, text=True,
                           env={**os.environ, "TZ": "UTC"})
        self.assertEqual(p.returncode, 73, p.stderr)
        self.assertIn("the disk is full", p.stderr)
        self.assertNotIn("no transaction is active", p.stderr)
        rc, out, err = self.live()
        self.assertEqual(rc, 0, err)

    def test_no_going_back_in_time(self):
        rc, out, err = self.live(today="2026-11-23")
        self.assertEqual(rc, 0, err)
        self.sink.clear()
        rc, out, err = run("-c", self.conf, "--today", "2026-11-20")
        self.assertEqual(rc, 64)
        self.assertIn("the last run was for 2026-11-23, and today is "
                      "2026-11-20", err)
        self.assertEqual(self.sink.messages(), [])
        rc, out, err = run("-c", self.conf, "--today", "2026-11-20",
                           "--dry-run")
        self.assertEqual(rc, 0, err)


class RunawayInput(Case):

    CONF = ('roster = { file = "roster.csv"; };\n'
            'training = { file = "training.csv"; };\n')

    def peak_mb(self, *args):
        """Runs certminder; its exit code, stdout, and its own peak
        memory (wait4(2) of that child: not the largest of every child
        this test process ever had)."""
        p = subprocess.Popen([BIN, *args], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL,
                             env={**os.environ, "TZ": "UTC"})
        out = p.stdout.read()
        p.stdout.close()
        _, status, ru = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        return p.returncode, out.decode("utf-8"), ru.ru_maxrss / 1024

    def test_sparse_file_is_refused_before_reading(self):
        self.write("roster.csv", "Employee ID\r\n1\r\n")
        with open(self.path("training.csv"), "wb") as f:
            f.truncate(2 * 1024 ** 3)
        t0 = time.monotonic()
        rc, out, err = run("-c", self.config(self.CONF), "--dry-run",
                           "--today", TODAY)
        self.assertLess(time.monotonic() - t0, 5)
        self.assertEqual(rc, 65)
        self.assertIn("the file is 2048 MB, more than limits.max_file_mb", err)

    def test_junk_after_a_valid_file_is_bounded(self):
        """A valid roster followed by 64 MB of NUL bytes: its rows count,
        the junk is one refused line, and memory stays small."""
        with open(self.path("roster.csv"), "wb") as f:
            f.write(b"Employee ID,First Name,Last Name\r\n1,Ann,Ames\r\n")
            chunk = b"\0" * (1024 * 1024)
            for _ in range(64):
                f.write(chunk)
        self.write("training.csv", TRAINING_HEADER)
        rc, out, peak = self.peak_mb("-c", self.config(self.CONF),
                                     "--dry-run", "--today", TODAY,
                                     "--format", "json")
        self.assertEqual(rc, 0)
        r = json.loads(out)
        self.assertEqual([p["id"] for p in r["people"]], ["1"])
        self.assertEqual(r["inputs"]["roster"]["rejected"], 1)
        self.assertLess(peak, 120)

    def test_ids_that_are_not_utf8(self):
        """An id in Windows-1252 in a file said to be UTF-8, without a name
        column: refused, and the JSON report stays valid UTF-8."""
        self.write("roster.csv", b"Employee ID\r\nJ\xe9r\xf4me\r\n2\r\n")
        self.write("training.csv", TRAINING_HEADER)
        conf = self.config('roster = { file = "roster.csv"; encoding = '
                           '"utf-8"; };\ntraining = { file = '
                           '"training.csv"; };\n')
        p = subprocess.run([BIN, "-c", conf, "--dry-run", "--today", TODAY,
                            "--format", "json"], capture_output=True,
                           env={**os.environ, "TZ": "UTC"})
        self.assertEqual(p.returncode, 0)
        r = json.loads(p.stdout.decode("utf-8"))   # strict: valid UTF-8
        self.assertEqual([x["id"] for x in r["people"]], ["2"])
        self.assertIn("the id is not valid UTF-8", json.dumps(r["problems"]))


TRAINING_HEADER = "Employee ID,Course Title,Completion Date\r\n"
