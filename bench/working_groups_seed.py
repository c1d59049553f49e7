# ruff: noqa: S608 — the SQL here is built from this script's own integers and table names.
"""Seeding the working groups' benchmark database (bench/working_groups_feed.py): members,
posts, replies and reactions generated inside PostgreSQL with INSERT … SELECT over
generate_series (the fastest bulk insert there is: no row crosses the wire)."""

import time

BASE = {"members": 50_000, "posts": 1_000_000, "replies": 3_000_000, "reactions": 5_000_000}
GROUPS = ["people", "process", "insights", "stakeholders", "starting-and-scaling"]


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

    from alliance.text import markdown_to_html as render
    from demo.working_groups import THREADS, TOPICS
    from working_groups.models import Post

    n = {key: max(int(value * scale), 100) for key, value in BASE.items()}
    n["members"] = max(n["members"], 1000)
    print(f"Seeding: {n} …", flush=True)
    started = time.monotonic()
    call_command("flush", "--noinput", verbosity=0)

    # Bodies: real demo texts, rendered once each by the site's own Markdown module.
    bodies = [(thread["title"], thread["body"]) for thread in THREADS]
    for topic in TOPICS:
        for situation in topic["situations"]:
            for question in topic["questions"]:
                bodies.append((topic["things"][0].capitalize(), f"{situation}\n\n{question}"))
    replies = [reply["body"] for thread in THREADS for reply in thread["replies"]]
    replies += [text for topic in TOPICS for text in topic["replies"]]
    tags = sorted({tag for thread in THREADS for tag in thread["tags"]})
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
