# ruff: noqa: S608 — the SQL here is built from this script's own integers and table names.
"""Benchmark of a working group's feed under gunicorn, against a bare page of the same posts.

    .venv/bin/python -m alliance.embedded -- .venv/bin/python bench/working_groups_feed.py
    ... bench/working_groups_feed.py --scale 0.1     # 100k posts, 300k replies, ...

Seeds (once per scale) a database of its own, `<name>_bench`, on the same PostgreSQL server:
50k members, 1M posts, 3M replies and 5M reactions at scale 1, generated inside PostgreSQL
with INSERT … SELECT over generate_series (the fastest bulk insert there is: no row crosses
the wire). Then it serves the site with gunicorn and measures, for a logged-in member:

- the group feed (`/groups/<slug>/`): p50/p95 latency at 1 client, throughput at 10 clients;
- the bare page (`/bench/bare/<slug>/`): the same 20 posts, one SQL query, same templates.

It prints the figures, the target (feed ≥ 80% of the bare page's throughput, p95 ≤ 30 ms),
and EXPLAIN of the feed's and the search's queries. It prints figures; it asserts nothing.
"""

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.working_groups_seed import ensure_indexes, seed, seeded_scale  # noqa: E402

PORT = 8799


def bench_database_url() -> str:
    url = os.environ["DATABASE_URL"]
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench"
    return parts._replace(path="/" + name).geturl(), name


def ensure_database(name: str) -> None:
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str, name: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()


# --- Measuring --------------------------------------------------------------------------------


def session_cookie(user_id: int) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from members.models import User

    user = User.objects.get(pk=user_id)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def fetch(path: str, cookie: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return time.perf_counter() - started, response.status, len(body)


def latency(path, cookie, requests):
    times = []
    for _ in range(requests):
        elapsed, status, _ = fetch(path, cookie)
        assert status == 200, f"{path}: {status}"
        times.append(elapsed * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def throughput(path, cookie, clients, seconds):
    done = [0] * clients
    stop = time.monotonic() + seconds

    def run(index):
        while time.monotonic() < stop:
            _, status, _ = fetch(path, cookie)
            if status == 200:
                done[index] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started)


def explain(viewer_id: int, slug: str) -> None:
    """EXPLAIN ANALYZE of the very SQL the feed and the search run, captured as they run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from members.models import User
    from working_groups import selectors
    from working_groups.models import WorkingGroup

    viewer = User.objects.get(pk=viewer_id)
    group = WorkingGroup.objects.get(slug=slug)
    _, membership = selectors.group_people(group=group, viewer=viewer)  # as the view does

    def captured(label, run):
        with CaptureQueriesContext(connection) as queries:
            run()
        for query in queries.captured_queries:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"\nEXPLAIN ANALYZE, {label}:\n{plan}")

    feed = {"group": group, "viewer": viewer, "membership": membership}
    first = selectors.group_feed(**feed)
    captured("feed, first page", lambda: selectors.group_feed(**feed))
    deep = selectors.group_feed(**feed, cursor=first.next_cursor, size=5000)
    captured(
        "feed, a page 5,000 posts deep (keyset)",
        lambda: selectors.group_feed(**feed, cursor=deep.next_cursor),
    )
    with connection.cursor() as cursor:
        from bench.views import SQL

        cursor.execute("EXPLAIN ANALYZE " + SQL, {"ct": 0, "viewer": viewer_id, "slug": slug})
        plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"\nEXPLAIN ANALYZE, the bare page's one query:\n{plan}")
    captured(
        "search (readable groups, posts, replies)",
        lambda: selectors.search(viewer=viewer, text="roadmap template"),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 1M posts")
    parser.add_argument("--requests", type=int, default=300, help="requests at 1 client")
    parser.add_argument("--seconds", type=float, default=10, help="seconds a round, 10 clients")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds a page")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1)
    args = parser.parse_args()

    url, name = bench_database_url()
    setup_django(url, name)
    ensure_database(name)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if seeded_scale() != args.scale:
        seed(args.scale)
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        ensure_indexes(cursor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM members_user")
        members = cursor.fetchone()[0]
        counts = {}
        for table in ("post", "reply", "reaction"):
            cursor.execute(f"SELECT reltuples::bigint FROM pg_class WHERE relname = "
                           f"'working_groups_{table}'")  # fmt: skip
            counts[table] = cursor.fetchone()[0]
    slug = "process"
    # Member 11 is a plain member (not a lead) of group 1 + 11 % 5 = 2, "process".
    viewer_id = 11
    cookie = session_cookie(viewer_id)
    explain(viewer_id, slug)
    connection.close()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": url}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "alliance.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--config", str(ROOT / "bench" / "gunicorn_bench.py"),
         "--workers", str(args.workers)],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                fetch("/healthz", cookie)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        feed, bare = f"/groups/{slug}/", f"/bench/bare/{slug}/"
        for path in (feed, bare):
            latency(path, cookie, 30)  # warm every worker's connection and caches
        feed_p50, feed_p95 = latency(feed, cookie, args.requests)
        bare_p50, bare_p95 = latency(bare, cookie, args.requests)
        # Alternating rounds, medians kept: anything else busy on the machine hits both pages.
        feed_runs, bare_runs = [], []
        for _ in range(args.rounds):
            feed_runs.append(throughput(feed, cookie, 10, args.seconds))
            bare_runs.append(throughput(bare, cookie, 10, args.seconds))
        feed_rps, bare_rps = statistics.median(feed_runs), statistics.median(bare_runs)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"\nScale {args.scale}: {members:,} members, ~{counts['post']:,} posts, "
          f"~{counts['reply']:,} replies, ~{counts['reaction']:,} reactions; "
          f"gunicorn with {args.workers} sync workers on {os.cpu_count()} CPUs")  # fmt: skip
    print(f"{'page':<28}{'p50 ms':>8}{'p95 ms':>8}{'req/s @10':>11}")
    print(f"{'group feed ' + feed:<28}{feed_p50:8.1f}{feed_p95:8.1f}{feed_rps:11.1f}")
    print(f"{'bare page ' + bare:<28}{bare_p50:8.1f}{bare_p95:8.1f}{bare_rps:11.1f}")
    print("rounds at 10 clients, req/s: feed " + ", ".join(f"{r:.1f}" for r in feed_runs)
          + "; bare " + ", ".join(f"{r:.1f}" for r in bare_runs))  # fmt: skip
    share = feed_rps / bare_rps
    print(f"feed throughput = {share:.0%} of the bare page's (target ≥ 80%): "
          f"{'met' if share >= 0.8 else 'NOT met'}")  # fmt: skip
    print(f"feed p95 at 1 client = {feed_p95:.1f} ms (target ≤ 30 ms): "
          f"{'met' if feed_p95 <= 30 else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
