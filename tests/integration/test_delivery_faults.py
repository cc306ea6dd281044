"""A relay that misbehaves for a night must not lose the night's notices:
the server's faults stop the night and record nothing as failed; one
recipient's refusal is kept with the server's own words."""
import os
import sqlite3

import agency
from helpers import TOP, Case, SmtpSink, TODAY, run


class Faults(Case):

    def night(self, fail=(), today=TODAY, *args):
        sink = SmtpSink(self.path(f"mail-{today}-{len(fail)}"), fail=fail)
        self.addCleanup(sink.stop)
        agency.write(self.dir)
        conf = agency.config(self.dir, sink.port)
        rc, out, err = run("-c", conf, "--today", today, "--force", *args)
        return rc, err, sink

    def outcomes(self):
        db = sqlite3.connect(self.path("state.db"))
        try:
            return db.execute("SELECT outcome, recipient, answer FROM notices "
                              "ORDER BY id").fetchall()
        finally:
            db.close()

    def runs(self):
        db = sqlite3.connect(self.path("state.db"))
        try:
            return [r[0] for r in db.execute("SELECT outcome FROM runs "
                                             "ORDER BY id")]
        finally:
            db.close()

    def test_mail_from_refused_is_the_servers_fault(self):
        """530 to MAIL FROM (a relay that wants STARTTLS): exit 75 with the
        server's words, nothing recorded as failed; the next night, with
        the relay fixed, all seven messages go."""
        rc, err, sink = self.night(fail=("mail from=530",))
        self.assertEqual(rc, 75, err)
        self.assertIn("530 5.7.1 Must issue a STARTTLS command first", err)
        self.assertEqual([o for o in self.outcomes() if o[0] == "failed"], [])
        self.assertEqual(self.runs(), ["server"])
        rc, err, sink = self.night(today="2026-11-24")
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(sink.messages()), 7)

    def test_every_recipient_refused_is_the_servers_fault(self):
        """550 to every RCPT: 6 of 6 refused is no recipient's fault;
        nothing is failed for good, and the next night sends them."""
        rc, err, sink = self.night(fail=("*=550",))
        self.assertEqual(rc, 75, err)
        self.assertIn("6 of 6 messages refused, which is the server's doing",
                      err)
        self.assertIn("User unknown", err)
        self.assertEqual([o for o in self.outcomes() if o[0] == "failed"], [])
        rc, err, sink = self.night(today="2026-11-24")
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(sink.messages()), 7)

    def test_one_recipient_refused_keeps_the_servers_words(self):
        """550 for Ana alone: her reminder is failed for good with the
        server's text, in the ledger and in the coordinator's summary."""
        rc, err, sink = self.night(fail=("ana@riverton.example=550",))
        self.assertEqual(rc, 0, err)
        failed = [o for o in self.outcomes() if o[0] == "failed"]
        self.assertEqual(len(failed), 2)    # her MHFA and CIT reminders
        self.assertEqual({f[1] for f in failed}, {"ana@riverton.example"})
        self.assertIn("550 5.1.1 <ana@riverton.example>: Recipient address "
                      "rejected: User unknown", failed[0][2])
        summary = [m for m in sink.messages()
                   if m["rcpt_tos"] == ["coordinator@riverton.example"]]
        self.assertEqual(len(summary), 1)
        body = summary[0]["msg"].get_content()
        self.assertIn("Notices that could not be delivered:", body)
        self.assertIn("User unknown", body)

    def test_deferred_are_named_in_the_summary(self):
        rc, err, sink = self.night(fail=("ana@riverton.example=451",))
        self.assertEqual(rc, 75, err)
        summary = [m for m in sink.messages()
                   if m["rcpt_tos"] == ["coordinator@riverton.example"]][0]
        body = summary["msg"].get_content()
        self.assertIn("Deferred by the server, sent again next run:", body)
        self.assertIn("<ana@riverton.example>: 451 try again later", body)

    def test_421_stops_the_night_at_once(self):
        """A 421 to the first recipient: the night stops there (exit 75),
        instead of reconnecting for every message."""
        rc, err, sink = self.night(fail=("*=421",))
        self.assertEqual(rc, 75, err)
        self.assertIn("421", err)
        self.assertEqual(sink.messages(), [])
        self.assertEqual(self.outcomes(), [])


