"""Hostile values and faults around delivery, against real servers."""
import email.header
import os
import re
import resource
import signal
import sqlite3
import subprocess
import time

import agency
from helpers import BIN, Case, SmtpSink, TODAY, free_port, run

HOSTILE = [
    ("900", "Sam Sergeant", "sgt@riverton.example", "yes", "", [("MHFA", "2025-06-01", "")]),
    ("1", "Eve\r\nBcc: everyone@riverton.example", "eve@riverton.example", "yes", "900", []),
    ("2", "Mal", "mal@riverton.example\r\nRCPT TO:<all@riverton.example>", "yes", "900", []),
    ("3", "Not An Address", "not-an-address", "yes", "900", []),
    ("4", "Quote \"Q\" <q@evil.example>, Comma", "q@riverton.example", "yes", "900", []),
    ("5", "\u05d3\u05d5\u05d3 \u05db\u05d4\u05df\u200f", "dc@riverton.example", "yes", "900", []),
    ("6", "Zo\u0065\u0308 A\u0301lvarez", "zoe@riverton.example", "yes", "900", []),
    ("7", "L" * 600, "long@riverton.example", "yes", "900", []),
    ("8", "=cmd|' /C calc'!A0", "formula@riverton.example", "yes", "900", []),
    ("9", "Tab\there", "tab\t@riverton.example", "yes", "900", []),
    ("10", "Trailing Space", " pad@riverton.example\t", "yes", "900", []),
]


def rfc2047_name(head):
    """The display name of the To header, decoded as RFC 2047 6.2 says:
    the white space between adjacent encoded-words is ignored.  (Python
    3.11's address parser keeps it, gh-128110, so it is not used here.)"""
    for line in re.split(rb"\r\n(?![ \t])", head):
        if line.startswith(b"To: "):
            value = line[4:].decode("ascii")
            name = value[:value.rindex("<")].strip()
            return str(email.header.make_header(email.header.decode_header(name)))
    raise AssertionError("no To header")


def write_hostile(directory):
    with open(os.path.join(directory, "roster.csv"), "w", newline="") as f:
        f.write("Employee ID,Name,Email,Sworn,Supervisor ID\r\n")
        for pid, name, email, sworn, sup, _ in HOSTILE:
            q = lambda v: '"' + v.replace('"', '""') + '"'
            f.write(f"{pid},{q(name)},{q(email)},{sworn},{sup}\r\n")
    with open(os.path.join(directory, "training.csv"), "w") as f:
        f.write("Employee ID,Course Title,Completion Date,Expiration Date\n")
        f.write("900,MHFA,2025-06-01,\n")


class Hostile(Case):

    def test_no_injection_and_well_formed_mail(self):
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        write_hostile(self.dir)
        conf = agency.config(self.dir, sink.port)
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 0, err)
        msgs = sink.messages()
        rcpts = sorted(r for m in msgs for r in m["rcpt_tos"])
        self.assertEqual(rcpts, sorted([
            "eve@riverton.example", "q@riverton.example", "dc@riverton.example",
            "zoe@riverton.example", "long@riverton.example",
            "formula@riverton.example", "sgt@riverton.example",
            "pad@riverton.example",   # whitespace around a cell is trimmed
            "coordinator@riverton.example"]))
        names = {}
        for m in msgs:
            raw = m["data"].encode("latin-1")
            head = raw.split(b"\r\n\r\n", 1)[0]
            self.assertNotIn(b"Bcc", head)
            self.assertNotIn(b"RCPT", raw)
            self.assertEqual(max(raw), max(raw) & 0x7f)
            for line in raw.split(b"\r\n"):
                self.assertLess(len(line), 998)
            msg = m["msg"]
            self.assertEqual(len(msg["To"].addresses), 1)
            self.assertEqual(msg.defects, [])
            a = msg["To"].addresses[0]
            self.assertEqual(a.addr_spec, m["rcpt_tos"][0])
            names[a.addr_spec] = rfc2047_name(head)
        self.assertEqual(names["q@riverton.example"], 'Quote "Q" <q@evil.example>, Comma')
        self.assertEqual(names["dc@riverton.example"], HOSTILE[5][1])
        self.assertEqual(names["zoe@riverton.example"], HOSTILE[6][1])
        self.assertEqual(names["long@riverton.example"], "L" * 600)
        self.assertEqual(names["eve@riverton.example"], "1")   # name dropped
        # the unreachable are named in their supervisor's digest
        digest = [m for m in msgs if m["rcpt_tos"] == ["sgt@riverton.example"]][0]
        text = digest["msg"].get_content()
        # a name holding a control character (here a tab) is ignored with a
        # warning: the person goes by their id
        for who in ("Mal (2)", "Not An Address (3)", "  9 (9)"):
            self.assertIn(who, text)

    def test_formula_cells_neutralised(self):
        write_hostile(self.dir)
        conf = agency.config(self.dir, 9)
        rc, out, err = run("-c", conf, "-n", "--today", TODAY, "--format", "csv")
        self.assertEqual(rc, 0, err)
        self.assertIn("\"'=cmd|' /C calc'!A0\"", out)
        for line in out.splitlines()[1:]:
            for cell in line.split(","):
                self.assertFalse(cell[:1] in ("=", "+", "@") or
                                 (cell[:1] == "-" and not cell[1:].isdigit()), line)


