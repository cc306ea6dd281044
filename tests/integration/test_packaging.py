"""make install lays out everything; man pages and units are clean."""
import os
import re
import shutil
import subprocess

import agency
from helpers import BIN, Case, SmtpSink, TODAY, TOP, run


class Packaging(Case):

    def test_install_and_uninstall(self):
        dest = self.path("root")
        subprocess.run(["make", "-s", "-C", TOP, "install", f"DESTDIR={dest}",
                        "PREFIX=/usr"], check=True, capture_output=True)
        files = sorted(os.path.relpath(os.path.join(d, f), dest)
                       for d, _, fs in os.walk(dest) for f in fs)
        self.assertEqual(files, [
            "etc/certminder.conf.sample",
            "usr/bin/certminder",
            "usr/share/certminder/profiles/moodle-completion.conf",
            "usr/share/certminder/profiles/targetsolutions-credentials.conf",
            "usr/share/certminder/templates/digest.txt",
            "usr/share/certminder/templates/expired.txt",
            "usr/share/certminder/templates/letter.txt",
            "usr/share/certminder/templates/missing.txt",
            "usr/share/certminder/templates/officer.txt",
            "usr/share/certminder/templates/reminder.txt",
            "usr/share/certminder/templates/summary.txt",
            "usr/share/doc/certminder/ChangeLog",
            "usr/share/doc/certminder/EXPORTING.md",
            "usr/share/doc/certminder/HACKING.md",
            "usr/share/doc/certminder/README.md",
            "usr/share/doc/certminder/examples/certminder.cron",
            "usr/share/doc/certminder/examples/certminder.service",
            "usr/share/doc/certminder/examples/certminder.timer",
            "usr/share/man/man1/certminder.1",
            "usr/share/man/man5/certminder.conf.5",
        ])
        self.assertTrue(os.access(os.path.join(dest, "usr/bin/certminder"),
                                  os.X_OK))
        subprocess.run(["make", "-s", "-C", TOP, "uninstall", f"DESTDIR={dest}",
                        "PREFIX=/usr"], check=True, capture_output=True)
        left = [f for _, _, fs in os.walk(dest) for f in fs]
        self.assertEqual(left, [])

    def test_man_pages_render_without_warnings(self):
        if shutil.which("man") is None:
            self.skipTest("man is not installed")
        for page in ("certminder.1", "certminder.conf.5"):
            p = subprocess.run(["man", "--warnings", "-l", "-Tutf8",
                                os.path.join(TOP, "src", page)],
                               capture_output=True, env={**os.environ,
                                                         "MANWIDTH": "80"})
            self.assertEqual(p.returncode, 0, page)
            self.assertEqual(p.stderr, b"", page)
            self.assertGreater(len(p.stdout), 2000, page)

    def test_every_option_is_documented(self):
        with open(os.path.join(TOP, "src", "certminder.1")) as f:
            page = f.read()
        rc, out, err = run("--help")
        for opt in set(re.findall(r"--[a-z-]+", out)):
            self.assertIn("Fl \\-" + opt[2:].replace("-", "\\-"), page, opt)

    def test_sample_config_works_with_the_demo(self):
        rc, out, err = run("-c", os.path.join(TOP, "etc", "certminder.conf"),
                           "--dry-run", "--today", "2026-11-23",
                           "--roster", os.path.join(TOP, "contrib/demo/roster.csv"),
                           "--training", os.path.join(TOP, "contrib/demo/training.csv"))
        self.assertEqual((rc, err), (0, ""))
        self.assertIn("Riverton Police Department: 90 sworn", out)

    def test_systemd_units_verify(self):
        if shutil.which("systemd-analyze") is None:
            self.skipTest("systemd-analyze is not installed")
        for unit in ("certminder.service", "certminder.timer"):
            with open(os.path.join(TOP, "contrib", unit)) as f:
                text = f.read().replace("/usr/bin/certminder", BIN)
            self.write(unit, text)
        p = subprocess.run(["systemd-analyze", "verify", "--man=no",
                            self.path("certminder.service"),
                            self.path("certminder.timer")],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        for line in p.stderr.splitlines():
            # only the host's own state may be mentioned, never our units
            self.assertNotIn("certminder", line)
        with open(os.path.join(TOP, "contrib", "certminder.service")) as f:
            text = f.read()
        for want in ("ProtectSystem=strict", "StateDirectory=certminder",
                     "PrivateTmp=yes", "NoNewPrivileges=yes", "User=certminder"):
            self.assertIn(want, text)

    def test_cron_entry_is_valid(self):
        with open(os.path.join(TOP, "contrib", "certminder.cron")) as f:
            lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
        field = r"(\*|\d+(-\d+)?(,\d+(-\d+)?)*)(/\d+)?"
        jobs = 0
        for line in lines:
            if re.match(r"^[A-Z_]+=", line):
                continue
            self.assertRegex(line, rf"^{field}\s+{field}\s+{field}\s+{field}\s+"
                                   rf"{field}\s+[a-z_][a-z0-9_-]*\s+\S")
            jobs += 1
        self.assertEqual(jobs, 1)
        name = os.path.basename("certminder.cron").split(".")[0]
        self.assertRegex(name, r"^[A-Za-z0-9_-]+$")   # cron.d ignores dotted names


class SelfContained(Case):
    """The repository's files speak of certminder and point at nothing
    outside it: every document a file names is one a clone holds."""

    def test_no_file_points_outside(self):
        files = subprocess.run(["git", "-C", TOP, "ls-files"],
                               capture_output=True, text=True,
                               check=True).stdout.split()
        if not files:
            self.skipTest("not a git checkout")
        held = {os.path.basename(name) for name in files}
        named = re.compile(rb"\b([A-Za-z][\w-]*\.md)\b")
        for name in files:
            if name.endswith(".png"):
                continue
            with open(os.path.join(TOP, name), "rb") as f:
                text = f.read()
            for doc in set(named.findall(text)):
                self.assertIn(doc.decode(), held, name)


class Linking(Case):
    """certminder links its libraries the ordinary way, so ldd and the
    packaging tools see every dependency, libcurl included."""

    def test_ldd_shows_every_library(self):
        out = subprocess.run(["ldd", BIN], capture_output=True, text=True,
                             check=True).stdout
        for lib in ("libcurl", "libcsv", "libconfig", "libsqlite3"):
            self.assertIn(lib, out)
