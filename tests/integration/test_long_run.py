"""120 nights of one small agency, with a renewal, a hire and a leaver:
how much mail each reader gets, and what the coordinator is told changed."""
import datetime

from helpers import Case, SmtpSink, run

HEADER = "Employee ID,Name,Email,Sworn,Status,Supervisor ID\n"
START = datetime.date(2026, 11, 23)


class LongRun(Case):

    def test_120_nights(self):
        """Five officers under Sam, a civilian; CIT needs 1 of 5 (20 %) and
        officer 1 holds it.  Night 10: officer 2 renews MHFA.  Night 30:
        officer 6 is hired, so CIT needs 2 of 6 and falls below.  Night
        60: officer 5 resigns, and CIT is met again."""
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        conf = self.config(f"""
agency_name = "Riverton PD";
roster = {{ file = "roster.csv"; columns = {{ id = "Employee ID";
  name = "Name"; email = "Email"; sworn = "Sworn"; status = "Status";
  supervisor_id = "Supervisor ID"; }}; }};
training = {{ file = "training.csv"; }};
state_file = "state.db";
mail = {{ from = "Training <training@riverton.example>";
  summary_to = [ "coordinator@riverton.example" ]; }};
smtp = {{ url = "smtp://127.0.0.1:{sink.port}"; tls = "none"; }};
""")
        officers = [(i, f"Officer {i}") for i in range(1, 6)]
        training = ("Employee ID,Course Title,Completion Date\n"
                    "900,MHFA,2025-06-01\n1,MHFA,2025-06-01\n"
                    "1,CIT,2025-06-01\n2,MHFA,2024-01-05\n"
                    "3,MHFA,2025-03-01\n4,MHFA,2025-03-01\n"
                    "5,MHFA,2025-03-01\n")
        digests, summaries = [], []
        for night in range(120):
            today = START + datetime.timedelta(days=night)
            # Sam supervises as a civilian: five sworn officers count
            roster = HEADER + "900,Sam Sergeant,sgt@riverton.example,no,Active,\n"
            for i, name in officers:
                status = "Resigned" if i == 5 and night >= 60 else "Active"
                roster += (f"{i},{name},o{i}@riverton.example,yes,{status},"
                           "900\n")
            if night >= 30:
                roster += ("6,Officer 6,o6@riverton.example,yes,Active,900\n")
            if night == 10:
                training += f"2,MHFA,{today}\n"
            if night == 30:
                training += f"6,MHFA,{today}\n"
            self.write("roster.csv", roster)
            self.write("training.csv", training)
            sink.clear()
            rc, out, err = run("-c", conf, "--today", str(today), "--force")
            self.assertEqual(rc, 0, (night, err))
            for m in sink.messages():
                body = m["msg"].get_content().replace("\r\n", "\n")
                if m["rcpt_tos"] == ["sgt@riverton.example"]:
                    digests.append((night, body))
                elif m["rcpt_tos"] == ["coordinator@riverton.example"]:
                    summaries.append((night, body))
        # a sergeant hears only of news: few digests, none a copy of the
        # one before it
        self.assertLessEqual(len(digests), 6, [n for n, _ in digests])
        for (_, a), (_, b) in zip(digests, digests[1:]):
            self.assertNotEqual(a, b)
        # the coordinator is told what changed
        by_night = dict(summaries)
        after_renewal = [b for n, b in summaries if n >= 10][0]
        self.assertIn("renewed: Officer 2 (MHFA)", after_renewal)
        self.assertIn("thresholds: CIT fell below its threshold",
                      by_night[30])
        # each change told once: not again in the next summary
        self.assertNotIn("Officer 6", by_night[60].split("To schedule")[0]
                         .split("Since the last summary")[-1])
        self.assertIn("new on the roster: Officer 6", by_night[30])
        self.assertIn("thresholds: CIT is met again", by_night[60])
        self.assertIn("left: Officer 5", by_night[60])
        # and not every night
        self.assertLess(len(summaries), 20, [n for n, _ in summaries])
