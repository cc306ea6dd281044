"""Course rules as the pledge reads them: titles that say they are not the
course, refreshers that renew only after a full course, MHFA's
recertification only while current, hours, and the titles counted shown.
Every figure is counted by hand in the test's docstring."""
import csv
import io
import re

from helpers import Case, TODAY, run

# A learning system's transcript export: hours beside each completion.
HEADER = "Employee ID,Course Title,Completion Date,Credit Hours\r\n"
ROSTER_HEADER = "Employee ID,First Name,Last Name,Email,Employee Type\r\n"


def roster(ids):
    return ROSTER_HEADER + "".join(
        f"{i},First{i},Last{i},o{i}@riverton.example,Sworn\r\n" for i in ids)


# TODAY is 2026-11-23.  One officer a case:
TRAINING = HEADER + "".join([
    # 101: the title says it is not MHFA
    "101,MHFAX Pilot (not MHFA),2025-03-01,8\r\n",
    # 102: CPI's course for hospital and school staff, not CIT
    "102,Nonviolent Crisis Intervention Training,2025-03-01,16\r\n",
    # 103: 40-hour CIT in 2019 (lapsed 2022-05-01), an 8-hour refresher
    # in 2024: CIT renews after a lapse -> valid through 2027-06-10
    "103,CIT 40-Hour Basic,2019-05-01,40\r\n",
    "103,CIT Refresher,2024-06-10,8\r\n",
    # 104: a refresher with no full course before it: counts for nothing
    "104,CIT Refresher,2024-06-10,8\r\n",
    # 105: MHFA 2022-01-15 (through 2025-01-15), recertified 2024-12-01
    # while current -> through 2027-12-01
    "105,Mental Health First Aid for Public Safety,2022-01-15,8\r\n",
    "105,MHFA Recertification,2024-12-01,3\r\n",
    # 106: MHFA 2021-02-01 (through 2024-02-01), recertified after it
    # lapsed: renews nothing; expired
    "106,Mental Health First Aid,2021-02-01,8\r\n",
    "106,MHFA Recertification,2024-05-01,3\r\n",
    # 107: a waiver entered as a completion of 0 hours
    "107,Mental Health First Aid,2025-01-10,0\r\n",
    # 108, 109: a 2-hour annual online CIT; 110 a 1-hour roll call
    "108,Crisis Intervention Training - Annual Online 2024,2024-09-01,2\r\n",
    "109,Crisis Intervention Training - Annual Online 2024,2024-09-03,2\r\n",
    "110,CIT Roll Call Update,2024-09-05,1\r\n",
    # 108: ICAT, which the pledge's FAQ accepts for MHFA
    "108,ICAT,2025-05-01,8\r\n",
    "109,Mental Health First Aid for Public Safety,2025-06-01,8\r\n",
    "110,Mental Health First Aid for Public Safety,2025-06-01,8\r\n",
])
IDS = range(101, 111)


