"""The coordinator's summary says only what is true: what officers were
told tonight, a first training apart from a renewal, what is required
before what is voluntary, whose agency a name is, and agencies without
sworn officers left out of the count.  Read back from the test server."""
import agency
from helpers import Case, SmtpSink, run


class SummaryWords(Case):

    def setUp(self):
        super().setUp()
        self.sink = SmtpSink(self.path("mail"))
        self.addCleanup(self.sink.stop)

    def summary(self):
        texts = [m["msg"].get_content().replace("\r\n", "\n")
                 for m in self.sink.messages()
                 if m["rcpt_tos"] == ["coordinator@riverton.example"]]
        self.assertEqual(len(texts), 1)
        self.sink.clear()
        return texts[0]

    def test_first_training_is_not_a_renewal(self):
        """Night 1 (2026-11-23): Dan has no MHFA, Cara's expired on
        2026-06-01.  Night 2 (2026-11-24): Dan trained on 2026-11-23 for
        the first time, Cara renewed on 2026-11-23."""
        agency.write(self.dir)
        conf = agency.config(self.dir, self.sink.port)
        rc, _, err = run("-c", conf, "--today", "2026-11-23")
        self.assertEqual(rc, 0, err)
        self.summary()
        agency.write(self.dir, extra_training=[
            ("4", "MHFA", "2026-11-23", ""), ("3", "MHFA", "2026-11-23", "")])
        rc, _, err = run("-c", conf, "--today", "2026-11-24")
        self.assertEqual(rc, 0, err)
        text = self.summary()
        self.assertIn("renewed: Cara Chen (MHFA)", text)
        self.assertIn("trained for the first time: Dan Diaz (MHFA)", text)
        self.assertNotIn("renewed: Cara Chen (MHFA), Dan Diaz", text)

    def test_required_first_and_agencies_named(self):
        """Two agencies: North PD (ids 1-7 and their sergeant 900) and
        South PD (the rest).  Bob's voluntary CIT of 2021 expired on
        2024-01-01, longest ago of all, yet the required MHFA of Cara,
        Dan, Lee and Ana come first in "To schedule first", the voluntary
        CIT after them; every name carries its agency."""
        people = [p for p in agency.PEOPLE]
        agency.write(self.dir, people=people, extra_training=[
            ("2", "CIT", "2021-01-01", "")], column=(
                "Agency", lambda pid: "South PD" if pid in ("11", "12", "901")
                else "North PD"))
        conf = agency.config(self.dir, self.sink.port,
                             roster_columns='agency = "Agency";')
        rc, _, err = run("-c", conf, "--today", "2026-11-23")
        self.assertEqual(rc, 0, err)
        text = self.summary()
        self.assertIn("Told tonight it has expired: Bob Baker, North PD "
                      "(CIT); Cara Chen, North PD (MHFA)\n", text)
        block = text.split("To schedule first:\n")[1].split("\n\n")[0]
        self.assertEqual(block.splitlines(), [
            "  Cara Chen, North PD (3), MHFA: expired, as soon as possible",
            "  Dan Diaz, North PD (4), MHFA: never trained",
            "  Lee Lopez, South PD (12), MHFA: by Tuesday, January 5, 2027",
            "  Ana Alvarez, North PD (1), MHFA: by Wednesday, January 20, "
            "2027",
            "  Bob Baker, North PD (2), CIT (voluntary): expired, as soon as "
            "possible",
            "  Ana Alvarez, North PD (1), CIT (voluntary): by Wednesday, "
            "January 20, 2027"])
