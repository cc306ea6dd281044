"""Who gets mail, how often, and who is told about those who cannot be
mailed: nights run one after another against the suite's SMTP server."""
import agency
from helpers import Case, SmtpSink, run

ROSTER = "Employee ID,Name,Email,Sworn,Supervisor ID,Hire Date\n"
TRAINING = "Employee ID,Course Title,Completion Date\n"


# the roster columns of a single agency with supervisors, and of many
SUPERVISED = ('id = "Employee ID"; name = "Name"; email = "Email"; '
              'sworn = "Sworn"; supervisor_id = "Supervisor ID";')
AGENCIES = ('id = "Employee ID"; name = "Name"; email = "Email"; '
            'sworn = "Sworn"; agency = "Agency";')


class Nights(Case):
    """Nights against the suite's SMTP server, self.sink."""

    def setUp(self):
        super().setUp()
        self.sink = SmtpSink(self.path("mail"))
        self.addCleanup(self.sink.stop)

    def conf(self, extra="", columns=SUPERVISED + ' hired = "Hire Date";',
             agency_name='"Riverton PD"',
             mail_from="Training <training@riverton.example>",
             summary_to="Pat Coordinator <coordinator@riverton.example>",
             rhythm=agency.DAILY):
        name = f"agency_name = {agency_name};" if agency_name else ""
        return self.config(f"""
{name}
roster = {{ file = "roster.csv"; columns = {{ {columns} }}; }};
training = {{ file = "training.csv"; }};
state_file = "state.db";
mail = {{ from = "{mail_from}";
  summary_to = [ "{summary_to}" ]; }};
smtp = {{ url = "smtp://127.0.0.1:{self.sink.port}"; tls = "none"; }};
{rhythm}
{extra}
""")

    def night(self, conf, today, force=True):
        """A live night: each recipient's message."""
        self.sink.clear()
        rc, out, err = run("-c", conf, "--today", today,
                           *(["--force"] if force else []))
        self.assertEqual(rc, 0, err)
        return {m["rcpt_tos"][0]: m["msg"] for m in self.sink.messages()}