class PledgeRules(Case):

    def conf(self, training=TRAINING, hours=True, extra=""):
        self.write("roster.csv", roster(IDS))
        self.write("training.csv", training)
        cols = ('columns = { id = "Employee ID"; course = "Course Title"; '
                'completed = "Completion Date"; hours = "Credit Hours"; };'
                if hours else "")
        return self.config(f"""
agency_name = "Riverton PD";
roster = {{ file = "roster.csv"; }};
training = {{ file = "training.csv"; {cols} }};
state_file = "state.db";
mail = {{ from = "Training <training@riverton.example>";
         summary_to = [ "training@riverton.example" ]; }};
smtp = {{ url = "smtp://127.0.0.1:{{port}}"; tls = "none"; timeout_s = 5; }};
{extra}
""")

    def test_statuses_counted_by_hand(self):
        """10 sworn.  MHFA valid: 105 (renewed while current), 108 (ICAT),
        109, 110 = 4; 101 (not MHFA), 102, 103, 104 and 107 (0 hours)
        missing; 106 expired (its recertification came after the lapse).
        CIT valid: 103 alone (the refresher renews after a lapse); 104's
        refresher has no course before it; 108-110 are under 40 hours;
        102's course is no CIT.  CIT needs 2 (20 % of 10)."""
        r = self.dry_json(self.conf())
        status = {p["id"]: {k: v["status"] for k, v in p["certs"].items()}
                  for p in r["people"]}
        self.assertEqual(self.cert(r, "MHFA")["valid"], 4)
        self.assertEqual(self.cert(r, "CIT")["valid"], 1)
        self.assertEqual(self.cert(r, "CIT")["required"], 2)
        for pid in ("101", "102", "103", "104", "107"):
            self.assertEqual(status[pid]["MHFA"], "missing", pid)
        self.assertEqual(status["106"]["MHFA"], "expired")
        for pid in ("105", "108", "109", "110"):
            self.assertIn(status[pid]["MHFA"], ("current", "expiring"), pid)
        for pid in ("102", "104", "108", "109", "110"):
            self.assertEqual(status[pid]["CIT"], "missing", pid)
        self.assertEqual(status["103"]["CIT"], "current")
        p103 = self.person(r, "103")["certs"]["CIT"]
        self.assertEqual(p103["expires"], "2027-06-10")
        self.assertEqual(self.person(r, "105")["certs"]["MHFA"]["expires"],
                         "2027-12-01")
        msgs = {p["line"]: p["message"] for p in r["problems"]}
        # line 6 is 104's refresher, line 10 106's recertification
        self.assertEqual(msgs[6], "'CIT Refresher' for 104 on 2024-06-10 "
                         "renews CIT, but no full CIT course is on record "
                         "before it: counted for nothing")
        self.assertEqual(msgs[10], "'MHFA Recertification' for 106 on "
                         "2024-05-01 came after MHFA lapsed (valid through "
                         "2024-02-01): it renews nothing; the full course "
                         "is needed")
        self.assertEqual(len(r["problems"]), 2)
        self.assertEqual(r["inputs"]["training"]["rejected"], 0)

    def test_hours_one_line_per_title_not_per_row(self):
        """The three short CIT rows are one line naming both titles with
        their rows; 107's 0-hour row another; none is a problem row."""
        r = self.dry_json(self.conf())
        self.assertIn("CIT: 3 rows are under min_hours (40) and count for "
                      "nothing: 'Crisis Intervention Training - Annual "
                      "Online 2024' (2 rows), 'CIT Roll Call Update' "
                      "(1 row)", r["warnings"])
        self.assertIn("MHFA: 1 row of 0 hours counts for nothing: 'Mental "
                      "Health First Aid' (1 row)", r["warnings"])
        unc = {(t["certification"], t["title"]):
               (t["under_min_hours_rows"], t["zero_hours_rows"],
                t["min_hours"])
               for t in r["inputs"]["training"]["uncounted_titles"]}
        self.assertEqual(unc, {
            ("CIT", "Crisis Intervention Training - Annual Online 2024"):
            (2, 0, 40),
            ("CIT", "CIT Roll Call Update"): (1, 0, 40),
            ("MHFA", "Mental Health First Aid"): (0, 1, 0)})
        for p in r["problems"]:
            self.assertNotIn("hours", p["message"])
        rc, out, _ = run("-c", self.conf(), "--dry-run", "--today", TODAY)
        self.assertEqual(out.count("under min_hours"), 1)

    def test_counted_titles_in_json_text_and_html(self):
        """Counted rows per title: 'Mental Health First Aid for Public
        Safety' 3 rows, 3 people (105, 109, 110); 'Mental Health First
        Aid' 1 (106's 2021 course; 107's 0-hour row is not); 'MHFA
        Recertification' 1 renewal (105; 106's renews nothing); ICAT 1,
        an equivalent; 'CIT 40-Hour Basic' 1; 'CIT Refresher' 1 renewal
        (103; 104's is not)."""
        conf = self.conf()
        r = self.dry_json(conf)
        got = {(t["certification"], t["title"]):
               (t["rows"], t["people"], t["renewal"], t["equivalent"])
               for t in r["inputs"]["training"]["counted_titles"]}
        self.assertEqual(got, {
            ("MHFA", "Mental Health First Aid for Public Safety"):
            (3, 3, False, False),
            ("MHFA", "Mental Health First Aid"): (1, 1, False, False),
            ("MHFA", "MHFA Recertification"): (1, 1, True, False),
            ("MHFA", "ICAT"): (1, 1, False, True),
            ("CIT", "CIT 40-Hour Basic"): (1, 1, False, False),
            ("CIT", "CIT Refresher"): (1, 1, True, False)})
        rc, out, _ = run("-c", conf, "--dry-run", "--today", TODAY)
        self.assertEqual(rc, 0)
        self.assertIn("Titles counted (certification, rows, people, "
                      "title):", out)
        self.assertRegex(out, r"MHFA +1 +1  ICAT \(equivalent\)\n")
        self.assertRegex(out, r"CIT +1 +1  CIT Refresher \(renewal\)\n")
        self.assertNotIn("MHFAX", out.split("Other courses")[0])
        rc, html, _ = run("-c", conf, "--dry-run", "--today", TODAY,
                          "--format", "html")
        self.assertEqual(rc, 0)
        self.assertIn("<h2>Course titles counted</h2>", html)
        self.assertIn("<td>ICAT (equivalent)</td><td class=\"n\">1</td>",
                      html)

    def test_letter_and_evidence_name_renewals_and_equivalents(self):
        """The letter names ICAT as the equivalent the FAQ accepts and
        the refreshers as renewals; the evidence marks 103's CIT and
        105's MHFA rows as renewals."""
        conf = self.conf()
        rc, out, err = run("-c", conf, "--dry-run", "--today", TODAY,
                           "--format", "letter")
        self.assertEqual(rc, 0, err)
        text = re.sub(r"\s+", " ", out)
        self.assertIn("Mental Health First Aid (MHFA), or an equivalent "
                      "course the pledge's FAQ accepts (ICAT): 4 of 10",
                      text)
        self.assertIn('- MHFA: "ICAT", 1 person (an equivalent course, '
                      "counted as the pledge's FAQ accepts it)", text)
        self.assertIn('- CIT: "CIT Refresher", 1 person (a renewal of an '
                      'earlier full course)', text)
        self.assertNotIn("Crisis Intervention Team (CIT), or", text)
        rc, out, err = run("-c", conf, "--dry-run", "--today", TODAY,
                           "--format", "evidence")
        self.assertEqual(rc, 0, err)
        rows = {(r["id"], r["certification"]): r["course_kind"]
                for r in csv.DictReader(io.StringIO(out, newline=""))}
        self.assertEqual(rows[("103", "CIT")], "renewal")
        self.assertEqual(rows[("105", "MHFA")], "renewal")
        self.assertEqual(rows[("109", "MHFA")], "course")
        self.assertEqual(rows[("108", "MHFA")], "course")

    def test_min_hours_unchecked_warns(self):
        """Without an hours column the three short CIT rows count:
        CIT valid 103, 104 (a refresher is no longer under its hours, but
        still has no course before it: not), 108, 109, 110 = 4.  Every
        report says min_hours is not checked, and --check says WARNING
        though both figures would otherwise be what they are."""
        training = re.sub(r",[0-9]+\r\n", "\r\n", TRAINING).replace(
            ",Credit Hours", "")
        conf = self.conf(training, hours=False)
        r = self.dry_json(conf)
        self.assertEqual(self.cert(r, "CIT")["valid"], 4)
        warn = [w for w in r["warnings"] if "not checked" in w]
        self.assertEqual(warn, [
            "CIT: min_hours (40) and renewal_min_hours (8) are not "
            "checked: the training file has no hours column; map "
            "training.columns.hours, or set both to 0 to count every CIT "
            "course whatever its hours"])
        rc, out, _ = run("-c", conf, "--dry-run", "--today", TODAY)
        self.assertIn("Note: CIT: min_hours (40) and renewal_min_hours",
                      out)
        # thresholds 0: nothing else could make --check warn
        zero = self.conf(training, hours=False, extra="""
certifications = ( { name = "MHFA"; threshold_pct = 0; },
                   { name = "CIT"; threshold_pct = 0; } );""")
        rc, out, _ = run("-c", zero, "--check", "--today", TODAY)
        self.assertEqual(rc, 1, out)
        self.assertTrue(out.startswith("CERTMINDER WARNING"), out)
        self.assertIn("inputs not fully checked (see --dry-run)", out)
        # said to count every course: no warning
        none = self.conf(training, hours=False, extra="""
certifications = ( { name = "MHFA"; threshold_pct = 0; },
                   { name = "CIT"; threshold_pct = 0; min_hours = 0;
                     renewal_min_hours = 0; } );""")
        rc, out, _ = run("-c", none, "--check", "--today", TODAY)
        self.assertEqual(rc, 0, out)
        self.assertTrue(out.startswith("CERTMINDER OK"), out)

    def test_renewal_rules_configurable(self):
        """renew_before_expiry_only = false for MHFA: 106's late
        recertification renews (2024-05-01 + 36 months = 2027-05-01):
        MHFA valid 5.  renewed_by = [] for CIT: 'CIT Refresher' is a full
        course again, under min_hours (40) at 8 hours: CIT valid 0."""
        r = self.dry_json(self.conf(extra="""
certifications = ( { name = "MHFA"; renew_before_expiry_only = false; },
                   { name = "CIT"; renewed_by = [ ]; } );"""))
        self.assertEqual(self.cert(r, "MHFA")["valid"], 5)
        self.assertEqual(self.person(r, "106")["certs"]["MHFA"]["expires"],
                         "2027-05-01")
        self.assertEqual(self.cert(r, "CIT")["valid"], 0)

    def test_new_title_named_in_the_summary(self):
        """Night 1 (2026-11-23) records the titles counted.  Night 2 adds
        'MHFA Online Pilot' for 101 and 102: the summary, read back from
        the server, names it with its 2 people and says how to leave it
        out.  Night 3, the same files: no summary names it again.  The
        summary goes daily here (weekly by default)."""
        conf = self.conf(extra='summary_every = "daily";')
        sink = self.sink_for(conf)
        rc, _, err = run("-c", conf, "--today", "2026-11-23", "--force")
        self.assertEqual(rc, 0, err)
        first = [m for m in sink.messages()
                 if "training@" in m["rcpt_tos"][0]]
        self.assertTrue(first)
        for m in first:
            self.assertNotIn("New title", m["msg"].get_content())
        sink.clear()
        self.write("training.csv", TRAINING +
                   "101,MHFA Online Pilot,2026-11-20,8\r\n"
                   "102,MHFA Online Pilot,2026-11-21,8\r\n")
        rc, _, err = run("-c", conf, "--today", "2026-11-24")
        self.assertEqual(rc, 0, err)
        summaries = [m["msg"].get_content() for m in sink.messages()
                     if m["rcpt_tos"] == ["training@riverton.example"]]
        self.assertEqual(len(summaries), 1)
        body = re.sub(r"\s+", " ", summaries[0])
        self.assertIn("New title counted as MHFA tonight: 'MHFA Online "
                      "Pilot' (2 people). If it is not MHFA, add it to "
                      "MHFA's exclude.", body)
        sink.clear()
        rc, _, err = run("-c", conf, "--today", "2026-11-25")
        self.assertEqual(rc, 0, err)
        for m in sink.messages():
            self.assertNotIn("New title", m["msg"].get_content())
