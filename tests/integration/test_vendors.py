"""Seven export layouts of the systems agencies run, in tests/data/vendors,
each read by its configuration alone.  The statuses are counted by hand
from the files on 2026-11-23 (validity 36 months, MHFA for all sworn, CIT
for 20 %), in each test's docstring."""
import os
import re
import shutil

from helpers import Case, DATA, SmtpSink, TODAY, run

VENDORS = os.path.join(DATA, "vendors")


class Vendors(Case):

    def copy(self, vendor):
        """The vendor's files in the scratch folder, its configuration
        pointed at a sink on loopback."""
        for f in os.listdir(os.path.join(VENDORS, vendor)):
            shutil.copy(os.path.join(VENDORS, vendor, f), self.dir)
        self.sink = SmtpSink(self.path("mail"))
        self.addCleanup(self.sink.stop)
        with open(self.path("certminder.conf"), "a") as f:
            f.write(f'mail = {{ from = "Training <training@pd.example>"; '
                    f'summary_to = [ "training@pd.example" ]; }};\n'
                    f'smtp = {{ url = "smtp://127.0.0.1:{self.sink.port}"; '
                    f'tls = "none"; timeout_s = 5; }};\n')
        return self.path("certminder.conf")

    def statuses(self, vendor, expected, valid):
        """The dry run's statuses are the hand count, nothing is refused
        and no brake holds the first live night, which mails."""
        conf = self.copy(vendor)
        r = self.dry_json(conf)
        got = {p["id"]: (p["certs"]["MHFA"]["status"],
                         p["certs"]["CIT"]["status"]) for p in r["people"]}
        self.assertEqual(got, expected)
        self.assertEqual({c["name"]: c["valid"] for c in
                          r["agencies"][0]["certifications"]}, valid)
        self.assertEqual(r["refusals"], [])
        self.assertEqual(r["brakes"], [])
        rc, _, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 0, err)
        self.assertTrue(self.sink.messages())
        return r

    def test_targetsolutions_credentials_and_munis(self):
        """Through the targetsolutions-credentials profile.  1001 current;
        1002 expired (its Expired credential keeps its dates); 1003's MHFA
        is Inactive (entered in error): missing, her CIT current; 1004's
        CIT is Inactive: missing, his MHFA expires 2026-12-04; 1005 has
        nothing; sergeant 1009 current.  The clerk 2001 is not sworn.
        MHFA 3 of 6, CIT 1."""
        r = self.statuses("targetsolutions", {
            "1001": ("current", "missing"), "1002": ("expired", "missing"),
            "1003": ("missing", "current"), "1004": ("expiring", "missing"),
            "1005": ("missing", "missing"), "1009": ("current", "missing"),
            "2001": ("missing", "missing")}, {"MHFA": 3, "CIT": 1})
        self.assertEqual(r["inputs"]["training"]["not_completed"],
                         [{"value": "Inactive", "rows": 2}])
        self.assertEqual(r["agencies"][0]["sworn"], 6)

    def test_cornerstone_transcript_and_workday(self):
        """Two title lines (and a blank one) and a totals line; W102
        Registered and W190
        Past Due are not completed, W104's CIT Exempt; W190's 2-hour CIT
        Awareness is no CIT; W105's refresher has no course before it.
        MHFA: W101, W103, W104 (on leave, active) = 3 of 6; CIT W103."""
        r = self.statuses("cornerstone", {
            "W101": ("current", "missing"), "W102": ("missing", "missing"),
            "W103": ("current", "current"), "W104": ("expiring", "missing"),
            "W105": ("missing", "missing"), "W190": ("missing", "missing"),
            "W201": ("missing", "missing")}, {"MHFA": 3, "CIT": 1})
        self.assertIn("training.csv: 2 lines above the header skipped as "
                      "title lines", r["warnings"])
        self.assertIn("training.csv: 1 line is no record (a totals line, or "
                      "nothing in the columns read), skipped: line 14",
                      r["warnings"])
        self.assertEqual(sorted(v["value"] for v in
                                r["inputs"]["training"]["not_completed"]),
                         ["Exempt", "Past Due", "Registered"])
        self.assertEqual([p["line"] for p in r["problems"]], [11])

    def test_absorb_enrollments_and_adp(self):
        """In Progress, Not Started and Failed count for nothing: MHFA
        000101, 000104, 000109 = 3 of 5; CIT 000102 and 000104 (to
        2026-12-01).  Supervisors are Associate IDs: the digest reaches
        the sergeant, and no supervisor id is said to match nobody."""
        r = self.statuses("absorb", {
            "000101": ("current", "missing"),
            "000102": ("missing", "current"),
            "000103": ("missing", "missing"),
            "000104": ("current", "expiring"),
            "000109": ("current", "missing"),
            "000201": ("missing", "missing")}, {"MHFA": 3, "CIT": 2})
        digests = [m for m in self.sink.messages()
                   if m["rcpt_tos"] == ["tueda@hillcrest.example"]]
        self.assertTrue(digests)
        self.assertIn("Pia Quinn (000102)", digests[0]["msg"].get_content())
        self.assertFalse([p for p in r["problems"]
                          if "supervisor" in p["message"]])

    def test_tcole_report_and_neogov(self):
        """A four-line letterhead, dates as 03-15-2024, PIDs as ids; the
        two records clerks without a PID are skipped, not rejected.  Wade:
        MHFA to 2027-03-15, CIT of 2022 expired; Xu: MHFA expired on
        2026-11-20, CIT current; Young's 2-hour CIT update is under 40
        hours: missing; Abbott MHFA current, CIT expired.  MHFA 2 of 4,
        CIT 1."""
        r = self.statuses("tcole", {
            "0512345": ("current", "expired"),
            "0512346": ("expired", "current"),
            "0512347": ("missing", "missing"),
            "0498765": ("current", "expired")}, {"MHFA": 2, "CIT": 1})
        self.assertIn("roster.csv: 2 non-sworn rows without an id skipped "
                      "(staff the training system does not track)",
                      r["warnings"])
        self.assertEqual(r["inputs"]["roster"]["rejected"], 0)

    def test_acadis_saved_from_excel(self):
        """Windows-1252 with en dashes; A-18's 4-hour MHFA recertification
        of 2026-01-28 came before the 2023 course lapsed (2026-02-03):
        renewed to 2029-01-28; A-19's course is Incomplete but her ICAT
        counts; A-20 retired; the dispatcher is not sworn.  MHFA 3 of 3,
        CIT 1."""
        r = self.statuses("acadis", {
            "A-17": ("current", "current"), "A-18": ("current", "missing"),
            "A-19": ("current", "missing"), "C-05": ("current", "missing")},
            {"MHFA": 3, "CIT": 1})
        self.assertEqual(self.person(r, "A-18")["certs"]["MHFA"]["expires"],
                         "2029-01-28")

    def test_moodle_completion_download(self):
        """Through the moodle-completion profile: M01 completed MHFA on
        2023-03-14 (expired 2026-03-14); M02 both; M03's "did not achieve
        pass grade" counts for nothing; M04 nothing.  MHFA 1 of 4, CIT
        1."""
        r = self.statuses("moodle", {
            "M01": ("expired", "missing"), "M02": ("current", "current"),
            "M03": ("missing", "missing"), "M04": ("missing", "missing"),
            "M05": ("missing", "missing")}, {"MHFA": 1, "CIT": 1})
        self.assertEqual(self.person(r, "M02")["certs"]["CIT"]["expires"],
                         "2028-01-17")

    def test_excel_training_matrix(self):
        """Two title lines, a column a course: N/A, Waived and "Sched
        1/14/27" count for nothing and are counted by value.  MHFA 101
        and 105 (to 2026-11-30) = 2 of 5; CIT 103 (101's of 2023 has
        expired)."""
        r = self.statuses("matrix", {
            "101": ("current", "expired"), "102": ("missing", "missing"),
            "103": ("missing", "current"), "104": ("missing", "missing"),
            "105": ("expiring", "missing")}, {"MHFA": 2, "CIT": 1})
        self.assertEqual({v["value"]: v["rows"] for v in
                          r["inputs"]["training"]["not_completed"]},
                         {"N/A": 2, "Waived": 2, "Sched 1/14/27": 1})


