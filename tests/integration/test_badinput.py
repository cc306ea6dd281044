"""The bad-input corpus: each broken export with its documented outcome.

| case | outcome |
|---|---|
| a file cut off inside a quoted field | exit 65, "line N: a quote opened here is never closed", nothing sent |
| a file cut off inside a row | the short row is read as far as it goes |
| NUL bytes in a name / in an id | name dropped (falls back to the id) / roster row rejected |
| invalid UTF-8 | bytes replaced by U+FFFD, one problem per file suggesting windows-1252 |
| a 10 MB field | read; the report and the mail stay well-formed |
| 100,000 columns in a header | read; the missing column error lists the first 20 names |
| duplicate header names | exit 65 when the name is a configured column; ignored otherwise |
| an empty file | exit 65, "the file is empty: no header line" |
| a header-only file | exit 0, no staff, nothing due |
| a roster whose id column is all blank | every row rejected; a live run stops (exit 65) |
| mixed date forms | read with date_format = "auto" |
| dates in the year 0 / 9999 | year 0 rejected as impossible; 9999 completion is after today; 9999 expiry accepted |
| a config with every value of the wrong type | exit 78 naming the first wrong key and its line |
"""
import json

import agency
from helpers import Case, SmtpSink, TODAY, run

ROSTER = "Employee ID,Name,Email\n"
TRAINING = "Employee ID,Course Title,Completion Date,Expiration Date\n"
CONF = """
roster = { file = "roster.csv"; columns = { id = "Employee ID"; name = "Name"; email = "Email"; }; };
training = { file = "training.csv"; };
"""


