#!/usr/bin/python3
"""Writes a realistic roster and training export for certminder.

    gen-exports.py [--people N] [--agencies K] [--seed S] [--today YYYY-MM-DD] DIR

Deterministic for a given seed.  The files have the flavour of real exports:
a byte-order mark and CRLF line ends, quoted names with commas, a mix of
date forms (ISO, US, two-digit years, Excel serial days), course titles
that are and are not certifications, dispatchers selected for MHFA,
retired staff, ids that lost their leading zeros in the training file, and
about 10 training rows per person.
"""
import argparse
import datetime
import os
import random

FIRST = ["Ana", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivan",
         "Jo", "Kai", "Lena", "Marco", "Nia", "Omar", "Pia", "Quinn", "Rosa",
         "Sam", "Tara", "Uma", "Vic", "Wes", "Xena", "Yusuf", "Zoe"]
LAST = ["Alvarez", "Brooks", "Chen", "Diaz", "Evans", "Fox", "Garcia",
        "Hill", "Ito", "Jensen", "Kowalski", "Lopez", "Moore", "Nguyen",
        "O'Brien", "Patel", "Quist", "Reyes", "Smith", "Thao", "Usman",
        "Vang", "Williams", "Xiong", "Young", "Zimmer"]
MHFA = ["Mental Health First Aid for Public Safety", "MHFA", "MHFA Refresher",
        "Mental Health First Aid (Adult)", "ICAT", "ICAT Train-the-Trainer",
        "Youth Mental Health First Aid"]
CIT = ["Crisis Intervention Team (CIT) 40-hour", "CIT", "CIT Refresher",
       "Advanced CIT", "Crisis Intervention Training"]
OTHER = ["Firearms Qualification", "Defensive Tactics", "QPR Gatekeeper",
         "Explicit Bias Training", "First Aid/CPR/AED", "Legal Update",
         "Emergency Vehicle Operations", "Taser Recertification",
         "De-escalation Roll Call", "Report Writing", "Ethics",
         "Question, Persuade, Refer"]
UNITS = ["Patrol", "Investigations", "Traffic", "Community", "Dispatch",
         "Records", "Training"]


def fmt_date(rng, d):
    r = rng.random()
    if r < 0.45:
        return d.isoformat()
    if r < 0.75:
        return f"{d.month}/{d.day}/{d.year}"
    if r < 0.85:
        return f"{d.month}/{d.day}/{d.year % 100:02d}"
    if r < 0.95:
        return str((d - datetime.date(1899, 12, 30)).days)
    return d.isoformat() + " 00:00:00"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=120)
    ap.add_argument("--agencies", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--today", default="2026-11-23")
    ap.add_argument("--rows-per-person", type=int, default=10)
    ap.add_argument("dir")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    today = datetime.date.fromisoformat(a.today)
    os.makedirs(a.dir, exist_ok=True)
    agencies = [f"Agency {i + 1:03d}" for i in range(a.agencies)] \
        if a.agencies > 1 else []
    people = []
    with open(os.path.join(a.dir, "roster.csv"), "w", encoding="utf-8-sig",
              newline="") as f:
        cols = ["Employee ID", "First Name", "Last Name", "Email",
                "Employee Type", "MHFA Selected", "Status", "Supervisor ID",
                "Unit"] + (["Agency"] if agencies else [])
        f.write(",".join(cols) + "\r\n")
        per_agency = max(1, a.people // max(1, a.agencies))
        for i in range(a.people):
            pid = f"{i + 1:06d}"
            first, last = rng.choice(FIRST), rng.choice(LAST)
            unit = rng.choice(UNITS)
            sworn = unit not in ("Dispatch", "Records")
            agency = agencies[min(i // per_agency, len(agencies) - 1)] \
                if agencies else None
            base = (i // per_agency) * per_agency
            sup = f"{base + 1:06d}" if i != base else ""
            status = "Retired" if rng.random() < 0.02 else "Active"
            selected = "Yes" if not sworn and rng.random() < 0.6 else ""
            name_last = f'"{last}, Jr."' if rng.random() < 0.03 else last
            email = f"{first}.{last}{i}@pd.example".lower().replace("'", "")
            if rng.random() < 0.01:
                email = ""
            row = [pid, first, name_last, email,
                   "Sworn" if sworn else "Civilian", selected, status, sup,
                   unit] + ([agency] if agency else [])
            f.write(",".join(row) + "\r\n")
            people.append((pid, sworn, bool(selected)))
        f.write("\r\n")
    with open(os.path.join(a.dir, "training.csv"), "w", encoding="utf-8",
              newline="") as f:
        f.write("Employee ID,Course Title,Completion Date,Expiration Date\r\n")
        for pid, sworn, selected in people:
            n = rng.randint(a.rows_per_person - 3, a.rows_per_person + 3) \
                if a.rows_per_person > 3 else a.rows_per_person
            short_id = pid.lstrip("0")
            courses = []
            if rng.random() < (0.95 if sworn else 0.7 if selected else 0.1):
                courses.append((rng.choice(MHFA), rng.randint(20, 1180)))
                if rng.random() < 0.3:     # an older MHFA record too
                    courses.append((rng.choice(MHFA), rng.randint(1100, 2500)))
            if sworn and rng.random() < 0.3:
                courses.append((rng.choice(CIT), rng.randint(20, 1250)))
            while len(courses) < n:
                courses.append((rng.choice(OTHER), rng.randint(1, 3000)))
            rng.shuffle(courses)
            for title, days in courses:
                done = today - datetime.timedelta(days=days)
                ds = fmt_date(rng, done)
                if rng.random() < 0.002:
                    ds = "2/30/2024"
                expires = ""
                if rng.random() < 0.05:
                    expires = (done + datetime.timedelta(days=3 * 365)).isoformat()
                title = f'"{title}"' if "," in title else title
                f.write(f"{short_id},{title},{ds},{expires}\r\n")


if __name__ == "__main__":
    main()
