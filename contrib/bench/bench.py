#!/usr/bin/python3
"""make bench: certminder's speed and memory, as ratios within one run.

For N people (10 training rows each, from contrib/gen-exports.py with a fixed
seed) it times the whole `certminder --dry-run --format json -o /dev/null`
against libcsv alone parsing the same two files (contrib/bench/csvbare), the
median of a few interleaved runs, the peak memory of each and certminder's page
faults, with what a page fault costs on this machine, and what starting
the program costs before it reads a file.  Then it sends
5,000 messages to Postfix's smtp-sink on loopback over one reused connection
and over a new connection per message.

    BENCH_SIZES="10000 100000 1000000"   people per data set
    BENCH_QUOTED="100000"                the same with every value quoted
    BENCH_AGENCIES="1000000:100000"      N people in 50 agencies against the
                                         same in K: each report format
    BENCH_SCATTERED="100000 1000000"     the same with the training rows in
                                         completion-date order (a person's
                                         rows scattered over the file)
    BENCH_BOOKINGS="10000 40000"         a class calendar of 300 classes and
                                         that many bookings (in date order,
                                         as a learning system exports
                                         registrations) on 100,000 people
    BENCH_RUNS=5                         timed runs of each program
    BENCH_MESSAGES=5000                  messages for the delivery test
    BENCH_DIR=/tmp/certminder-bench      where data sets are kept
"""
import csv
import mmap
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))
from helpers import free_port  # noqa: E402  (the test suite's, for its sink)
BIN = os.path.join(TOP, "src", "certminder")
BARE = os.path.join(TOP, "contrib", "bench", "csvbare")
BENCH_DIR = "/tmp/certminder-bench"
SMTPBENCH = os.path.join(TOP, "contrib", "bench", "smtpbench")


def timed(args):
    """Wall seconds, CPU seconds (user + system, all threads, to the
    microsecond) and page faults (first touches of memory) of one run."""
    t0 = time.monotonic()
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    t = time.monotonic() - t0
    if status != 0:
        sys.exit(f"bench: {args[0]} failed: {err.decode(errors='replace')}")
    return t, ru.ru_utime + ru.ru_stime, ru.ru_minflt


