"""--format evidence: the training row behind each person and certification
that counts, for the auditor who checks the chief's letter.  The rows are
counted by hand in the docstring and held against the JSON report."""
import csv
import io
import json

from helpers import Case, TODAY, run

ROSTER = ("Employee ID,First Name,Last Name,Email,Employee Type,"
          "MHFA Selected,Status\r\n"
          "101,Ana,Alvarez,ana@riverton.example,Sworn Officer,,Active\r\n"
          "102,Bo,Baker,bo@riverton.example,Sworn Officer,,Active\r\n"
          "103,Cy,Chen,cy@riverton.example,Sworn Officer,,Active\r\n"
          "201,Dee,Diaz,dee@riverton.example,Civilian,Yes,Active\r\n"
          "202,Eve,Evans,eve@riverton.example,Civilian,No,Active\r\n"
          "104,Fay,Fox,fay@riverton.example,Sworn Officer,,Retired\r\n")
MHFA = "Mental Health First Aid for Public Safety"
CIT = "Crisis Intervention Team 40-Hour"
TRAINING = (
    "Employee ID,Course Title,Course Code,Completion Date,Expiration Date,"
    "Hours,Provider,Certificate No\r\n"
    f"101,{MHFA},MHFA-PS,03/15/2022,03/15/2025,8,National Council,MH-1001\r\n"
    f"101,{MHFA},MHFA-PS,02/10/2025,02/10/2028,8,National Council,MH-2001\r\n"
    f'101,{CIT},CIT-40,06/01/2024,,40,"=HYPERLINK(""x"")",CIT-77\r\n'
    "102,Mental Health Awareness Briefing,MHA-1,01/05/2026,,2,In-house,\r\n"
    f"102,{MHFA},MHFA-PS,11/01/2023,11/01/2026,8,National Council,MH-1500\r\n"
    f"103,{CIT},CIT-40,09/09/2025,,40,State POST,CIT-88\r\n"
    f"103,{MHFA},MHFA-PS,12/20/2023,12/20/2026,8,National Council,MH-1700\r\n"
    "201,Mental Health First Aid,MHFA,04/04/2024,04/04/2027,8,"
    "National Council,MH-1800\r\n"
    f"201,{CIT},CIT-40,04/04/2024,,40,State POST,CIT-90\r\n"
    "202,Mental Health First Aid,MHFA,04/04/2024,04/04/2027,8,"
    "National Council,MH-1900\r\n"
    "104,Mental Health First Aid,MHFA,04/04/2024,04/04/2027,8,"
    "National Council,MH-2100\r\n"
    "999,Mental Health First Aid,MHFA,04/04/2024,04/04/2027,8,"
    "National Council,MH-2200\r\n")


class Evidence(Case):

    def conf(self):
        self.write("roster.csv", ROSTER)
        self.write("training.csv", TRAINING)
        return self.config("""
agency_name = "Riverton PD";
roster = { file = "roster.csv"; };
training = { file = "training.csv"; columns = { id = "Employee ID";
  course = "Course Title"; completed = "Completion Date";
  expires = "Expiration Date"; code = "Course Code"; hours = "Hours";
  provider = "Provider"; certificate = "Certificate No"; }; };
state_file = "state.db";
mail = { from = "Training <training@riverton.example>";
  summary_to = [ "training@riverton.example" ]; };
smtp = { url = "smtp://127.0.0.1:25"; tls = "none"; };
""")

    def test_each_counted_record_with_its_line(self):
        """On 2026-11-23: Ana (101) counts by her 2025 MHFA on line 3, not
        the expired one on line 2, and by her CIT on line 4 (expiry
        computed, 2027-06-01; the provider cell is a formula, quoted); Bo's
        MHFA expired on 2026-11-01 and his awareness briefing is no MHFA:
        no row; Cy counts by CIT (line 7) and by his expiring but valid
        MHFA (line 8); Dee is selected non-sworn: her MHFA (line 9) counts,
        her CIT is not asked of her; Eve is neither sworn nor selected, Fay
        retired, 999 on no roster: no rows.  5 rows; 2 sworn MHFA and 2
        CIT, as the JSON report's valid counts say."""
        conf = self.conf()
        rc, out, err = run("-c", conf, "--dry-run", "--today", TODAY,
                           "--format", "evidence")
        self.assertEqual(rc, 0, err)
        self.assertTrue(out.startswith(
            "agency,id,name,counted_as,certification,course,course_kind,"
            "code,completed,expires,hours,provider,certificate,file,line\r\n"))
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        self.assertEqual(
            [(r["id"], r["certification"], r["counted_as"], r["line"],
              r["expires"]) for r in rows],
            [("101", "MHFA", "sworn", "3", "2028-02-10"),
             ("101", "CIT", "sworn", "4", "2027-06-01"),
             ("103", "CIT", "sworn", "7", "2028-09-09"),
             ("103", "MHFA", "sworn", "8", "2026-12-20"),
             ("201", "MHFA", "selected", "9", "2027-04-04")])
        ana = rows[0]
        self.assertEqual(
            (ana["name"], ana["course"], ana["code"], ana["completed"],
             ana["hours"], ana["provider"], ana["certificate"],
             ana["file"]),
            ("Ana Alvarez", MHFA, "MHFA-PS", "02/10/2025", "8",
             "National Council", "MH-2001", "training.csv"))
        self.assertEqual(rows[1]["provider"], "'=HYPERLINK(\"x\")")
        rc, out, err = run("-c", conf, "--dry-run", "--today", TODAY,
                           "--format", "json")
        certs = {c["name"]: c for c in
                 json.loads(out)["agencies"][0]["certifications"]}
        for name in ("MHFA", "CIT"):
            self.assertEqual(
                certs[name]["valid"],
                sum(r["certification"] == name and r["counted_as"] == "sworn"
                    for r in rows))
