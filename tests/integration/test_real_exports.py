"""Exports as HR and training-records systems write them: every value that
decides who is counted is understood or refused loudly, never guessed.
The figures are counted by hand in each test's docstring."""
from helpers import Case, SmtpSink, TODAY, run

# An HR system's roster: quoted values, CRLF, its own column names.
HR_HEADER = ('"Employee ID","Last Name","First Name","Email Address",'
             '"Job Class","Employment Status","Rank","Department"\r\n')
HR_COLUMNS = """columns = { id = "Employee ID"; first_name = "First Name";
    last_name = "Last Name"; email = "Email Address"; sworn = "Job Class";
    status = "Employment Status"; agency = "Department"; };"""
TRAINING = ("Employee ID,Course Title,Completion Date,Expiration Date\r\n")


def hr_row(pid, last, first, job, status="Active", rank="Officer",
           dept="Riverton PD"):
    return (f'"{pid}","{last}","{first}","{first.lower()}.{last.lower()}'
            f'@riverton.example","{job}","{status}","{rank}","{dept}"\r\n')


class Deciding(Case):
    """Sworn, status and selected columns."""

    def files(self, roster, training, roster_extra="", extra=""):
        self.write("roster.csv", roster)
        self.write("training.csv", training)
        return self.config(f"""
roster = {{ file = "roster.csv"; {HR_COLUMNS} {roster_extra} }};
training = {{ file = "training.csv"; }};
state_file = "state.db";
mail = {{ from = "Training <training@riverton.example>";
         summary_to = [ "training@riverton.example" ]; }};
smtp = {{ url = "smtp://127.0.0.1:{{port}}"; tls = "none"; timeout_s = 5; }};
{extra}
""")

    def live(self, conf, *args):
        sink = self.sink_for(conf)
        rc, out, err = run("-c", conf, "--today", TODAY, *args)
        return rc, err, sink.messages()

    def test_job_class_words_not_understood_stop_everything(self):
        """Job Class says "Police Officer" for 3 people and "Records Clerk"
        for 2: neither word is in a list.  The dry run names both with
        their rows and the settings; a live run sends nothing (65), even
        with --force; --check says UNKNOWN.  Added to the lists, the same
        files count 3 sworn and mail them."""
        roster = HR_HEADER + "".join(
            hr_row(i, f"Last{i}", f"First{i}", "Police Officer")
            for i in (101, 102, 103)) + "".join(
            hr_row(i, f"Last{i}", f"First{i}", "Records Clerk")
            for i in (201, 202))
        conf = self.files(roster, TRAINING + "101,MHFA-PS,2025-02-01,\r\n")
        rc, out, err = run("-c", conf, "--dry-run", "--today", TODAY)
        self.assertEqual(rc, 0, err)
        self.assertIn("cannot be trusted", out)
        self.assertIn('column "Job Class" (sworn): the value \'Police '
                      'Officer\' on 3 rows is not understood; add it to '
                      'roster.sworn_values or roster.non_sworn_values', out)
        self.assertIn("'Records Clerk' on 2 rows", out)
        r = self.dry_json(conf)
        self.assertEqual(len(r["refusals"]), 1)
        rc, out, _ = run("-c", conf, "--check", "--today", TODAY)
        self.assertEqual(rc, 3)
        self.assertTrue(out.startswith("CERTMINDER UNKNOWN"), out)
        for args in ((), ("--force",)):
            rc, err, mail = self.live(conf, *args)
            self.assertEqual(rc, 65, err)
            self.assertIn("not understood", err)
            self.assertIn("--force does not override", err)
            self.assertEqual(mail, [])
        conf = self.files(roster, TRAINING + "101,MHFA-PS,2025-02-01,\r\n",
                          roster_extra='sworn_values = [ "Police Officer" ];'
                          ' non_sworn_values = [ "Records Clerk" ];')
        r = self.dry_json(conf)
        self.assertEqual(r["refusals"], [])
        self.assertEqual(r["agencies"][0]["sworn"], 3)
        mhfa = self.cert(r, "MHFA")
        self.assertEqual((mhfa["required"], mhfa["valid"], mhfa["missing"]),
                         (3, 1, 2))

    def test_words_read_with_case_and_spaces_as_one(self):
        """"SWORN  officer" and " civilian   STAFF " are the default
        words: 1 sworn, 1 not, nothing refused."""
        roster = HR_HEADER + hr_row(1, "Ames", "Ann", "SWORN  officer") + \
            hr_row(2, "Bell", "Bo", " civilian   STAFF ")
        r = self.dry_json(self.files(roster, TRAINING))
        self.assertEqual(r["refusals"], [])
        self.assertEqual(r["agencies"][0]["sworn"], 1)

    def test_unknown_status_is_refused_known_leavers_are_not(self):
        """"Retired" and "Separated" leave the count; "Active" and "On
        Leave" stay; "Military Deployment" is no known word: refused."""
        roster = HR_HEADER + hr_row(1, "Ames", "Ann", "Sworn") + \
            hr_row(2, "Bell", "Bo", "Sworn", "Retired") + \
            hr_row(3, "Cole", "Cy", "Sworn", "Separated") + \
            hr_row(4, "Dunn", "Di", "Sworn", "On Leave") + \
            hr_row(5, "Eyre", "Ed", "Sworn", "Military Deployment")
        conf = self.files(roster, TRAINING)
        rc, out, _ = run("-c", conf, "--dry-run", "--today", TODAY)
        self.assertIn('column "Employment Status" (status): the value '
                      "'Military Deployment' on 1 row is not understood; "
                      "add it to roster.active_values or "
                      "roster.inactive_values", out)
        r = self.dry_json(conf)
        self.assertEqual(len(r["refusals"]), 1)
        # counted as active while refused: 1, 4 and 5
        self.assertEqual(r["agencies"][0]["sworn"], 3)

    def test_selected_by_rank(self):
        """columns.selected = "Rank" with selected_values = [ "Dispatcher" ]:
        the two non-sworn dispatchers are selected, the records clerk is
        not, and no value is refused.  One dispatcher holds MHFA."""
        roster = HR_HEADER + hr_row(1, "Ames", "Ann", "Sworn") + \
            hr_row(2, "Bell", "Bo", "Civilian", rank="Dispatcher") + \
            hr_row(3, "Cole", "Cy", "Civilian", rank="Dispatcher") + \
            hr_row(4, "Dunn", "Di", "Civilian", rank="Records Clerk")
        conf = self.files(
            roster, TRAINING + "2,Mental Health First Aid,2025-03-01,\r\n",
            roster_extra='selected_values = [ "Dispatcher" ];')
        with open(conf) as f:
            text = f.read().replace('agency = "Department";',
                                    'agency = "Department"; '
                                    'selected = "Rank";')
        with open(conf, "w") as f:
            f.write(text)
        r = self.dry_json(conf)
        self.assertEqual(r["refusals"], [])
        mhfa = self.cert(r, "MHFA")
        self.assertEqual((mhfa["selected_total"], mhfa["selected_valid"]),
                         (2, 1))
        self.assertTrue(self.person(r, "2")["selected"])
        self.assertFalse(self.person(r, "4")["selected"])

    def test_agency_without_sworn_officers_is_no_pledge_figure(self):
        """Dispatch has only civilians: 0 sworn, so its thresholds read "no
        sworn officers", never "met", and --check names it so without
        making the line UNKNOWN: Riverton's figures hold (the WARNING is
        CIT's unchecked hours)."""
        roster = HR_HEADER + hr_row(1, "Ames", "Ann", "Sworn") + \
            hr_row(2, "Bell", "Bo", "Civilian", dept="Dispatch")
        conf = self.files(roster, TRAINING + "1,MHFA,2025-03-01,\r\n"
                          "1,CIT,2025-03-01,\r\n")
        r = self.dry_json(conf)
        dispatch = [a for a in r["agencies"] if a["name"] == "Dispatch"][0]
        self.assertEqual(dispatch["sworn"], 0)
        self.assertTrue(dispatch["no_sworn_officers"])
        for c in dispatch["certifications"]:
            self.assertFalse(c["met"])
        rc, out, _ = run("-c", conf, "--dry-run", "--today", TODAY)
        self.assertIn("Dispatch: 0 sworn (1 active)", out)
        self.assertIn("MHFA: no sworn officers, so no pledge figure.", out)
        table = out[out.index("Dispatch: 0 sworn"):]
        table = table[:table.index("\n\n")]
        self.assertNotIn("yes", table)
        rc, out, _ = run("-c", conf, "--check", "--today", TODAY)
        self.assertEqual(rc, 1, out)
        self.assertTrue(out.startswith("CERTMINDER WARNING - "), out)
        self.assertIn("\nDispatch: MHFA 0/0, CIT 0/0, no sworn officers\n",
                      out)
        self.assertNotIn("UNKNOWN", out)