class Refused(Case):

    def test_a_status_value_in_neither_list_sends_nothing(self):
        """"Audited" is in neither list: the dry run names it with the
        setting, a live run exits 65 and sends nothing."""
        for f in os.listdir(os.path.join(VENDORS, "absorb")):
            shutil.copy(os.path.join(VENDORS, "absorb", f), self.dir)
        with open(self.path("training.csv"), "a") as f:
            f.write("000103,Raj,Singh,Mental Health First Aid for Public "
                    "Safety,Audited,2025-02-02,8\r\n")
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        with open(self.path("certminder.conf"), "a") as f:
            f.write(f'mail = {{ from = "T <t@pd.example>"; summary_to = '
                    f'[ "t@pd.example" ]; }};\nsmtp = {{ url = '
                    f'"smtp://127.0.0.1:{sink.port}"; tls = "none"; }};\n')
        r = self.dry_json(self.path("certminder.conf"))
        self.assertIn("column \"Enrollment Status\" (status): the value "
                      "'Audited' on 1 row is not understood; add it to "
                      "training.completed_values or "
                      "training.not_completed_values",
                      [p["message"] for p in r["problems"]])
        rc, _, err = run("-c", self.path("certminder.conf"), "--today",
                         TODAY)
        self.assertEqual(rc, 65, err)
        self.assertEqual(sink.messages(), [])

    def test_a_wide_sheet_naming_no_certification(self):
        """A wide sheet whose headers are other courses: the message says
        so and lists them; nothing is sent (65)."""
        for f in os.listdir(os.path.join(VENDORS, "matrix")):
            shutil.copy(os.path.join(VENDORS, "matrix", f), self.dir)
        self.write("training.csv", "Badge,Officer,Firearms,Defensive "
                   "Tactics\r\n101,Nora Olsen,4/1/2026,4/2/2026\r\n")
        rc, out, err = run("-c", self.path("certminder.conf"), "--dry-run",
                           "--today", TODAY)
        self.assertEqual(rc, 65)
        self.assertIn("a wide sheet (training.layout = \"wide\") whose "
                      "headers name no certification (match): it has "
                      "'Badge', 'Officer', 'Firearms', 'Defensive Tactics'",
                      err)

    def test_profiles_are_listed(self):
        rc, out, err = run("--profiles")
        self.assertEqual(rc, 0, err)
        names = [line.split()[0] for line in out.splitlines()]
        self.assertEqual(names, ["moodle-completion",
                                 "targetsolutions-credentials"])
        self.assertIn("TargetSolutions credentials report", out)

    def test_a_key_beside_the_profile_wins(self):
        """not_completed_values beside the profile replaces its list:
        Inactive then counts for nothing by name no longer, and is
        refused as not understood."""
        for f in os.listdir(os.path.join(VENDORS, "targetsolutions")):
            shutil.copy(os.path.join(VENDORS, "targetsolutions", f),
                        self.dir)
        with open(self.path("certminder.conf")) as f:
            text = f.read().replace(
                'profile = "targetsolutions-credentials";',
                'profile = "targetsolutions-credentials"; '
                'not_completed_values = [ "Revoked" ];')
        self.write("certminder.conf", text)
        r = self.dry_json(self.path("certminder.conf"))
        self.assertEqual(len(r["refusals"]), 1)
        rc, _, err = run("-c", self.config('training = { file = "t.csv"; '
                                           'profile = "nope"; };'),
                         "--dry-run")
        self.assertEqual(rc, 78)
        self.assertIn("no profile 'nope'", err)
        self.assertIn("certminder --profiles lists them", err)


