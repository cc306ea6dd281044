"""STARTTLS, implicit TLS, certificate checks and AUTH against a real server."""
import os
import subprocess
import tempfile
import unittest

import agency
from helpers import Case, SmtpSink, TODAY, run

CERTS = None


def certs():
    """A certificate for 127.0.0.1 and one for another host, made once."""
    global CERTS
    if CERTS is None:
        d = tempfile.mkdtemp(prefix="certminder-certs-")
        for name, cn, san in (("good", "127.0.0.1", "IP:127.0.0.1,DNS:localhost"),
                              ("other", "mail.other.example",
                               "DNS:mail.other.example")):
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                            "-nodes", "-days", "2", "-subj", f"/CN={cn}",
                            "-addext", f"subjectAltName={san}",
                            "-keyout", os.path.join(d, f"{name}.key"),
                            "-out", os.path.join(d, f"{name}.pem")],
                           check=True, capture_output=True)
        CERTS = d
    return CERTS


class Tls(Case):

    def start(self, tls, cert="good", auth=None):
        c = certs()
        self.sink = SmtpSink(self.path("mail"), tls=tls,
                             cert=os.path.join(c, f"{cert}.pem"),
                             key=os.path.join(c, f"{cert}.key"), auth=auth)
        self.addCleanup(self.sink.stop)
        agency.write(self.dir)

    def configure(self, tls, smtp_extra, scheme="smtp"):
        return agency.config(self.dir, self.sink.port, tls=tls,
                             url=f"{scheme}://127.0.0.1:{self.sink.port}",
                             smtp_extra=smtp_extra)

    def ca(self, cert="good"):
        return f'ca_file = "{os.path.join(certs(), cert + ".pem")}";'

    def test_starttls_with_auth(self):
        self.start("starttls", auth="certminder:s3cret-pass")
        self.write("password", "s3cret-pass\n", mode=0o600)
        conf = self.configure("starttls", self.ca() + ' user = "certminder"; '
                              'password_file = "password";')
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual((rc, err), (0, ""))
        msgs = self.sink.messages()
        self.assertEqual(len(msgs), 7)
        self.assertTrue(all(m["tls"] and m["auth"] for m in msgs))
        # the password appears nowhere certminder writes
        with open(self.path("state.db"), "rb") as f:
            self.assertNotIn(b"s3cret-pass", f.read())

    def test_password_from_environment(self):
        self.start("starttls", auth="certminder:from-env")
        conf = self.configure("starttls", self.ca() + ' user = "certminder";')
        rc, out, err = run("-c", conf, "--today", TODAY,
                           env={"CERTMINDER_SMTP_PASSWORD": "from-env"})
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(len(self.sink.messages()), 7)

    def test_wrong_password_blames_nobody(self):
        self.start("starttls", auth="certminder:right")
        conf = self.configure("starttls", self.ca() + ' user = "certminder";')
        rc, out, err = run("-c", conf, "--today", TODAY,
                           env={"CERTMINDER_SMTP_PASSWORD": "wrong"})
        self.assertEqual(rc, 75)
        self.assertNotIn("wrong", err)
        self.assertEqual(self.sink.messages(), [])
        rc, out, err = run("-c", conf, "--today", TODAY,
                           env={"CERTMINDER_SMTP_PASSWORD": "right"})
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(self.sink.messages()), 7)

    def test_secret_files_must_be_private(self):
        self.start("starttls", auth="certminder:x")
        self.write("password", "x\n", mode=0o644)
        conf = self.configure("starttls", self.ca() + ' user = "certminder"; '
                              'password_file = "password";')
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 78)
        self.assertIn("must not be readable by group or others", err)
        os.chmod(self.path("password"), 0o600)
        os.chmod(conf, 0o640)
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 78)
        self.assertIn("configuration must not be readable", err)
        self.assertEqual(self.sink.messages(), [])

    def test_implicit_tls(self):
        self.start("implicit")
        conf = self.configure("implicit", self.ca(), scheme="smtps")
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual((rc, err), (0, ""))
        self.assertTrue(all(m["tls"] for m in self.sink.messages()))

    def test_untrusted_certificate_is_refused(self):
        self.start("starttls")
        conf = self.configure("starttls", "")      # no ca_file: self-signed
        rc, out, err = run("-c", conf, "--today", TODAY)
        # a certificate will not mend by itself: 69, saying what to check
        self.assertEqual(rc, 69)
        self.assertIn("smtp.ca_file", err)
        self.assertEqual(self.sink.messages(), [])

    def test_certificate_for_another_host_is_refused(self):
        self.start("starttls", cert="other")
        conf = self.configure("starttls", self.ca("other"))
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 69)
        self.assertEqual(self.sink.messages(), [])

    def test_verification_can_be_turned_off(self):
        self.start("starttls", cert="other")
        conf = self.configure("starttls", "tls_verify = false;")
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 0, err)

    def test_starttls_not_offered_is_refused(self):
        self.sink = SmtpSink(self.path("mail"))
        self.addCleanup(self.sink.stop)
        agency.write(self.dir)
        conf = self.configure("starttls", "")
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 69)
        self.assertIn("offers STARTTLS", err)
        self.assertEqual(self.sink.messages(), [])