class Columns(Case):
    """A column the configuration names must be in the header."""

    def test_renamed_status_column_is_an_error(self):
        """The HR system renamed "Employment Status" to "Emp Status": with
        the column missing, separated staff would count again.  Exit 65,
        naming the column and showing the header; a live run sends
        nothing."""
        roster = HR_HEADER.replace("Employment Status", "Emp Status") + \
            hr_row(1, "Ames", "Ann", "Sworn") + \
            hr_row(2, "Bell", "Bo", "Sworn", "Separated")
        self.write("roster.csv", roster)
        self.write("training.csv", TRAINING)
        sink = SmtpSink(self.path("mail"))
        self.addCleanup(sink.stop)
        conf = self.config(f"""
roster = {{ file = "roster.csv"; {HR_COLUMNS} }};
training = {{ file = "training.csv"; }};
state_file = "state.db";
mail = {{ from = "Training <training@riverton.example>"; }};
smtp = {{ url = "smtp://127.0.0.1:{sink.port}"; tls = "none"; }};
""")
        for args in (("--dry-run",), ()):
            rc, out, err = run("-c", conf, "--today", TODAY, *args)
            self.assertEqual(rc, 65, err)
            self.assertIn('roster.csv: line 1: no column "Employment Status" '
                          "(roster.columns key 'status'); the header has "
                          "'Employee ID', 'Last Name'", err)
            self.assertIn("'Emp Status'", err)
        self.assertEqual(sink.messages(), [])

    def test_absent_default_column_is_said(self):
        """No columns group, and the export has no "Employee Type": the
        defaults apply and the report says everyone counts as sworn."""
        self.write("roster.csv", "Employee ID,First Name,Last Name,Email\r\n"
                   "1,Ann,Ames,ann@riverton.example\r\n"
                   "2,Bo,Bell,bo@riverton.example\r\n")
        self.write("training.csv", TRAINING)
        conf = self.config('roster = { file = "roster.csv"; };\n'
                           'training = { file = "training.csv"; };\n')
        r = self.dry_json(conf)
        self.assertIn('roster.csv: no sworn column ("Employee Type"): '
                      'everyone counts as sworn', r["warnings"])
        self.assertIn('roster.csv: no status column ("Status"): everyone '
                      'counts as active', r["warnings"])
        self.assertEqual(r["agencies"][0]["sworn"], 2)
        rc, out, _ = run("-c", conf, "--dry-run", "--today", TODAY)
        self.assertIn("Note: roster.csv: no sworn column", out)


