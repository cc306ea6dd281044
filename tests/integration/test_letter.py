"""--format letter: the training section of the chief's completion letter.
Each agency is counted by hand in its docstring; the letter's figures are
also held against the JSON report on several days."""
import json
import os
import re


from helpers import Case, copy_demo, run

MHFA_PS = "Mental Health First Aid for Public Safety"
CIT40 = "Crisis Intervention Team 40-Hour"

CONF = """
roster = {{ file = "roster.csv"; columns = {{ id = "Badge"; name = "Name";
  sworn = "Employee Type"; selected = "MHFA Selected"; agency = "Agency";
  status = "Status"; }}; sworn_values = [ "Sworn Officer" ];
  non_sworn_values = [ "Civilian" ]; }};
training = {{ file = "training.csv"; columns = {{ id = "Badge";
  course = "Course Title"; completed = "Completion Date";
  expires = "Expiration Date"; }}; }};
state_file = "state.db";
mail = {{ from = "Training <training@riverton.example>";
  summary_to = [ "training@riverton.example" ];
  {mail_extra} }};
smtp = {{ url = "smtp://127.0.0.1:25"; tls = "none"; }};
"""


class Letter(Case):

    def setup(self, roster, training, mail_extra=""):
        self.write("roster.csv", "Badge,Name,Employee Type,MHFA Selected,"
                   "Agency,Status\r\n" + "".join(roster))
        self.write("training.csv", "Badge,Course Title,Completion Date,"
                   "Expiration Date\r\n" + "".join(training))
        return self.config(CONF.format(mail_extra=mail_extra))

    def letter(self, conf, today, *extra):
        rc, out, err = run("-c", conf, "-n", "--today", today, "--format",
                           "letter", *extra)
        self.assertEqual((rc, err), (0, ""))
        return out

    def one_line(self, text):
        """The letter with its wrapped lines joined, paragraph by
        paragraph."""
        return re.sub(r"(?<=\S)\n(?=\S)", " ", text).replace("\n    ", " ")

    def riverton(self):
        """Riverton PD, 5 sworn, one dispatcher selected for MHFA, one
        retired officer.  On 2026-11-23: MHFA held by all 5 sworn, through
        two titles of one course (3 x "Mental Health First Aid for Public
        Safety", 2 x "MHFA-PS"), completed 2024-01-10 .. 2026-03-01; the
        retired officer's MHFA does not count; CIT held by 1 of 5 =
        20.0 %, exactly the 1 required: met.  The dispatcher's MHFA
        counts for selected staff: 1 of 1."""
        roster = [
            "1,Ana Alvarez,Sworn Officer,,Riverton PD,Active\r\n",
            "2,Bo Baker,Sworn Officer,,Riverton PD,Active\r\n",
            "3,Cy Chen,Sworn Officer,,Riverton PD,Active\r\n",
            "4,Dee Diaz,Sworn Officer,,Riverton PD,Active\r\n",
            "5,Eli Eng,Sworn Officer,,Riverton PD,Active\r\n",
            "6,Flo Fox,Civilian,Yes,Riverton PD,Active\r\n",
            "7,Gus Grant,Sworn Officer,,Riverton PD,Retired\r\n",
        ]
        training = [
            f"1,{MHFA_PS},01/10/2024,01/10/2027\r\n",
            f"2,{MHFA_PS},05/05/2025,05/05/2028\r\n",
            f"3,{MHFA_PS},03/01/2026,03/01/2029\r\n",
            "4,MHFA-PS,06/06/2024,06/06/2027\r\n",
            "5,MHFA-PS,07/07/2025,07/07/2028\r\n",
            f"1,{CIT40},02/02/2025,\r\n",
            "6,Mental Health First Aid,08/08/2024,08/08/2027\r\n",
            "7,Mental Health First Aid,08/08/2020,08/08/2027\r\n",
        ]
        return roster, training

    def test_met_with_equivalent_titles_and_selected_staff(self):
        conf = self.setup(*self.riverton())
        out = self.letter(conf, "2026-11-23")
        flat = self.one_line(out)
        self.assertTrue(out.startswith(
            "Riverton PD: the training requirements of the One Mind "
            "Campaign pledge,\nas of November 23, 2026\n\n"))
        self.assertIn("Riverton PD has 5 sworn officers on its roster as of "
                      "November 23, 2026.", flat)
        # three titles of the course itself counted for MHFA: none is an
        # equivalent, so none is called one
        self.assertIn("Mental Health First Aid (MHFA): 5 of 5 sworn "
                      "officers (100.0 %) hold a current certification. The "
                      "pledge asks for 100 % (5 officers): met.", flat)
        self.assertNotIn("equivalent", flat)
        self.assertIn("Crisis Intervention Team (CIT): 1 of 5 sworn officers "
                      "(20.0 %) holds a current certification. The pledge "
                      "asks for at least 20 % (1 officer): met.", flat)
        self.assertIn("Selected non-sworn staff: 1 of 1 holds a current MHFA "
                      "certification.", flat)
        courses = out.split("each covers:\n")[1].split("\n\n")[0]
        self.assertEqual(courses.splitlines(), [
            f'- MHFA: "{MHFA_PS}", 3 people',
            '- MHFA: "MHFA-PS", 2 people',
            '- MHFA: "Mental Health First Aid", 1 person',
            f'- CIT: "{CIT40}", 1 person'])
        self.assertIn("completed between January 10, 2024 and March 1, "
                      "2026.", flat)
        self.assertIn("the roster export roster.csv (written ", flat)
        self.assertIn("Every training requirement of the pledge is met as of "
                      "November 23, 2026.", flat)
        self.assertNotIn("NOT MET", out)
        for line in out.splitlines():
            self.assertLessEqual(len(line), 72, line)
            self.assertFalse(line.startswith("%"), line)

    def test_not_met_says_so_with_the_shortfall(self):
        """On 2027-01-11 Ana's MHFA (to 2027-01-10) has lapsed: 4 of 5 =
        80.0 %, 1 short; CIT unchanged."""
        conf = self.setup(*self.riverton())
        flat = self.one_line(self.letter(conf, "2027-01-11"))
        self.assertIn("4 of 5 sworn officers (80.0 %) hold a current "
                      "certification. The pledge asks for 100 % (5 "
                      "officers): NOT MET; 1 more officer must be "
                      "trained.", flat)
        self.assertIn("The pledge's training requirements are NOT MET as of "
                      "January 11, 2027: MHFA needs 1 more officer. This is "
                      "a draft for the chief to check, not a certificate.",
                      flat)
        self.assertIn('- MHFA: "MHFA-PS", 2 people', flat)
        self.assertIn(f'- MHFA: "{MHFA_PS}", 2 people', flat)

    def test_a_percent_just_under_is_never_rounded_up(self):
        """2001 sworn: 2000 with MHFA is 99.95 %, written 99.9 %, never
        100 %; 400 with CIT is 19.99 % of the 401 required (ceil of
        400.2), written 19.9 %, never 20 %; each 1 short."""
        roster = [f"{i},Officer {i},Sworn Officer,,Lakeside PD,Active\r\n"
                  for i in range(1, 2002)]
        training = [f"{i},MHFA,01/01/2026,01/01/2029\r\n"
                    for i in range(1, 2001)]
        training += [f"{i},CIT,01/01/2026,\r\n" for i in range(1, 401)]
        conf = self.setup(roster, training)
        out = self.letter(conf, "2026-11-23")
        flat = self.one_line(out)
        # a number and its "%" are never parted by a line break
        self.assertEqual([x for x in out.splitlines()
                          if x.startswith("%")], [])
        self.assertIn("2000 of 2001 sworn officers (99.9 %)", flat)
        self.assertIn("400 of 2001 sworn officers (19.9 %)", flat)
        self.assertIn("(2001 officers): NOT MET; 1 more officer", flat)
        self.assertIn("(401 officers): NOT MET; 1 more officer", flat)
        self.assertNotIn("100.0 %", flat)
        self.assertNotIn("20.0 %", flat)

    def test_figures_equal_the_json_report(self):
        """Two agencies, on three days: every figure the letter states is
        the JSON report's."""
        roster, training = self.riverton()
        roster += [f"{i},Officer {i},Sworn Officer,,Lakeside PD,Active\r\n"
                   for i in range(100, 107)]
        training += [f"{i},MHFA,0{i - 99}/15/2024,0{i - 99}/15/2027\r\n"
                     for i in range(100, 106)]
        training += ["100,CIT,02/01/2025,\r\n"]
        conf = self.setup(roster, training)
        pat = re.compile(r"\((\w+)\)(?:, or an equivalent course)?: "
                         r"(\d+) of (\d+) sworn officers? "
                         r"\(([\d.]+) %\) holds? a current certification\. "
                         r"The pledge asks for (?:at least )?(\d+) % \((\d+) "
                         r"officers?\): (met|NOT MET)(?:; (\d+) more)?")
        for today in ("2026-11-23", "2027-01-11", "2027-07-01"):
            out = self.letter(conf, today)
            rc, js, err = run("-c", conf, "-n", "--today", today, "--format",
                              "json")
            report = json.loads(js)
            letters = out.split("\f")
            self.assertEqual(len(letters), 2)
            for ag, text in zip(report["agencies"], letters):
                flat = self.one_line(text)
                self.assertIn(f"{ag['name']} has {ag['sworn']} sworn", flat)
                found = {m[0]: m for m in pat.findall(flat)}
                for c in ag["certifications"]:
                    m = found[c["name"]]
                    self.assertEqual(
                        (int(m[1]), int(m[2]), int(m[4]), int(m[5]),
                         m[6] == "met", int(m[7] or 0)),
                        (c["valid"], ag["sworn"], c["threshold_pct"],
                         c["required"], c["met"], c["shortfall"]),
                        (today, ag["name"], c["name"]))
                    tenths = c["valid"] * 1000 // ag["sworn"]
                    self.assertEqual(m[3], f"{tenths // 10}.{tenths % 10}")

    def test_agency_and_own_template(self):
        roster, training = self.riverton()
        roster.append("100,Lou Lake,Sworn Officer,,Lakeside PD,Active\r\n")
        os.mkdir(self.path("templates"))
        self.write("templates/letter.txt",
                   "Subject: Pledge letter, {agency}\n\nDear IACP,\n\n"
                   "{certifications}Yours, the Chief of {agency}\n")
        conf = self.setup(roster, training,
                          mail_extra='templates = "templates";')
        out = self.letter(conf, "2026-11-23", "--agency", "Lakeside PD")
        self.assertTrue(out.startswith("Pledge letter, Lakeside PD\n\n"
                                       "Dear IACP,\n\n"), out)
        self.assertIn("0 of 1 sworn officer (0.0 %)", self.one_line(out))
        self.assertTrue(out.endswith("Yours, the Chief of Lakeside PD\n"))
        self.assertNotIn("Riverton", out)
        self.write("templates/letter.txt", "Subject: x\n\n{chief}\n")
        rc, out, err = run("-c", conf, "-n", "--format", "letter")
        self.assertEqual(rc, 78)
        self.assertIn("unknown placeholder {chief}", err)


