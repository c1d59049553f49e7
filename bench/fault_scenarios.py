"""One fault in a running hub, and what it cost: the scenarios the fault bench prints and the
fault tests assert on.

A `Site` is a copy of the seeded database with a Redis and the hub's processes of its own. A
run under load: the load for `before` seconds, the fault for `during`, the load `after` it;
then, within `deliver` seconds, every email the work the load saved calls for, counted once
the last has landed (and SETTLE seconds more, in which a duplicate would land). Only the
work of the run's own load is counted, so runs may follow each other on one site."""

import json
import re
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path

from bench.fault_harness import Hub, Postgres, Redis, manage, wait_until
from bench.fault_load import Load

SETTLE = 2.0
THREAD = re.compile(r"Fault thread \d{5}")
FAULTS = {
    "redis-stop": "Redis stopped",
    "redis-freeze": "Redis frozen",
    "pg-restart": "PostgreSQL restart",
    "pg-down": "PostgreSQL down",
    "worker-kill": "Celery worker SIGKILLed mid-send",
}


@dataclass
class Site:
    pg: Postgres
    database: str
    redis: Redis
    hub: Hub
    world: dict
    posts: object  # an iterator over the world's threads no run has replied in yet

    def query(self, sql: str, params=()) -> list:
        with self.pg.connect(self.database) as conn:
            return conn.execute(sql, params).fetchall()

    def ready(self):
        """Every server and process up, whatever a run before left behind."""
        self.pg.ensure_running()
        self.redis.ensure_running()
        self.hub.revive()


@contextmanager
def site(*, pg: Postgres, template: str, world: dict, folder: Path, database: str):
    pg.create_database(database, template=template)
    redis = Redis().start()
    hub = Hub(folder, pg.url(database), redis)
    try:
        hub.start()
        hub.wait_ready()
        yield Site(pg, database, redis, hub, world, iter(world["posts"]))
    finally:
        hub.stop()
        redis.stop()


@dataclass
class Outcome:
    fault: str
    during: float
    writes: int = 0
    writes_failed: int = 0
    lost_writes: list = field(default_factory=list)  # acknowledged, not in PostgreSQL
    emails_expected: int = 0
    emails_missing: list = field(default_factory=list)
    # Of those, the emails of writes the site acknowledged (the others' requests failed after
    # their row was saved: the person saw an error, and may try again).
    emails_missing_acknowledged: list = field(default_factory=list)
    emails_duplicated: dict = field(default_factory=dict)  # key: copies (distinct messages)
    resent_same_id: int = 0  # a message written twice under one Message-ID
    worst_wait: float = 0.0
    worst_wait_url: str = ""
    slow_requests: int = 0  # over 2 s
    slow_by_kind: dict = field(default_factory=dict)
    reads_in_fault: int = 0
    reads_failed_in_fault: int = 0
    failures: list = field(default_factory=list)  # (kind, status, url), the first few
    deliver_seconds: float | None = None  # the longest from work saved to its email
    dead: list = field(default_factory=list)  # hub processes that died on their own
    notes: list = field(default_factory=list)
    phases: dict = field(default_factory=dict)  # seconds each part of the run took
    folder: str = ""  # the processes' logs and the emails

    def timed(self, phase: str, since: float) -> float:
        now = time.monotonic()
        self.phases[phase] = round(now - since, 1)
        return now


def _key(message: dict) -> tuple[str, str]:
    """What an email is about: (recipient, the thread) for a reply's, (recipient, "") else."""
    found = THREAD.search(message["subject"])
    return (parseaddr(message["to"])[1].lower(), found.group(0) if found else "")