class Rhythm(Nights):

    def test_voluntary_expired_is_said_once(self):
        """Ana's CIT (voluntary) expired in 2025: one expired notice, then
        none on the nights 30, 60 and 90 days on; her required MHFA's
        repeats every 30 days as before."""
        self.write("roster.csv", ROSTER +
                   "1,Ana Alvarez,ana@riverton.example,yes,,\n")
        self.write("training.csv", TRAINING + "1,CIT,2021-03-01\n"
                   "1,MHFA,2021-03-01\n")
        conf = self.conf()
        cit = mhfa = 0
        for today in ("2026-11-23", "2026-12-23", "2027-01-22", "2027-02-21"):
            mail = self.night(conf, today)
            text = (mail["ana@riverton.example"].get_content()
                    if "ana@riverton.example" in mail else "")
            cit += "(CIT) certification" in text
            mhfa += "(MHFA) certification" in text
        self.assertEqual(cit, 1)
        self.assertEqual(mhfa, 4)

    def test_new_hire_grace(self):
        """Bo was hired on 2026-11-01: no "missing" notice in his first 180
        days, and the report says until when; on 2027-05-01 he gets it."""
        self.write("roster.csv", ROSTER +
                   "2,Bo Baker,bo@riverton.example,yes,,2026-11-01\n")
        self.write("training.csv", TRAINING)
        conf = self.conf()
        mail = self.night(conf, "2026-11-23")
        self.assertNotIn("bo@riverton.example", mail)
        rc, out, err = run("-c", conf, "--dry-run", "--today", "2026-11-24")
        self.assertIn("new hire, in grace until 2027-04-30", out)
        mail = self.night(conf, "2027-05-01")
        self.assertIn("bo@riverton.example", mail)

    def test_the_head_is_their_own_supervisor(self):
        """The HR system lists the chief (900) as her own supervisor.  Her
        MHFA and Ed's expired long ago (past escalate_after_days): Ed's
        digest goes to her once, Ed listed once (not again as escalated
        from her own team), she is on no team of her own, and her expired
        notice does not tell her to ask herself; Ed's names her."""
        self.write("roster.csv", ROSTER +
                   "900,Di Chief,chief@riverton.example,yes,900,\n"
                   "5,Ed Evans,ed@riverton.example,yes,900,\n")
        self.write("training.csv", TRAINING + "900,MHFA,2023-01-01\n"
                   "5,MHFA,2023-01-01\n")
        mail = self.night(self.conf("escalate_after_days = 30;"),
                          "2026-11-23")
        digests = [m["msg"] for m in self.sink.messages()
                   if str(m["msg"]["Subject"]).startswith("Training status")]
        self.assertEqual(len(digests), 1)
        self.assertEqual(digests[0]["To"], "Di Chief <chief@riverton.example>")
        text = digests[0].get_content()
        self.assertEqual(text.count("Ed Evans (5)"), 1, text)
        self.assertNotIn("Di Chief (900)", text)
        self.assertIn("attention needed for 1 person",
                      str(digests[0]["Subject"]))
        own = mail["chief@riverton.example"]
        notices = [m["msg"] for m in self.sink.messages()
                   if m["msg"]["To"] == "Di Chief <chief@riverton.example>"
                   and "expired" in str(m["msg"]["Subject"])]
        self.assertEqual(len(notices), 1)
        self.assertNotIn("ask Di Chief", notices[0].get_content())
        self.assertIn("ask Di Chief", mail["ed@riverton.example"].get_content())
        self.assertIsNotNone(own)

    def test_unreachable_people_are_named(self):
        """Dan has no e-mail and Sergeant Sam has none either: Dan is
        marked in the digest, the digest goes to the coordinator saying
        why, and the summary names both."""
        self.write("roster.csv", ROSTER +
                   "900,Sam Sergeant,,yes,,\n"
                   "4,Dan Diaz,,yes,900,\n"
                   "5,Eve Evans,eve@riverton.example,yes,900,\n")
        self.write("training.csv", TRAINING + "900,MHFA,2025-06-01\n"
                   "5,MHFA,2023-06-01\n")
        mail = self.night(self.conf(), "2026-11-23")
        coordinator = [m for m in self.sink.messages()
                       if m["rcpt_tos"] == ["coordinator@riverton.example"]]
        subjects = [str(m["msg"]["Subject"]) for m in coordinator]
        digest = [m["msg"] for m in coordinator
                  if str(m["msg"]["Subject"]).startswith("[for Sam Sergeant]")]
        self.assertEqual(len(digest), 1, subjects)
        text = digest[0].get_content().replace("\r\n", "\n")
        self.assertIn("This digest cannot go to Sam Sergeant, so it comes "
                      "to you\ninstead: no usable e-mail address on file.",
                      text)
        self.assertIn("Dan Diaz (4)  -- no e-mail on file, not notified", text)
        self.assertIn("Eve Evans (5)", text)
        summary = [m["msg"] for m in coordinator
                   if str(m["msg"]["Subject"]).startswith("Training")][0]
        body = summary.get_content()
        self.assertIn("Not notified, no usable e-mail address on file:", body)
        self.assertIn("  Dan Diaz (4)", body)
        self.assertIn("  the digest for Sam Sergeant (sent to you instead)",
                      body)
        self.assertIn("eve@riverton.example", mail)


class SummarySubject(Nights):

    def test_thirty_agencies_short_subject(self):
        """30 agencies, 4 of them below a threshold, and a records
        office without sworn officers: the subject says "4 of 30" in a
        count, under 78 characters, and is not encoded."""
        roster = ["Employee ID,Name,Email,Sworn,Agency\n"]
        training = [TRAINING]
        for a in range(30):
            for i in range(5):
                pid = f"{a}-{i}"
                roster.append(f"{pid},Officer {pid},o{a}x{i}@state.example,"
                              f"yes,Agency {a:02d}\n")
                if a >= 4:
                    training.append(f"{pid},MHFA,2025-06-01\n")
                    training.append(f"{pid},CIT,2025-06-01\n")
        # a records office of civilians: no pledge figure, not counted
        roster.append("R-1,Clerk One,r1@state.example,no,Records Office\n")
        self.write("roster.csv", "".join(roster))
        self.write("training.csv", "".join(training))
        conf = self.conf(columns=AGENCIES, agency_name=None,
                         mail_from="Training <training@state.example>",
                         summary_to="coordinator@state.example")
        self.night(conf, "2026-11-23")
        summary = [m for m in self.sink.messages()
                   if m["rcpt_tos"] == ["coordinator@state.example"]][0]
        subject = str(summary["msg"]["Subject"])
        self.assertEqual(subject, "Training compliance on 2026-11-23: 4 of 30 "
                         "agencies below a threshold")
        self.assertLess(len(subject), 78)
        self.assertNotIn("=?", summary["data"].split("\r\n\r\n")[0])