class IdScope(Case):
    """A state association's export: every agency numbers from 100."""

    AGENCIES = ("Riverton PD", "Lakeside PD", "Hill County SO")

    def write_files(self):
        """Riverton's 10 officers all hold MHFA; Lakeside's 100-104 do;
        Hill County's none, but 100 and 101 hold CIT."""
        roster = ["Badge,Name,Email,Sworn,Agency\r\n"]
        training = ["Badge,Agency,Course Title,Completion Date\r\n"]
        for a, agency in enumerate(self.AGENCIES):
            for badge in range(100, 110):
                roster.append(f"{badge},Officer {a}-{badge},"
                              f"o{a}.{badge}@state.example,Sworn,{agency}\r\n")
        for badge in range(100, 110):
            training.append(f"{badge},Riverton PD,MHFA-PS,2025-01-15\r\n")
        for badge in range(100, 105):
            training.append(f"{badge},Lakeside PD,MHFA: Public Safety,"
                            "2025-02-01\r\n")
        for badge in (100, 101):
            training.append(f"{badge},Hill County SO,CIT: 40 Hour,"
                            "2025-03-01\r\n")
        self.write("roster.csv", "".join(roster))
        self.write("training.csv", "".join(training))

    def conf(self, scope):
        return self.config(f"""
{scope}
roster = {{ file = "roster.csv"; columns = {{ id = "Badge"; name = "Name";
    email = "Email"; sworn = "Sworn"; agency = "Agency"; }}; }};
training = {{ file = "training.csv"; columns = {{ id = "Badge";
    agency = "Agency"; course = "Course Title";
    completed = "Completion Date"; }}; }};
state_file = "state.db";
""")

    def test_reused_badges_are_refused_in_one_scope(self):
        """30 people on 10 badge numbers: each id is a problem, and 10 ids
        in several agencies is more than 5, so nothing may be sent; the
        refusal points at id_scope."""
        self.write_files()
        conf = self.conf("")
        rc, out, err = run("-c", conf, "--dry-run", "--today", TODAY)
        self.assertEqual(rc, 0, err)
        self.assertIn("10 ids are on more than one roster row (at most 5 may "
                      "be), 10 of them in several agencies", out)
        self.assertIn('set id_scope = "agency"', out)
        self.assertIn("id '100' is also in agency \"Riverton PD\"", out)
        rc, out, _ = run("-c", conf, "--check", "--today", TODAY)
        self.assertEqual(rc, 3, out)

    def test_ids_per_agency(self):
        """With id_scope = "agency" every badge is a person of its agency:
        Riverton MHFA 10/10 met; Lakeside 5/10 not met; Hill County MHFA
        0/10, CIT 2 of the 2 required, met."""
        self.write_files()
        r = self.dry_json(self.conf('id_scope = "agency";'))
        self.assertEqual(r["refusals"], [])
        by = {a["name"]: a for a in r["agencies"]}
        self.assertEqual(sorted(by), sorted(self.AGENCIES))

        def cert(agency, name):
            return [c for c in by[agency]["certifications"]
                    if c["name"] == name][0]
        self.assertEqual(by["Riverton PD"]["sworn"], 10)
        self.assertEqual((cert("Riverton PD", "MHFA")["valid"],
                          cert("Riverton PD", "MHFA")["met"]), (10, True))
        self.assertEqual((cert("Lakeside PD", "MHFA")["valid"],
                          cert("Lakeside PD", "MHFA")["met"]), (5, False))
        self.assertEqual(cert("Hill County SO", "MHFA")["valid"], 0)
        self.assertEqual((cert("Hill County SO", "CIT")["required"],
                          cert("Hill County SO", "CIT")["valid"],
                          cert("Hill County SO", "CIT")["met"]), (2, 2, True))
        self.assertEqual(r["inputs"]["training"]["unmatched"], 0)

    def test_agency_scope_needs_the_training_agency_column(self):
        self.write_files()
        conf = self.config('id_scope = "agency";\nroster = { file = '
                           '"roster.csv"; columns = { id = "Badge"; agency = '
                           '"Agency"; }; };\ntraining = { file = '
                           '"training.csv"; columns = { id = "Badge"; course'
                           ' = "Course Title"; completed = "Completion Date";'
                           ' }; };\n')
        rc, _, err = run("-c", conf, "--dry-run", "--today", TODAY)
        self.assertEqual(rc, 78)
        self.assertIn("training.columns.agency", err)

    def test_a_few_repeated_ids_are_problems_only(self):
        """One id twice in one agency: the later row wins, a problem, and
        no refusal (1 is not more than 5)."""
        self.write("roster.csv", "Badge,Name,Sworn\r\n1,Ann,Sworn\r\n"
                   "2,Bo,Sworn\r\n1,Ann Ames,Sworn\r\n")
        self.write("training.csv", TRAINING)
        conf = self.config('roster = { file = "roster.csv"; columns = { '
                           'id = "Badge"; name = "Name"; sworn = "Sworn"; }; '
                           '};\ntraining = { file = "training.csv"; };\n')
        r = self.dry_json(conf)
        self.assertEqual(r["refusals"], [])
        self.assertEqual(r["agencies"][0]["sworn"], 2)
        self.assertEqual(self.person(r, "1")["name"], "Ann Ames")
        self.assertTrue(any("appears again (also on line 2): this row wins"
                            in p["message"] for p in r["problems"]))


