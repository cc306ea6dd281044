"""Many nights: one small agency's 120, with a renewal, a hire and a
leaver, and the demo agency's 60: how much mail each reader gets, and what
the coordinator is told changed."""
import datetime

from helpers import Case, SmtpSink, copy_demo, run

HEADER = "Employee ID,Name,Email,Sworn,Status,Supervisor ID\n"
START = datetime.date(2026, 11, 23)


class LongRun(Case):

    def test_120_nights(self):
        """Five officers under Sam, a civilian; CIT needs 1 of 5 (20 %) and
        officer 1 holds it.  Night 10: officer 2 renews MHFA.  Night 30:
        officer 6 is hired, so CIT needs 2 of 6 and falls below.  Night
        60: officer 5 resigns, and CIT is met again.  The rhythm is the
        default: digests and the summary on Mondays (night 0, 2026-11-23,
        is one), a digest at once only for urgent news."""
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
        # a sergeant hears only of news, weekly: few digests, none a copy
        # of the one before it, each on a Monday but for urgent news
        self.assertLessEqual(len(digests), 6, [n for n, _ in digests])
        for (_, a), (_, b) in zip(digests, digests[1:]):
            self.assertNotEqual(a, b)
        # the summary on the Monday after each change (nights 10, 30 and
        # 60: Mondays 14, 35 and 63), and on no quiet Monday
        self.assertEqual([n for n, _ in summaries], [0, 14, 35, 63])
        # in the first 60 nights, at most 12 digests and summaries together
        self.assertLessEqual(len([n for n, _ in digests + summaries
                                  if n < 60]), 12)

        def week_of(night):
            """The first summary on or after night: the week's news."""
            return [b for n, b in summaries if n >= night][0]
        # the coordinator is told what changed, in the week's summary
        self.assertIn("renewed: Officer 2 (MHFA)", week_of(10))
        self.assertIn("thresholds: CIT fell below its threshold",
                      week_of(30))
        self.assertIn("new on the roster: Officer 6", week_of(30))
        # each change told once: not again in the next summary
        self.assertNotIn("Officer 6", week_of(60).split("To schedule")[0]
                         .split("Since the last summary")[-1])
        self.assertIn("thresholds: CIT is met again", week_of(60))
        self.assertIn("left: Officer 5", week_of(60))


class DemoSixtyNights(Case):

    def test_demo_agency_60_nights(self):
        """The demo agency, its exports unchanged, sixty nights from
        2026-11-23 under the default rhythm: no supervisor gets more than
        12 digests and the coordinator at most 12 summaries; every digest
        after a supervisor's first says what is new or gone, and every
        summary after the first what changed since the last."""
        text = copy_demo(self.dir, self.path("state.db"))
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        conf = self.config(text + f"""
smtp = {{ url = "smtp://127.0.0.1:{sink.port}"; tls = "none"; }};
""")
        digests, summaries = {}, []
        officers = set()
        for night in range(60):
            today = START + datetime.timedelta(days=night)
            sink.clear()
            # the first night's 37 notices pass the brake as the
            # administrator would pass them: looked at, then forced
            rc, out, err = run("-c", conf, "--today", str(today),
                               *(["--force"] if night == 0 else []))
            self.assertEqual(rc, 0, (night, err))
            for m in sink.messages():
                to = m["rcpt_tos"][0]
                body = m["msg"].get_content().replace("\r\n", "\n")
                subject = str(m["msg"]["Subject"])
                if to == "training@pd.example":
                    summaries.append((night, body))
                elif "digest" in subject.lower() or "your team" in body:
                    digests.setdefault(to, []).append((night, body))
                else:
                    officers.add(to)
        self.assertTrue(digests)
        self.assertTrue(officers)
        for to, got in digests.items():
            self.assertLessEqual(len(got), 12, (to, [n for n, _ in got]))
            for n, body in got[1:]:
                self.assertTrue("new since your last digest" in body or
                                "renewed since your last digest" in body or
                                "No longer on your list" in body,
                                (to, n, body))
        self.assertLessEqual(len(summaries), 12, [n for n, _ in summaries])
        for n, body in summaries[1:]:
            self.assertIn("Since the last summary", body, n)
