# ruff: noqa: S608 — the SQL here is built from the catalog's own table and column names.
"""The two databases of bench/pages.py: made (seeded, cloned, grown twenty times) or reused
from an earlier run, and settled as a database at rest is before it is measured."""

import os
from urllib.parse import urlsplit

# The tables holding what people made; each is copied with every key into these tables moved.
COPIED = [
    "members_user", "members_profile", "members_emailpreferences", "members_application",
    "account_emailaddress", "working_groups_groupmembership", "working_groups_post",
    "working_groups_postrevision", "working_groups_reply", "working_groups_reaction",
    "working_groups_mention", "surveys_response", "surveys_answer", "pillars_manifestocomment",
    "pillars_commentrevision", "pillars_endorsement", "library_item", "library_revision",
    "library_review", "library_credit",
]  # fmt: skip
# Columns that must stay unique across copies.
UNIQUE = {
    ("members_user", "email"): "'c{k}.' || email",
    ("account_emailaddress", "email"): "'c{k}.' || email",
    ("surveys_response", "email"): "CASE WHEN email = '' THEN '' ELSE 'c{k}.' || email END",
    ("library_item", "slug"): "slug || '-c{k}'",
}


def database_names(database_url: str) -> tuple[str, str]:
    """The base database's name and its grown copy's."""
    name = urlsplit(database_url).path.lstrip("/") + "_pages"
    return name, f"{name}_x"


def setup(database_url: str, *, reuse: bool) -> bool:
    """Points Django at the base database, made afresh unless `reuse` finds both databases of
    an earlier run; returns whether they were reused."""
    import psycopg

    parts = urlsplit(database_url)
    name, grown = database_names(database_url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        found = conn.execute(
            "SELECT count(*) FROM pg_database WHERE datname IN (%s, %s)", [name, grown]
        ).fetchone()[0]
        reused = reuse and found == 2
        if not reused:
            conn.execute(f'DROP DATABASE IF EXISTS "{grown}" WITH (FORCE)')
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = parts._replace(path="/" + name).geturl()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    return reused


def settle() -> None:
    """VACUUM ANALYZE, as autovacuum does to a database at rest. Rows inserted in bulk wait in
    the GIN indexes' pending lists (search's), which only a vacuum (or autovacuum's analyze)
    merges; until then every search reads the whole list and PostgreSQL rightly prefers a
    sequential scan. A plain ANALYZE leaves the list, and autovacuum would merge it at a time
    of its own choosing in the middle of a run."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def copy_sessions(base: str, grown: str) -> None:
    """The sessions signed in on the base database, onto the grown one (a reused pair: the
    clients sign in afresh each run, where a new pair is cloned after they do)."""
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(url._replace(path="/" + base).geturl()) as source:
        rows = source.execute(
            "SELECT session_key, session_data, expire_date FROM django_session"
        ).fetchall()
    with (
        psycopg.connect(url._replace(path="/" + grown).geturl()) as target,
        target.cursor() as cursor,
    ):
        cursor.executemany(
            "INSERT INTO django_session VALUES (%s, %s, %s) ON CONFLICT DO NOTHING", rows
        )


def _catalog(cursor):
    cursor.execute(
        """SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text
             FROM pg_constraint c JOIN pg_attribute a
               ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            WHERE c.contype = 'f'"""
    )
    keys = {(table, column): target for table, column, target in cursor.fetchall()}
    cursor.execute(
        """SELECT i.indrelid::regclass::text, a.attname FROM pg_index i
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
            WHERE i.indisprimary"""
    )
    primary = dict(cursor.fetchall())
    return keys, primary


def multiply(times: int) -> None:
    """Copies every row of COPIED `times - 1` more times, keys moved by a per-table offset."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from library.models import Item
    from working_groups.models import Post

    with transaction.atomic(), connection.cursor() as cursor:
        keys, primary = _catalog(cursor)
        offset = {}
        for table in COPIED:
            cursor.execute(f"SELECT coalesce(max({primary[table]}), 0) + 1 FROM {table}")
            offset[table] = cursor.fetchone()[0]
        for table in COPIED:  # a key of its own, or one to a copied table (the profile's user)
            target = keys.get((table, primary[table]))
            if target in offset:
                offset[table] = offset[target]
        for k in range(1, times):
            for table in COPIED:
                cursor.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = %s AND table_schema = 'public' ORDER BY ordinal_position",
                    [table],
                )
                columns = [row[0] for row in cursor.fetchall()]
                values = []
                for column in columns:
                    target = keys.get((table, column))
                    if (table, column) in UNIQUE:
                        values.append(UNIQUE[table, column].format(k=k))
                    elif column == primary[table] and target is None:
                        values.append(f'"{column}" + {k * offset[table]}')
                    elif target in offset:
                        values.append(f'"{column}" + {k * offset[target]}')
                    else:
                        values.append(f'"{column}"')
                quoted = ", ".join(f'"{column}"' for column in columns)
                cursor.execute(
                    f"INSERT INTO {table} ({quoted}) "
                    f"SELECT {', '.join(values)} FROM {table} WHERE {primary[table]} < %s",
                    [offset[table]],
                )
            # Tags follow their post or item.
            for model, table in ((Post, "working_groups_post"), (Item, "library_item")):
                ct = ContentType.objects.get_for_model(model).pk
                cursor.execute(
                    "INSERT INTO taggit_taggeditem (object_id, content_type_id, tag_id) "
                    "SELECT object_id + %s, content_type_id, tag_id FROM taggit_taggeditem "
                    "WHERE content_type_id = %s AND object_id < %s",
                    [k * offset[table], ct, offset[table]],
                )
        for table in [*COPIED, "taggit_taggeditem"]:
            if primary.get(table) != "id":
                continue  # keyed by another table's row (the profile by its user)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} "
                f"WHERE pg_get_serial_sequence('{table}', 'id') IS NOT NULL"
            )
    settle()