class Dates(Case):
    """A training-records system's date columns."""

    def files(self, rows, extra=""):
        """One sworn officer per training row, ids 1.. in order."""
        roster = "Employee ID,Name,Sworn\r\n" + "".join(
            f"{i},Officer {i},Sworn\r\n" for i in range(1, len(rows) + 1))
        self.write("roster.csv", roster)
        self.write("training.csv", TRAINING + "".join(
            f"{i},{course},{done},{exp}\r\n"
            for i, (course, done, exp) in enumerate(rows, 1)))
        return self.config('roster = { file = "roster.csv"; columns = { '
                           'id = "Employee ID"; name = "Name"; sworn = '
                           '"Sworn"; }; };\ntraining = { file = '
                           '"training.csv"; };\n' + extra)

    def expires(self, r, pid, cert="MHFA"):
        return self.person(r, str(pid))["certs"][cert].get("expires")

    def problem(self, r, line):
        return [p["message"] for p in r["problems"] if p["line"] == line]

    def test_no_expiry_words_mean_computed_from_validity(self):
        """CIT completed 2025-06-01 with "N/A", "Never", "0" and "-" as its
        expiry: each is valid until 2028-06-01 (36 months), none is
        rejected, so 4 of 4 sworn hold CIT."""
        rows = [("CIT: 40 Hour", "2025-06-01", e)
                for e in ("N/A", "Never", "0", "-")]
        r = self.dry_json(self.files(rows))
        self.assertEqual(r["inputs"]["training"]["rejected"], 0)
        for i in range(1, 5):
            self.assertEqual(self.expires(r, i, "CIT"), "2028-06-01")
        self.assertEqual(self.cert(r, "CIT")["valid"], 4)

    def test_end_of_time_expiry_as_configured(self):
        """A learning system writes 12/31/9999 where a course has no end.
        Refused row by row, as an implausible date, with the way out in
        the problem; once added to no_expiry_values it reads as no
        expiry: MHFA completed 2025-06-01 runs 36 months to 2028-06-01."""
        rows = [("MHFA", "2025-06-01", "12/31/9999"),
                ("MHFA", "2025-06-01", "2040-01-01")]
        r = self.dry_json(self.files(rows))
        self.assertEqual(r["inputs"]["training"]["rejected"], 2)
        self.assertIn("add it as written to no_expiry_values",
                      self.problem(r, 2)[0])
        self.assertEqual(self.problem(r, 3), [
            "expiry date 2040-01-01 is more than ten years after the "
            "completion date 2025-06-01"])
        r = self.dry_json(self.files(rows, 'no_expiry_values = [ "", '
                                     '"N/A", "12/31/9999" ];\n'))
        self.assertEqual(r["inputs"]["training"]["rejected"], 1)
        self.assertEqual(self.expires(r, 1), "2028-06-01")

    def test_forms_a_spreadsheet_writes(self):
        """Seven writings of 2024-03-15; MHFA then runs to 2027-03-15."""
        forms = ["2024/03/15", "15-Mar-2024", '"Mar 15, 2024"', "20240315",
                 "3/15/2024 8:00 AM", "2024-03-15T08:00:00",
                 "2024-03-15 08:00:00.000"]
        r = self.dry_json(self.files([("MHFA", f, "") for f in forms]))
        self.assertEqual(r["problems"], [])
        for i in range(1, len(forms) + 1):
            self.assertEqual(self.expires(r, i), "2027-03-15", forms[i - 1])

    def test_implausible_dates_are_refused_row_by_row(self):
        """Each row is refused with its reason; a date reads the same on
        every row (1969-12-31 twice)."""
        rows = [("MHFA", "1969-12-31", ""), ("MHFA", "1969-12-31", ""),
                ("MHFA", "2023", ""), ("MHFA", "61", ""),
                ("MHFA", "2024-05-01", "2024-04-01"),
                ("MHFA", "1/1/1900", ""),
                ("MHFA", "2024-01-02", "12/31/9999"),
                ("MHFA", "2024-01-02", "")]
        r = self.dry_json(self.files(rows))
        for line in (2, 3):
            self.assertEqual(self.problem(r, line), [
                "completion date 1969-12-31 is before earliest_date "
                "(1980-01-01)"])
        self.assertEqual(self.problem(r, 4),
                         ["unreadable date '2023' (completion date)"])
        self.assertEqual(self.problem(r, 5),
                         ["unreadable date '61' (completion date)"])
        self.assertEqual(self.problem(r, 6), [
            "expiry date 2024-04-01 is before the completion date "
            "2024-05-01"])
        self.assertEqual(self.problem(r, 7), [
            "completion date 1900-01-01 is before earliest_date "
            "(1980-01-01)"])
        self.assertEqual(self.problem(r, 8), [
            "expiry date 9999-12-31 is more than ten years after the "
            "completion date 2024-01-02: if the export writes it for a "
            "course that does not expire, add it as written to "
            "no_expiry_values"])
        self.assertEqual(r["inputs"]["training"]["rejected"], 7)
        self.assertEqual(self.cert(r, "MHFA")["valid"], 1)

    def test_day_first_file_is_read_day_first(self):
        """13/01/2025 can only be day first, so the column is: 01/02/2025
        is 1 February too."""
        r = self.dry_json(self.files([("MHFA", "13/01/2025", ""),
                                      ("MHFA", "01/02/2025", "")]))
        self.assertEqual(r["problems"], [])
        self.assertEqual(self.expires(r, 1), "2028-01-13")
        self.assertEqual(self.expires(r, 2), "2028-02-01")

    def test_both_orders_in_one_column_are_refused(self):
        conf = self.files([("MHFA", "13/01/2025", ""),
                           ("MHFA", "01/13/2025", "")])
        rc, out, err = run("-c", conf, "--dry-run", "--today", TODAY)
        self.assertEqual(rc, 65)
        self.assertIn('the Completion Date column holds dates only day first '
                      'can read (line 2) and dates only month first can '
                      'read (line 3)', err)

    def test_ambiguous_column_reads_month_first_and_says_so(self):
        r = self.dry_json(self.files([("MHFA", "01/02/2025", ""),
                                      ("MHFA", "03/04/2025", "")]))
        self.assertEqual(self.expires(r, 1), "2028-01-02")
        self.assertTrue(any("fits both orders: read month first" in w
                            for w in r["warnings"]))

    def test_a_pattern_for_anything_else(self):
        r = self.dry_json(self.files([("MHFA", "15.03.2024", "")],
                                     'date_format = "%d.%m.%Y";\n'))
        self.assertEqual(self.expires(r, 1), "2027-03-15")


