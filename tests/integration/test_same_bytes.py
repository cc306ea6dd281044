"""The demo agency over four nights, every report, mail and history as
bytes, held to tests/data/golden/: a change meant to keep behaviour (a
restructuring) must keep them.  A change meant to alter what people read
rewrites them, and the diff is reviewed in the commit:

    CERTMINDER_GOLDEN=write /usr/bin/python3 -m unittest test_same_bytes
"""
import os
import re

from helpers import DATA, Case, SmtpSink, copy_demo, run

GOLDEN = os.path.join(DATA, "golden")
NIGHTS = ["2026-11-23", "2026-11-24", "2026-11-26", "2026-11-30"]
REPORT_DAY = "2026-12-01"
FORMATS = ["text", "json", "csv", "html", "schedule", "evidence", "letter",
           "letter-html"]
# the rows added before the third night: a renewal, a new course, a
# refresher with no course before it
LATER_TRAINING = [
    "3,Mental Health First Aid Recertification,2026-11-25,",
    "21,Crisis Intervention Team (CIT) 40-Hour,2026-11-25,",
    "40,CIT Refresher,2026-11-25,",
]


def masked(data):
    """A message's bytes less what differs on every run: the date, the
    message id and the MIME boundary."""
    text = data.replace("\r\n", "\n")
    text = re.sub(r"(?m)^Date: .*$", "Date: -", text)
    text = re.sub(r"(?m)^Message-ID: .*$", "Message-ID: -", text)
    for b in set(re.findall(r'boundary="([^"]+)"', text)):
        text = text.replace(b, "BOUNDARY")
    return text


class SameBytes(Case):

    def setUp(self):
        super().setUp()
        self.out = {}

    def keep(self, name, text):
        self.out[name] = text.replace(self.dir, "DIR")

    def test_demo(self):
        text = copy_demo(self.dir, self.path("state.db"))
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        conf = self.config(text + f"""
smtp = {{ url = "smtp://127.0.0.1:{sink.port}"; tls = "none"; }};
""")
        with open(self.path("training.csv")) as f:
            header = f.readline()
        self.assertEqual(header.strip(), "Employee ID,Course Title,"
                         "Completion Date,Expiration Date")
        for i, day in enumerate(NIGHTS):
            if i == 2:
                with open(self.path("training.csv"), "a") as f:
                    f.write("".join(r + "\r\n" for r in LATER_TRAINING))
            sink.clear()
            rc, out, err = run("-c", conf, "--today", day,
                               *(["--force"] if i == 0 else []))
            self.assertEqual(rc, 0, (day, err))
            mail = sorted((m["rcpt_tos"][0], masked(m["data"]))
                          for m in sink.messages())
            self.keep(f"night-{day}.mail", "".join(
                f"=== to {to}\n{data}\n" for to, data in mail))
        for fmt in FORMATS:
            rc, out, err = run("-c", conf, "--dry-run", "--today",
                               REPORT_DAY, "--format", fmt)
            self.assertEqual(rc, 0, (fmt, err))
            self.keep(f"report.{fmt}", out + "--- stderr\n" + err)
        for fmt in ("text", "json", "csv"):
            rc, out, err = run("-c", conf, "--history", "--format", fmt)
            self.assertEqual(rc, 0, (fmt, err))
            # the moment each was sent is the clock's, not the night's
            self.keep(f"history.{fmt}", re.sub(
                r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?Z?", "SENT",
                re.sub(r"<?certminder\.[0-9a-f.]+@", "MSGID@", out)))
        rc, out, err = run("-c", conf, "--check", "--today", REPORT_DAY)
        self.keep("check", f"{rc}\n{out}")
        self.compare("demo")

    def compare(self, name):
        where = os.path.join(GOLDEN, name)
        if os.environ.get("CERTMINDER_GOLDEN") == "write":
            os.makedirs(where, exist_ok=True)
            for f in os.listdir(where):
                os.unlink(os.path.join(where, f))
            for f, text in self.out.items():
                with open(os.path.join(where, f), "w", newline="") as fp:
                    fp.write(text)
            return
        self.assertEqual(sorted(os.listdir(where)), sorted(self.out))
        for f, text in sorted(self.out.items()):
            with open(os.path.join(where, f), newline="") as fp:
                self.assertEqual(fp.read(), text, f)
