"""The fault bench (issue #19): the hub under load while Redis is stopped or frozen, PostgreSQL
restarted or down, a Celery worker killed; what each fault cost, printed as a table.

    .venv/bin/python bench/faults.py                 # every fault, ~80 s each: ~10 minutes
    .venv/bin/python bench/faults.py --only redis-stop,worker-kill --seconds 40 --at 10

No server of this machine is touched and none need be configured: the bench starts a
PostgreSQL cluster of its own (under /tmp; as root its programs run as `postgres`), migrates
and seeds a template database once, and for each fault a copy of it with a redis-server,
gunicorn (2 workers x 3 threads, the site's gunicorn.conf.py), a Celery worker (2 processes),
beat and the job relay (`manage.py relay_jobs`, when the tree has it) of its own
(bench/fault_harness.py), emails written as .eml files.

The load (bench/fault_load.py), as when the issue's table was measured: 6 members replying in
a working group (each reply in a thread of its own, so each emails the thread's author once),
3 respondents starting the public survey (each start emails a resume link), 1 member reading
signed-in pages; `--seconds` per fault, the fault `--at` seconds in. Then the bench waits up
to `--deliver` seconds for every email the saved work calls for, and counts them.

Worker killed: the results email to 469 respondents; the whole worker (main process and both
sending processes) is SIGKILLed a third of the way through and a new one started 2 s later.
"""

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fault_harness import Postgres, run_folder, seeded_template  # noqa: E402
from bench.fault_scenarios import FAULTS, describe, site, under_load, worker_killed  # noqa: E402

TEMPLATE = "faults_template"
# Seconds each fault lasts (the table's): a restart lasts as long as it takes.
DURING = {"redis-stop": 30, "redis-freeze": 30, "pg-restart": 0, "pg-down": 10}


def prepare(posts: int) -> tuple[Postgres, dict]:
    pg = Postgres().start()
    return pg, seeded_template(pg, TEMPLATE, "--posts", str(posts))


def run(fault: str, pg: Postgres, world: dict, args) -> object:
    folder = run_folder(f"alliance-fault-{fault}")
    with site(pg=pg, template=TEMPLATE, world=world, folder=folder, database=fault) as s:
        if fault == "worker-kill":
            return worker_killed(s, deliver=args.deliver)
        during = DURING[fault]
        return under_load(fault, s, before=args.at, during=during,
                          after=args.seconds - args.at - during, deliver=args.deliver)  # fmt: skip


def row(o) -> str:
    name = FAULTS[o.fault] + (f" {o.during:.0f} s" if o.during and o.fault != "worker-kill" else "")
    if o.fault == "worker-kill":
        writes = failed = reads = "—"
    else:
        writes, failed = str(o.writes), str(o.writes_failed)
        reads = f"{o.reads_failed_in_fault} of {o.reads_in_fault}"
    lost = (f"{len(o.lost_writes)} writes; {len(o.emails_missing)} emails "
            f"({len(o.emails_missing_acknowledged)} of acknowledged writes)")  # fmt: skip
    once = o.emails_expected - len(o.emails_missing) - len(o.emails_duplicated)
    emails = (f"{o.emails_expected} due: {once} once, {len(o.emails_missing)} missing, "
              f"{len(o.emails_duplicated)} twice")  # fmt: skip
    if o.resent_same_id:
        emails += f" (+{o.resent_same_id} rewritten under one Message-ID)"
    wait = "—"
    if o.fault != "worker-kill":
        wait = f"{o.worst_wait:.1f} s ({o.worst_wait_url.split()[0]}); {o.slow_requests} over 2 s"
        wait += "".join(f", {n} {kind}" for kind, n in o.slow_by_kind.items())
    deliver = "—" if o.deliver_seconds is None else f"{o.deliver_seconds:.0f} s"
    if o.emails_missing and o.deliver_seconds is not None:
        deliver += " (of those delivered)"
    after = [f"{', '.join(o.dead)} died"] if o.dead else []
    after = "; ".join(after + o.notes) or "—"
    cells = [name, writes, failed, lost, wait, reads, emails, deliver, after]
    return "| " + " | ".join(cells) + " |"


HEADER = (
    "| fault | write requests | failed | lost work | worst wait | signed-in reads failed in "
    "the fault | emails | longest from work saved to its email | after |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(FAULTS), help="faults, comma-separated")
    parser.add_argument("--seconds", type=int, default=80, help="load per fault")
    parser.add_argument("--at", type=int, default=20, help="the fault, seconds into the load")
    parser.add_argument("--deliver", type=int, default=180, help="the wait for emails after")
    args = parser.parse_args()
    faults = [f for f in args.only.split(",") if f]
    unknown = set(faults) - set(FAULTS)
    if unknown:
        parser.error(f"unknown faults: {sorted(unknown)}; known: {list(FAULTS)}")
    if any(args.at + DURING.get(fault, 0) > args.seconds for fault in faults):
        parser.error("a fault must end within --seconds of load")

    started = time.monotonic()
    # Under a reply a second per member (each waits THINK between requests): twice that.
    pg, world = prepare(posts=12 * args.seconds + 200)
    print(f"Prepared in {time.monotonic() - started:.0f} s", flush=True)
    outcomes = []
    try:
        for fault in faults:
            began = time.monotonic()
            outcomes.append(run(fault, pg, world, args))
            print(f"\n{describe(outcomes[-1])}\n({time.monotonic() - began:.0f} s)", flush=True)
    finally:
        pg.stop()
        shutil.rmtree(pg.folder, ignore_errors=True)
    print(f"\n{HEADER}")
    for outcome in outcomes:
        print(row(outcome))
    print(f"\n{len(outcomes)} faults in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