class Pledge(Case):
    """The configuration's certifications and the two readings of the
    pledge."""

    def files(self, extra):
        """Five sworn: 1-3 hold MHFA, 4 holds CIT only, 5 nothing."""
        self.write("roster.csv", "Employee ID,Name,Sworn\r\n" + "".join(
            f"{i},Officer {i},Sworn\r\n" for i in range(1, 6)))
        self.write("training.csv", TRAINING +
                   "1,MHFA,2025-01-10,\r\n2,MHFA,2025-01-10,\r\n"
                   "3,MHFA,2025-01-10,\r\n4,CIT-40 Hour Basic,2025-05-01,\r\n")
        return self.config('roster = { file = "roster.csv"; columns = { '
                           'id = "Employee ID"; name = "Name"; sworn = '
                           '"Sworn"; }; };\ntraining = { file = '
                           '"training.csv"; };\n' + extra)

    def test_setting_only_cit_keeps_mhfa(self):
        """Only CIT's validity given: MHFA stays, 3 of 5; CIT expires
        after 24 months (2027-05-01)."""
        r = self.dry_json(self.files('certifications = ( { name = "CIT"; '
                                     'validity_months = 24; } );\n'))
        self.assertEqual([c["name"] for c in
                          r["agencies"][0]["certifications"]],
                         ["MHFA", "CIT"])
        self.assertEqual(self.cert(r, "MHFA")["valid"], 3)
        self.assertEqual(self.person(r, "4")["certs"]["CIT"]["expires"],
                         "2027-05-01")

    def test_disabled_certification_is_gone(self):
        r = self.dry_json(self.files('certifications = ( { name = "CIT"; '
                                     'enabled = false; } );\n'))
        self.assertEqual([c["name"] for c in
                          r["agencies"][0]["certifications"]], ["MHFA"])

    def test_cit_also_meets_mhfa(self):
        """Read as the IACP's pledge page words it, officer 4's CIT counts
        toward MHFA: 4 of 5 instead of 3, and no "missing" MHFA notice for
        officer 4."""
        plain = self.dry_json(self.files(""))
        self.assertEqual(self.cert(plain, "MHFA")["valid"], 3)
        r = self.dry_json(self.files('certifications = ( { name = "MHFA"; '
                                     'also_met_by = [ "CIT" ]; } );\n'))
        mhfa = self.cert(r, "MHFA")
        self.assertEqual((mhfa["required"], mhfa["valid"], mhfa["missing"]),
                         (5, 4, 1))
        missing = [n["person"] for n in r["notices"]
                   if n["kind"] == "missing" and n["cert"] == "MHFA"]
        self.assertEqual(missing, ["5"])