class Faults(Case):

    def bad_server(self, mode, after=1):
        port = free_port()
        p = subprocess.Popen(["/usr/bin/python3", os.path.join(
            os.path.dirname(__file__), "badsmtp.py"), "--port", str(port),
            "--mode", mode, "--after", str(after)], stdout=subprocess.PIPE)
        self.addCleanup(lambda: (p.terminate(), p.wait()))
        p.stdout.readline()
        return port

    def notices(self):
        db = sqlite3.connect(self.path("state.db"))
        return db.execute("SELECT DISTINCT recipient FROM notices "
                          "WHERE outcome = 'sent'").fetchall()

    def test_connection_dropped_during_data(self):
        agency.write(self.dir)
        port = self.bad_server("drop-data", after=3)
        conf = agency.config(self.dir, port)
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 75, err)
        self.assertEqual(len(self.notices()), 2)          # two messages went through
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        conf = agency.config(self.dir, sink.port)
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(sink.messages()), 5)          # the other five

    def test_login_refused_is_for_someone_to_fix(self):
        """A 535 to the login: exit 69, the server's words, nothing sent,
        nothing recorded as failed."""
        agency.write(self.dir)
        port = self.bad_server("auth-refused")
        conf = agency.config(self.dir, port, smtp_extra='user = "certminder";')
        rc, out, err = run("-c", conf, "--today", TODAY,
                           env={"CERTMINDER_SMTP_PASSWORD": "wrong"})
        self.assertEqual(rc, 69, err)
        self.assertIn("535 5.7.8 Authentication credentials invalid", err)
        self.assertIn("smtp.user and its password", err)
        self.assertNotIn("wrong", err)
        self.assertEqual(self.notices(), [])

    def test_server_that_never_answers(self):
        agency.write(self.dir)
        port = self.bad_server("silent")
        conf = agency.config(self.dir, port, timeout=2)
        t0 = time.monotonic()
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 75)
        self.assertLess(time.monotonic() - t0, 15)
        self.assertEqual(self.notices(), [])

    def test_tls_handshake_failure(self):
        agency.write(self.dir)
        port = self.bad_server("bad-tls")
        conf = agency.config(self.dir, port, tls="starttls")
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 75)
        self.assertEqual(self.notices(), [])

    def test_killed_mid_run_loses_nothing(self):
        """kill -9 in the middle of sending, then a normal run: every
        recipient gets their message, at most one of them twice."""
        agency.write(self.dir)
        slow = SmtpSink(self.path("slow"), delay=0.4)
        self.addCleanup(slow.stop)
        conf = agency.config(self.dir, slow.port)
        p = subprocess.Popen([BIN, "-c", conf, "--today", TODAY],
                             env={**os.environ, "TZ": "UTC"})
        while len(slow.messages()) < 3 and p.poll() is None:
            time.sleep(0.05)
        p.send_signal(signal.SIGKILL)
        p.wait()
        first = [r for m in slow.messages() for r in m["rcpt_tos"]]
        self.assertLess(len(first), 7)
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        conf = agency.config(self.dir, sink.port)
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 0, err)
        second = [r for m in sink.messages() for r in m["rcpt_tos"]]
        everyone = {"ana@riverton.example", "cara@riverton.example",
                    "dan@riverton.example", "lee@riverton.example",
                    "sgt@riverton.example", "lt@riverton.example",
                    "coordinator@riverton.example"}
        self.assertEqual(set(first) | set(second), everyone)
        twice = [r for r in second if r in first and r != "coordinator@riverton.example"
                 and r not in ("sgt@riverton.example", "lt@riverton.example")]
        self.assertLessEqual(len(twice), 1)

    def test_ledger_that_cannot_be_written(self):
        agency.write(self.dir)
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        for state in ("/nonexistent/dir/state.db", self.dir):
            conf = agency.config(self.dir, sink.port)
            text = open(conf).read().replace('state_file = "state.db";',
                                             f'state_file = "{state}";')
            open(conf, "w").write(text)
            rc, out, err = run("-c", conf, "--today", TODAY)
            self.assertEqual(rc, 73, state)
            self.assertEqual(sink.messages(), [])


    def test_ledger_in_a_read_only_folder(self):
        """The ledger and its lock can be written but their folder cannot:
        SQLite cannot make its journal, and the run must stop before the
        first message (exit 73), not send and fail to record."""
        state = os.path.join(self.dir, "state")
        os.mkdir(state)
        agency.write(self.dir)
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        conf = agency.config(self.dir, sink.port)
        text = open(conf).read().replace('state_file = "state.db";',
                                         'state_file = "state/state.db";')
        open(conf, "w").write(text)
        rc, out, err = run("-c", conf, "--today", TODAY, "--dry-run")
        self.assertEqual(rc, 0, err)
        # a night that sends: the ledger exists and holds a run
        first = run("-c", conf, "--today", "2026-10-01")
        self.assertEqual(first[0], 0, first[2])
        sink.clear()
        wrap = []
        if os.geteuid() == 0:      # root writes anywhere: run as nobody
            for path in (self.dir, state, os.path.join(state, "state.db"),
                         os.path.join(state, "state.db.lock"), conf,
                         self.path("roster.csv"), self.path("training.csv")):
                os.chown(path, 65534, 65534)
            wrap = ["setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups", "--"]
        os.chmod(state, 0o555)
        p = subprocess.run(wrap + [BIN, "-c", conf, "--today", TODAY],
                           capture_output=True, text=True,
                           env={**os.environ, "TZ": "UTC"}, timeout=60)
        self.assertEqual(p.returncode, 73, p.stderr)
        self.assertRegex(p.stderr, r"state.db: cannot write: .*readonly.*; nothing sent")
        self.assertEqual(sink.messages(), [])
        os.chmod(state, 0o755)      # writable again: tonight's mail goes
        p = subprocess.run(wrap + [BIN, "-c", conf, "--today", TODAY],
                           capture_output=True, text=True,
                           env={**os.environ, "TZ": "UTC"}, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(sink.messages())


def allow_core_dumps():
    """Core files on, as far as the hard limit goes, so that only certminder
    itself can turn them off."""
    hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))


