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

BASE = {"members": 50_000, "posts": 1_000_000, "replies": 3_000_000, "reactions": 5_000_000}
GROUPS = ["people", "process", "insights", "stakeholders", "starting-and-scaling"]
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


# --- Seeding ----------------------------------------------------------------------------------


def seeded_scale() -> float | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_scale')")
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute("SELECT scale FROM bench_scale")
        row = cursor.fetchone()
        return row[0] if row else None


def seed(scale: float) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    from working_groups.demo_threads import THREADS, TOPICS
    from working_groups.markdown import render
    from working_groups.models import Post

    n = {key: max(int(value * scale), 100) for key, value in BASE.items()}
    n["members"] = max(n["members"], 1000)
    print(f"Seeding: {n} …", flush=True)
    started = time.monotonic()
    call_command("flush", "--noinput", verbosity=0)

    # Bodies: real demo texts, rendered once each by the site's own Markdown module.
    bodies = [(title, body) for _, _, title, body, _, _ in THREADS]
    for topic in TOPICS:
        for situation in topic["situations"]:
            for question in topic["questions"]:
                bodies.append((topic["things"][0].capitalize(), f"{situation}\n\n{question}"))
    replies = [text for *_, thread_replies in THREADS for _, text in thread_replies]
    replies += [text for topic in TOPICS for text in topic["replies"]]
    tags = sorted({tag for *_, thread_tags, _ in THREADS for tag in thread_tags})
    post_ct = ContentType.objects.get_for_model(Post).pk

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no FK triggers while loading
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(
            "CREATE TEMP TABLE body_t (k int, title text, md text, html text, "
            "tsv tsvector) ON COMMIT PRESERVE ROWS"
        )
        for i, (title, body) in enumerate(bodies):
            cursor.execute(
                "INSERT INTO body_t VALUES (%s, %s, %s, %s, setweight(to_tsvector('english', "
                "%s), 'A') || setweight(to_tsvector('english', %s), 'B'))",
                [i, title, body, render(body), title, body],
            )
        cursor.execute("CREATE TEMP TABLE reply_t (k int, md text, html text, tsv tsvector)")
        for i, text in enumerate(replies):
            cursor.execute(
                "INSERT INTO reply_t VALUES (%s, %s, %s, "
                "setweight(to_tsvector('english', %s), 'B'))",
                [i, text, render(text), text],
            )
        # Heavy indexes are built once, after the rows are in, from the models' own definitions.
        for _, index in heavy_indexes():
            cursor.execute(f'DROP INDEX IF EXISTS "{index.name}"')

        step("members", cursor, f"""
            INSERT INTO members_user (id, password, is_superuser, email, name, is_staff,
                                      is_active, date_joined)
            SELECT i, '!', false, 'member' || i || '@bench.example',
                   (ARRAY['Amara','Kenji','Sofia','Marcus','Priya','Tomás','Ingrid','Olu'])
                     [1 + i % 8] || ' ' ||
                   (ARRAY['Okafor','Watanabe','Lindqvist','Bellamy','Raghavan','Herrera'])
                     [1 + (i / 8) % 6] || ' ' || i,
                   false, true, now() - interval '400 days'
              FROM generate_series(1::bigint, {n['members']}) i;
            INSERT INTO members_profile (user_id, job_title, company, company_type, org_size,
                   pillars, bio, linkedin_url, time_zone, show_in_directory, show_email,
                   member_since, updated_at)
            SELECT i, 'Head of Product Operations', 'Company ' || (i % 997), 'vc_funded',
                   '50-199', ARRAY['process'], '', '', 'UTC', true, false,
                   now() - interval '300 days', now()
              FROM generate_series(1::bigint, {n['members']}) i;
        """)  # fmt: skip
        groups = len(GROUPS)
        for gid, slug in enumerate(GROUPS, start=1):
            cursor.execute(
                "INSERT INTO working_groups_workinggroup (id, name, slug, purpose, pillar, "
                "join_policy, member_count, post_count, last_activity_at, created_at) VALUES "
                "(%s, %s, %s, 'Benchmark group.', '', 'open', 0, 0, now(), now())",
                [gid, slug.replace("-", " ").title(), slug],
            )
        step("memberships", cursor, f"""
            INSERT INTO working_groups_groupmembership (role, state, requested_at, joined_at,
                                                        user_id, group_id)
            SELECT CASE WHEN i <= {groups * 2} THEN 'lead' ELSE 'member' END, 'active',
                   now(), now(), i, 1 + i % {groups}
              FROM generate_series(1::bigint, {n['members']}) i;
            INSERT INTO working_groups_groupmembership (role, state, requested_at, joined_at,
                                                        user_id, group_id)
            SELECT 'member', 'active', now(), now(), i, 1 + (i + 1) % {groups}
              FROM generate_series(1::bigint, {n['members']}, 2) i;
        """)  # fmt: skip
        # Posts spread over two years; each group gets every fifth post.
        step("posts", cursor, f"""
            INSERT INTO working_groups_post (id, title, body_markdown, body_html, created_at,
                   last_activity_at, reply_count, is_pinned, is_locked, search_vector,
                   author_id, group_id)
            SELECT i, b.title, b.md, b.html,
                   now() - make_interval(secs => ({n['posts']} - i) * 63.0),
                   now() - make_interval(secs => ({n['posts']} - i) * 63.0),
                   3, false, false, b.tsv, 1 + (i * 7919) % {n['members']}, 1 + i % {groups}
              FROM generate_series(1::bigint, {n['posts']}) i
              JOIN body_t b ON b.k = i % {len(bodies)};
        """)  # fmt: skip
        step("replies", cursor, f"""
            INSERT INTO working_groups_reply (body_markdown, body_html, created_at,
                   search_vector, author_id, post_id)
            SELECT r.md, r.html, now() - make_interval(secs => ({n['replies']} - i) * 21.0),
                   r.tsv, 1 + (i * 104729) % {n['members']}, 1 + i % {n['posts']}
              FROM generate_series(1::bigint, {n['replies']}) i
              JOIN reply_t r ON r.k = i % {len(replies)};
        """)  # fmt: skip
        # Five reactions a post from five different members (one of each kind at most each).
        per_post = max(n["reactions"] // n["posts"], 1)
        step("reactions", cursor, f"""
            INSERT INTO working_groups_reaction (kind, created_at, post_id, user_id)
            SELECT (ARRAY['agree','insightful','thanks','celebrate'])[1 + (p + k) % 4], now(),
                   p, 1 + (p * 31 + k * 9973) % {n['members']}
              FROM generate_series(1::bigint, {n['posts']}) p,
                   generate_series(0::bigint, {per_post - 1}) k;
        """)  # fmt: skip
        cursor.execute("INSERT INTO taggit_tag (id, name, slug) SELECT i, t, "
                       "replace(replace(t, ' ', '-'), '/', '-') "
                       "FROM unnest(%s::text[]) WITH ORDINALITY AS x(t, i)", [tags])  # fmt: skip
        step("tags", cursor, f"""
            INSERT INTO taggit_taggeditem (object_id, content_type_id, tag_id)
            SELECT i, {post_ct}, 1 + i % {len(tags)} FROM generate_series(1::bigint, {n['posts']}) i
            UNION ALL
            SELECT i, {post_ct}, 1 + (i / 3) % {len(tags)}
              FROM generate_series(1::bigint, {n['posts']}, 3) i
             WHERE (i / 3) % {len(tags)} <> i % {len(tags)};
        """)  # fmt: skip
        step("counts", cursor, f"""
            UPDATE working_groups_workinggroup g SET
                member_count = (SELECT count(*) FROM working_groups_groupmembership m
                                 WHERE m.group_id = g.id),
                post_count = {n['posts'] // groups};
            SELECT setval(pg_get_serial_sequence('members_user', 'id'), {n['members']});
            SELECT setval(pg_get_serial_sequence('working_groups_post', 'id'), {n['posts']});
        """)  # fmt: skip
        ensure_indexes(cursor)
        cursor.execute("SET session_replication_role = origin")
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_scale (scale float)")
        cursor.execute("DELETE FROM bench_scale")
        cursor.execute("INSERT INTO bench_scale VALUES (%s)", [scale])
    connection.close()
    with connection.cursor() as cursor:
        step("vacuum analyze", cursor, "VACUUM ANALYZE")
    print(f"Seeded in {time.monotonic() - started:.0f} s", flush=True)


HEAVY = ("wg_post_feed", "wg_post_search", "wg_reply_search", "wg_reply_thread")


def heavy_indexes():
    from working_groups.models import Post, Reply

    return [
        (model, index)
        for model in (Post, Reply)
        for index in model._meta.indexes
        if index.name in HEAVY
    ]


def ensure_indexes(cursor) -> None:
    """Build the models' heavy indexes that are missing (after a load, or an interrupted one)."""
    from django.db import connection

    cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [list(HEAVY)])
    present = {row[0] for row in cursor.fetchall()}
    editor = connection.schema_editor()
    for model, index in heavy_indexes():
        if index.name not in present:
            step(f"index {index.name}", cursor, str(index.create_sql(model, editor)))


def step(label, cursor, sql):
    started = time.monotonic()
    cursor.execute(sql)
    print(f"  {label}: {time.monotonic() - started:.1f} s", flush=True)


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
    selectors.group_people(group=group, viewer=viewer)  # as the view does, before the feed

    def captured(label, run):
        with CaptureQueriesContext(connection) as queries:
            run()
        for query in queries.captured_queries:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(f"\nEXPLAIN ANALYZE, {label}:\n{plan}")

    first = selectors.group_feed(group=group, viewer=viewer)
    captured("feed, first page", lambda: selectors.group_feed(group=group, viewer=viewer))
    deep = selectors.group_feed(group=group, viewer=viewer, cursor=first.next_cursor, size=5000)
    captured(
        "feed, a page 5,000 posts deep (keyset)",
        lambda: selectors.group_feed(group=group, viewer=viewer, cursor=deep.next_cursor),
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