def _saved(site: Site, load: Load) -> tuple[dict, dict]:
    """The load's replies and survey starts that PostgreSQL holds (whether or not the site
    acknowledged them): marker → (thread, epoch saved), address → epoch saved."""
    titles = {pk: f"Fault thread {n:05d}" for n, pk in enumerate(site.world["posts"])}
    replies = site.query(
        "SELECT body_markdown, post_id, extract(epoch FROM created_at) FROM working_groups_reply"
        " WHERE body_markdown = ANY(%s)",
        [list(load.sent_replies)],
    )
    starts = site.query(
        "SELECT email, extract(epoch FROM started_at) FROM surveys_response WHERE email = ANY(%s)",
        [list(load.sent_starts)],
    )
    return (
        {marker.strip(): (titles[post], float(at)) for marker, post, at in replies},
        {address: float(at) for address, at in starts},
    )


def _count_emails(outcome: Outcome, hub: Hub, expected: dict, deliver: float):
    """Wait up to `deliver` seconds for every email `expected` (key: when its work was saved),
    then count them; deliver_seconds: the longest from work saved to its first email."""
    outcome.emails_expected = len(expected)

    def landed():
        return expected.keys() <= {_key(m) for m in hub.emails()}

    try:
        wait_until(landed, deliver, "every email due", every=0.5)
    except TimeoutError:
        outcome.notes.append(f"not every email due within {deliver:.0f} s")
    time.sleep(SETTLE)
    by_key: dict = {}
    for message in hub.emails():
        if _key(message) in expected:
            by_key.setdefault(_key(message), []).append(message)
    outcome.emails_missing = sorted(expected.keys() - by_key.keys())
    for key, copies in by_key.items():
        ids = {m["id"] for m in copies}
        outcome.resent_same_id += len(copies) - len(ids)
        if len(ids) > 1:
            outcome.emails_duplicated[key] = len(ids)
    if by_key:
        outcome.deliver_seconds = max(
            min(m["at"] for m in copies) - expected[key] for key, copies in by_key.items()
        )


def _inject(fault: str, site: Site, during: float):
    if fault == "redis-stop":
        site.redis.stop()
        time.sleep(during)
        site.redis.start()
    elif fault == "redis-freeze":
        site.redis.freeze()
        time.sleep(during)
        site.redis.thaw()
    elif fault == "pg-restart":
        site.pg.pg_ctl("restart")
    elif fault == "pg-down":
        site.pg.pg_ctl("stop")
        time.sleep(during)
        site.pg.pg_ctl("start")


def under_load(fault: str, site: Site, *, before, during, after, deliver, **load) -> Outcome:
    """The load (Load's client counts in `load`), with `fault` injected `before` seconds in."""
    outcome = Outcome(fault, during, folder=str(site.hub.folder))
    now = time.monotonic()
    site.ready()
    running = Load(site.hub.base_url, site.world, site.posts, **load).start()
    fault_start = outcome.timed("start", now) + before
    time.sleep(before)
    _inject(fault, site, during)
    fault_end = time.monotonic()
    time.sleep(after)
    running.stop()
    now = outcome.timed("load", fault_start - before)
    _figures(outcome, running, fault_start, fault_end)
    replies, starts = _saved(site, running)
    outcome.lost_writes = [m for m in running.replies if m not in replies]
    outcome.lost_writes += [a for a in running.starts if a not in starts]
    expected = {(site.world["poster"], title): at for title, at in replies.values()}
    expected |= {(address, ""): at for address, at in starts.items()}
    _count_emails(outcome, site.hub, expected, deliver)
    acknowledged = {(site.world["poster"], replies[m][0]) for m in running.replies if m in replies}
    acknowledged |= {(address, "") for address in running.starts}
    outcome.emails_missing_acknowledged = sorted(set(outcome.emails_missing) & acknowledged)
    outcome.timed("emails", now)
    outcome.dead = site.hub.dead()
    restarted = {name: n for name, n in site.hub.restarts().items() if n}
    if restarted:  # died and were started again by their keeper, without a person
        outcome.notes.append(f"restarted by their keeper: {restarted}")
    return outcome


