"""Inputs, exit codes and the command line, on files written by each test."""
import json

from helpers import Case, TODAY, run

ROSTER = "Employee ID,Name,Email,Sworn,Agency\n"
TRAINING = "Employee ID,Course Title,Completion Date,Expiration Date\n"
# What a live run needs besides the inputs; nothing listens on port 9.
LIVE = """
state_file = "state.db";
mail = { from = "Training <training@x.example>"; };
smtp = { url = "smtp://127.0.0.1:9"; tls = "none"; timeout_s = 2; };
"""
CONF = """
roster = {{ file = "roster.csv"; columns = {{ id = "Employee ID"; name = "Name";
  email = "Email"; sworn = "Sworn"; agency = "Agency"; }}; }};
training = {{ file = "training.csv"; {training}}};
{extra}
"""


class Inputs(Case):

    def setup_files(self, roster, training, extra=""):
        if roster is not None:
            self.write("roster.csv", roster)
        self.write("training.csv", training)
        return self.config(CONF.format(extra=extra, training="")
                           if roster is not None
                           else 'training = { file = "training.csv"; };\n' + extra)

    def test_no_roster_people_come_from_training(self):
        conf = self.setup_files(None, TRAINING +
                                "1,MHFA,2025-01-01,\n2,CIT,2025-01-01,\n"
                                "3,QPR,2025-01-01,\n")
        r = self.dry_json(conf)
        self.assertIsNone(r["inputs"]["roster"])
        self.assertEqual(r["agencies"][0]["sworn"], 3)
        self.assertEqual(self.cert(r, "MHFA")["valid"], 1)
        self.assertEqual(self.cert(r, "MHFA")["missing"], 2)
        self.assertIn("coverage may be overstated", r["warnings"][0])
        rc, out, _ = run("-c", conf, "-n", "--today", TODAY)
        self.assertIn("Note: no roster: staff with no training record "
                      "cannot be counted", out)

    def test_many_names_from_first_and_last(self):
        """Every person's name is "First Last", however many there are and
        however their text is laid out in memory."""
        rows = "".join(f"{i},{'F' * (i % 37 + 1)}{i},L{'x' * (i % 53)}{i},"
                       f"MHFA,2025-01-01\n" for i in range(1, 20001))
        self.write("training.csv", "Employee ID,First Name,Last Name,"
                   "Course Title,Completion Date\n" + rows)
        conf = self.config('training = { file = "training.csv"; columns = {'
                           ' id = "Employee ID"; first_name = "First Name";'
                           ' last_name = "Last Name"; course = "Course Title";'
                           ' completed = "Completion Date"; }; };\n')
        r = self.dry_json(conf)
        names = {p["id"]: p["name"] for p in r["people"]}
        self.assertEqual(len(names), 20000)
        for i in range(1, 20001):
            self.assertEqual(names[str(i)],
                             f"{'F' * (i % 37 + 1)}{i} L{'x' * (i % 53)}{i}")

    def test_agencies_each_have_their_threshold(self):
        roster = ROSTER + "".join(
            f"{i},P{i},p{i}@x.example,yes,{'North' if i < 6 else 'South'}\n"
            for i in range(1, 12))
        training = TRAINING + "".join(f"{i},CIT,2025-06-01,\n" for i in (1, 6, 7))
        r = self.dry_json(self.setup_files(roster, training))
        names = [a["name"] for a in r["agencies"]]
        self.assertEqual(names, ["North", "South"])
        north = self.cert(r, "CIT", 0)
        south = self.cert(r, "CIT", 1)
        self.assertEqual((r["agencies"][0]["sworn"], north["required"],
                          north["valid"], north["met"]), (5, 1, 1, True))
        self.assertEqual((r["agencies"][1]["sworn"], south["required"],
                          south["valid"], south["met"]), (6, 2, 2, True))

    def test_twenty_percent_counts_sworn_only(self):
        roster = ROSTER + "".join(f"{i},P{i},,yes,\n" for i in range(101)) + \
            "900,Dispatcher,,no,\n"
        training = TRAINING + "".join(f"{i},CIT,2025-06-01,\n" for i in range(20)) + \
            "900,CIT,2025-06-01,\n"
        r = self.dry_json(self.setup_files(roster, training))
        cit = self.cert(r, "CIT")
        self.assertEqual((cit["required"], cit["valid"], cit["met"],
                          cit["shortfall"]), (21, 20, False, 1))

    def test_semicolon_and_eu_dates(self):
        self.write("roster.csv", "Employee ID;Name;Email;Sworn;Agency\n1;A;;yes;\n2;B;;yes;\n")
        self.write("training.csv", TRAINING.replace(",", ";") +
                   "1;MHFA;15.3.2024;\n2;MHFA;3/4/2024;\n")
        conf = self.config(CONF.format(extra="", training='date_format = "eu"; '))
        r = self.dry_json(conf)
        self.assertEqual(self.person(r, "1")["certs"]["MHFA"]["expires"], "2027-03-15")
        self.assertEqual(self.person(r, "2")["certs"]["MHFA"]["expires"], "2027-04-03")

    def test_tab_delimiter_as_configured(self):
        """delimiter = "\\t" as the configuration examples write it; a
        comma inside a tab-separated title is text."""
        self.write("roster.csv", "Employee ID,Name,Email,Sworn,Agency\n1,A,,yes,\n2,B,,yes,\n")
        self.write("training.csv", "Employee ID\tCourse Title\tCompletion Date\t"
                   "Expiration Date\n1\tMHFA Adult, Public Safety\t2024-03-15\t\n"
                   "2\tCIT\t 2024-04-03 \t\n")
        conf = self.config(CONF.format(extra="", training='delimiter = "\\t"; '))
        r = self.dry_json(conf)
        self.assertEqual(self.person(r, "1")["certs"]["MHFA"]["expires"], "2027-03-15")
        self.assertEqual(self.person(r, "2")["certs"]["CIT"]["expires"], "2027-04-03")

    def test_expiry_column_and_never_expiring(self):
        conf = self.setup_files(ROSTER + "1,A,,yes,\n2,B,,yes,\n", TRAINING +
                                "1,MHFA,2025-01-01,2025-12-31\n"
                                "1,MHFA,2024-01-01,\n"
                                "2,CIT,2010-01-01,\n",
                                extra='certifications = ( { name = "MHFA"; }, '
                                '{ name = "CIT"; validity_months = 0; } );')
        r = self.dry_json(conf)
        # latest expiry wins: 2024-01-01 + 36 months beats the 2025-12-31 column
        self.assertEqual(self.person(r, "1")["certs"]["MHFA"],
                         {"status": "expiring", "expires": "2027-01-01", "days_left": 39})
        self.assertEqual(self.person(r, "2")["certs"]["CIT"], {"status": "current"})
        self.assertEqual(self.cert(r, "CIT")["breaks_on"], None)

    def test_hostile_values_never_kept(self):
        roster = ROSTER + '1,"Eve\r\nBcc: all@x.example",eve@x.example,yes,\n' \
                          '2,Mal,"mal@x.example\r\nRCPT TO:<all@x.example>",yes,\n' \
                          '3,=HYPERLINK("http://evil"),-cmd@x.example,yes,\n'
        conf = self.setup_files(roster, TRAINING)
        r = self.dry_json(conf)
        self.assertEqual(self.person(r, "1")["name"], "1")
        by_person = {n.get("person"): n for n in r["notices"]}
        self.assertEqual(by_person["1"]["to"], ["eve@x.example"])
        self.assertEqual(by_person["2"]["to"], [])
        self.assertTrue(by_person["2"]["unreachable"])
        msgs = [p["message"] for p in r["problems"]]
        self.assertIn("the name value holds a control character: ignored", msgs)
        self.assertIn("the email value holds a control character: ignored", msgs)
        rc, out, err = run("-c", conf, "-n", "--today", TODAY, "--format", "csv")
        self.assertIn('"\'=HYPERLINK(""http://evil"")"', out)

    def test_missing_column_names_the_header(self):
        conf = self.setup_files("Badge,Name\n1,A\n", TRAINING, extra=LIVE)
        for extra in ([], ["--dry-run"]):
            rc, out, err = run("-c", conf, "--today", TODAY, *extra)
            self.assertEqual(rc, 65)
            self.assertIn("roster.csv: line 1: no column \"Employee ID\"", err)
            self.assertIn("the header has 'Badge', 'Name'", err)
            self.assertEqual(out, "")

    def test_duplicate_mapped_header(self):
        conf = self.setup_files("Employee ID,Name,Employee ID\n1,A,2\n", TRAINING)
        rc, out, err = run("-c", conf, "-n", "--today", TODAY)
        self.assertEqual(rc, 65)
        self.assertIn("column \"Employee ID\" appears twice (columns 1 and 3)", err)

    def test_missing_and_empty_files(self):
        conf = self.setup_files(ROSTER, TRAINING)
        rc, out, err = run("-c", conf, "-n", "--today", TODAY,
                           "--training", self.path("nope.csv"))
        self.assertEqual(rc, 66)
        self.assertIn("nope.csv: No such file or directory", err)
        self.write("empty.csv", "")
        rc, out, err = run("-c", conf, "-n", "--today", TODAY,
                           "--roster", self.path("empty.csv"))
        self.assertEqual(rc, 65)
        self.assertIn("empty.csv: the file is empty: no header line", err)

    def test_unclosed_quote(self):
        conf = self.setup_files(ROSTER, TRAINING + '1,MHFA,2025-01-01,\n2,"MHFA,2025-01-01,\n3,MHFA,2025-01-01,\n')
        rc, out, err = run("-c", conf, "-n", "--today", TODAY)
        self.assertEqual(rc, 65)
        self.assertIn("training.csv: line 3: a quote opened here is never closed", err)

    def test_config_errors_name_file_and_line(self):
        conf = self.config('agency_name = "x";\nsmtp = { port = 25; };\n')
        rc, out, err = run("-c", conf, "-n")
        self.assertEqual(rc, 78)
        self.assertEqual(err, f"certminder: {conf}:2: 'smtp.port': unknown key\n")
        rc, out, err = run("-c", self.path("missing.conf"), "-n")
        self.assertEqual(rc, 78)
        self.assertIn("missing.conf: No such file or directory", err)

    def test_config_from_environment(self):
        conf = self.setup_files(ROSTER + "1,A,,yes,\n", TRAINING)
        rc, out, err = run("-n", "--today", TODAY, "--format", "json",
                           env={"CERTMINDER_CONF": conf})
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["agencies"][0]["sworn"], 1)

    def test_usage_errors(self):
        for args in (["--bogus"], ["--today", "2026-02-30"], ["--format", "xml"],
                     ["extra-argument"]):
            rc, out, err = run(*args)
            self.assertEqual(rc, 64, args)
            self.assertIn("usage: certminder", err)
        rc, out, err = run("--help")
        self.assertEqual(rc, 0)
        for opt in ("--dry-run", "--today", "--format", "--output", "--roster",
                    "--training", "--check", "--force", "--quiet", "--verbose",
                    "--version"):
            self.assertIn(opt, out)
        rc, out, err = run("-V")
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"^certminder \d")