class Escalation(Nights):

    def test_long_lapse_reaches_the_level_above(self):
        """escalate_after_days = 90: Cara's MHFA expired 175 days ago, so
        Lieutenant Lou, Sergeant Sam's own supervisor, gets her in a digest
        marked as escalated; Ana, 58 days from expiry, is not there."""
        self.write("roster.csv", ROSTER +
                   "901,Lou Lieutenant,lt@riverton.example,yes,,\n"
                   "900,Sam Sergeant,sgt@riverton.example,yes,901,\n"
                   "1,Ana Alvarez,ana@riverton.example,yes,900,\n"
                   "3,Cara Chen,cara@riverton.example,yes,900,\n")
        self.write("training.csv", TRAINING + "901,MHFA,2025-06-01\n"
                   "900,MHFA,2025-06-01\n1,MHFA,2024-01-20\n"
                   "3,MHFA,2023-06-01\n")
        conf = self.conf("escalate_after_days = 90;", columns=SUPERVISED,
                         agency_name=None,
                         summary_to="coordinator@riverton.example")
        mail = {to: m.get_content()
                for to, m in self.night(conf, "2026-11-23").items()}
        lt = mail["lt@riverton.example"]
        self.assertIn("Cara Chen (3)  -- escalated from Sam Sergeant's team",
                      lt)
        self.assertNotIn("Ana Alvarez", lt)
        sgt = mail["sgt@riverton.example"]
        self.assertIn("Cara Chen (3)\n", sgt.replace("\r\n", "\n"))
        self.assertIn("Ana Alvarez (1)", sgt)


