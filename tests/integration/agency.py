"""A small agency for the delivery tests, written as real export files."""
import os

# id, name, email, sworn, supervisor, [(course, completed, expires)]
PEOPLE = [
    ("900", "Sam Sergeant", "sgt@riverton.example", "yes", "",
     [("MHFA", "2025-06-01", "")]),
    ("1", "Ana Alvarez", "ana@riverton.example", "yes", "900",
     [("MHFA", "2024-01-20", ""), ("CIT", "2024-01-20", "")]),   # 58 days
    ("2", "Bob Baker", "bob@riverton.example", "yes", "900",
     [("MHFA", "2024-02-25", "")]),                              # 94 days
    ("3", "Cara Chen", "cara@riverton.example", "yes", "900",
     [("MHFA", "2023-06-01", "")]),                              # expired
    ("4", "Dan Diaz", "dan@riverton.example", "yes", "900", []),  # missing
    ("5", "Eve Evans", "eve@riverton.example", "yes", "900",
     [("MHFA", "2024-12-01", "")]),
    ("6", "Fay Fox", "fay@riverton.example", "yes", "900",
     [("MHFA", "2025-01-10", ""), ("CIT", "2025-01-10", "")]),
    ("7", "Gus Grant", "gus@riverton.example", "yes", "900",
     [("MHFA", "2025-03-10", ""), ("CIT", "2025-03-10", "")]),
    ("901", "Lou Lieutenant", "lt@riverton.example", "yes", "",
     [("MHFA", "2025-06-01", ""), ("CIT", "2025-06-01", "")]),
    ("11", "Kim Kowalski", "kim@riverton.example", "yes", "901",
     [("MHFA", "2025-06-01", "")]),
    ("12", "Lee Lopez", "lee@riverton.example", "yes", "901",
     [("MHFA", "2024-01-05", "")]),                              # 43 days
]


def write(directory, people=PEOPLE, extra_training=(), drop_training=(),
          column=None):
    """column: (header, value of an id) for one more roster column, such
    as ("Unit", lambda pid: ...); name it in config(roster_columns=)."""
    with open(os.path.join(directory, "roster.csv"), "w") as f:
        f.write("Employee ID,Name,Email,Sworn,Supervisor ID")
        f.write(f",{column[0]}\n" if column else "\n")
        for pid, name, email, sworn, sup, _ in people:
            f.write(f"{pid},{name},{email},{sworn},{sup}")
            f.write(f",{column[1](pid)}\n" if column else "\n")
    with open(os.path.join(directory, "training.csv"), "w") as f:
        f.write("Employee ID,Course Title,Completion Date,Expiration Date\n")
        for pid, *_, courses in people:
            for course, done, exp in courses:
                if (pid, course) not in drop_training:
                    f.write(f"{pid},{course},{done},{exp}\n")
        for pid, course, done, exp in extra_training:
            f.write(f"{pid},{course},{done},{exp}\n")


# the weekly default aside: mail on the night something happens
DAILY = 'digest_every = "daily"; summary_every = "daily";'


def config(directory, port, extra="", tls="none", url=None, smtp_extra="",
           mail_extra="", summary_to='"coordinator@riverton.example"',
           timeout=5, roster_columns="", rhythm=DAILY):
    """The agency's configuration; smtp_extra, mail_extra and
    roster_columns go into those groups, extra at the top level.  The
    agency has chosen daily digests and summaries (rhythm), so that a
    test of delivery may fall on any day of the week."""
    text = f"""
agency_name = "Riverton PD";
roster = {{ file = "roster.csv"; columns = {{ id = "Employee ID"; name = "Name";
  email = "Email"; sworn = "Sworn"; supervisor_id = "Supervisor ID";
  {roster_columns} }}; }};
training = {{ file = "training.csv"; }};
state_file = "state.db";
mail = {{ from = "Riverton Training Unit <training@riverton.example>";
  reply_to = "training@riverton.example";
  summary_to = [ {summary_to} ];
  refresher_info = "Sign up: https://intranet.riverton.example/training";
  {mail_extra} }};
smtp = {{ url = "{url or f'smtp://127.0.0.1:{port}'}"; tls = "{tls}"; timeout_s = {timeout};
  {smtp_extra} }};
{rhythm}
{extra}
"""
    path = os.path.join(directory, "certminder.conf")
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)
    return path
