"""A ledger that lost a table, or whose table no longer reads, would
answer "never sent" and mail everyone again: every run refuses it with
exit 73 (EX_CANTCREAT) and the table's name, before anything is planned,
and leaves the ledger as it was."""
import hashlib
import os
import shutil
import sqlite3

import agency
from helpers import Case, SmtpSink, run

TABLES = ["meta", "notices", "runs", "thresholds", "seen", "pending",
          "figures", "present", "digest_people", "titles"]


class DamagedLedger(Case):

    def setUp(self):
        super().setUp()
        agency.write(self.dir)
        self.sink = SmtpSink(self.path("mail"))
        self.addCleanup(self.sink.stop)
        self.conf = agency.config(self.dir, self.sink.port)
        rc, out, err = run("-c", self.conf, "--today", "2026-11-23",
                           cwd=self.dir)
        self.assertEqual(rc, 0, err)
        self.assertTrue(self.sink.messages())
        self.sink.clear()
        shutil.copy(self.path("state.db"), self.path("good.db"))

    def ledger_bytes(self):
        with open(self.path("state.db"), "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    def damage(self, sql):
        shutil.copy(self.path("good.db"), self.path("state.db"))
        db = sqlite3.connect(self.path("state.db"))
        db.executescript(sql)
        db.close()
        os.chmod(self.path("state.db"), 0o600)

    def refused(self, words):
        """Every kind of run refuses the ledger, names what is wrong,
        sends nothing and changes nothing."""
        before = self.ledger_bytes()
        for args in (["--today", "2026-11-24"],
                     ["--today", "2026-11-24", "--force"],
                     ["--dry-run", "--today", "2026-11-24"],
                     ["--dry-run", "--today", "2026-11-24", "--format",
                      "json"],
                     ["--history"]):
            rc, out, err = run("-c", self.conf, *args, cwd=self.dir)
            self.assertEqual(rc, 73, (args, err))
            self.assertIn(words, err, args)
            self.assertEqual(out, "", args)
        rc, out, err = run("-c", self.conf, "--check", "--today",
                           "2026-11-24", cwd=self.dir)
        self.assertEqual(rc, 3, err)
        self.assertTrue(out.startswith("CERTMINDER UNKNOWN"), out)
        self.assertEqual(self.ledger_bytes(), before)
        self.assertEqual(self.sink.messages(), [])

    def test_each_table_dropped(self):
        db = sqlite3.connect(self.path("good.db"))
        have = sorted(r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))
        db.close()
        self.assertEqual(have, sorted(TABLES))
        for table in TABLES:
            with self.subTest(table=table):
                self.damage(f"DROP TABLE {table};")
                self.refused("meta table" if table == "meta" else
                             f"lost its {table} table")

    def test_a_table_that_no_longer_reads(self):
        """A table of the right name with the wrong columns: the reads
        fail, and the run says so rather than taking "none" for an
        answer."""
        self.damage("DROP TABLE runs; CREATE TABLE runs (x TEXT);")
        self.refused("no such column")

    def test_schema_2_without_titles_is_moved_forward(self):
        """A ledger of schema 2 an earlier release left without its
        titles table is no damage: a dry run reads it, a live run moves
        it to schema 3 and adds the table."""
        self.damage("DROP TABLE titles; UPDATE meta SET value = '2' "
                    "WHERE key = 'schema';")
        rc, out, err = run("-c", self.conf, "--dry-run", "--today",
                           "2026-11-24", cwd=self.dir)
        self.assertEqual(rc, 0, err)
        rc, out, err = run("-c", self.conf, "--today", "2026-11-24",
                           cwd=self.dir)
        self.assertEqual(rc, 0, err)
        db = sqlite3.connect(self.path("state.db"))
        self.assertEqual(db.execute("SELECT value FROM meta WHERE key = "
                                    "'schema'").fetchone()[0], "3")
        self.assertGreater(db.execute("SELECT count(*) FROM titles")
                           .fetchone()[0], 0)
        db.close()
