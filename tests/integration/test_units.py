"""Units and shifts: CIT coverage is wanted on every shift, not only
agency-wide.  Figures counted by hand in the docstring."""
import csv
import io
import json

from helpers import Case, TODAY, run

ROSTER = ("Employee ID,First Name,Last Name,Email,Employee Type,Unit,"
          "Shift\r\n"
          "1,Ana,Alvarez,ana@r.example,Sworn Officer,Patrol,Days\r\n"
          "2,Bo,Baker,bo@r.example,Sworn Officer,Patrol,Days\r\n"
          "3,Cy,Chen,cy@r.example,Sworn Officer,Patrol,Nights\r\n"
          "4,Dee,Diaz,dee@r.example,Sworn Officer,Patrol,Nights\r\n"
          "5,Eve,Evans,eve@r.example,Sworn Officer,Traffic,Nights\r\n"
          "6,Fay,Fox,fay@r.example,Sworn Officer,Traffic,Days\r\n"
          "7,Gus,Green,gus@r.example,Sworn Officer,Traffic,Nights\r\n")
MHFA = "Mental Health First Aid for Public Safety"
CIT = "Crisis Intervention Team (CIT) 40-Hour"
TRAINING = ("Employee ID,Course Title,Completion Date\r\n" +
            "".join(f"{i},{MHFA},03/01/2025\r\n" for i in (1, 2, 3, 5, 7)) +
            f"1,{CIT},05/05/2025\r\n5,{CIT},05/05/2025\r\n")


class Units(Case):

    def conf(self):
        self.write("roster.csv", ROSTER)
        self.write("training.csv", TRAINING)
        return self.config("""
agency_name = "Riverton PD";
roster = { file = "roster.csv"; columns = { id = "Employee ID";
  first_name = "First Name"; last_name = "Last Name"; email = "Email";
  sworn = "Employee Type"; unit = "Unit"; shift = "Shift"; }; };
training = { file = "training.csv"; };
state_file = "state.db";
mail = { from = "Training <training@r.example>";
  summary_to = [ "training@r.example" ]; };
smtp = { url = "smtp://127.0.0.1:25"; tls = "none"; };
""")

    def test_units_and_shifts(self):
        """MHFA: 1, 2, 3, 5, 7; CIT: 1 and 5.  Patrol (1-4): 4 sworn, MHFA
        3 (75.0 %), CIT 1 (25.0 %); Traffic (5-7): 3, MHFA 2 (66.6 %: cut,
        not rounded up to 66.7), CIT 1 (33.3 %).  Days (1, 2, 6): 3, MHFA 2,
        CIT 1; Nights (3, 4, 5, 7): 4, MHFA 3, CIT 1, of 1 required (20 %
        of 4, rounded up): met.  Agency: 7 sworn, MHFA 5 (71.4 %), CIT 2
        (28.5 %, where rounding would say 28.6)."""
        conf = self.conf()
        rc, out, err = run("-c", conf, "--dry-run", "--today", TODAY,
                           "--format", "json")
        self.assertEqual(rc, 0, err)
        ag = json.loads(out)["agencies"][0]

        def figures(groups):
            return {g["name"]: (g["sworn"],) + tuple(
                (c["valid"], c["required"], c["met"])
                for c in g["certifications"]) for g in groups}
        self.assertEqual(figures(ag["units"]), {
            "Patrol": (4, (3, 4, False), (1, 1, True)),
            "Traffic": (3, (2, 3, False), (1, 1, True))})
        self.assertEqual(figures(ag["shifts"]), {
            "Days": (3, (2, 3, False), (1, 1, True)),
            "Nights": (4, (3, 4, False), (1, 1, True))})
        rc, out, err = run("-c", conf, "--dry-run", "--today", TODAY)
        self.assertEqual(rc, 0, err)
        lines = [" ".join(line.split()) for line in out.splitlines()]
        self.assertIn("MHFA 7 5 71.4 % 100 % NO (2 short)", lines)
        self.assertIn("CIT 2 2 28.5 % 20 % yes", lines)
        self.assertIn("By unit:", lines)
        self.assertIn("Unit Sworn MHFA CIT", lines)
        self.assertIn("Patrol 4 3 75.0 % 1 25.0 %", lines)
        self.assertIn("Traffic 3 2 66.6 % 1 33.3 %", lines)
        self.assertIn("By shift:", lines)
        self.assertIn("Days 3 2 66.6 % 1 33.3 %", lines)
        self.assertIn("Nights 4 3 75.0 % 1 25.0 %", lines)
        rc, out, err = run("-c", conf, "--dry-run", "--today", TODAY,
                           "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        self.assertEqual({(r["id"], r["unit"], r["shift"]) for r in rows},
                         {("1", "Patrol", "Days"), ("2", "Patrol", "Days"),
                          ("3", "Patrol", "Nights"), ("4", "Patrol", "Nights"),
                          ("5", "Traffic", "Nights"), ("6", "Traffic", "Days"),
                          ("7", "Traffic", "Nights")})