def groups(vendor):
    """A vendor configuration's roster and training groups, as text."""
    with open(os.path.join(VENDORS, vendor, "certminder.conf")) as f:
        text = f.read()
    at = text.index("roster = {")
    end = text.index("state_file")
    return re.sub(r'\bfile = "', f'file = "{vendor}/', text[at:end])


class Association(Case):

    def test_three_sources_in_three_layouts(self):
        """A TargetSolutions report, a Cornerstone transcript and an Excel
        matrix, each with its own roster: each agency's figures are those
        it gets alone (MHFA 3 of 6 and CIT 1; 3 of 6 and 1; 2 of 5 and 1),
        ids are kept per agency, and a problem names the source's file."""
        alone = {}
        for vendor in ("targetsolutions", "cornerstone", "matrix"):
            shutil.copytree(os.path.join(VENDORS, vendor),
                            self.path(vendor))
            r = self.dry_json(self.path(f"{vendor}/certminder.conf"))
            a = r["agencies"][0]
            alone[a["name"]] = (a["sworn"], {c["name"]: c["valid"] for c in
                                             a["certifications"]})
        conf = self.config(f"""
sources = (
  {{ agency = "Riverton PD"; {groups("targetsolutions")} }},
  {{ agency = "Lakeside PD"; {groups("cornerstone")} }},
  {{ agency = "Valley PD"; {groups("matrix")} }} );
state_file = "state.db";
""")
        r = self.dry_json(conf)
        together = {a["name"]: (a["sworn"], {c["name"]: c["valid"] for c in
                                             a["certifications"]})
                    for a in r["agencies"]}
        self.assertEqual(together, alone)
        self.assertEqual(together["Riverton PD"], (6, {"MHFA": 3, "CIT": 1}))
        self.assertEqual(together["Valley PD"], (5, {"MHFA": 2, "CIT": 1}))
        self.assertEqual(r["refusals"], [])
        self.assertEqual(r["brakes"], [])
        self.assertIn("Lakeside PD: training.csv",
                      [p["file"] for p in r["problems"]])
        ids = {(p["agency"], p["id"]) for p in r["people"]}
        self.assertIn(("Valley PD", "101"), ids)
        self.assertIn(("Riverton PD", "1001"), ids)
        rc, out, err = run("-c", conf, "--dry-run", "--roster", "x.csv")
        self.assertEqual(rc, 64)
        self.assertIn("with sources", err)

    def test_bookings_of_an_association(self):
        """Ids are per agency, so a booking names its agency: the
        regional academy's registrations say "valley  pd" (any case and
        spacing) for Valley's 101; the same id under Riverton is no one
        there.  Without an agency column the bookings cannot be placed,
        and the night is refused."""
        for vendor in ("targetsolutions", "matrix"):
            shutil.copytree(os.path.join(VENDORS, vendor),
                            self.path(vendor))
        book = self.write("book.csv", "Employee ID,Agency,Course,Start\n"
                          "101,valley  pd,Mental Health First Aid,"
                          "2027-01-12 08:00\n"
                          "101,Riverton PD,Mental Health First Aid,"
                          "2027-01-12 08:00\n")
        cal = os.path.join(DATA, "classes", "classes.csv")
        text = f"""
sources = (
  {{ agency = "Riverton PD"; {groups("targetsolutions")} }},
  {{ agency = "Valley PD"; {groups("matrix")} }} );
classes = {{ file = "{cal}"; }};
enrollments = {{ file = "{book}"; }};
state_file = "state.db";
"""
        r = self.dry_json(self.config(text))
        people = {(p["agency"], p["id"]): p for p in r["people"]}
        self.assertEqual(people[("Valley PD", "101")]["certs"]["MHFA"]
                         ["booked"], "2027-01-12")
        self.assertNotIn("booked", people[("Riverton PD", "1001")]["certs"]
                         ["MHFA"])
        rc, out, err = run("-c", self.path("certminder.conf"), "--dry-run",
                           "--today", "2026-11-23")
        self.assertIn("book.csv: 2 rows, 1 booked, 0 no-show, 1 of no one "
                      "on the roster", out)
        self.write("book.csv", "Employee ID,Course,Start\n"
                   "101,Mental Health First Aid,2027-01-12 08:00\n")
        rc, out, err = run("-c", self.path("certminder.conf"), "--dry-run",
                           "--today", "2026-11-23")
        self.assertEqual(rc, 65, err)
        self.assertIn("book.csv: no column Agency: with ids per agency", err)
