"""What the integration tests share: where the binary is, and running it."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(TOP, "src", "certminder")
DATA = os.path.join(TOP, "tests", "data")
DEMO = os.path.join(TOP, "contrib", "demo")
TODAY = "2026-11-23"


def copy_demo(directory, state):
    """The demo agency's exports and calendar copied into directory; its
    configuration's text returned, the ledger at state."""
    for name in os.listdir(DEMO):
        if name != "certminder.conf":
            shutil.copy(os.path.join(DEMO, name), directory)
    with open(os.path.join(DEMO, "certminder.conf")) as f:
        return f.read().replace('"/tmp/certminder-demo.db"', f'"{state}"')


VALGRIND = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
            "--show-leak-kinds=definite,indirect",
            "--errors-for-leak-kinds=definite,indirect"]


def run(*args, env=None, cwd=None, timeout=60, input=None, valgrind=None):
    """Runs certminder; returns (exit code, stdout, stderr).  With valgrind
    (a log file path) it runs under valgrind's memcheck, which writes what
    it finds there and exits 99 on any memory error or leak."""
    e = dict(os.environ)
    e.pop("CERTMINDER_CONF", None)
    e["TZ"] = "UTC"
    # the suite rehearses nights ahead of the clock (--today in 2027): the
    # clock a live run is held to is set far ahead, unless a test sets it
    e["CERTMINDER_CLOCK"] = "2100-01-01"
    # the profiles of this tree, not an installed release's
    e["CERTMINDER_PROFILES"] = os.path.join(TOP, "etc", "profiles")
    if env:
        e.update(env)
    cmd = [BIN, *args]
    if valgrind:
        cmd = VALGRIND + [f"--log-file={valgrind}"] + cmd
    p = subprocess.run(cmd, capture_output=True, env=e, cwd=cwd,
                       timeout=timeout, input=input)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


class Case(unittest.TestCase):
    """A test with its own scratch folder."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="certminder-test-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text, encoding="utf-8", mode=None):
        data = text if isinstance(text, bytes) else text.encode(encoding)
        with open(self.path(name), "wb") as f:
            f.write(data)
        if mode is not None:
            os.chmod(self.path(name), mode)
        return self.path(name)

    def config(self, text, name="certminder.conf"):
        return self.write(name, text)

    def sink_for(self, conf):
        """A test SMTP server for the configuration conf, whose smtp url
        says {port}: it gets the server's."""
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        with open(conf) as f:
            text = f.read().replace("{port}", str(sink.port))
        with open(conf, "w") as f:
            f.write(text)
        return sink

    def dry_json(self, conf, *extra, today=TODAY):
        rc, out, err = run("-c", conf, "--dry-run", "--today", today,
                           "--format", "json", *extra)
        self.assertEqual(rc, 0, err)
        self.assertEqual(err, "")
        return json.loads(out)

    def cert(self, report, name, agency=0):
        for c in report["agencies"][agency]["certifications"]:
            if c["name"] == name:
                return c
        self.fail(f"no certification {name}")

    def person(self, report, pid):
        for p in report["people"]:
            if p["id"] == pid:
                return p
        self.fail(f"no person {pid}")


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class SmtpSink:
    """tests/integration/smtpsink.py in a process of its own."""

    def __init__(self, directory, tls="none", cert=None, key=None, auth=None,
                 fail=(), delay=0.0):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)
        self.port = free_port()
        args = ["/usr/bin/python3", os.path.join(os.path.dirname(__file__),
                "smtpsink.py"), "--port", str(self.port), "--dir", directory,
                "--tls", tls]
        if cert:
            args += ["--cert", cert, "--key", key]
        if auth:
            args += ["--auth", auth]
        for f in fail:
            args += ["--fail", f]
        if delay:
            args += ["--delay", str(delay)]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        line = self.proc.stdout.readline()
        if line.strip() != b"ready":
            raise RuntimeError("the SMTP sink did not start")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc.stdout.close()

    def messages(self):
        """What the server accepted: envelope and parsed message.  A
        message in text and HTML, or with a file attached, reads as its
        text part, as a text mail reader shows it; get_body(("html",))
        gives the HTML, iter_attachments() the files."""
        import email
        import email.message
        import email.policy

        class Message(email.message.EmailMessage):
            def get_content(self, *args, **kw):
                if self.get_content_type() in ("multipart/alternative",
                                               "multipart/mixed"):
                    return self.get_body(("plain",)).get_content(*args, **kw)
                return super().get_content(*args, **kw)

        policy = email.policy.default.clone(message_factory=Message)
        out = []
        for name in sorted(os.listdir(self.dir)):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(self.dir, name)) as f:
                rec = json.load(f)
            rec["msg"] = email.message_from_bytes(
                rec["data"].encode("latin-1"), policy=policy)
            out.append(rec)
        return out

    def clear(self):
        for name in os.listdir(self.dir):
            os.unlink(os.path.join(self.dir, name))
