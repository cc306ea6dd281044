"""From reminder to seat: the class calendar (CSV, and iCalendar as
Outlook and Google export it) and the bookings, on the small agency of
agency.py, counted by hand.

On 2026-11-23: Ana's MHFA and CIT expire on 2027-01-20 (58 days), Lee's
MHFA on 2027-01-05 (43 days), Cara's MHFA lapsed on 2026-06-01, Dan has
none.  tests/data/classes/classes.csv holds nine classes:

  1 MHFA Recertification (online)  2026-12-08  5 seats   renewal
  2 Mental Health First Aid        2027-01-12  12 seats  course
  3 Mental Health First Aid        2026-12-15  0 seats   full
  4 Mental Health First Aid        2026-11-10            past
  5 CIT 40-Hour                    2027-02-01  8 seats   course
  6 CIT Refresher (in-service)     2027-01-10  4 seats   renewal
  7 First Aid/CPR                  2026-12-09            no certification
  8 Mental Health First Aid        2027-03-02  10 seats  course
  9 MHFA Recertification           2027-02-01  6 seats   renewal

Lee is booked for class 1 (enrollments.csv); its other row names no one
on the roster."""
import csv
import datetime
import io
import json
import os
import re

import agency
from helpers import DATA, Case, SmtpSink, run

CLASSES = os.path.join(DATA, "classes")