class RosterBrakes(Case):
    """Brakes over the roster between two nights."""

    def night(self, sworn, status, *args, today=TODAY):
        self.write("roster.csv", "Employee ID,Name,Email,Sworn,Status\r\n" +
                   "".join(f"{i},Officer {i},o{i}@riverton.example,"
                           f"{sworn(i)},{status(i)}\r\n"
                           for i in range(1, 21)))
        self.write("training.csv", TRAINING + "".join(
            f"{i},MHFA,2025-01-10,\r\n" for i in range(1, 21)))
        conf = self.config(f"""
roster = {{ file = "roster.csv"; columns = {{ id = "Employee ID";
    name = "Name"; email = "Email"; sworn = "Sworn"; status = "Status"; }}; }};
training = {{ file = "training.csv"; }};
state_file = "state.db";
mail = {{ from = "Training <training@riverton.example>";
         summary_to = [ "training@riverton.example" ]; }};
smtp = {{ url = "smtp://127.0.0.1:{self.sink.port}"; tls = "none"; }};
""")
        return run("-c", conf, "--today", today, *args)

    def setUp(self):
        super().setUp()
        self.sink = SmtpSink(self.path("mail"))
        self.addCleanup(self.sink.stop)

    def test_sworn_count_changed(self):
        """20 sworn on the first night; the next night's export says
        "Civilian" for 1-8 (12 sworn, a 40 % change): stopped, nothing
        sent; --force sends."""
        rc, out, err = self.night(lambda i: "Sworn", lambda i: "Active")
        self.assertEqual(rc, 0, err)
        self.sink.clear()
        rc, out, err = self.night(
            lambda i: "Civilian" if i <= 8 else "Sworn", lambda i: "Active",
            today="2026-11-24")
        self.assertEqual(rc, 65, err)
        self.assertIn("sworn officers went from 20 to 12", err)
        self.assertEqual(self.sink.messages(), [])
        rc, out, err = self.night(
            lambda i: "Civilian" if i <= 8 else "Sworn", lambda i: "Active",
            "--force", today="2026-11-24")
        self.assertEqual(rc, 0, err)

    def test_leavers_coming_back(self):
        """15 active on the first night (16-20 retired); then everyone is
        "Active" again: 20 is a third more, stopped."""
        rc, out, err = self.night(lambda i: "Sworn",
                                  lambda i: "Retired" if i > 15 else "Active")
        self.assertEqual(rc, 0, err)
        self.sink.clear()
        rc, out, err = self.night(lambda i: "Sworn", lambda i: "Active",
                                  today="2026-11-24")
        self.assertEqual(rc, 65, err)
        self.assertIn("the active roster grew from 15 to 20 people", err)
        self.assertEqual(self.sink.messages(), [])


