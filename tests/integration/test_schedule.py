"""--format schedule: whom to book into the next class, most urgent first,
as a CSV the coordinator opens in a spreadsheet.  The order and the days
are counted by hand in the docstring."""
import csv
import io
import re

from helpers import Case, SmtpSink, TODAY, run

ROSTER = ("Employee ID,Name,Email,Employee Type,Supervisor ID,Hire Date,"
          "Unit\r\n"
          "900,Sam Sergeant,sam@riverton.example,Sworn Officer,,,Patrol\r\n"
          "1,Ana Alvarez,ana@riverton.example,Sworn Officer,900,,Patrol\r\n"
          "2,Bo Baker,bo@riverton.example,Sworn Officer,900,2026-11-01,"
          "Patrol\r\n"
          "3,Cy Chen,cy@riverton.example,Sworn Officer,900,,Patrol\r\n"
          "4,Dee Diaz,dee@riverton.example,Sworn Officer,,,Detectives\r\n"
          "5,Eve Evans,,Sworn Officer,,,Detectives\r\n"
          "6,Fay Fox,fay@riverton.example,Sworn Officer,,,Detectives\r\n"
          "7,Gus Green,gus@riverton.example,Civilian,,,Records\r\n"
          "8,\"=HYPERLINK(\"\"http://x\"\")\",,Sworn Officer,,,Records\r\n")
TRAINING = ("Employee ID,Course Title,Completion Date\r\n"
            "900,MHFA for Public Safety,05/01/2024\r\n"
            "1,MHFA for Public Safety,12/01/2023\r\n"
            "3,MHFA for Public Safety,06/01/2023\r\n"
            "4,MHFA for Public Safety,09/15/2022\r\n"
            "6,MHFA for Public Safety,01/10/2025\r\n")