def _figures(outcome: Outcome, load: Load, fault_start: float, fault_end: float):
    records = load.records
    writes = load.writes()
    outcome.writes = len(writes)
    outcome.writes_failed = len(Load.failed(writes))
    worst = max(records, key=lambda r: r.seconds)
    outcome.worst_wait, outcome.worst_wait_url = worst.seconds, f"{worst.kind} {worst.url}"
    slow = [r.kind for r in records if r.seconds > 2]
    outcome.slow_requests = len(slow)
    outcome.slow_by_kind = dict(Counter(slow))
    # A read in the fault: one under way at any moment of it.
    in_fault = [r for r in load.reads() if r.at <= fault_end and r.at + r.seconds >= fault_start]
    outcome.reads_in_fault = len(in_fault)
    outcome.reads_failed_in_fault = len(Load.failed(in_fault))
    outcome.failures = [(r.kind, r.status, r.url) for r in Load.failed(records)][:5]


def worker_killed(site: Site, *, deliver: float, down: float = 2.0) -> Outcome:
    """The results email to every respondent of the seeded wave; the whole worker (its main
    process and the two that send) SIGKILLed a third of the way through, a new one started
    `down` seconds later. Once per site: there is one such wave."""
    outcome = Outcome("worker-kill", down, folder=str(site.hub.folder))
    total, now = site.world["respondents"], time.monotonic()
    site.ready()
    requested = manage(
        site.hub.env, "-m", "bench.fault_seed", "results", site.world["results_wave"]
    )
    snapshot = json.loads(requested)["snapshot"]

    def sent():
        return site.query(
            "SELECT count(*) FROM surveys_resultsdelivery WHERE snapshot_id = %s"
            " AND status = 'sent'",
            [snapshot],
        )[0][0]

    wait_until(lambda: sent() >= total // 3, 120, "a third of the results emails sent", 0.02)
    starts = site.hub.worker_starts()
    site.hub.kill_worker()
    outcome.notes.append(f"killed at {sent()} of {total} sent")
    now = outcome.timed("until the kill", now)
    # No person starts it: the worker's keeper does, `down` (2) seconds later.
    site.hub.wait_ready(starts=starts + 1)
    # Counted from the new worker's start: what it delivers is what the kill delayed.
    back = time.time()
    expected = {(f"r{n}@fault.test", ""): back for n in range(total)}
    _count_emails(outcome, site.hub, expected, deliver)
    outcome.timed("a worker back, and the emails", now)
    outcome.dead = site.hub.dead()
    restarted = {name: n for name, n in site.hub.restarts().items() if n}
    if restarted:  # died and were started again by their keeper, without a person
        outcome.notes.append(f"restarted by their keeper: {restarted}")
    return outcome


def describe(outcome: Outcome) -> str:
    """The outcome in a few lines, for an assertion's message."""
    lines = [
        f"{FAULTS[outcome.fault]} ({outcome.during:.0f} s): {outcome.writes} writes, "
        f"{outcome.writes_failed} failed; worst wait {outcome.worst_wait:.1f} s "
        f"({outcome.worst_wait_url}), {outcome.slow_requests} requests over 2 s "
        f"{outcome.slow_by_kind or ''}",
        f"acknowledged writes lost: {len(outcome.lost_writes)} {outcome.lost_writes[:3]}",
        f"emails: {outcome.emails_expected} due, {len(outcome.emails_missing)} missing "
        f"{outcome.emails_missing[:3]} ({len(outcome.emails_missing_acknowledged)} of "
        f"acknowledged writes), {len(outcome.emails_duplicated)} duplicated "
        f"{dict(list(outcome.emails_duplicated.items())[:3])}",
        f"signed-in reads in the fault: {outcome.reads_in_fault}, "
        f"{outcome.reads_failed_in_fault} failed; first failures: {outcome.failures}",
        f"processes that died: {outcome.dead or 'none'}; {'; '.join(outcome.notes)}",
        f"emails delivered at worst {outcome.deliver_seconds} s after their work was saved; "
        f"seconds taken: {outcome.phases}; logs and emails in {outcome.folder}",
    ]
    return "\n".join(lines)