class DigestRhythm(Nights):

    def test_digest_only_when_something_is_new(self):
        """Night 1: Sam's first digest.  Night 2: only a day has passed
        (47 days become 46): no digest.  Night 3: Ana reaches the 30-day
        stage: a digest, Ana marked new, Cara (expired) first.  Night 4:
        Ana renewed: a digest again, saying who is gone from it and why.
        Night 5: only Cara's monthly reminder: no digest."""
        roster = ROSTER + ("900,Sam Sergeant,sgt@riverton.example,yes,,\n"
                           "1,Ana Alvarez,ana@riverton.example,yes,900,\n"
                           "3,Cara Chen,cara@riverton.example,yes,900,\n")
        self.write("roster.csv", roster)
        training = TRAINING + ("900,MHFA,2025-06-01\n1,MHFA,2024-01-09\n"
                               "3,MHFA,2023-06-01\n")
        self.write("training.csv", training)
        conf = self.conf(columns=SUPERVISED, agency_name=None,
                         summary_to="coordinator@riverton.example")

        def digest(today):
            msg = self.night(conf, today).get("sgt@riverton.example")
            return (msg.get_content().replace("\r\n", "\n") if msg
                    else None)

        first = digest("2026-11-23")        # Ana: 47 days, Cara expired
        self.assertIsNotNone(first)
        self.assertLess(first.index("Cara Chen"), first.index("Ana Alvarez"))
        self.assertNotIn("new since", first)
        self.assertIsNone(digest("2026-11-24"))
        third = digest("2026-12-10")        # Ana: 30 days, a new stage
        self.assertIsNotNone(third)
        self.assertIn("Ana Alvarez (1)  -- new since your last digest",
                      third)
        self.assertNotIn("Cara Chen (3)  -- new", third)
        self.write("training.csv", training + "1,MHFA,2026-12-11\n")
        fourth = digest("2026-12-12")
        self.assertIsNotNone(fourth)
        self.assertEqual(fourth.count("Ana Alvarez"), 1)
        self.assertIn("No longer on your list since your last digest:\n"
                      "  Ana Alvarez (1) -- nothing due now: renewed or "
                      "trained\n", fourth)
        self.assertLess(fourth.index("Cara Chen"),
                        fourth.index("No longer on your list"))
        # Cara's expired notice repeats after 30 days; her sergeant hears
        # nothing new, so gets no digest
        self.assertIsNone(digest("2026-12-23"))
        self.assertIn(["cara@riverton.example"],
                      [m["rcpt_tos"] for m in self.sink.messages()])

    def test_a_renewal_is_named_not_marked_new(self):
        """Fay's CIT lapsed on 2026-10-23; her MHFA expires 2026-12-20.
        Night 1: both in Sam's digest.  Night 2 (11-24): she renewed MHFA:
        a digest says so, and does not call her CIT lapse new."""
        self.write("roster.csv", ROSTER +
                   "900,Sam Sergeant,sgt@riverton.example,yes,,\n"
                   "6,Fay Garcia,fay@riverton.example,yes,900,\n")
        training = TRAINING + ("900,MHFA,2025-06-01\n"
                               "6,MHFA,2023-12-20\n6,CIT,2023-10-23\n")
        self.write("training.csv", training)
        conf = self.conf(columns=SUPERVISED, agency_name=None,
                         summary_to="coordinator@riverton.example")
        first = self.night(conf, "2026-11-23")["sgt@riverton.example"]
        self.assertIn("MHFA expires", first.get_content())
        self.write("training.csv", training + "6,MHFA,2026-11-23\n")
        second = self.night(conf, "2026-11-24")["sgt@riverton.example"]
        text = second.get_content().replace("\r\n", "\n")
        self.assertIn("Fay Garcia (6)  -- MHFA renewed since your last "
                      "digest\n    CIT expired", text)
        self.assertNotIn("new since", text)
        self.assertNotIn("MHFA expires", text)

    def test_a_leaver_is_named(self):
        """Night 1: Ana and Bo, both with MHFA lapsed, in Sam's digest.
        Night 2: Bo resigned (the roster's status): Sam's digest names
        him as no longer active, and he is in no list of it."""
        def roster(bo):
            return ("Employee ID,Name,Email,Sworn,Supervisor ID,Status\n"
                    "900,Sam Sergeant,sgt@riverton.example,yes,,Active\n"
                    "1,Ana Alvarez,ana@riverton.example,yes,900,Active\n"
                    f"2,Bo Baker,bo@riverton.example,yes,900,{bo}\n" +
                    "".join(f"{i},Officer {i},o{i}@riverton.example,yes,,"
                            "Active\n" for i in range(3, 8)))
        self.write("roster.csv", roster("Active"))
        self.write("training.csv", TRAINING + "900,MHFA,2025-06-01\n"
                   "1,MHFA,2023-06-01\n2,MHFA,2023-06-01\n" +
                   "".join(f"{i},MHFA,2025-06-01\n" for i in range(3, 8)))
        conf = self.conf(columns=SUPERVISED + ' status = "Status";',
                         agency_name=None,
                         summary_to="coordinator@riverton.example")
        first = self.night(conf, "2026-11-23")["sgt@riverton.example"]
        self.assertIn("Bo Baker (2)", first.get_content())
        self.write("roster.csv", roster("Resigned"))
        second = self.night(conf, "2026-11-24")["sgt@riverton.example"]
        text = second.get_content().replace("\r\n", "\n")
        self.assertEqual(text.count("Bo Baker"), 1)
        self.assertIn("No longer on your list since your last digest:\n"
                      "  Bo Baker (2) -- no longer active on the roster\n",
                      text)