class Check(Case):
    """--check: one line, exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN."""

    def check(self, training, today=TODAY, header=TRAINING, columns=""):
        self.write("roster.csv", ROSTER + "1,A,,yes,\n2,B,,yes,\n")
        self.write("training.csv", header + training)
        conf = self.config(CONF.format(extra="", training=columns))
        return run("-c", conf, "--check", "--today", today)

    def test_ok(self):
        """With an hours column CIT's 40 hours are checked: OK."""
        rc, out, err = self.check(
            "1,MHFA,2025-06-01,8\n2,MHFA,2025-06-01,8\n1,CIT,2025-06-01,40\n",
            header="Employee ID,Course Title,Completion Date,Hours\n",
            columns='columns = { id = "Employee ID"; course = "Course Title"; '
                    'completed = "Completion Date"; hours = "Hours"; }; ')
        self.assertEqual(rc, 0, out)
        self.assertTrue(out.startswith("CERTMINDER OK - MHFA 2/2, CIT 1/1 |"))
        self.assertEqual(out.count("\n"), 1)

    def test_warning_when_breaking_within_warn_days(self):
        rc, out, err = self.check("1,MHFA,2025-06-01,\n2,MHFA,2024-01-01,\n"
                                  "1,CIT,2025-06-01,\n")
        self.assertEqual(rc, 1, out)
        self.assertIn("CERTMINDER WARNING - MHFA 2/2 breaks 2027-01-02", out)

    def test_critical_when_not_met(self):
        rc, out, err = self.check("1,MHFA,2025-06-01,\n1,CIT,2025-06-01,\n")
        self.assertEqual(rc, 2, out)
        self.assertIn("CERTMINDER CRITICAL - MHFA 1/2 below 100 %", out)

    def test_unknown_when_inputs_fail(self):
        rc, out, err = self.check("", today=TODAY)
        self.assertEqual(rc, 2)
        rc, out, err = run("-c", self.path("nope.conf"), "--check")
        self.assertEqual(rc, 3)
        self.assertTrue(out.startswith("CERTMINDER UNKNOWN"))
