"""The dry-run report on a messy export, against figures worked out by hand."""
import json
import os
import subprocess

from helpers import BIN, Case, DATA, TODAY, run


class MessyExport(Case):
    """tests/data/messy holds every quirk of a real export that certminder(1) lists:
    BOM, CRLF, quoted commas, quotes and newlines, tab delimiter found
    automatically, header names in other case with spaces, Windows-1252,
    blank trailing lines, padded ids, leading zeros lost in one file, all
    date forms, a duplicate id, an impossible date, a future completion."""

    conf = os.path.join(DATA, "messy", "certminder.conf")

    def test_json_matches_hand_worked_figures(self):
        with open(os.path.join(DATA, "messy", "expected.json")) as f:
            want = json.load(f)
        got = self.dry_json(self.conf)
        for key in want:
            self.assertEqual(got[key], want[key], key)

    def test_text_report(self):
        rc, out, err = run("-c", self.conf, "-n", "--today", TODAY)
        self.assertEqual((rc, err), (0, ""))
        for line in [
            "certminder report for 2026-11-23",
            "A live run would stop here and send nothing",
            "training.csv: 5 of 20 rows rejected (25.0 %)",
            "Riverton PD: 6 sworn (8 active)",
            "  MHFA                  6      5    83.3 %   100 %  NO (1 short)",
            "  CIT                   2      2    33.3 %    20 %  yes",
            "Selected non-sworn staff with valid MHFA: 0 of 1",
            "MHFA is below 100 % today: 1 more officer must renew or train "
            "now; 6 to hold it through 2027-11-23.",
            "CIT falls below 20 % on 2027-01-10 unless 1 more officer renews "
            "or trains by then.",
            "00900      Sam Sergeant                 MHFA   2026-11-23  today",
            "00105      Eve Evans                    MHFA   2026-11-20  3 days ago",
            "missing   MHFA: Dan Diaz (no usable address)",
            "digest    4 people for Sam Sergeant (00900) <sam@riverton.example>",
            "summary   to training@riverton.example",
            "training.csv: 20 rows, 5 rejected, 1 unmatched, 3 other courses",
            "  Other courses, counted for no certification (rows, title):\n"
            "            1  Explicit Bias Training\n"
            "            1  Firearms \u2013 qualification\n"
            "            1  QPR Gatekeeper\n",
            "training.csv:10: impossible date '2/30/2024' (completion date)",
        ]:
            self.assertIn(line, out)
        # the sections come in the documented order
        order = [out.index(s) for s in ("Riverton PD:", "Expiring\n",
                 "Expired\n", "Missing a required", "Notices that would",
                 "Input\n", "Problems\n")]
        self.assertEqual(order, sorted(order))

    def test_output_file(self):
        out = self.path("report.json")
        rc, stdout, err = run("-c", self.conf, "-n", "--today", TODAY,
                              "--format", "json", "-o", out)
        self.assertEqual((rc, stdout, err), (0, "", ""))
        with open(out) as f:
            self.assertEqual(json.load(f)["schema"], 1)

    def test_full_disk(self):
        """A report that cannot be written all the way (the report is
        buffered, so the error comes at its end) is an error: exit 73,
        and the reason, to -o and to standard output alike."""
        rc, stdout, err = run("-c", self.conf, "-n", "--today", TODAY,
                              "--format", "json", "-o", "/dev/full")
        self.assertEqual(rc, 73)
        self.assertIn("/dev/full: No space left on device", err)
        with open("/dev/full", "w") as full:
            p = subprocess.run([BIN, "-c", self.conf, "-n", "--today", TODAY],
                               stdout=full, stderr=subprocess.PIPE, text=True)
        self.assertEqual(p.returncode, 73)
        self.assertIn("stdout: No space left on device", p.stderr)

    def test_csv_report(self):
        rc, out, err = run("-c", self.conf, "-n", "--today", TODAY,
                           "--format", "csv")
        self.assertEqual(rc, 0, err)
        lines = out.split("\r\n")
        self.assertEqual(lines[0], "agency,id,name,unit,sworn,selected,"
                         "certification,status,expires,days_left,shift")
        self.assertIn("Riverton PD,00101,Ana Alvarez,Patrol,yes,no,MHFA,"
                      "expiring,2027-01-10,48,", lines)
        self.assertIn('Riverton PD,00103,"Cara Chen, Jr.",,yes,no,CIT,'
                      "current,2028-06-01,556,", lines)
        self.assertIn("Riverton PD,00900,Sam Sergeant,Patrol,yes,no,CIT,"
                      "expired,2026-11-22,-1,", lines)
        self.assertIn("Riverton PD,00104,Dan Diaz,Patrol,yes,no,MHFA,"
                      "missing,,,", lines)
        self.assertEqual(len([l for l in lines if l]), 1 + 8 * 2)


class OtherTitles(Case):
    """The report names the course titles that count for nothing, most rows
    first, so that a misspelt certification is seen."""

    def test_most_rows_first_and_the_rest_counted(self):
        self.write("training.csv", "Employee ID,Course Title,Completion Date\n" +
                   "".join(f"1,Course {n:02d},2025-01-01\n" * (n + 1)
                           for n in range(54)) +
                   "1,Mental Hlth 1st Aid,2025-01-01\n" * 30 +
                   "1,Mental Health First Aid,2025-01-01\n")
        conf = self.config('agency_name = "A"; training = { file = '
                           '"training.csv"; };\n')
        rc, out, err = run("-c", conf, "-n", "--today", TODAY)
        self.assertEqual(rc, 0, err)
        lines = out[out.index("  Other courses"):].splitlines()
        self.assertEqual(lines[1], "           54  Course 53")
        self.assertEqual(lines[25], "           30  Course 29")
        self.assertEqual(lines[26], "           30  Mental Hlth 1st Aid")
        self.assertEqual(lines[50], "            6  Course 05")
        self.assertEqual(lines[51], "    and 5 more titles")
        # the JSON report lists every one with its rows
        r = self.dry_json(conf)
        titles = r["inputs"]["training"]["other_titles"]
        self.assertEqual(len(titles), 55)
        self.assertEqual(titles[0], {"title": "Course 53", "rows": 54})
        self.assertIn({"title": "Mental Hlth 1st Aid", "rows": 30}, titles)