class Shapes(Case):
    """Encodings and file shapes as spreadsheets and HR systems write
    them."""

    CONF = ('roster = { file = "roster.csv"; };\n'
            'training = { file = "training.csv"; };\n')
    HEADER = "Employee ID,First Name,Last Name,Email,Employee Type\r\n"

    def test_windows_1252_is_told_from_utf8(self):
        """A roster saved by a spreadsheet in Windows-1252: read as such,
        names intact, and the report says which encoding it used."""
        self.write("roster.csv", self.HEADER + "1,José,Muñoz,jm@x.example,"
                   "Sworn\r\n2,Zoë,Brontë,zb@x.example,Sworn\r\n",
                   encoding="cp1252")
        self.write("training.csv", TRAINING)
        r = self.dry_json(self.config(self.CONF))
        self.assertEqual(self.person(r, "1")["name"], "José Muñoz")
        self.assertEqual(self.person(r, "2")["name"], "Zoë Brontë")
        self.assertEqual(r["inputs"]["roster"]["encoding"], "windows-1252")
        self.assertEqual(r["inputs"]["training"]["encoding"], "utf-8")
        self.assertIn("roster.csv: not valid UTF-8, so read as Windows-1252",
                      r["warnings"])

    def test_no_break_spaces_are_spaces(self):
        """A Windows-1252 export whose cells carry a no-break space (0xA0,
        pasted from a web page): after a header name, an id, a job class,
        a course title and a date.  Each reads as if it were a space, so
        officer 1 is matched to her MHFA and not told she has none.  By
        hand: 3 sworn (1, 2 and 3; 4 is civilian), MHFA valid for 1
        ("MHFA" + 0xA0) and 2 (a date ending in 0xA0), not 3; CIT for 2
        ("CIT" 0xA0 "Basic")."""
        nb = "\u00a0"
        self.write("roster.csv",
                   f"Employee ID{nb},First Name,Last Name,Email,"
                   f"Employee Type\r\n"
                   f"1{nb},José,Muñoz,jm@x.example,Sworn{nb}\r\n"
                   f"2,Ann,Ames,aa@x.example,{nb}Sworn{nb}Officer\r\n"
                   f"3,Bo,Bell,bb@x.example,Sworn\r\n"
                   f"4,Cy,Cole,cc@x.example,Civilian{nb}\r\n",
                   encoding="cp1252")
        self.write("training.csv",
                   TRAINING + f"1,MHFA{nb},2025-01-10,\r\n"
                   f"{nb}2,Mental Health First Aid,2025-01-10{nb},\r\n"
                   f"2,CIT{nb}Basic,2025-02-01,\r\n", encoding="cp1252")
        r = self.dry_json(self.config(self.CONF))
        self.assertEqual(r["refusals"], [])
        self.assertEqual(r["problems"], [])
        self.assertEqual(r["agencies"][0]["sworn"], 3)
        self.assertEqual(self.cert(r, "MHFA")["valid"], 2)
        self.assertEqual(self.cert(r, "CIT")["valid"], 1)
        self.assertEqual(r["inputs"]["training"]["unmatched"], 0)
        self.assertEqual(self.person(r, "1")["name"], "José Muñoz")
        self.assertEqual(self.person(r, "1")["certs"]["MHFA"]["status"],
                         "current")
        self.assertEqual(self.person(r, "3")["certs"]["MHFA"]["status"],
                         "missing")

    def test_utf16_export_is_named(self):
        self.write("roster.csv", (self.HEADER + "1,Ann,Ames,a@x.example,"
                                  "Sworn\r\n").encode("utf-16"))
        self.write("training.csv", TRAINING)
        rc, out, err = run("-c", self.config(self.CONF), "--dry-run",
                           "--today", TODAY)
        self.assertEqual(rc, 65)
        self.assertIn("roster.csv: the file is UTF-16", err)
        self.assertIn('export it as "CSV UTF-8"', err)

    def test_excel_sep_line(self):
        """Excel's "sep=;" first line names the delimiter and is no
        header; the record on line 3 keeps its line number."""
        self.write("roster.csv", "sep=;\r\n" + self.HEADER.replace(",", ";")
                   + "1;Ann;Ames;a@x.example;Sworn\r\n"
                   "2;Bo;Bell;b@x.example;Civilian\r\n")
        self.write("training.csv", TRAINING + "1,MHFA,2025-01-10,\r\n")
        r = self.dry_json(self.config(self.CONF))
        self.assertEqual(r["agencies"][0]["sworn"], 1)
        self.assertEqual(self.cert(r, "MHFA")["valid"], 1)

    def test_old_mac_line_ends(self):
        """Lines ended by CR alone (Excel's "CSV (Macintosh)", or a stray
        CR in a cell): each is a line, as an editor shows it.  Problems
        name the line the editor shows, and the evidence finds each
        counted record on its line."""
        self.write("roster.csv", self.HEADER.replace("\r\n", "\r")
                   + "1,Ann,Ames,a@x.example,Sworn\r"
                   "2,Bo,Bell,b@x.example,Sworn\r"
                   "3,Cy,Cole,not-an-address,Sworn\r")
        self.write("training.csv", TRAINING.replace("\r\n", "\r")
                   + "1,MHFA,2025-01-10,\r"
                   "2,MHFA,2025-13-45,\r"
                   "2,CIT 40-hour,2025-02-01,\r")
        conf = self.config(self.CONF)
        r = self.dry_json(conf)
        self.assertEqual(self.cert(r, "MHFA")["valid"], 1)
        self.assertEqual(self.cert(r, "CIT")["valid"], 1)
        lines = {(p["file"], p["line"]) for p in r["problems"]}
        self.assertIn(("roster.csv", 4), lines)      # Cy's address
        self.assertIn(("training.csv", 3), lines)    # Bo's impossible date
        rc, out, err = run("-c", conf, "--dry-run", "--today", TODAY,
                           "--format", "evidence")
        self.assertEqual((rc, err), (0, ""))
        rows = [l.split(",") for l in out.splitlines()[1:]]
        self.assertEqual(sorted((row[1], row[4], row[-1]) for row in rows),
                         [("1", "MHFA", "2"), ("2", "CIT", "4")])

    def test_header_row_repeated_inside(self):
        """Two exports joined: the second header row is skipped with a
        problem, and nobody is called "First Name Last Name"."""
        self.write("roster.csv", self.HEADER + "1,Ann,Ames,a@x.example,Sworn"
                   "\r\n" + self.HEADER + "2,Bo,Bell,b@x.example,Sworn\r\n")
        self.write("training.csv", TRAINING)
        r = self.dry_json(self.config(self.CONF))
        self.assertEqual(sorted(p["id"] for p in r["people"]), ["1", "2"])
        self.assertIn({"file": "roster.csv", "line": 3,
                       "message": "the header row again: skipped"},
                      r["problems"])

    def test_columns_line_up_after_accented_names(self):
        """The text report pads by what a terminal shows: the certification
        column starts at the same column after "Zoë Brontë" as after
        "Bob Bell"."""
        self.write("roster.csv", self.HEADER + "1,Zoë,Brontë,z@x.example,"
                   "Sworn\r\n2,Bob,Bell,b@x.example,Sworn\r\n")
        self.write("training.csv", TRAINING)
        rc, out, err = run("-c", self.config(self.CONF), "--dry-run",
                           "--today", TODAY)
        rows = [l for l in out.splitlines()
                if l.startswith("  1 ") or l.startswith("  2 ")]
        self.assertEqual(len(rows), 2, out)
        self.assertEqual(rows[0].index("MHFA"), rows[1].index("MHFA"))