class Verdict(Case):
    """The letter's verdict counts selected staff, states a threshold due
    to break soon, and gives no figure for an agency without sworn
    officers.  On 2026-11-23, MHFA lasting 36 months."""

    def letter(self, roster, training):
        self.write("roster.csv", "Employee ID,Name,Sworn,Agency,Selected\n"
                   + roster)
        self.write("training.csv", "Employee ID,Course Title,Completion "
                   "Date\n" + training)
        conf = self.config('roster = { file = "roster.csv"; columns = { '
                           'id = "Employee ID"; name = "Name"; sworn = '
                           '"Sworn"; agency = "Agency"; selected = '
                           '"Selected"; }; };\ntraining = { file = '
                           '"training.csv"; };\nstate_file = "state.db";\n'
                           'certifications = ( { name = "CIT"; '
                           'threshold_pct = 0; } );\n')
        rc, out, err = run("-c", conf, "-n", "--today", "2026-11-23",
                           "--format", "letter")
        self.assertEqual(rc, 0, err)
        return " ".join(out.split())

    def test_an_untrained_dispatcher_is_not_met(self):
        """Both officers hold MHFA; the one selected dispatcher does not:
        the pledge covers selected staff, so it is not met."""
        text = self.letter("1,Ann,yes,Riverton PD,\n2,Bo,yes,Riverton PD,\n"
                           "3,Cy,no,Riverton PD,yes\n",
                           "1,MHFA,2025-06-01\n2,MHFA,2025-06-01\n")
        self.assertIn("Selected non-sworn staff: 0 of 1 hold a current "
                      "MHFA certification.", text)
        self.assertIn("NOT MET as of November 23, 2026: MHFA for 1 "
                      "selected non-sworn member.", text)
        self.assertNotIn("Every training requirement", text)

    def test_a_break_within_ninety_days_is_stated(self):
        """Bo's MHFA of 2023-12-29 lapses after 2026-12-29: met today,
        below 100 % from 2026-12-30, 37 days on."""
        text = self.letter("1,Ann,yes,Riverton PD,\n2,Bo,yes,Riverton PD,\n",
                           "1,MHFA,2025-06-01\n2,MHFA,2023-12-29\n")
        self.assertIn("Every training requirement of the pledge is met as "
                      "of November 23, 2026. MHFA falls below 100 % on "
                      "December 30, 2026 unless 1 more officer renews or "
                      "trains by then.", text)

    def test_no_sworn_officers_no_figure(self):
        """Dispatch has only civilians: no "0 of 0", no "NOT MET"."""
        text = self.letter("1,Ann,yes,Riverton PD,\n"
                           "2,Dee,no,Dispatch,\n",
                           "1,MHFA,2025-06-01\n")
        dispatch = text[text.index("Dispatch: the training"):]
        self.assertIn("the roster lists no sworn officers, so the pledge "
                      "sets no figure for it.", dispatch)
        self.assertNotIn("0 of 0", dispatch)
        self.assertNotIn("NOT MET", dispatch)
        self.assertIn("there is no pledge figure to state", dispatch)


