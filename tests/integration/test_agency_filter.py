"""--agency NAME: a state association runs one roster of many agencies and
hands each chief the reports of their own agency alone."""
import csv
import io
import json

from helpers import Case, TODAY, run

ROSTER = ("Employee ID,First Name,Last Name,Email,Employee Type,Status,"
          "Agency\r\n"
          "1,Ana,Alvarez,ana@riverton.example,Sworn Officer,Active,"
          "Riverton PD\r\n"
          "2,Bo,Baker,bo@riverton.example,Sworn Officer,Active,"
          "Riverton PD\r\n"
          "3,Cy,Chen,cy@lakeside.example,Sworn Officer,Active,Lakeside SO\r\n"
          "4,Dee,Diaz,dee@lakeside.example,Sworn Officer,Active,"
          "Lakeside SO\r\n"
          "5,Eve,Evans,eve@lakeside.example,Sworn Officer,Active,"
          "Lakeside SO\r\n")
TRAINING = ("Employee ID,Course Title,Completion Date\r\n"
            "1,Mental Health First Aid,01/10/2025\r\n"
            "3,Mental Health First Aid,01/10/2025\r\n"
            "4,Mental Health First Aid,01/01/2023\r\n"
            "5,Mental Health First Aid,01/10/2024\r\n")


class AgencyFilter(Case):

    def conf(self):
        self.write("roster.csv", ROSTER)
        self.write("training.csv", TRAINING)
        return self.config("""
roster = { file = "roster.csv"; };
training = { file = "training.csv"; };
state_file = "state.db";
mail = { from = "Training <training@state.example>";
  summary_to = [ "training@state.example" ]; };
smtp = { url = "smtp://127.0.0.1:25"; tls = "none"; };
""")

    def report(self, conf, fmt, *extra):
        rc, out, err = run("-c", conf, "--dry-run", "--today", TODAY,
                           "--format", fmt, *extra)
        self.assertEqual(rc, 0, err)
        return out

    def test_every_report_shows_the_one_agency(self):
        """On 2026-11-23, Lakeside SO: Cy's MHFA runs to 2028-01-10, Dee's
        expired on 2026-01-01, Eve's expires on 2027-01-10: 3 sworn, 2
        valid, 1 short of 100 %; notices for Dee and Eve only.  Riverton's
        Bo (never trained) shows in no Lakeside report."""
        conf = self.conf()
        doc = json.loads(self.report(conf, "json", "--agency",
                                     "Lakeside SO"))
        self.assertEqual([a["name"] for a in doc["agencies"]],
                         ["Lakeside SO"])
        mhfa = doc["agencies"][0]["certifications"][0]
        self.assertEqual((doc["agencies"][0]["sworn"], mhfa["valid"],
                          mhfa["shortfall"]), (3, 2, 1))
        self.assertEqual(sorted(p["id"] for p in doc["people"]),
                         ["3", "4", "5"])
        self.assertEqual(sorted(n["person"] for n in doc["notices"]
                                if "person" in n), ["4", "5"])
        rows = csv.DictReader(io.StringIO(self.report(
            conf, "csv", "--agency", "Lakeside SO"), newline=""))
        self.assertEqual({r["agency"] for r in rows}, {"Lakeside SO"})
        rows = csv.DictReader(io.StringIO(self.report(
            conf, "schedule", "--agency", "Lakeside SO"), newline=""))
        self.assertEqual([r["id"] for r in rows], ["4", "5"])
        rows = csv.DictReader(io.StringIO(self.report(
            conf, "evidence", "--agency", "Lakeside SO"), newline=""))
        self.assertEqual([r["id"] for r in rows], ["3", "5"])
        text = self.report(conf, "text", "--agency", "Lakeside SO")
        self.assertIn("Lakeside SO", text)
        self.assertNotIn("Riverton", text)
        self.assertNotIn("Bo Baker", text)
        # unfiltered, both agencies are there
        doc = json.loads(self.report(conf, "json"))
        self.assertEqual(len(doc["agencies"]), 2)

    def test_a_row_refused_whole_is_no_other_agency_s(self):
        """A row refused before its values are read (a value over
        max_field_bytes) has no agency known: its problem is in every
        agency's report, not given the agency of the row before it."""
        conf = self.conf()
        self.write("roster.csv", ROSTER.replace(
            "3,Cy,Chen,", "3,Cy," + "C" * 60 + ","))
        with open(conf, "a") as f:
            f.write("limits = { max_field_bytes = 40; };\n")
        for name in ("Lakeside SO", "Riverton PD"):
            doc = json.loads(self.report(conf, "json", "--agency", name))
            lines = [p["line"] for p in doc["problems"]
                     if p["file"] == "roster.csv"]
            self.assertEqual(lines, [4], name)

    def test_check_line_of_one_agency(self):
        """Riverton alone: Bo never trained, so MHFA is 1 of 2."""
        conf = self.conf()
        rc, out, err = run("-c", conf, "--check", "--today", TODAY,
                           "--agency", "Riverton PD")
        self.assertEqual(rc, 2, out + err)
        self.assertIn("MHFA'=1;;2;0;2", out)
        self.assertNotIn("Lakeside", out)

    def test_unknown_agency_is_a_usage_error_naming_the_known(self):
        conf = self.conf()
        rc, out, err = run("-c", conf, "--dry-run", "--today", TODAY,
                           "--agency", "Lakeside")
        self.assertEqual(rc, 64)
        self.assertIn('no agency "Lakeside" in the roster; it has '
                      '"Riverton PD", "Lakeside SO"', err)
        self.assertEqual(out, "")