class Secrets(Case):

    PASSWORD = "pw-7f3a9c-never-shown"

    def everything_written(self, out, err):
        """stdout, stderr and every file certminder keeps, as bytes."""
        blobs = [out.encode(), err.encode()]
        for name in os.listdir(self.dir):
            path = self.path(name)
            if os.path.isfile(path) and name != "password":
                with open(path, "rb") as f:
                    blobs.append(f.read())
        return b"\n".join(blobs)

    def test_password_never_written_and_no_core_dumps(self):
        agency.write(self.dir)
        sink = SmtpSink(self.path("mail"), auth=f"certminder:{self.PASSWORD}",
                        delay=0.3)
        self.addCleanup(sink.stop)
        self.write("password", self.PASSWORD + "\n", mode=0o600)
        conf = agency.config(self.dir, sink.port, smtp_extra='user = '
                             '"certminder"; password_file = "password";')
        p = subprocess.Popen([BIN, "-c", conf, "--today", TODAY, "-v",
                              "--format", "json", "-o", self.path("report.json")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env={**os.environ, "TZ": "UTC"},
                             preexec_fn=allow_core_dumps)
        while not sink.messages() and p.poll() is None:
            time.sleep(0.05)
        # while it holds the password, it can leave no core file
        with open(f"/proc/{p.pid}/limits") as f:
            core = [line.split() for line in f if line.startswith("Max core")]
        self.assertEqual(core[0][4:6], ["0", "0"])
        out, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, 0, err)
        self.assertEqual(len(sink.messages()), 7)
        self.assertTrue(all(m["auth"] for m in sink.messages()))
        self.assertNotIn(self.PASSWORD.encode(),
                         self.everything_written(out.decode(), err.decode()))
        self.assertEqual(os.stat(self.path("state.db")).st_mode & 0o777, 0o600)
        self.assertEqual(os.stat(self.path("state.db.lock")).st_mode & 0o777, 0o600)

    def test_password_not_in_errors(self):
        agency.write(self.dir)
        sink = SmtpSink(self.path("mail"), auth="certminder:the-right-one")
        self.addCleanup(sink.stop)
        conf = agency.config(self.dir, sink.port,
                             smtp_extra='user = "certminder";')
        for env in ({"CERTMINDER_SMTP_PASSWORD": self.PASSWORD},):
            rc, out, err = run("-c", conf, "--today", TODAY, "-v", env=env)
            self.assertEqual(rc, 75)
            self.assertIn("certminder: ", err)
            self.assertNotIn(self.PASSWORD.encode(),
                             self.everything_written(out, err))
        sink.stop()       # and with the server gone
        rc, out, err = run("-c", conf, "--today", TODAY, "-v",
                           env={"CERTMINDER_SMTP_PASSWORD": self.PASSWORD})
        self.assertEqual(rc, 75)
        self.assertNotIn(self.PASSWORD.encode(), self.everything_written(out, err))