class WeeklyRhythm(Nights):

    def test_monday_digests_and_summaries(self):
        """digest_every and summary_every = "monday": Tuesday's news waits;
        on Monday the digest and the summary go (2026-11-30 is a
        Monday)."""
        self.write("roster.csv", ROSTER +
                   "900,Sam Sergeant,sgt@riverton.example,yes,,\n"
                   "3,Cara Chen,cara@riverton.example,yes,900,\n")
        self.write("training.csv", TRAINING + "900,MHFA,2025-06-01\n"
                   "3,MHFA,2023-06-01\n")
        conf = self.conf('digest_every = "monday"; summary_every = "Monday";',
                         rhythm="", columns=SUPERVISED, agency_name=None,
                         summary_to="coordinator@riverton.example")
        self.assertEqual(sorted(self.night(conf, "2026-11-24")),
                         ["cara@riverton.example"])
        self.assertEqual(sorted(self.night(conf, "2026-11-30",
                                           force=False)),
                         ["coordinator@riverton.example",
                          "sgt@riverton.example"])


    def test_by_default_only_urgent_news_goes_at_once(self):
        """No rhythm configured: digests and the summary weekly, on Monday.
        Cara's MHFA expires 2026-12-03 (Thursday), Dan's 2027-02-22.
        Monday 11-23: Cara's 14-day reminder, Sam's digest and the
        summary.  Tuesday: Dan's 90-day reminder, and his digest entry
        waits.  Thursday 11-26: Cara's 7-day reminder is urgent, so Sam's
        digest goes at once, Dan in it as new.  Friday 12-04: Cara's
        required MHFA lapsed yesterday: a digest at once again."""
        self.write("roster.csv", ROSTER +
                   "900,Sam Sergeant,sgt@riverton.example,yes,,\n"
                   "3,Cara Chen,cara@riverton.example,yes,900,\n"
                   "4,Dan Diaz,dan@riverton.example,yes,900,\n")
        self.write("training.csv", TRAINING + "900,MHFA,2025-06-01\n"
                   "3,MHFA,2023-12-03\n4,MHFA,2024-02-22\n")
        conf = self.conf(rhythm="", columns=SUPERVISED, agency_name=None,
                         summary_to="coordinator@riverton.example")
        self.assertEqual(sorted(self.night(conf, "2026-11-23")),
                         ["cara@riverton.example",
                          "coordinator@riverton.example",
                          "sgt@riverton.example"])
        self.assertEqual(sorted(self.night(conf, "2026-11-24")),
                         ["dan@riverton.example"])
        mail = self.night(conf, "2026-11-26")
        self.assertEqual(sorted(mail), ["cara@riverton.example",
                                        "sgt@riverton.example"])
        digest = " ".join(mail["sgt@riverton.example"].get_content().split())
        self.assertIn("Cara Chen", digest)
        self.assertIn("Dan Diaz", digest)
        mail = self.night(conf, "2026-12-04")
        self.assertEqual(sorted(mail), ["cara@riverton.example",
                                        "sgt@riverton.example"])
        self.assertIn("expired", mail["cara@riverton.example"].get_content())

    def test_supervisor_id_on_no_roster_row(self):
        """Ids per agency; North PD's Ann names supervisor 999, whom the
        roster does not hold (an HR export that wrote a retired sergeant's
        badge).  The digest comes to the coordinator, naming 999 and why,
        with no agency-and-id key (a control character) in its subject;
        the summary says why too; the dry run's plan says it."""
        self.write("roster.csv", "Employee ID,Name,Email,Sworn,Agency,"
                   "Supervisor ID\n"
                   "100,Ann North,ann@north.example,yes,North PD,999\n"
                   "101,Sam North,sam@north.example,yes,North PD,\n")
        self.write("training.csv", "Employee ID,Agency,Course Title,"
                   "Completion Date\n101,North PD,MHFA,2025-06-01\n")
        conf = self.config(f"""
id_scope = "agency";
roster = {{ file = "roster.csv"; columns = {{ {AGENCIES}
    supervisor_id = "Supervisor ID"; }}; }};
training = {{ file = "training.csv"; columns = {{ id = "Employee ID";
    agency = "Agency"; course = "Course Title";
    completed = "Completion Date"; }}; }};
state_file = "state.db";
mail = {{ from = "Training <training@state.example>";
  summary_to = [ "coordinator@riverton.example" ]; }};
smtp = {{ url = "smtp://127.0.0.1:{self.sink.port}"; tls = "none"; }};
""")
        rc, out, err = run("-c", conf, "-n", "--today", "2026-11-23")
        self.assertEqual(rc, 0, err)
        self.assertIn("  digest    1 person for supervisor 999 (no one on "
                      "the roster has this id)", out)
        self.night(conf, "2026-11-23")
        coordinator = [m["msg"] for m in self.sink.messages()
                       if m["rcpt_tos"] == ["coordinator@riverton.example"]]
        subjects = [str(m["Subject"]) for m in coordinator]
        self.assertIn("[for 999] Training status of your team: attention "
                      "needed for 1 person", subjects)
        for m in coordinator:
            for name, value in m.items():
                self.assertFalse(any(ord(ch) < 32 for ch in str(value)),
                                 f"{name}: {value!r}")
        digest = [m for m in coordinator
                  if str(m["Subject"]).startswith("[for 999]")][0]
        text = digest.get_content().replace("\r\n", "\n")
        self.assertIn("This digest cannot go to 999, so it comes to you\n"
                      "instead: no one on the roster has this id.", text)
        self.assertNotIn("\x1f", text)
        self.assertIn("Ann North (100)", text)
        summary = [m for m in coordinator
                   if str(m["Subject"]).startswith("Training compliance")][0]
        self.assertIn("  the digest for 999 (no one on the roster has this "
                      "id; sent to you instead)", summary.get_content())


