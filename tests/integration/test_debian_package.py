"""make deb: the package installs, runs the demo as the certminder user,
upgrades over itself keeping an edited configuration, and purges clean.
It installs on this machine, so it runs only as root and only where no
certminder package or configuration is there already."""
import grp
import os
import pwd
import shutil
import stat
import subprocess
import unittest

from helpers import TOP, Case, copy_demo


def installed():
    p = subprocess.run(["dpkg-query", "-W", "-f=${Status}", "certminder"],
                       capture_output=True, text=True)
    return "installed" in p.stdout or "config-files" in p.stdout


def why_not():
    if os.geteuid() != 0:
        return "not root: the package test installs on this machine"
    for tool in ("dpkg-buildpackage", "lintian", "dh"):
        if shutil.which(tool) is None:
            return f"{tool} is missing (contrib/install-deps installs it)"
    if installed():
        return "a certminder package is installed here already"
    if os.path.exists("/etc/certminder.conf"):
        return "/etc/certminder.conf exists and belongs to no package"
    return None


def sh(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


@unittest.skipIf(why_not(), f"Debian package test skipped: {why_not()}")
class DebianPackage(Case):

    def test_install_upgrade_remove_purge(self):
        out = self.path("deb")
        p = sh("make", "-s", "-C", TOP, "deb", f"DEB_DIR={out}")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        debs = [f for f in os.listdir(out) if f.startswith("certminder_")
                and f.endswith(".deb")]
        self.assertEqual(len(debs), 1, debs)
        deb = os.path.join(out, debs[0])
        # lintian ran in make deb with --fail-on error,warning
        self.addCleanup(sh, "dpkg", "--purge", "certminder")
        p = sh("dpkg", "-i", deb, env={**os.environ,
                                       "DEBIAN_FRONTEND": "noninteractive"})
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)

        # what it laid out
        self.assertTrue(os.access("/usr/bin/certminder", os.X_OK))
        for f in ("/usr/share/man/man1/certminder.1.gz",
                  "/usr/share/man/man5/certminder.conf.5.gz",
                  "/usr/share/certminder/templates/reminder.txt",
                  "/usr/share/doc/certminder/README.Debian",
                  "/lib/systemd/system/certminder.service",
                  "/lib/systemd/system/certminder.timer"):
            self.assertTrue(os.path.exists(f), f)
        conffiles = sh("dpkg-query", "-W", "-f=${Conffiles}",
                       "certminder").stdout
        self.assertIn("/etc/certminder.conf", conffiles)
        user = pwd.getpwnam("certminder")
        st = os.stat("/etc/certminder.conf")
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o640)
        self.assertEqual((st.st_uid, grp.getgrgid(st.st_gid).gr_name),
                         (0, "certminder"))
        st = os.stat("/var/lib/certminder")
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o750)
        self.assertEqual(st.st_uid, user.pw_uid)
        # the timer is installed, not enabled
        self.assertFalse(os.path.exists(
            "/etc/systemd/system/timers.target.wants/certminder.timer"))

        # the demo, as the user the timer runs as
        p = sh("runuser", "-u", "certminder", "--", "/usr/bin/certminder",
               "--version")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(p.stdout.startswith("certminder "), p.stdout)
        demo = "/var/lib/certminder/demo"
        os.mkdir(demo)
        text = copy_demo(demo, f"{demo}/state.db")
        with open(os.path.join(demo, "certminder.conf"), "w") as f:
            f.write(text)
        sh("chown", "-R", "certminder:certminder", demo)
        p = sh("runuser", "-u", "certminder", "--", "/usr/bin/certminder",
               "-c", f"{demo}/certminder.conf", "--dry-run", "--today",
               "2026-11-23")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("Riverton Police Department: 90 sworn", p.stdout)
        # the configuration is not the world's
        p = sh("runuser", "-u", "nobody", "--", "cat", "/etc/certminder.conf")
        self.assertNotEqual(p.returncode, 0)

        # an edited configuration survives an upgrade over the package
        with open("/etc/certminder.conf", "a") as f:
            f.write('\nagency_name = "Edited PD";\n')
        p = sh("dpkg", "-i", deb, env={**os.environ,
                                       "DEBIAN_FRONTEND": "noninteractive"})
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        with open("/etc/certminder.conf") as f:
            self.assertIn('agency_name = "Edited PD";', f.read())
        st = os.stat("/etc/certminder.conf")
        self.assertEqual((stat.S_IMODE(st.st_mode),
                          grp.getgrgid(st.st_gid).gr_name),
                         (0o640, "certminder"))

        # remove keeps the ledger's folder and the configuration
        p = sh("dpkg", "--remove", "certminder")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertFalse(os.path.exists("/usr/bin/certminder"))
        self.assertTrue(os.path.exists(f"{demo}/roster.csv"))
        self.assertTrue(os.path.exists("/etc/certminder.conf"))

        # purge deletes them; the system user stays, as README.Debian says
        p = sh("dpkg", "--purge", "certminder")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertFalse(os.path.exists("/var/lib/certminder"))
        self.assertFalse(os.path.exists("/etc/certminder.conf"))
        self.assertFalse(installed())
        self.assertNotIn("/etc/certminder.conf",
                         sh("dpkg-statoverride", "--list").stdout)
        self.assertEqual(pwd.getpwnam("certminder").pw_uid, user.pw_uid)
