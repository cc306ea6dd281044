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

    def test_a_certification_no_longer_configured(self):
        """Bob's MHFA expires 2027-02-25 and his CIT (trained 2025-05-01)
        2028-05-01.  The summary goes on Tuesdays.  On 2026-11-17 one is
        sent; by 2026-11-24 the agency has turned MHFA off and Dan has
        trained for CIT: CIT is compared with CIT, so Dan is named and Bob
        has not "renewed" it (his CIT against his MHFA of before)."""
        weekly = 'digest_every = "daily"; summary_every = "tuesday";'
        bob_cit = [("2", "CIT", "2025-05-01", "")]
        agency.write(self.dir, extra_training=bob_cit)
        conf = agency.config(self.dir, self.sink.port, rhythm=weekly)
        rc, _, err = run("-c", conf, "--today", "2026-11-17")
        self.assertEqual(rc, 0, err)
        self.summary()
        agency.write(self.dir, extra_training=bob_cit + [
            ("4", "CIT", "2026-11-20", "")])
        conf = agency.config(self.dir, self.sink.port, rhythm=weekly,
                             extra=('certifications = ( { name = "MHFA"; '
                                    'enabled = false; } );'))
        rc, _, err = run("-c", conf, "--today", "2026-11-24", "--force")
        self.assertEqual(rc, 0, err)
        text = self.summary()
        self.assertIn("trained for the first time: Dan Diaz (CIT)", text)
        self.assertNotIn("Bob Baker (CIT)", text)
        self.assertNotIn("MHFA", text.split("Since the last summary")[1]
                         .split("\n\n")[0])

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


class AgencyProblems(Case):

    def test_agency_shows_its_own_problems_and_letter(self):
        """Two agencies, ids per agency: South's MHFA row has a date that
        cannot be read.  --agency "North PD" lists no problem of South's,
        and North's letter says no row of its own was lost; South's does
        (1 row); the whole report lists the row."""
        self.write("roster.csv", "Employee ID,Name,Email,Sworn,Agency\n"
                   "1,Ann Ames,a@x.example,yes,North PD\n"
                   "1,Bo Bell,b@x.example,yes,South PD\n")
        self.write("training.csv", "Employee ID,Course Title,Completion "
                   "Date,Agency\n1,MHFA,2025-01-01,North PD\n"
                   "1,MHFA,soon,South PD\n")
        conf = self.config('id_scope = "agency";\nroster = { file = '
                           '"roster.csv"; columns = { id = "Employee ID"; '
                           'name = "Name"; email = "Email"; sworn = '
                           '"Sworn"; agency = "Agency"; }; };\ntraining = '
                           '{ file = "training.csv"; columns = { id = '
                           '"Employee ID"; course = "Course Title"; '
                           'completed = "Completion Date"; agency = '
                           '"Agency"; }; };\nstate_file = "state.db";\n')
        rc, out, err = run("-c", conf, "-n", "--today", "2026-11-23",
                           "--agency", "North PD")
        self.assertEqual(rc, 0, err)
        self.assertNotIn("unreadable date 'soon'", out)
        rc, out, err = run("-c", conf, "-n", "--today", "2026-11-23",
                           "--agency", "South PD")
        self.assertIn("unreadable date 'soon'", out)
        rc, out, err = run("-c", conf, "-n", "--today", "2026-11-23")
        self.assertIn("unreadable date 'soon'", out)
        rc, out, err = run("-c", conf, "-n", "--today", "2026-11-23",
                           "--format", "letter")
        self.assertEqual(rc, 0, err)
        north = out[:out.index("South PD: the training requirements")]
        south = out[out.index("South PD: the training requirements"):]
        flat = " ".join(south.split())
        self.assertNotIn("could not be read", north)
        self.assertIn("1 training row could not be read", flat)