class Schedule(Case):

    def conf(self, port=0):
        self.write("roster.csv", ROSTER)
        self.write("training.csv", TRAINING)
        return self.config(f"""
agency_name = "Riverton PD";
roster = {{ file = "roster.csv"; columns = {{ id = "Employee ID";
  name = "Name"; email = "Email"; sworn = "Employee Type";
  supervisor_id = "Supervisor ID"; unit = "Unit";
  hired = "Hire Date"; }}; }};
training = {{ file = "training.csv"; }};
state_file = "state.db";
mail = {{ from = "Training <training@riverton.example>";
  summary_to = [ "Pat Coordinator <coordinator@riverton.example>" ]; }};
smtp = {{ url = "smtp://127.0.0.1:{port}"; tls = "none"; }};
""")

    def test_most_urgent_first_with_the_day_to_train_by(self):
        """On 2026-11-23, MHFA lasting 36 months, reminders from 90 days:
        Dee's expired on 2025-09-15 and Cy's on 2026-06-01 (expired, Dee
        longest); Eve and row 8 never trained (missing, by today, roster
        order); Bo never trained but was hired on 2026-11-01 (missing, by
        the end of his 180 days, 2027-04-30); Ana's expires on 2026-12-01
        (expiring, by then).  Sam's (2027-05-01) and Fay's (2028-01-10)
        are current; Gus is civilian and need not hold MHFA; nobody needs
        CIT.  Row 8's name is a formula: it is quoted."""
        conf = self.conf()
        rc, out, err = run("-c", conf, "--dry-run", "--today", TODAY,
                           "--format", "schedule")
        self.assertEqual(rc, 0, err)
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        self.assertEqual(
            [(r["id"], r["need"], r["expires"], r["train_by"])
             for r in rows],
            [("4", "expired", "2025-09-15", "2026-11-23"),
             ("3", "expired", "2026-06-01", "2026-11-23"),
             ("5", "missing", "", "2026-11-23"),
             ("8", "missing", "", "2026-11-23"),
             ("2", "missing", "", "2027-04-30"),
             ("1", "expiring", "2026-12-01", "2026-12-01")])
        self.assertTrue(all(r["certification"] == "MHFA" for r in rows))
        cy = rows[1]
        self.assertEqual((cy["name"], cy["unit"], cy["supervisor"],
                          cy["supervisor_email"], cy["email"]),
                         ("Cy Chen", "Patrol", "Sam Sergeant",
                          "sam@riverton.example", "cy@riverton.example"))
        self.assertEqual(rows[2]["email"], "")
        self.assertEqual(rows[3]["name"], "'=HYPERLINK(\"http://x\")")
        self.assertTrue(out.startswith(
            "agency,id,name,certification,need,expires,train_by,book,"
            "required,unit,supervisor,supervisor_email,email,class,"
            "class_start,class_note\r\n"))
        # no class calendar: no class to name
        self.assertEqual({(r["class"], r["class_start"], r["class_note"])
                          for r in rows}, {("", "", "")})
        # what to book: MHFA renews only while it holds (Ana, before
        # 2026-12-01); after the lapse, and for one never trained, the
        # course; every sworn officer must hold MHFA
        self.assertEqual([(r["id"], r["book"], r["required"]) for r in rows],
                         [("4", "MHFA course", "yes"),
                          ("3", "MHFA course", "yes"),
                          ("5", "MHFA course", "yes"),
                          ("8", "MHFA course", "yes"),
                          ("2", "MHFA course", "yes"),
                          ("1", "MHFA recertification (before 2026-12-01)",
                           "yes")])

    def test_what_to_book_for_cit(self):
        """CIT renews after a lapse by its 8-hour refresher; Cy's CIT of
        2023-06-01 expired 2026-06-01, Ana's of 2024-01-20 expires
        2027-01-20 (expiring, within 90 days): both a refresher.  CIT is
        not required of anyone (20 % of the sworn)."""
        conf = self.conf()
        with open(self.path("training.csv"), "a") as f:
            f.write("3,CIT 40 Hour,06/01/2023\r\n1,CIT 40 Hour,01/20/2024\r\n")
        rc, out, err = run("-c", conf, "--dry-run", "--today", TODAY,
                           "--format", "schedule")
        self.assertEqual(rc, 0, err)
        rows = {(r["id"], r["certification"]): (r["book"], r["required"])
                for r in csv.DictReader(io.StringIO(out, newline=""))}
        self.assertEqual(rows[("3", "CIT")], ("CIT 8-hour refresher", "no"))
        self.assertEqual(rows[("1", "CIT")], ("CIT 8-hour refresher", "no"))

    def test_summary_names_the_same_people_first(self):
        """The coordinator's summary after a live night names the schedule's
        people in the schedule's order, and Bo's day as a new hire."""
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        conf = self.conf(sink.port)
        rc, out, err = run("-c", conf, "--today", TODAY, "--force",
                           "--format", "schedule", "-o",
                           self.path("schedule.csv"))
        self.assertEqual(rc, 0, err)
        with open(self.path("schedule.csv"), newline="") as f:
            ids = [r["id"] for r in csv.DictReader(f)]
        self.assertEqual(ids, ["4", "3", "5", "8", "2", "1"])
        summary = [m["msg"] for m in sink.messages()
                   if m["rcpt_tos"] == ["coordinator@riverton.example"]]
        self.assertEqual(len(summary), 1)
        text = summary[0].get_content().replace("\r\n", "\n")
        # one blank line between the sections and before the signature
        self.assertNotIn("\n\n\n", text)
        self.assertIn("\n\n-- \ncertminder", text)
        block = text.split("To schedule first:\n")[1].split("\n\n")[0]
        self.assertEqual(
            re.findall(r"\((\d+)\), MHFA:", block),
            ["4", "3", "5", "8", "2", "1"])
        self.assertIn("Bo Baker (2), MHFA: never trained, new hire: by "
                      "Friday, April 30, 2027\n", block)