def peak(args):
    """Peak RSS (MiB) of one run, by /usr/bin/time: a child of Python
    would count the interpreter's memory too."""
    p = subprocess.run(["/usr/bin/time", "-f", "%M", *args],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    if p.returncode != 0:
        sys.exit(f"bench: {args[0]} failed: {p.stderr}")
    return int(p.stderr.strip().splitlines()[-1]) / 1024


def fault_cost():
    """Microseconds of CPU a first touch of a 4 KiB page costs here: 64 MiB
    of fresh memory touched a page at a time (the loop's own cost is small
    beside it)."""
    size = 64 << 20
    m = mmap.mmap(-1, size)
    t0 = time.process_time()
    for i in range(0, size, 4096):
        m[i] = 1
    t = time.process_time() - t0
    m.close()
    return t / (size // 4096) * 1e6


def dataset(directory, people, agencies=None):
    """That many people, in 1 agency for each 2,000 of them unless told
    how many agencies, each with its units."""
    d = os.path.join(directory, str(people) if agencies is None else
                     f"{people}a{agencies}")
    if not os.path.exists(os.path.join(d, "done")):
        os.makedirs(d, exist_ok=True)
        if agencies is None:
            agencies = max(1, people // 2000)
        subprocess.run(["/usr/bin/python3", os.path.join(TOP, "contrib",
                        "gen-exports.py"), "--people", str(people),
                        "--agencies", str(agencies), "--seed", "7", d],
                       check=True)
        with open(os.path.join(d, "certminder.conf"), "w") as f:
            f.write('id_ignore_leading_zeros = true;\n'
                    'roster = { file = "roster.csv"; };\n'
                    'training = { file = "training.csv"; };\n'
                    f'state_file = "{d}/none.db";\n')
        open(os.path.join(d, "done"), "w").close()
    return d


def dataset_quoted(directory, people):
    """The data set of that many people with every value in quotes, as
    some exporters write them."""
    src = dataset(directory, people)
    d = os.path.join(directory, f"{people}q")
    if not os.path.exists(os.path.join(d, "done")):
        os.makedirs(d, exist_ok=True)
        for name in ("roster.csv", "training.csv"):
            with open(os.path.join(src, name), newline="",
                      encoding="utf-8-sig") as i, \
                 open(os.path.join(d, name), "w", newline="",
                      encoding="utf-8") as o:
                w = csv.writer(o, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
                w.writerows(csv.reader(i))
        with open(os.path.join(src, "certminder.conf")) as i, \
             open(os.path.join(d, "certminder.conf"), "w") as o:
            o.write(i.read().replace(src, d))
        open(os.path.join(d, "done"), "w").close()
    return d


def completion_key(value):
    """A completion date as the generator writes it (ISO, with a time,
    US with two- or four-digit years, Excel serial days), as a sortable
    (year, month, day); what reads as none of them sorts first."""
    v = value.strip().split(" ")[0].split("T")[0]
    try:
        if v.isdigit():
            return time.gmtime((int(v) - 25569) * 86400)[:3]
        if "-" in v:
            y, m, d = (int(x) for x in v.split("-"))
            return (y, m, d)
        if "/" in v:
            m, d, y = (int(x) for x in v.split("/"))
            return (y + 2000 if y < 100 else y, m, d)
    except ValueError:
        pass
    return (0, 0, 0)


def dataset_scattered(directory, people):
    """The data set of that many people with the training rows sorted by
    completion date, as learning systems export them: each person's rows
    scattered across the file."""
    src = dataset(directory, people)
    d = os.path.join(directory, f"{people}s")
    if not os.path.exists(os.path.join(d, "done")):
        os.makedirs(d, exist_ok=True)
        shutil.copy(os.path.join(src, "roster.csv"), d)
        with open(os.path.join(src, "training.csv"), newline="",
                  encoding="utf-8-sig") as i:
            r = csv.reader(i)
            header = next(r)
            rows = list(r)
        at = header.index("Completion Date")
        rows.sort(key=lambda row: completion_key(row[at])
                  if len(row) > at else (0, 0, 0))
        with open(os.path.join(d, "training.csv"), "w", newline="",
                  encoding="utf-8") as o:
            w = csv.writer(o, lineterminator="\r\n")
            w.writerow(header)
            w.writerows(rows)
        with open(os.path.join(src, "certminder.conf")) as i, \
             open(os.path.join(d, "certminder.conf"), "w") as o:
            o.write(i.read().replace(src, d))
        open(os.path.join(d, "done"), "w").close()
    return d


def bench_report(sizes, quoted, scattered, runs, directory):
    print("certminder --dry-run --format json -o /dev/null against libcsv "
          "alone on the same files")
    us = fault_cost()
    print("(wall seconds and CPU seconds, user + system, the median of the "
          "runs, interleaved;\n faults: certminder's page faults, first "
          f"touches of 4 KiB of memory, at {us:.1f} us each on this machine;")
    print(" cpu ratio: the median of each interleaved pair's ratio, so that the\n"
          " machine's drift over the runs cancels; ex-faults: the same with the\n"
          " page faults certminder takes beyond libcsv's counted at that cost)")
    print(f"{'people':>15} {'rows':>10} {'libcsv s':>9} {'certminder s':>13} "
          f"{'ratio':>6} {'libcsv cpu':>10} {'cpu s':>6} {'cpu ratio':>9} "
          f"{'ex-faults':>9} {'peak MiB':>9} "
          f"{'libcsv MiB':>11} {'us/person':>10} {'faults':>8} "
          f"{'faults s':>8}")
    for n, label, d in ([(n, str(n), dataset(directory, n)) for n in sizes] +
                        [(n, f"{n} quoted", dataset_quoted(directory, n))
                         for n in quoted] +
                        [(n, f"{n} by date", dataset_scattered(directory, n))
                         for n in scattered]):
        files = [os.path.join(d, "roster.csv"), os.path.join(d, "training.csv")]
        rows = sum(1 for f in files for _ in open(f, "rb")) - 2
        bare_args = [BARE, *files]
        cm_args = [BIN, "-c", os.path.join(d, "certminder.conf"), "--dry-run",
                   "--today", "2026-11-23", "--format", "json", "-o",
                   "/dev/null"]
        bare, cm = [], []
        for _ in range(runs):
            bare.append(timed(bare_args))
            cm.append(timed(cm_args))
        tb = statistics.median(t for t, _, _ in bare)
        tc = statistics.median(t for t, _, _ in cm)
        cb = statistics.median(c for _, c, _ in bare)
        cc = statistics.median(c for _, c, _ in cm)
        faults = statistics.median(f for _, _, f in cm)
        ratio = statistics.median(c[1] / b[1] for b, c in zip(bare, cm))
        ex = statistics.median((c[1] - (c[2] - b[2]) * us / 1e6) / b[1]
                               for b, c in zip(bare, cm))
        print(f"{label:>15} {rows:>10} {tb:>9.3f} {tc:>13.3f} {tc / tb:>6.2f} "
              f"{cb:>10.3f} {cc:>6.3f} {ratio:>9.2f} {ex:>9.2f} "
              f"{peak(cm_args):>9.1f} "
              f"{peak(bare_args):>11.1f} "
              f"{tc / n * 1e6:>10.2f} {faults:>8.0f} "
              f"{faults * us / 1e6:>8.3f}", flush=True)


def report_cpu(d, fmt, runs):
    """CPU seconds of a dry run's report of data set d, the median of
    runs."""
    args = [BIN, "-c", os.path.join(d, "certminder.conf"), "--dry-run",
            "--today", "2026-11-23", "--format", fmt, "-o", "/dev/null"]
    return statistics.median(timed(args)[1] for _ in range(runs))


def bench_agencies(spec, runs):
    """Each report format on N people in 50 agencies and in K: the time of
    the reports must grow with the people, not with agencies x units."""
    for item in spec:
        people, many = (int(x) for x in item.split(":"))
        sets = [(50, dataset(BENCH_DIR, people, 50)),
                (many, dataset(BENCH_DIR, people, many))]
        print(f"\n{people} people in 50 and in {many} agencies, with units "
              "(CPU seconds, the median of the runs)")
        for fmt in ("text", "json", "csv", "html"):
            cpu = [report_cpu(d, fmt, runs) for _, d in sets]
            print(f"  {fmt:<5} {cpu[0]:7.3f} s  {cpu[1]:7.3f} s  "
                  f"{cpu[1] / cpu[0]:5.2f}x", flush=True)


def dataset_classes(directory, bookings):
    """The 100,000 people's data set with a year of classes (300: MHFA and
    CIT courses and refreshers, 24 seats each) and that many bookings of
    its people, in date order; a tenth of them booked twice, the later
    booking standing."""
    src = dataset(directory, 100000)
    d = os.path.join(directory, f"100000b{bookings}")
    if not os.path.exists(os.path.join(d, "done")):
        os.makedirs(d, exist_ok=True)
        for name in ("roster.csv", "training.csv"):
            shutil.copy(os.path.join(src, name), d)
        titles = ["Mental Health First Aid", "MHFA Recertification",
                  "Crisis Intervention Team (CIT) 40-Hour",
                  "CIT Refresher (in-service)"]
        start = time.mktime((2026, 11, 24, 0, 0, 0, 0, 0, -1))
        classes = []
        for i in range(300):
            day = time.strftime("%Y-%m-%d", time.localtime(start +
                                                           86400 * (i + 1)))
            classes.append((titles[i % 4], f"{day} 08:00"))
        with open(os.path.join(d, "classes.csv"), "w") as f:
            f.write("Course,Start,End,Location,Seats,Sign-up\n")
            for title, when in classes:
                f.write(f"{title},{when},,Academy,24,"
                        "https://lms.example/c\n")
        rows = []
        for i in range(bookings):
            title, when = classes[(i * 7) % 300]
            rows.append((when, f"{(i * 37) % 100000 + 1:06d}", title))
            if i % 10 == 0:
                title, when = classes[(i * 7 + 40) % 300]
                rows.append((when, f"{(i * 37) % 100000 + 1:06d}", title))
        rows.sort()
        with open(os.path.join(d, "enrollments.csv"), "w") as f:
            f.write("Employee ID,Course,Start\n")
            for when, pid, title in rows:
                f.write(f"{pid},{title},{when}\n")
        with open(os.path.join(src, "certminder.conf")) as f:
            conf = f.read().replace(src, d)
        with open(os.path.join(d, "certminder.conf"), "w") as f:
            f.write(conf + 'classes = { file = "classes.csv"; };\n'
                    'enrollments = { file = "enrollments.csv"; };\n')
        open(os.path.join(d, "done"), "w").close()
    return d


def bench_classes(counts, runs):
    """The class calendar and bookings: their cost beside the same night
    without them, for each report that uses them; it must grow with the
    bookings, not with their square."""
    plain = dataset(BENCH_DIR, 100000)
    print("\n100000 people, 300 classes and N bookings against the same "
          "night without them\n(CPU seconds, the median of the runs)")
    for n in counts:
        d = dataset_classes(BENCH_DIR, n)
        with open(os.path.join(d, "enrollments.csv")) as f:
            rows = sum(1 for _ in f) - 1
        for fmt in ("json", "schedule"):
            cpu = [report_cpu(where, fmt, runs) for where in (plain, d)]
            print(f"  {rows:>6} bookings  {fmt:<8} {cpu[0]:7.3f} s  "
                  f"{cpu[1]:7.3f} s  +{cpu[1] - cpu[0]:.3f} s", flush=True)


def dataset_sources(directory, count, people):
    """An association: count agencies of that many people, each with its
    own roster and training file, read as sources."""
    d = os.path.join(directory, f"sources{count}x{people}")
    if not os.path.exists(os.path.join(d, "done")):
        os.makedirs(d, exist_ok=True)
        entries = []
        for i in range(count):
            sub = os.path.join(d, f"a{i:03d}")
            subprocess.run(["/usr/bin/python3", os.path.join(TOP, "contrib",
                            "gen-exports.py"), "--people", str(people),
                            "--seed", str(i), sub], check=True,
                           stdout=subprocess.DEVNULL)
            entries.append(f'{{ agency = "Agency {i:03d}"; roster = {{ file = '
                           f'"a{i:03d}/roster.csv"; }}; training = {{ file = '
                           f'"a{i:03d}/training.csv"; }}; }}')
        with open(os.path.join(d, "certminder.conf"), "w") as f:
            f.write("id_ignore_leading_zeros = true;\nsources = (\n  " +
                    ",\n  ".join(entries) + " );\n"
                    f'state_file = "{d}/none.db";\n')
        open(os.path.join(d, "done"), "w").close()
    return d


def bench_sources(count, people, runs):
    """An association's sources against libcsv parsing the same files."""
    d = dataset_sources(BENCH_DIR, count, people)
    files = [os.path.join(d, f"a{i:03d}", name) for i in range(count)
             for name in ("roster.csv", "training.csv")]
    args = [BIN, "-c", os.path.join(d, "certminder.conf"), "--dry-run",
            "--today", "2026-11-23", "--format", "json", "-o", "/dev/null"]
    bare, cm = [], []
    for _ in range(runs):
        bare.append(timed([BARE, *files]))
        cm.append(timed(args))
    cb = statistics.median(c for _, c, _ in bare)
    cc = statistics.median(c for _, c, _ in cm)
    print(f"\n{count} sources of {people} people (an association): "
          f"certminder {cc:.3f} s of CPU, libcsv alone {cb:.3f} s, "
          f"{cc - cb:.3f} s more", flush=True)


def bench_start(runs):
    """What starting costs before any file is read: certminder --version
    (with libcurl's shared libraries, linked normally) against libcsv alone
    on an empty file."""
    with tempfile.NamedTemporaryFile(suffix=".csv") as empty:
        bare, cm = [], []
        for _ in range(max(runs, 15)):
            bare.append(timed([BARE, empty.name]))
            cm.append(timed([BIN, "--version"]))
    cb = statistics.median(c for _, c, _ in bare)
    cc = statistics.median(c for _, c, _ in cm)
    print(f"starting: certminder {cc * 1e3:.1f} ms of CPU and "
          f"{statistics.median(f for _, _, f in cm):.0f} page faults, libcsv "
          f"alone {cb * 1e3:.1f} ms and "
          f"{statistics.median(f for _, _, f in bare):.0f}", flush=True)


def run_smtpbench(port, count, extra=()):
    res = {}
    for mode in ("reuse", "new"):
        out = subprocess.run([SMTPBENCH, str(port), str(count), mode, *extra],
                             capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"bench: smtpbench {mode}: {out.stderr}{out.stdout}")
        _, _, ok, secs, rate = out.stdout.split()
        res[mode] = float(rate)
        print(f"  {'one reused connection' if mode == 'reuse' else 'a new connection each':<24}"
              f" {float(secs):7.3f} s  {float(rate):8.0f} messages/s")
    print(f"  reused / new: {res['reuse'] / res['new']:.1f}x", flush=True)


def wait_port(port):
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def bench_smtp(count):
    sink = shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"
    if not os.path.exists(sink):
        print("\nsmtp-sink not found (Debian package postfix): plain SMTP "
              "benchmark skipped; contrib/install-deps --bench installs it")
    else:
        port = free_port()
        p = subprocess.Popen([sink, "-c", "-u", "nobody", f"127.0.0.1:{port}",
                              "1024"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        try:
            wait_port(port)
            print(f"\n{count} messages, plain SMTP to Postfix's smtp-sink on "
                  "loopback")
            run_smtpbench(port, count)
        finally:
            p.terminate()
            p.wait()
    # STARTTLS, certminder's default: a new connection costs a handshake.
    tmp = tempfile.mkdtemp(prefix="certminder-bench-tls-")
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                        "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", f"{tmp}/key.pem", "-out", f"{tmp}/cert.pem"],
                       check=True, capture_output=True)
        port = free_port()
        p = subprocess.Popen(["/usr/bin/python3", os.path.join(TOP, "tests",
                              "integration", "smtpsink.py"), "--port", str(port),
                              "--dir", f"{tmp}/mail", "--tls", "starttls",
                              "--cert", f"{tmp}/cert.pem", "--key",
                              f"{tmp}/key.pem", "--discard"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            p.stdout.readline()
            print(f"\n{count} messages, STARTTLS to the test suite's aiosmtpd "
                  "sink on loopback")
            run_smtpbench(port, count, [f"{tmp}/cert.pem"])
        finally:
            p.terminate()
            p.wait()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    sizes = [int(x) for x in os.environ.get(
        "BENCH_SIZES", "10000 100000 1000000").split()]
    quoted = [int(x) for x in os.environ.get("BENCH_QUOTED", "100000").split()]
    scattered = [int(x) for x in os.environ.get(
        "BENCH_SCATTERED", "100000 1000000").split()]
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    directory = os.environ.get("BENCH_DIR", "/tmp/certminder-bench")
    bench_report(sizes, quoted, scattered, runs, directory)
    global BENCH_DIR
    BENCH_DIR = directory
    bench_agencies(os.environ.get("BENCH_AGENCIES",
                                  "1000000:100000").split(), 3)
    bench_sources(182, 100, runs)
    bench_classes([int(x) for x in os.environ.get(
        "BENCH_BOOKINGS", "10000 40000").split()], 3)
    bench_start(runs)
    bench_smtp(int(os.environ.get("BENCH_MESSAGES", "5000")))


if __name__ == "__main__":
    main()