class BadInput(Case):

    def files(self, roster, training, conf=CONF):
        self.write("roster.csv", roster)
        self.write("training.csv", training)
        return self.config(conf)

    def dry(self, conf, *extra):
        return run("-c", conf, "-n", "--today", TODAY, "--format", "json", *extra)

    def test_cut_inside_a_quote(self):
        conf = self.files(ROSTER + '1,Ann,a@x.example\n2,"Bob\n', TRAINING)
        rc, out, err = self.dry(conf)
        self.assertEqual((rc, out), (65, ""))
        self.assertIn("roster.csv: line 3: a quote opened here is never closed", err)

    def test_cut_inside_a_row(self):
        conf = self.files(ROSTER + "1,Ann,a@x.example\n2,Bo", TRAINING)
        rc, out, err = self.dry(conf)
        self.assertEqual(rc, 0, err)
        people = {p["id"]: p["name"] for p in json.loads(out)["people"]}
        self.assertEqual(people, {"1": "Ann", "2": "Bo"})

    def test_nul_bytes(self):
        conf = self.files(ROSTER + "1,An\0n,a@x.example\n2\0,Bob,b@x.example\n3,Cy,c@x.example\n",
                          TRAINING)
        rc, out, err = self.dry(conf)
        self.assertEqual(rc, 0, err)
        r = json.loads(out)
        # a line holding NUL bytes is refused as a row, with its line
        self.assertEqual([p["id"] for p in r["people"]], ["3"])
        msgs = [(p["line"], p["message"]) for p in r["problems"]]
        self.assertIn((2, "NUL bytes in the line"), msgs)
        self.assertIn((3, "NUL bytes in the line"), msgs)
        self.assertEqual(r["inputs"]["roster"]["rejected"], 2)

    def test_invalid_utf8(self):
        """Configured as UTF-8, a Windows-1252 byte is replaced and said
        once (encoding = "auto", the default, reads the file right)."""
        conf = self.files(ROSTER.encode() + b"1,Jos\xe9,a@x.example\n2,Ren\xe9e,b@x.example\n",
                          TRAINING, CONF.replace('file = "roster.csv";',
                                                 'file = "roster.csv"; encoding = "utf-8";', 1))
        rc, out, err = self.dry(conf)
        self.assertEqual(rc, 0, err)
        r = json.loads(out)
        self.assertEqual(r["people"][0]["name"], "Jos\ufffd")
        utf8 = [p for p in r["problems"] if "not valid UTF-8" in p["message"]]
        self.assertEqual(len(utf8), 1)
        self.assertIn("windows-1252", utf8[0]["message"])

    def test_ten_megabyte_field(self):
        """Values are bounded (limits.max_field_bytes, 1024): a longer one
        rejects its row, a line past 1024 times that is skipped, and a
        quoted value that long refuses the file, since where it ends
        cannot be told without keeping it all."""
        big = "x" * (10 * 1024 * 1024)
        conf = self.files(ROSTER + f"1,{big},a@x.example\n2,{'y' * 2000},"
                          "b@x.example\n3,Cy,c@x.example\n", TRAINING)
        rc, out, err = self.dry(conf)
        self.assertEqual(rc, 0, err)
        r = json.loads(out)
        self.assertEqual([p["id"] for p in r["people"]], ["3"])
        msgs = [(p["line"], p["message"]) for p in r["problems"]]
        self.assertIn((2, "a line of more than 1048576 bytes"), msgs)
        self.assertIn((3, "a value of 2000 bytes, more than max_field_bytes "
                       "(1024)"), msgs)
        conf = self.files(ROSTER + f'1,"{big}",a@x.example\n', TRAINING)
        rc, out, err = self.dry(conf)
        self.assertEqual(rc, 65)
        self.assertIn("line 2: a quoted record longer than the limit", err)

    def test_hundred_thousand_columns(self):
        header = ",".join(f"c{i}" for i in range(100000))
        conf = self.files(header + "\n" + ",".join("v" for _ in range(100000)) + "\n",
                          TRAINING)
        rc, out, err = self.dry(conf)
        self.assertEqual(rc, 65)
        self.assertIn("no column \"Employee ID\"", err)
        self.assertIn("and 99980 more", err)
        self.assertLess(len(err), 2000)
        conf = self.files("Employee ID," + header + "\n1," + ",".join("v" for _ in range(100000)) + "\n",
                          TRAINING)
        rc, out, err = self.dry(conf)
        # the configuration names a "Name" column, which is not there
        self.assertEqual(rc, 65)
        self.assertIn("no column \"Name\" (roster.columns key 'name')", err)
        self.assertLess(len(err), 2000)
        conf = self.files("Employee ID,Name,Email," + header + "\n1,Ann,"
                          "a@x.example," + ",".join("v" for _ in range(100000)) +
                          "\n", TRAINING)
        rc, out, err = self.dry(conf)
        self.assertEqual(rc, 0, err)

    def test_duplicate_header_names(self):
        conf = self.files("Employee ID,Name,Email,Note,Note\n1,Ann,a@x.example,x,y\n", TRAINING)
        self.assertEqual(self.dry(conf)[0], 0)
        conf = self.files("Employee ID,Name,Email,Name\n1,Ann,a@x.example,B\n", TRAINING)
        rc, out, err = self.dry(conf)
        self.assertEqual(rc, 65)
        self.assertIn('column "Name" appears twice (columns 2 and 4)', err)

    def test_empty_and_header_only(self):
        conf = self.files("", TRAINING)
        rc, out, err = self.dry(conf)
        self.assertEqual(rc, 65)
        self.assertIn("the file is empty: no header line", err)
        conf = self.files(ROSTER, TRAINING)
        rc, out, err = self.dry(conf)
        self.assertEqual(rc, 0, err)
        r = json.loads(out)
        self.assertEqual((r["agencies"], r["people"], r["notices"]), ([], [], []))
        # a header alone is a broken export: a live run would stop
        self.assertEqual(r["brakes"], [
            f"{name}: no rows under the header: an export with nobody in it "
            "is a broken one: check the export"
            for name in ("roster.csv", "training.csv")])
        rc, out, _ = run("-c", conf, "--check", "--today", TODAY)
        self.assertEqual(rc, 1, out)
        self.assertIn("inputs look broken", out)

    def test_training_header_only_stops_a_first_night(self):
        """A training export cut to its header would tell every officer
        that they hold nothing, even on the first night, when there is no
        last run to compare with and the agency is small enough for the
        backlog limit."""
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        agency.write(self.dir)
        self.write("training.csv", TRAINING)
        conf = agency.config(self.dir, sink.port)
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 65, err)
        self.assertIn("stopped before sending anything: training.csv: no "
                      "rows under the header", err)
        self.assertEqual(sink.messages(), [])
        # --force is for the night the coordinator knows it is true
        rc, out, err = run("-c", conf, "--today", TODAY, "--force")
        self.assertEqual(rc, 0, err)
        signup = [m["msg"]["To"] for m in sink.messages()
                  if m["msg"]["Subject"] == "Please sign up for MHFA training"]
        self.assertEqual(len(signup), 11)     # agency.PEOPLE: 11 officers

    def test_all_ids_blank(self):
        conf = self.files(ROSTER + ",Ann,a@x.example\n ,Bob,b@x.example\n", TRAINING)
        rc, out, err = self.dry(conf)
        self.assertEqual(rc, 0, err)
        r = json.loads(out)
        self.assertEqual(r["inputs"]["roster"], {"file": "roster.csv", "rows": 2, "rejected": 2,
                                                "encoding": "utf-8"})
        self.assertIn("roster.csv: 2 of 2 rows rejected", r["brakes"][0])

    def test_all_ids_blank_stops_a_live_run(self):
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        agency.write(self.dir)
        with open(self.path("roster.csv"), "a") as f:
            f.write("".join(f",Nobody {i},n{i}@x.example,yes,\n" for i in range(5)))
        conf = agency.config(self.dir, sink.port)
        rc, out, err = run("-c", conf, "--today", TODAY)
        self.assertEqual(rc, 65)
        self.assertIn("rows rejected", err)
        self.assertEqual(sink.messages(), [])

    def test_mixed_date_forms(self):
        conf = self.files(ROSTER + "".join(f"{i},P{i},\n" for i in range(1, 7)), TRAINING +
                          "1,MHFA,2024-03-15,\n2,MHFA,3/15/2024,\n3,MHFA,3/15/24,\n"
                          "4,MHFA,45366,\n5,MHFA,2024-03-15 08:00:00,\n6,MHFA,3/15/2024 8:00 AM,\n")
        rc, out, err = self.dry(conf)
        self.assertEqual(rc, 0, err)
        exp = {p["certs"]["MHFA"]["expires"] for p in json.loads(out)["people"]}
        self.assertEqual(exp, {"2027-03-15"})

    def test_years_zero_and_9999(self):
        conf = self.files(ROSTER + "1,A,\n2,B,\n3,C,\n", TRAINING +
                          "1,MHFA,0000-06-01,\n2,MHFA,9999-01-01,\n3,MHFA,2024-01-01,9999-12-31\n")
        rc, out, err = self.dry(conf)
        self.assertEqual(rc, 0, err)
        r = json.loads(out)
        msgs = {p["line"]: p["message"] for p in r["problems"]}
        self.assertEqual(msgs[2], "impossible date '0000-06-01' (completion date)")
        self.assertEqual(msgs[3], "completion date 9999-01-01 is after today (2026-11-23)")
        # an expiry 7,975 years after the completion is no certificate
        self.assertEqual(msgs[4], "expiry date 9999-12-31 is more than ten "
                         "years after the completion date 2024-01-01: if the "
                         "export writes it for a course that does not "
                         "expire, add it as written to no_expiry_values")
        self.assertEqual(self.person_cert(r, "3"), {"status": "missing"})

    def person_cert(self, r, pid):
        return [p for p in r["people"] if p["id"] == pid][0]["certs"]["MHFA"]

    def test_config_with_every_value_of_the_wrong_type(self):
        conf = self.config("""agency_name = 5;
date_format = 1;
id_ignore_leading_zeros = "yes";
roster = [ 1 ];
training = "t.csv";
certifications = { name = "MHFA"; };
stages = "90";
overdue_every_days = 1.5;
forecast_days = true;
limits = 0;
state_file = 3;
mail = ( );
smtp = "smtp://x";
log = 0;
""")
        rc, out, err = run("-c", conf, "-n")
        self.assertEqual(rc, 78)
        self.assertEqual(err, f"certminder: {conf}:1: 'agency_name': must be a "
                              "string, not an integer\n")
        # each line alone is refused too, naming its own line
        lines = open(conf).read().splitlines()
        for n, line in enumerate(lines, 1):
            one = self.config("\n" * (n - 1) + line + "\n", name=f"one{n}.conf")
            rc, out, err = run("-c", one, "-n")
            self.assertEqual(rc, 78, line)
            self.assertIn(f"one{n}.conf:{n}: ", err, line)