class CodesAndHours(Case):
    """A training system that exports course codes and hours."""

    def test_codes_and_hours(self):
        """Officer 1's "Module 3" is MHFA by its code; officer 2's 40-hour
        CIT counts, officer 3's 8-hour "Crisis Intervention Team" class
        does not (CIT needs 40 hours when the hours column is there);
        officer 4's hours cannot be read: rejected."""
        self.write("roster.csv", "Employee ID,Name,Sworn\r\n" + "".join(
            f"{i},Officer {i},Sworn\r\n" for i in range(1, 6)))
        self.write("training.csv", "Employee ID,Course Title,Course Code,"
                   "Hours,Completion Date\r\n"
                   "1,Public Safety Module 3,MHFA-PS-8,8,2025-02-01\r\n"
                   "2,CIT: 40 Hour,CIT-40,40.0,2025-02-01\r\n"
                   "3,Crisis Intervention Team Training,CIT-8,8 hrs,"
                   "2025-02-01\r\n"
                   "4,CIT/Crisis Intervention,CIT-40,forty,2025-02-01\r\n")
        conf = self.config(
            'roster = { file = "roster.csv"; columns = { id = "Employee ID";'
            ' name = "Name"; sworn = "Sworn"; }; };\n'
            'training = { file = "training.csv"; columns = { id = '
            '"Employee ID"; course = "Course Title"; code = "Course Code"; '
            'hours = "Hours"; completed = "Completion Date"; }; };\n'
            'certifications = ( { name = "MHFA"; codes = [ "mhfa-ps-8" ]; '
            '} );\n')
        r = self.dry_json(conf)
        self.assertEqual(self.person(r, "1")["certs"]["MHFA"]["status"],
                         "current")
        self.assertEqual(self.person(r, "2")["certs"]["CIT"]["status"],
                         "current")
        self.assertEqual(self.person(r, "3")["certs"]["CIT"]["status"],
                         "missing")
        self.assertEqual(self.person(r, "4")["certs"]["CIT"]["status"],
                         "missing")
        msgs = {p["line"]: p["message"] for p in r["problems"]}
        self.assertNotIn(4, msgs)   # one line for the title, not the row
        self.assertIn("CIT: 1 row is under min_hours (40) and counts for "
                      "nothing: 'Crisis Intervention Team Training' (1 row)",
                      r["warnings"])
        self.assertEqual(msgs[5], "CIT record: hours 'forty' are not a "
                         "number")
        self.assertEqual(self.cert(r, "CIT")["valid"], 1)
        self.assertEqual(r["inputs"]["training"]["rejected"], 1)