class AgencyRecipients(Nights):

    def test_who_left_with_ids_per_agency(self):
        """Weekly summaries, ids per agency.  Badge 100 of North PD leaves
        the roster between two Tuesdays: the summary says "left: 100
        (North PD)", the badge and its agency, and no message holds a
        control character (the ledger's key joins them with one)."""
        roster = ("Employee ID,Name,Email,Sworn,Agency\n"
                  "100,Ann North,ann@north.example,yes,North PD\n"
                  "101,Sam North,sam@north.example,yes,North PD\n"
                  "100,Bo South,bo@south.example,yes,South PD\n")
        self.write("roster.csv", roster)
        self.write("training.csv", "Employee ID,Agency,Course Title,"
                   "Completion Date\n" + "".join(
                       f"{i},{a},MHFA,2025-06-01\n" for i, a in
                       (("100", "North PD"), ("101", "North PD"),
                        ("100", "South PD"))))
        conf = self.config(f"""
id_scope = "agency";
summary_every = "tuesday";
roster = {{ file = "roster.csv"; columns = {{ {AGENCIES} }}; }};
training = {{ file = "training.csv"; columns = {{ id = "Employee ID";
    agency = "Agency"; course = "Course Title";
    completed = "Completion Date"; }}; }};
state_file = "state.db";
mail = {{ from = "Training <training@state.example>";
  summary_to = [ "coordinator@state.example" ]; }};
smtp = {{ url = "smtp://127.0.0.1:{self.sink.port}"; tls = "none"; }};
""")
        self.night(conf, "2026-11-17")
        self.write("roster.csv", roster.replace(
            "100,Ann North,ann@north.example,yes,North PD\n", ""))
        mail = self.night(conf, "2026-11-24")
        text = mail["coordinator@state.example"].get_content()
        self.assertIn("  left: 100 (North PD)\r\n", text)
        for m in mail.values():
            for part in (m.get_content(), *map(str, m.values())):
                self.assertFalse(any(ord(c) < 32 and c not in "\r\n\t"
                                     for c in part), repr(part))

    def test_agency_names_as_people_write_them(self):
        """The configuration says "north pd" where the roster says "North
        PD", and names "Nowhere PD", which the roster lacks.  North's chief
        gets North's summary, its subject North's own status (CIT below
        20 %: Ana holds MHFA, nobody CIT); South's subject is South's own
        (Bo holds nothing).  Nowhere's coordinator gets nothing, never an
        empty "all thresholds met"; stderr and the whole summary say why."""
        self.write("roster.csv", "Employee ID,Name,Email,Sworn,Agency\n"
                   "1,Ana Alvarez,ana@north.example,yes,North PD\n"
                   "2,Bo Baker,bo@south.example,yes,South PD\n")
        self.write("training.csv", TRAINING + "1,MHFA,2025-06-01\n")
        conf = self.conf(
            'agencies = ( { name = "north pd"; summary_to = [ '
            '"chief@north.example" ]; }, { name = "South PD"; summary_to = '
            '[ "sal@south.example" ]; }, { name = "Nowhere PD"; summary_to '
            '= [ "nobody@nowhere.example" ]; } );',
            columns=AGENCIES, agency_name=None,
            mail_from="Training <training@state.example>",
            summary_to="association@state.example")
        self.sink.clear()
        rc, out, err = run("-c", conf, "--today", "2026-11-23", "--force")
        self.assertEqual(rc, 0, err)
        self.assertIn('agencies: no agency "Nowhere PD" in the roster (it '
                      'has "North PD", "South PD"): its coordinator gets no '
                      'summary', err)
        by = {m["rcpt_tos"][0]: m["msg"] for m in self.sink.messages()}
        self.assertNotIn("nobody@nowhere.example", by)
        north = by["chief@north.example"]
        self.assertEqual(str(north["Subject"]),
                         "Training compliance on 2026-11-23: CIT below 20 %")
        self.assertIn("North PD: 1 sworn", north.get_content())
        self.assertNotIn("Bo Baker", north.get_content())
        self.assertEqual(str(by["sal@south.example"]["Subject"]),
                         "Training compliance on 2026-11-23: MHFA below "
                         "100 %, CIT below 20 %")
        whole = by["association@state.example"].get_content()
        self.assertIn("No summary for Nowhere PD: the roster has no agency "
                      "of that name (agencies in the configuration).", whole)
        rc, out, err = run("-c", conf, "-n", "--today", "2026-11-23",
                           "--agency", "SOUTH  pd")
        self.assertEqual(rc, 0, err)
        self.assertIn("South PD: 1 sworn", out)
        self.assertNotIn("North PD: 1 sworn", out)

    def two_coordinators(self):
        """North PD and South PD, each with its coordinator, and the
        association's.  Bo of South holds MHFA; Ana of North holds
        nothing (a header alone would brake)."""
        self.write("roster.csv", "Employee ID,Name,Email,Sworn,Agency\n"
                   "1,Ana Alvarez,ana@north.example,yes,North PD\n"
                   "2,Bo Baker,bo@south.example,yes,South PD\n")
        self.write("training.csv", TRAINING +
                   "2,Mental Health First Aid,2025-06-01\n")
        conf = self.conf(
            'agencies = ( { name = "North PD"; summary_to = [ '
            '"chief@north.example" ]; }, { name = "South PD"; summary_to = '
            '[ "Sal <sal@south.example>" ]; } );',
            columns=AGENCIES, agency_name=None,
            mail_from="Training <training@state.example>",
            summary_to="association@state.example")
        return conf

    def test_each_agency_coordinator_gets_their_own(self):
        """Two agencies, each with its coordinator: each gets a summary of
        its agency alone (the other's people and table absent); the
        association's coordinator gets the whole."""
        conf = self.two_coordinators()
        by = {to: m.get_content()
              for to, m in self.night(conf, "2026-11-23").items()}
        north = by["chief@north.example"]
        self.assertIn("North PD: 1 sworn", north)
        self.assertIn("Ana Alvarez", north)
        self.assertNotIn("South PD", north)
        self.assertNotIn("Bo Baker", north)
        south = by["sal@south.example"]
        self.assertIn("South PD: 1 sworn", south)
        self.assertNotIn("Ana Alvarez", south)
        whole = by["association@state.example"]
        self.assertIn("North PD", whole)
        self.assertIn("South PD", whole)
        # a second run the same night owes nothing
        self.assertEqual(self.night(conf, "2026-11-23", force=False), {})

    def test_an_agency_coordinator_hears_only_of_their_agency(self):
        """Night one tells both agencies (a first night); the next, Ana of
        North PD has trained: North's MHFA goes from 0 of 1 to 1 of 1, met.
        South PD has no news (Bo's MHFA runs to 2028, CIT is not asked of
        him): its coordinator gets nothing, North's and the association's
        get theirs."""
        conf = self.two_coordinators()
        self.assertEqual(set(self.night(conf, "2026-11-23")) & {
            "chief@north.example", "sal@south.example",
            "association@state.example"}, {
            "chief@north.example", "sal@south.example",
            "association@state.example"})
        self.write("training.csv", TRAINING +
                   "2,Mental Health First Aid,2025-06-01\n"
                   "1,Mental Health First Aid,2026-11-20\n")
        mail = self.night(conf, "2026-11-24")
        self.assertNotIn("sal@south.example", mail)
        north = " ".join(mail["chief@north.example"].get_content().split())
        self.assertIn("MHFA 1 1 100.0 % 100 % yes", north)
        self.assertIn("trained for the first time: Ana Alvarez (MHFA)", north)
        self.assertIn("association@state.example", mail)
        # nothing new the night after: no summary for anyone
        mail = self.night(conf, "2026-11-25")
        self.assertNotIn("sal@south.example", mail)
        self.assertNotIn("chief@north.example", mail)