class WholeLetter(Case):
    """The letter the pledge's FAQ describes: the training, the
    partnership with a mental health provider, the crisis policy and what
    to enclose, signed; every part the configuration lacks marked."""

    PLEDGE = """pledge = {
  partner = "Riverton Behavioral Health";
  partnership = "a co-responder program: a clinician rides with patrol";
  mou_signed = "2025-03-01";
  policy = "General Order 4.12, Response to Persons in Crisis";
  policy_adopted = "2025-06-15";
  policy_components = [ "dispatch screening for crisis calls",
                        "a CIT officer sent when one is on duty" ];
  signed_by = "Jordan Reyes, Chief of Police";
};"""

    def letter(self, extra=""):
        text = copy_demo(self.dir, self.path("state.db"))
        conf = self.config(text + extra)
        rc, out, err = run("-c", conf, "-n", "--today", "2026-11-23",
                           "--format", "letter")
        self.assertEqual(rc, 0, err)
        return " ".join(out.split())

    def test_configured_it_reads_as_a_finished_letter(self):
        text = self.letter(self.PLEDGE)
        self.assertNotIn("[to complete", text)
        self.assertIn("Partnership: Riverton Police Department works with "
                      "Riverton Behavioral Health in a co-responder program: "
                      "a clinician rides with patrol, under a memorandum of "
                      "understanding signed on March 1, 2025.", text)
        self.assertIn("Policy: General Order 4.12, Response to Persons in "
                      "Crisis, adopted on June 15, 2025, sets the agency's "
                      "response to individuals experiencing a crisis. Its "
                      "main components: - dispatch screening for crisis "
                      "calls - a CIT officer sent when one is on duty", text)
        self.assertIn("Enclosed: General Order 4.12, Response to Persons in "
                      "Crisis; the memorandum of understanding with "
                      "Riverton Behavioral Health.", text)
        self.assertTrue(text.endswith("Jordan Reyes, Chief of Police"), text)

    def test_unconfigured_every_part_is_marked(self):
        text = self.letter()
        for key in ("pledge.partner", "pledge.partnership",
                    "pledge.mou_signed", "pledge.policy",
                    "pledge.policy_adopted", "pledge.policy_components",
                    "pledge.signed_by"):
            self.assertIn(key + ")]", text)

    def test_an_agency_signs_its_own(self):
        """agencies = ( { pledge } ) wins key by key over the top level."""
        text = self.letter(self.PLEDGE + """
agencies = ( { name = "Riverton Police Department";
  pledge = { signed_by = "Sam Lee, Acting Chief"; }; } );""")
        self.assertTrue(text.endswith("Sam Lee, Acting Chief"), text)
        self.assertIn("Riverton Behavioral Health", text)