class CheckReadsTheLedger(Case):

    def run_live(self, today):
        sink = SmtpSink(self.path(f"mail-{today}"))
        self.addCleanup(sink.stop)
        agency.write(self.dir)
        conf = agency.config(self.dir, sink.port)
        rc, out, err = run("-c", conf, "--today", today, "--force")
        self.assertEqual(rc, 0, err)
        return conf

    def check(self, conf, today):
        rc, out, err = run("-c", conf, "--check", "--today", today)
        return rc, out

    def test_stale_delivery_warns_then_is_critical(self):
        conf = self.run_live("2026-11-23")
        rc, out = self.check(conf, "2026-11-24")
        self.assertNotIn("no delivery", out)
        rc, out = self.check(conf, "2026-11-26")
        self.assertGreaterEqual(rc, 1)
        self.assertIn("no delivery since 2026-11-23", out)
        rc, out = self.check(conf, "2026-12-01")
        self.assertEqual(rc, 2, out)
        self.assertIn("no delivery since 2026-11-23", out)

    def test_line_stays_short_for_thirty_agencies(self):
        """30 agencies: the worst first, then a count, under 200
        characters before the performance data."""
        roster = ["Employee ID,Name,Sworn,Agency\n"]
        for a in range(30):
            for i in range(3):
                roster.append(f"{a}-{i},Officer {a}-{i},yes,Agency {a:02d}\n")
        self.write("roster.csv", "".join(roster))
        self.write("training.csv", "Employee ID,Course Title,Completion Date"
                   "\n0-0,MHFA,2025-01-01\n")
        conf = self.config('roster = { file = "roster.csv"; columns = { id = '
                           '"Employee ID"; name = "Name"; sworn = "Sworn"; '
                           'agency = "Agency"; }; };\ntraining = { file = '
                           '"training.csv"; };\n')
        rc, out, err = run("-c", conf, "--check", "--today", TODAY)
        self.assertEqual(rc, 2, out)
        text = out.split(" |")[0]
        self.assertLess(len(text), 200, text)
        self.assertIn("more", text)


class SystemdUnit(Case):

    def test_unit_hides_no_failure(self):
        with open(os.path.join(TOP, "contrib", "certminder.service")) as f:
            unit = f.read()
        self.assertNotIn("SuccessExitStatus", unit)


class GoodCitizen(Case):
    """How certminder presents itself to a real relay."""

    def night(self, auth=None, env=None, **settings):
        """One live night; settings go to agency.config."""
        sink = SmtpSink(self.path("mail"), auth=auth)
        self.addCleanup(sink.stop)
        agency.write(self.dir)
        conf = agency.config(self.dir, sink.port, **settings)
        rc, out, err = run("-c", conf, "--today", TODAY, "--force", env=env)
        return rc, err, sink.messages()

    def test_greeting_name_and_envelope_sender(self):
        rc, err, mail = self.night()
        self.assertEqual(rc, 0, err)
        # a full name, never a bare host name such as "vm"
        self.assertTrue(all("." in m["helo"] for m in mail), mail[0]["helo"])
        self.assertEqual({m["mail_from"] for m in mail},
                         {"training@riverton.example"})

    def test_configured_helo_and_envelope_from(self):
        rc, err, mail = self.night(
            smtp_extra='helo = "certminder.riverton.example";',
            mail_extra='envelope_from = "bounces@riverton.example";',
            summary_to='"Pat Coordinator <coordinator@riverton.example>"')
        self.assertEqual(rc, 0, err)
        self.assertEqual({m["helo"] for m in mail},
                         {"certminder.riverton.example"})
        self.assertEqual({m["mail_from"] for m in mail},
                         {"bounces@riverton.example"})
        # the From stays the training unit's; display names on every To
        tos = {m["rcpt_tos"][0]: str(m["msg"]["To"]) for m in mail}
        self.assertEqual(tos["sgt@riverton.example"],
                         "Sam Sergeant <sgt@riverton.example>")
        self.assertEqual(tos["coordinator@riverton.example"],
                         "Pat Coordinator <coordinator@riverton.example>")
        self.assertIn("training@riverton.example", str(mail[0]["msg"]["From"]))

    def test_user_without_a_login_sends_nothing(self):
        """smtp.user is set but the server offers no AUTH: nothing goes
        out unauthenticated; exit 69 saying why."""
        rc, err, mail = self.night(
            smtp_extra='user = "certminder";',
            env={"CERTMINDER_SMTP_PASSWORD": "secret"})
        self.assertEqual(rc, 69, err)
        self.assertIn("offered no login (AUTH)", err)
        self.assertEqual(mail, [])

    def test_unverified_tls_is_said_every_night(self):
        rc, err, mail = self.night(smtp_extra="tls_verify = false;")
        self.assertEqual(rc, 0, err)
        self.assertIn("tls_verify = false: the server's certificate is not "
                      "checked", err)