class Classes(Case):

    def setUp(self):
        super().setUp()
        agency.write(self.dir)
        self.sink = SmtpSink(self.path("mail"))
        self.addCleanup(self.sink.stop)

    def conf(self, calendar="classes.csv", enrollments=True, extra="",
             mail_extra=""):
        text = f'classes = {{ file = "{CLASSES}/{calendar}"; }};\n'
        if enrollments:
            text += (f'enrollments = {{ file = "{CLASSES}/enrollments.csv";'
                     ' };\n')
        return agency.config(self.dir, self.sink.port, extra=text + extra,
                             mail_extra=mail_extra)

    def dry(self, conf, *extra, day="2026-11-23"):
        """A dry run's report (--format and the like in extra)."""
        rc, out, err = run("-c", conf, "--dry-run", "--today", day, *extra,
                           cwd=self.dir)
        self.assertEqual(rc, 0, err)
        return out

    def night(self, conf, day):
        self.sink.clear()
        rc, out, err = run("-c", conf, "--today", day, "--force",
                           cwd=self.dir)
        self.assertEqual(rc, 0, err)
        return {m["rcpt_tos"][0]: m["msg"].get_content().replace("\r\n",
                                                                 "\n")
                for m in self.sink.messages()}

    def classes_in(self, body):
        """The classes a notice lists: (date words, title) in order."""
        out = []
        for line in re.findall(r"\n  - ([^\n]*)", body):
            when, title = line.split(": ", 1)
            out.append((", ".join(when.split(", ")[:3]),
                        re.split(r" \(|, ", title)[0]))
        return out

    def test_reminders_list_the_classes_that_fit(self):
        mail = self.night(self.conf(), "2026-11-23")
        ana = mail["ana@riverton.example"]
        # MHFA: the recertification while valid and the course before
        # the expiry; none after it, as these are in time (not class 8);
        # never the full class, the past one or the recertification after
        # the expiry (class 9)
        mhfa, cit = ana.split("\nYour Crisis Intervention Team (CIT) "
                              "certification expires")
        self.assertIn("Your Mental Health First Aid (MHFA) certification "
                      "expires", mhfa)
        self.assertEqual(self.classes_in(mhfa), [
            ("Tuesday, December 8, 2026",
             "Mental Health First Aid Recertification"),
            ("Tuesday, January 12, 2027", "Mental Health First Aid")])
        self.assertIn("Tuesday, December 8, 2026, 09:00-12:00, Online: "
                      "Mental Health First Aid Recertification (online) "
                      "(5 seats left)\n"
                      "    Sign up: https://lms.riverton.example/course/101",
                      mhfa)
        self.assertIn("Tuesday, January 12, 2027, 08:00-16:00, Station 2: "
                      "Mental Health First Aid (12 seats left)", mhfa)
        self.assertNotIn("after it expires", mhfa)
        # CIT: the refresher before the expiry, not the course after it
        self.assertEqual(self.classes_in(cit), [
            ("Sunday, January 10, 2027", "CIT Refresher")])
        for body in mail.values():
            self.assertNotIn("December 15", body)   # full
            self.assertNotIn("November 10", body)   # past
            self.assertNotIn("First Aid/CPR", body)
        # lapsed and missing: the full course only
        for who in ("cara", "dan"):
            self.assertEqual(self.classes_in(mail[f"{who}@riverton.example"]),
                             [("Tuesday, January 12, 2027",
                               "Mental Health First Aid"),
                              ("Tuesday, March 2, 2027",
                               "Mental Health First Aid")])

    def calendar(self, day, who, conf=None, also=None):
        """The training.ics attached to who's reminder that night, parsed
        back, and its raw lines; the same of also's in a dict."""
        self.sink.clear()
        rc, out, err = run("-c", conf or self.conf(), "--today", day,
                           "--force", cwd=self.dir)
        self.assertEqual(rc, 0, err)
        msgs = {m["rcpt_tos"][0]: m["msg"] for m in self.sink.messages()}
        if also is not None:
            also.update({a: self.attached(msgs[a]) for a in list(also)})
        return self.attached(msgs[who])

    def attached(self, msg):
        import icalendar
        self.assertEqual(msg.get_content_type(), "multipart/mixed")
        files = list(msg.iter_attachments())
        self.assertEqual(len(files), 1)
        self.assertEqual(files[0].get_filename(), "training.ics")
        self.assertEqual(files[0].get_content_type(), "text/calendar")
        self.assertEqual(files[0].get_param("method"), "PUBLISH")
        raw = files[0].get_payload(decode=True)
        for line in raw.split(b"\r\n")[:-1]:
            self.assertLessEqual(len(line), 75, line)
            line.decode("utf-8")    # no character cut by a fold
        self.assertTrue(raw.endswith(b"END:VCALENDAR\r\n"))
        return icalendar.Calendar.from_ical(raw), raw

    def events(self, cal):
        return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}

    def test_the_reminder_attaches_its_classes_and_the_expiry(self):
        """Ana's reminder on 2026-11-23 lists MHFA classes 1 and 2 and
        CIT class 6: three events, and both expiries (2027-01-20) as
        all-day events.  Dan, never trained, gets the courses 2 and 8."""
        dan = {"dan@riverton.example": None}
        cal, raw = self.calendar("2026-11-23", "ana@riverton.example",
                                 also=dan)
        self.assertEqual(str(cal["METHOD"]), "PUBLISH")
        self.assertEqual(str(cal["VERSION"]), "2.0")
        ev = self.events(cal)
        self.assertEqual(sorted(ev), [
            "CIT Refresher (in-service)",
            "Crisis Intervention Team (CIT) expires",
            "Mental Health First Aid",
            "Mental Health First Aid (MHFA) expires",
            "Mental Health First Aid Recertification (online)"])
        self.assertEqual(len(cal.walk("VEVENT")), 5)
        recert = ev["Mental Health First Aid Recertification (online)"]
        self.assertEqual(recert.decoded("DTSTART"),
                         datetime.datetime(2026, 12, 8, 9, 0))
        self.assertEqual(recert.decoded("DTEND"),
                         datetime.datetime(2026, 12, 8, 12, 0))
        self.assertEqual(str(recert["LOCATION"]), "Online")
        self.assertEqual(str(recert["URL"]),
                         "https://lms.riverton.example/course/101")
        self.assertIn("5 seats left", str(recert["DESCRIPTION"]))
        self.assertEqual(ev["Mental Health First Aid"].decoded("DTSTART"),
                         datetime.datetime(2027, 1, 12, 8, 0))
        expiry = ev["Mental Health First Aid (MHFA) expires"]
        self.assertEqual(expiry.decoded("DTSTART"), datetime.date(2027, 1, 20))
        self.assertEqual(expiry.decoded("DTEND"), datetime.date(2027, 1, 21))
        self.assertEqual(str(expiry["TRANSP"]), "TRANSPARENT")
        self.assertNotIn(b"December 15", raw)
        self.assertNotIn(b"20261215", raw)          # the full class
        self.assertNotIn(b"First Aid/CPR", raw)
        # never trained: the courses, no expiry
        cal, raw = dan["dan@riverton.example"]
        self.assertEqual(sorted(self.events(cal)), ["Mental Health First Aid"])
        self.assertEqual(sorted(e.decoded("DTSTART")
                                for e in cal.walk("VEVENT")),
                         [datetime.datetime(2027, 1, 12, 8, 0),
                          datetime.datetime(2027, 3, 2, 8, 0)])
        # the text tells the reader what the file is for
        mail = {m["rcpt_tos"][0]: m["msg"].get_content()
                for m in self.sink.messages()}
        self.assertIn("The attached training.ics puts these classes and the "
                      "expiry in your calendar.", mail["ana@riverton.example"])
        self.assertIn("The attached training.ics puts these classes in your "
                      "calendar.", mail["dan@riverton.example"])

    def test_the_calendar_keeps_its_uids_from_night_to_night(self):
        """At the 30-day stage (2026-12-21) class 1 is past; the classes
        still listed and both expiries keep the UIDs of 2026-11-23, so an
        import updates what the first one added."""
        first, _ = self.calendar("2026-11-23", "ana@riverton.example")
        later, _ = self.calendar("2026-12-21", "ana@riverton.example")
        uid = {}
        for e in first.walk("VEVENT"):
            uid[(str(e["SUMMARY"]), e.decoded("DTSTART"))] = str(e["UID"])
        kept = 0
        for e in later.walk("VEVENT"):
            key = (str(e["SUMMARY"]), e.decoded("DTSTART"))
            if key in uid:
                self.assertEqual(str(e["UID"]), uid[key])
                kept += 1
        self.assertGreaterEqual(kept, 4)    # classes 2, 6 and the expiries
        uids = [str(e["UID"]) for e in later.walk("VEVENT")]
        self.assertEqual(len(uids), len(set(uids)))
        self.assertNotIn("Ana", " ".join(uids))     # no roster text
        self.assertFalse(any(" " in u for u in uids))

    def test_a_calendar_s_own_uid_is_kept(self):
        """An event of Outlook's export keeps its UID in the attachment:
        an officer who imported the training calendar gets the same event,
        not a second one."""
        cal, raw = self.calendar("2026-11-23", "ana@riverton.example",
                                 self.conf("outlook.ics", enrollments=False))
        ev = self.events(cal)
        self.assertEqual(str(ev["Mental Health First Aid"]["UID"]),
                         "040000008200E00074C5B7101A82E00800000000A0B1C2D3"
                         "E4F5")
        self.assertEqual(str(ev["Mental Health First Aid"]["LOCATION"]),
                         "Station 2, 14 Elm St")

    def test_calendar_text_is_escaped_and_folded(self):
        """A title with a comma, a semicolon, a backslash and accents,
        long enough to fold; a place over two lines; a sign-up link with a
        space (no URL property then, the description keeps it)."""
        title = ("Mental Health First Aid; Bilingüe, Español\\Inglés: "
                 "Sesión de día completo para agentes y personal civil")
        cal = self.write("hostile.csv",
                         "Course,Start,End,Location,Seats,Sign-up\n"
                         f'"{title}",2027-01-06 08:00,2027-01-06 16:00,'
                         '"Station 2\nRoom B, 2nd floor",3,'
                         '"https://lms.example/x y"\n')
        conf = agency.config(self.dir, self.sink.port,
                             extra=f'classes = {{ file = "{cal}"; }};')
        parsed, raw = self.calendar("2026-11-23", "ana@riverton.example",
                                    conf)
        ev = self.events(parsed)
        self.assertIn(title, ev)
        # the place over two lines reads as one, as the mail prints it
        self.assertEqual(str(ev[title]["LOCATION"]),
                         "Station 2 Room B, 2nd floor")
        self.assertNotIn("URL", ev[title])
        self.assertIn("Sign up: https://lms.example/x y",
                      str(ev[title]["DESCRIPTION"]))
        self.assertIn(b"\\;", raw)
        self.assertIn(b"\\,", raw)
        self.assertIn(b"\r\n ", raw)       # folded

    def test_control_characters_in_a_calendar(self):
        """A title with a terminal escape is no class; a place over two
        lines is one line in the mail; a booking's course with a control
        character is not counted.  Each is said in the report."""
        cal = self.write("ctl.csv",
                         "Course,Start,End,Location,Seats,Sign-up\n"
                         '"Mental Health First Aid\x1b[2J",2026-12-20 08:00,'
                         ',Station 2,5,\n'
                         'Mental Health First Aid,2027-01-12 08:00,,'
                         '"Station 2\r\n  14 Elm St",5,\n')
        book = self.write("ctl-book.csv", "Employee ID,Course,Start\n"
                          '12,"MHFA\x07 Recertification",2026-12-08\n')
        conf = agency.config(self.dir, self.sink.port, extra=(
            f'classes = {{ file = "{cal}"; }};\n'
            f'enrollments = {{ file = "{book}"; }};'))
        out = self.dry(conf)
        self.assertIn("ctl.csv", out)
        self.assertIn("a value holds a control character: the class is not "
                      "listed", out)
        self.assertIn("a value holds a control character: the booking is "
                      "not counted", out)
        self.assertNotIn("\x1b", out)
        mail = self.night(conf, "2026-11-23")
        self.assertEqual(self.classes_in(mail["dan@riverton.example"]),
                         [("Tuesday, January 12, 2027",
                           "Mental Health First Aid")])
        self.assertIn("08:00, Station 2 14 Elm St: Mental Health First Aid",
                      mail["dan@riverton.example"])
        self.assertIn("lee@riverton.example", mail)     # not booked
        for body in mail.values():
            self.assertNotIn("\x1b", body)
            self.assertNotIn("\x07", body)

    def test_seats_in_words(self):
        """A learning system's seat column says "Full" or "Waitlist" for
        a class without seats, and sometimes "12 of 20": the first two
        are full, the last is no number (said, and counted as none)."""
        cal = self.write("words.csv",
                         "Course,Start,Seats\n"
                         "Mental Health First Aid,2027-01-12 08:00,Full\n"
                         "Mental Health First Aid,2027-01-13 08:00, WAITLIST\n"
                         "Mental Health First Aid,2027-01-14 08:00,12 of 20\n"
                         "Mental Health First Aid,2027-01-15 08:00,3\n")
        conf = agency.config(self.dir, self.sink.port,
                             extra=f'classes = {{ file = "{cal}"; }};')
        out = self.dry(conf)
        self.assertIn("words.csv: 2 classes to come, 0 past, 2 full, 0 of "
                      "no certification", out)
        self.assertIn("seats '12 of 20' is not a number: taken as not given",
                      out)
        mail = self.night(conf, "2026-11-23")
        self.assertEqual(self.classes_in(mail["dan@riverton.example"]),
                         [("Thursday, January 14, 2027",
                           "Mental Health First Aid"),
                          ("Friday, January 15, 2027",
                           "Mental Health First Aid")])

    def test_times_in_columns_of_their_own(self):
        """A session export gives the date, the start time and the end
        time in three columns, under names of its own."""
        cal = self.write("sessions.csv",
                         "Session Title,Session Start Date,Start Time,"
                         "End Time,Facility,Seats Available,"
                         "Registration Link\n"
                         "Mental Health First Aid,01/12/2027,8:00 AM,"
                         "4:00 PM,Station 2,12,https://lms.example/s/1\n")
        conf = agency.config(self.dir, self.sink.port, extra=(
            f'classes = {{ file = "{cal}"; columns = {{ course = '
            '"Session Title"; start = "Session Start Date"; location = '
            '"Facility"; seats = "Seats Available"; signup = '
            '"Registration Link"; }; };'))
        mail = self.night(conf, "2026-11-23")
        self.assertIn("  - Tuesday, January 12, 2027, 08:00-16:00, Station "
                      "2: Mental Health First Aid (12 seats left)\n"
                      "    Sign up: https://lms.example/s/1",
                      mail["dan@riverton.example"])

    def test_attach_ics_false_sends_the_text_alone(self):
        self.sink.clear()
        rc, out, err = run("-c", self.conf(mail_extra="attach_ics = "
                                           "false;"),
                           "--today", "2026-11-23", "--force", cwd=self.dir)
        self.assertEqual(rc, 0, err)
        for m in self.sink.messages():
            self.assertEqual(list(m["msg"].iter_attachments()), [])
            self.assertNotEqual(m["msg"].get_content_type(),
                                "multipart/mixed")
            self.assertNotIn("training.ics", m["msg"].get_content())

    def test_iso_dates_in_the_class_lines(self):
        """date_style = "iso": the classes and bookings too."""
        mail = self.night(self.conf(extra='date_style = "iso";'),
                          "2026-11-23")
        self.assertIn("  - 2026-12-08, 09:00-12:00, Online: Mental Health "
                      "First Aid Recertification (online) (5 seats left)",
                      mail["ana@riverton.example"])
        self.assertIn("booked for Mental Health First Aid Recertification "
                      "(online) on 2026-12-08, 09:00-12:00, Online\n",
                      mail["lt@riverton.example"])

    def test_a_booked_officer_is_not_nagged_until_a_no_show(self):
        conf = self.conf()
        mail = self.night(conf, "2026-11-23")
        self.assertNotIn("lee@riverton.example", mail)   # booked for 12-08
        # her lieutenant's digest names the booking
        self.assertIn("    MHFA expires Tuesday, January 5, 2027 (in 43 "
                      "days)\n      booked for Mental Health First Aid "
                      "Recertification (online) on Tuesday, December 8, "
                      "2026, 09:00-12:00, Online\n",
                      mail["lt@riverton.example"])
        out = self.dry(conf)
        self.assertIn("enrollments.csv: 2 rows, 1 booked, 0 no-show, 1 of "
                      "no one on the roster", out)
        # the class on 12-08, no completion by 12-15 (7 days): on 12-16
        # Lee is reminded, at the 30-day stage (2027-01-05 is 20 days on)
        mail = self.night(conf, "2026-12-15")
        self.assertNotIn("lee@riverton.example", mail)
        mail = self.night(conf, "2026-12-16")
        lee = mail["lee@riverton.example"]
        self.assertIn("      missed Mental Health First Aid "
                      "Recertification (online) on Tuesday, December 8, "
                      "2026: no completion on record\n",
                      mail["lt@riverton.example"])
        self.assertIn("You were booked for Mental Health First Aid "
                      "Recertification (online) on Tuesday, December 8, "
                      "2026, and no completion is on record since", lee)
        self.assertIn("in 20 days", lee)
        # the recertification (class 1) is past: the course, after the
        # expiry, is what is left
        self.assertEqual(self.classes_in(lee)[0],
                         ("Tuesday, January 12, 2027",
                          "Mental Health First Aid"))

    def test_a_completed_booking_is_no_no_show(self):
        conf = self.conf()
        with open(self.path("training.csv"), "a") as f:
            f.write("12,Mental Health First Aid Recertification,"
                    "2026-12-08,\n")
        mail = self.night(conf, "2026-12-16")
        self.assertNotIn("lee@riverton.example", mail)
        out = self.dry(conf, "--format", "json", day="2026-12-16")
        lee = [p for p in json.loads(out)["people"] if p["id"] == "12"][0]
        self.assertEqual(lee["certs"]["MHFA"]["booked"], "2026-12-08")
        self.assertFalse(lee["certs"]["MHFA"]["no_show"])
        self.assertEqual(lee["certs"]["MHFA"]["status"], "current")

    def test_seats_against_need(self):
        """MHFA is below 100 % (9 of 11); to hold it through the horizon
        (forecast_days, 365: 2027-11-23) 5 more are needed (Cara, Dan,
        and Ana, Lee and Bob, who expire within it).  Lee is booked for
        the recertification on 2026-12-08 (to 2029-12-08): if she
        completes it, 4.  Her seat is taken already, so the seats answer
        the 4: from today to then in MHFA classes 5 + 12 + 10 + 6 = 33.
        CIT holds throughout: no line."""
        conf = self.conf()
        out = self.dry(conf)
        self.assertIn("  MHFA is below 100 % today: 2 more officers must "
                      "renew or train now; 5 to hold it through 2027-11-23."
                      "\n  If the booked officer completes the class: MHFA "
                      "is below 100 % today: 2 more officers must renew or "
                      "train now; 4 to hold it through 2027-11-23.\n", out)
        self.assertIn("  Seats: MHFA: 33 seats before 2027-11-23, 4 needed: "
                      "holds\n", out)
        self.assertNotIn("Seats: CIT", out)
        self.assertNotIn("booked officer completes the class: CIT", out)
        self.assertIn("classes.csv: 6 classes to come, 1 past, 1 full, 1 of "
                      "no certification\n    not listed: 'First Aid/CPR'",
                      out)
        mail = self.night(conf, "2026-11-23")
        summary = mail["coordinator@riverton.example"]
        self.assertIn("Seats: MHFA: 33 seats before 2027-11-23, 4 needed: "
                      "holds", summary)
        self.assertIn("If the booked officer completes the class: MHFA",
                      summary)
        # the summary's HTML part and the HTML report say the same
        msg = [m["msg"] for m in self.sink.messages()
               if m["rcpt_tos"][0] == "coordinator@riverton.example"][0]
        html = msg.get_body(("html",)).get_content()
        self.assertIn(">Seats: MHFA: 33 seats before 2027-11-23, 4 needed: "
                      "holds</p>", html)
        self.assertIn(">If the booked officer completes the class: MHFA is "
                      "below 100 % today", html)
        page = self.dry(conf, "--format", "html")
        self.assertIn('<p class="seats">Seats: MHFA: 33 seats before '
                      '2027-11-23, 4 needed: holds</p>', page)
        self.assertIn('<p class="booked">If the booked officer completes '
                      'the class: MHFA is below 100 % today', page)
        # with the horizon at 60 days, MHFA needs 4 (Cara, Dan, Lee, Ana),
        # 3 with Lee's booking, and has 5 + 12 = 17 seats before 2027-01-22
        conf = self.conf(extra="forecast_days = 60;")
        out = self.dry(conf, "--format", "json")
        cert = json.loads(out)["agencies"][0]["certifications"]
        self.assertEqual(cert[0]["needed_for_horizon"], 4)
        self.assertEqual(cert[0]["if_booked_complete"], {
            "booked": 1, "breaks_on": "2026-11-23", "needed_by_break": 2,
            "needed_for_horizon": 3})
        self.assertEqual(cert[0]["seats"], {"before": "2027-01-22",
                                            "seats": 17, "needed": 3,
                                            "holds": True})
        self.assertIsNone(cert[1]["seats"])
        self.assertIsNone(cert[1]["if_booked_complete"])

    def test_booked_forecast_across_a_lapse(self):
        """Without Fay's CIT, 3 of 11 hold it (Ana to 2027-01-20, Gus,
        Lou) and 3 are required: it breaks on 2027-01-21, needing 1.
        Booked for the refresher on 2027-01-10, Ana renews in time and
        it holds.  Booked for the 40-hour course on 2027-02-01 instead,
        she lapses from 01-21 to 01-31: it still breaks on 01-21, but is
        held again at the horizon; the seats before 01-21 are the
        refresher's 4."""
        agency.write(self.dir, drop_training={("6", "CIT")})
        rows = "Employee ID,Course,Start\n1,{},{}\n"
        self.write("book.csv", rows.format("CIT Refresher (in-service)",
                                           "2027-01-10 13:00"))
        conf = agency.config(
            self.dir, self.sink.port,
            extra=f'classes = {{ file = "{CLASSES}/classes.csv"; }};\n'
                  f'enrollments = {{ file = "{self.path("book.csv")}"; }};')
        out = self.dry(conf)
        self.assertIn("  CIT falls below 20 % on 2027-01-21 unless 1 more "
                      "officer renews or trains by then.\n  If the booked "
                      "officer completes the class: CIT holds at 20 % "
                      "through 2027-11-23.\n", out)
        self.assertNotIn("Seats: CIT", out)
        self.write("book.csv", rows.format(
            "Crisis Intervention Team (CIT) 40-Hour", "2027-02-01 08:00"))
        out = self.dry(conf, "--format", "json")
        cit = json.loads(out)["agencies"][0]["certifications"][1]
        self.assertEqual(cit["breaks_on"], "2027-01-21")
        self.assertEqual(cit["needed_for_horizon"], 1)
        self.assertEqual(cit["if_booked_complete"], {
            "booked": 1, "breaks_on": "2027-01-21", "needed_by_break": 1,
            "needed_for_horizon": 0})
        self.assertEqual(cit["seats"], {"before": "2027-01-21", "seats": 4,
                                        "needed": 1, "holds": True})
        # her reminder names the week of the course, and so does the
        # calendar it attaches
        cal, raw = self.calendar("2026-11-23", "ana@riverton.example", conf)
        ana = [m["msg"] for m in self.sink.messages()
               if m["rcpt_tos"][0] == "ana@riverton.example"][0]
        self.assertIn("You are booked for Crisis Intervention Team (CIT) "
                      "40-Hour on Monday, February 1, 2027, 08:00 to "
                      "Friday, February 5, 2027, 17:00, Regional Academy, "
                      "after it expires", ana.get_content())
        week = self.events(cal)["Crisis Intervention Team (CIT) 40-Hour"]
        self.assertEqual(week.decoded("DTEND"),
                         datetime.datetime(2027, 2, 5, 17, 0))

    TIGHT = ("Course,Start,End,Location,Seats,Sign-up\n"
             "MHFA Recertification,2026-12-10 09:00,,Online,1,\n"
             "Mental Health First Aid,2026-12-20 08:00,,Station 2,1,\n"
             "Mental Health First Aid,2027-01-15 08:00,,Station 2,2,\n"
             "Mental Health First Aid,2027-02-10 08:00,,Station 2,{},\n"
             "CIT 40-Hour,2027-03-01 08:00,,Academy,0,\n")

    def plan(self, seats_0210):
        cal = self.write("tight.csv", self.TIGHT.format(seats_0210))
        conf = agency.config(self.dir, self.sink.port,
                             extra=f'classes = {{ file = "{cal}"; }};')
        out = self.dry(conf, "--format", "schedule")
        rows = list(csv.DictReader(io.StringIO(out)))
        js = self.dry(conf, "--format", "json")
        people = {p["id"]: p for p in json.loads(js)["people"]}
        return [(r["id"], r["certification"], r["class_start"],
                 r["class_note"]) for r in rows], people

    def test_the_booking_plan(self):
        """Eve's MHFA dropped, five to train, most urgent first: Cara
        (lapsed), Dan and Eve (missing), Lee (01-05), Ana (01-20); then
        Ana's voluntary CIT.  Seats: the recertification 12-10 has 1,
        the courses 12-20 1 and 01-15 2, 02-10 no number, CIT's only class
        full.  By hand: Cara the 12-20 course (a lapsed MHFA takes the
        full course), Dan and Eve the two on 01-15, Lee the
        recertification; nothing is left for Ana in time, and 02-10 gives
        no seats: not placed.  CIT: no class with seats."""
        agency.write(self.dir, drop_training={("5", "MHFA")})
        rows, people = self.plan("")
        self.assertEqual(rows, [
            ("3", "MHFA", "2026-12-20 08:00", "planned"),
            ("4", "MHFA", "2027-01-15 08:00", "planned"),
            ("5", "MHFA", "2027-01-15 08:00", "planned"),
            ("12", "MHFA", "2026-12-10 09:00", "planned"),
            ("1", "MHFA", "", "not placed: every fitting class is full"),
            ("1", "CIT", "", "not placed: no class with seats to come")])
        # never over capacity: each class's seats at most
        taken = {}
        for pid, cert, start, note in rows:
            if start:
                taken[start] = taken.get(start, 0) + 1
        self.assertEqual(taken, {"2026-12-20 08:00": 1,
                                 "2027-01-15 08:00": 2,
                                 "2026-12-10 09:00": 1})
        self.assertEqual(people["12"]["certs"]["MHFA"]["class"], {
            "state": "planned", "title": "MHFA Recertification",
            "start": "2026-12-10 09:00", "after_deadline": False,
            "why": None})
        self.assertEqual(people["1"]["certs"]["MHFA"]["class"]["state"],
                         "not_placed")
        self.assertNotIn("class", people["2"]["certs"]["MHFA"])  # current
        # the summary's "To schedule first" gives the same plan
        mail = self.night(agency.config(
            self.dir, self.sink.port, extra='classes = { file = "'
            + self.path("tight.csv") + '"; };'), "2026-11-23")
        summary = mail["coordinator@riverton.example"]
        self.assertIn("  Cara Chen (3), MHFA: expired, as soon as possible\n"
                      "    a seat in Mental Health First Aid on Sunday, "
                      "December 20, 2026, 08:00\n", summary)
        self.assertIn("  Lee Lopez (12), MHFA: by Tuesday, January 5, 2027\n"
                      "    a seat in MHFA Recertification on Thursday, "
                      "December 10, 2026, 09:00\n", summary)
        self.assertIn("  Ana Alvarez (1), MHFA: by Wednesday, January 20, "
                      "2027\n    no seat: every fitting class is full\n",
                      summary)
        # the HTML report's tables name the same classes
        rc, page, err = run("-c", self.path("certminder.conf"), "-n",
                            "--today", "2026-11-23", "--format", "html",
                            cwd=self.dir)
        self.assertEqual(rc, 0, err)
        self.assertIn("<th>Expires</th><th>Class</th></tr>", page)
        self.assertIn("<td>Cara Chen</td><td></td><td>MHFA</td><td>"
                      "2026-06-01</td><td>Mental Health First Aid, "
                      "2026-12-20 08:00 (planned)</td></tr>", page)
        self.assertIn("<td>CIT</td><td>2027-01-20</td><td>not placed: no "
                      "class with seats to come</td></tr>", page)
        # three seats on 02-10: Ana is placed there, after her expiry
        rows, people = self.plan("3")
        self.assertEqual(rows[4], ("1", "MHFA", "2027-02-10 08:00",
                                   "planned, after the deadline"))
        self.assertTrue(people["1"]["certs"]["MHFA"]["class"]
                        ["after_deadline"])

    def test_a_booking_stands_in_the_plan(self):
        """Lee is booked for the recertification on 12-08: the plan keeps
        her there and takes no seat for her."""
        conf = self.conf()
        out = self.dry(conf, "--format", "schedule")
        rows = {(r["id"], r["certification"]): r
                for r in csv.DictReader(io.StringIO(out))}
        lee = rows[("12", "MHFA")]
        self.assertEqual((lee["class"], lee["class_start"],
                          lee["class_note"]),
                         ("Mental Health First Aid Recertification (online)",
                          "2026-12-08 09:00", "booked"))
        # Ana still gets one of the 5 seats of the same class
        self.assertEqual(rows[("1", "MHFA")]["class_start"],
                         "2026-12-08 09:00")

    def test_outlook_and_google_calendars(self):
        """The same classes as Outlook and Google export them: Outlook's
        time in its own zone, Google's in UTC (the tests run in UTC), an
        all-day event without a time, seats in the description."""
        mail = self.night(self.conf("outlook.ics", enrollments=False),
                          "2026-11-23")
        ana = mail["ana@riverton.example"]
        self.assertIn("Tuesday, December 8, 2026, 09:00-12:00, Online: "
                      "Mental Health First Aid Recertification (online) "
                      "(5 seats left)\n    Sign up: "
                      "https://lms.riverton.example/course/101", ana)
        self.assertIn("Tuesday, January 12, 2027, 08:00-16:00, Station 2, "
                      "14 Elm St: Mental Health First Aid (12 seats left)",
                      ana)
        self.assertNotIn("December 15", ana)    # 0 seats left
        self.assertIn("lee@riverton.example", mail)  # no bookings read
        mail = self.night(self.conf("google.ics", enrollments=False),
                          "2026-11-24")
        ana = mail.get("ana@riverton.example", "")
        out = self.dry(self.conf("google.ics", enrollments=False))
        self.assertIn("google.ics: 2 classes to come, 0 past, 0 full, 1 of "
                      "no certification", out)

    def test_google_times_and_all_day_events(self):
        conf = self.conf("google.ics", enrollments=False)
        mail = self.night(conf, "2026-11-23")
        ana = mail["ana@riverton.example"]
        self.assertIn("Tuesday, January 12, 2027, 08:00-16:00, Station 2: "
                      "Mental Health First Aid (12 seats left)", ana)
        self.assertIn("Sunday, January 10, 2027, HQ Training Room: CIT "
                      "Refresher (in-service) (4 seats left)", ana)

    def test_a_calendar_that_is_not_one(self):
        bad = self.write("bad.ics", "BEGIN:VCARD\r\nFN:Ana\r\nEND:VCARD\r\n")
        conf = agency.config(self.dir, self.sink.port,
                             extra=f'classes = {{ file = "{bad}"; }};')
        rc, out, err = run("-c", conf, "--today", "2026-11-23", cwd=self.dir)
        self.assertEqual(rc, 65, err)
        self.assertIn("bad.ics: not an iCalendar file", err)
        self.assertEqual(self.sink.messages(), [])
        conf = agency.config(self.dir, self.sink.port, extra='classes = { '
                             'file = "missing.csv"; };')
        rc, out, err = run("-c", conf, "--today", "2026-11-23", cwd=self.dir)
        self.assertEqual(rc, 66, err)
        self.assertIn("missing.csv", err)
