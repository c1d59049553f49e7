# ruff: noqa: S608 — the SQL here is built from the catalog's own table and column names.
"""Every page type's latency at the demo data and at twenty times it, against the cheapest page.

    .venv/bin/python -m alliance.embedded -- .venv/bin/python bench/pages.py
    ... bench/pages.py --requests 40 --times 20 [--http] [--reuse] [--demo-only]

In a database of its own (`<DATABASE_URL's name>_pages`, made afresh each run) it migrates and
seeds the demo data (`seed_demo`: every row through the services) and fills the pages that
list a page of rows to one page (bench/pages_fill.py; not with `--demo-only`), then clones it
and copies the people and what they made nineteen more times in the clone (members with their
profiles, applications and memberships; posts, replies, reactions, mentions and tags; survey
responses and answers; manifesto comments and endorsements; library items with their credits,
revisions and reviews) in SQL, one `INSERT … SELECT` a table and copy, each foreign key
pointing at the same copy (bench/pages_data.py). Volume in bulk: a service call a row would
take an hour. Both databases are vacuumed before they are measured, as autovacuum leaves a
database at rest. `--reuse` measures the two databases of an earlier run again (migrated:
new indexes; vacuumed), without seeding.

Measured in process with Django's test Client (the site's settings, DEBUG off: every
middleware, session, template), or with `--http` over HTTP through gunicorn
(bench/pages_http.py), one client, the pages taken in turn each round so that the machine's
other work falls on all of them alike. It prints each page's p50 and p95 in ms, the p50 as a
multiple of the cheapest page's (/robots.txt, in the same run and the same way) and of the
page's own p50 at base data, its query count and its size. It prints figures; it asserts
nothing.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages_data import copy_sessions, database_names, multiply, settle, setup  # noqa: E402
from bench.pages_fill import fill  # noqa: E402

CHEAPEST = "/robots.txt"


# --- The pages ----------------------------------------------------------------------------------


def pages() -> list[tuple[str, str, str]]:
    """(page type, who asks, path): one of each page type, as the demo's people see it."""
    from django.urls import reverse

    from library.models import Item
    from members.models import User
    from pillars.models import ManifestoVersion
    from surveys.models import SurveyWave
    from working_groups.models import Post, WorkingGroup

    member = _demo_member()
    group = WorkingGroup.objects.filter(memberships__user=member).order_by("pk").first()
    post = Post.objects.filter(group=group, deleted_at=None, hidden_at=None)
    post = post.order_by("-reply_count", "pk").first()
    versions = list(ManifestoVersion.objects.filter(status="published").order_by("number"))
    section = bench_section()
    item = Item.objects.filter(status="published").order_by("pk").first()
    open_wave = SurveyWave.objects.filter(status="open").order_by("-year").first()
    results_wave = SurveyWave.objects.exclude(status="open").order_by("-year").first()
    other = User.objects.filter(profile__show_in_directory=True).exclude(pk=member.pk)
    other = other.order_by("pk").first()
    v = versions[-1].number
    staff_overview = reverse("surveys:staff_overview", args=[open_wave.slug])
    return [
        ("cheapest (robots.txt)", "visitor", CHEAPEST),
        ("home", "member", reverse("home")),
        ("manifesto", "visitor", reverse("pillars:manifesto")),
        ("a version", "visitor", reverse("pillars:version", args=[v])),
        ("compare", "visitor", reverse("pillars:compare", args=[versions[0].number, v])),
        ("section discussion", "member", reverse("pillars:section", args=[v, section.key])),
        ("library list", "visitor", reverse("library:index")),
        ("library item", "visitor", reverse("library:item", args=[item.slug])),
        ("library feed", "visitor", reverse("library:feed_rss")),
        ("sitemap", "visitor", reverse("sitemap")),
        ("groups index", "member", reverse("working_groups:index")),
        ("a feed", "member", reverse("working_groups:group", args=[group.slug])),
        ("a post", "member", reverse("working_groups:post", args=[post.pk])),
        ("search", "member", reverse("working_groups:search") + "?q=roadmap+template"),
        ("directory", "member", reverse("members:directory")),
        ("a profile", "member", reverse("members:profile", args=[other.pk])),
        ("profile edit", "member", reverse("members:profile_edit")),
        ("apply form", "applicant", reverse("members:apply")),
        ("survey page", "visitor", reverse("surveys:start", args=[open_wave.slug])),
        ("results summary", "member", reverse("surveys:results", args=[results_wave.slug])),
        ("full report", "member", reverse("surveys:report", args=[results_wave.slug])),
        ("staff survey overview", "staff", staff_overview),
        ("review queue", "staff", reverse("library:review_queue")),
    ]  # fmt: skip


def bench_section():
    """The section whose discussion the bench reads: the latest version's first."""
    from pillars.models import ManifestoSection, ManifestoVersion

    latest = ManifestoVersion.objects.filter(status="published").order_by("number").last()
    return ManifestoSection.objects.filter(version=latest).order_by("pk").first()


def _demo_member():
    from members.models import User

    return User.objects.get(email="amara.okafor@lumenpay.example")


def clients():
    from django.test import Client

    from members import services
    from members.models import User

    applicant = User.objects.filter(email="applicant@bench.test").first()
    if applicant is None:
        applicant = services.user_create(
            email="applicant@bench.test", name="Ada Applicant", password=None, email_verified=True
        )
    people = {
        "member": _demo_member(),
        "staff": User.objects.get(email="staff@alliance.test"),
        "applicant": applicant,
    }
    made = {"visitor": Client(HTTP_HOST="127.0.0.1")}
    for who, user in people.items():
        made[who] = Client(HTTP_HOST="127.0.0.1")
        made[who].force_login(user)
    return made


def use(database: str) -> None:
    """Points the site at one of the two databases, with a cache of its own (pages cache
    figures by key: the grown data must not read the base data's)."""
    from django.core.cache import caches
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = database
    caches["default"].key_prefix = database
    connection.ensure_connection()


def profile(databases: list[str], made: dict, listed) -> list[dict[str, dict]]:
    """Each page warmed up in process on each database, its queries counted and its size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    figures = [{} for _ in databases]
    for database, found in zip(databases, figures, strict=True):
        use(database)
        for name, who, path in listed:
            client = made[who]
            for _ in range(3):  # warm: caches, compiled templates
                response = client.get(path)
                assert response.status_code == 200, f"{name} {path}: {response.status_code}"
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            kb = len(response.content) / 1024
            found[name] = {"times": [], "queries": len(queries), "kb": kb}
    return figures


def measure(databases: list[str], made: dict, requests: int) -> list[dict[str, dict]]:
    """Each round asks every page once of the base data, then once of the grown data, so that
    the machine's other work falls on both alike."""
    listed = pages()
    figures = profile(databases, made, listed)
    for _ in range(requests):
        for database, found in zip(databases, figures, strict=True):
            use(database)
            for name, who, path in listed:
                started = time.perf_counter()
                made[who].get(path)
                found[name]["times"].append((time.perf_counter() - started) * 1000)
    return percentiles(figures)


def percentiles(figures: list[dict[str, dict]]) -> list[dict[str, dict]]:
    for found in figures:
        for entry in found.values():
            times = sorted(entry.pop("times"))
            entry["p50"] = statistics.median(times)
            entry["p95"] = times[max(0, int(len(times) * 0.95) - 1)]
    return figures


def clone(database: str) -> str:
    """A copy of the seeded database (sessions included) to grow."""
    from django.db import connection

    copy = f"{database}_x"
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{database}"')
    return copy


def report(base: dict, grown: dict, times: int) -> None:
    cheapest = base["cheapest (robots.txt)"]["p50"]
    cheapest_grown = grown["cheapest (robots.txt)"]["p50"]
    print(
        f"\ncheapest page {CHEAPEST}: p50 {cheapest:.2f} ms at base, "
        f"{cheapest_grown:.2f} ms at {times}×"
    )
    print(
        f"\n| page | base p50 / p95 ms | base ×cheapest | queries | {times}× p50 / p95 ms "
        f"| {times}× ×cheapest | queries | {times}× / base | KB base / {times}× |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    failing = []
    for name, at_base in base.items():
        at_grown = grown[name]
        ratio, ratio_grown = at_base["p50"] / cheapest, at_grown["p50"] / cheapest_grown
        growth = at_grown["p50"] / at_base["p50"]
        if ratio_grown > 10 or growth > 1.3:
            failing.append(name)
        print(
            f"| {name} | {at_base['p50']:.1f} / {at_base['p95']:.1f} | {ratio:.1f}× "
            f"| {at_base['queries']} | {at_grown['p50']:.1f} / {at_grown['p95']:.1f} "
            f"| {ratio_grown:.1f}× | {at_grown['queries']} | {growth:.2f} "
            f"| {at_base['kb']:.0f} / {at_grown['kb']:.0f} |"
        )
    print(
        "\nTarget: p50 within 10× the cheapest page and within 1.3× of its own at base data. "
        + (f"Over it: {', '.join(failing)}." if failing else "Every page meets it.")
    )


def counts() -> str:
    from django.db import connection

    tables = ["members_user", "working_groups_post", "working_groups_reply",
              "working_groups_reaction", "surveys_response", "surveys_answer",
              "pillars_manifestocomment", "library_item"]  # fmt: skip
    with connection.cursor() as cursor:
        found = []
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")
            found.append(f"{table.split('_', 1)[1]} {cursor.fetchone()[0]:,}")
    return ", ".join(found)


def prepare(times: int, reuse: bool, demo_only: bool) -> tuple[str, str, dict]:
    """The two databases, made or reused, settled; the clients signed in on both."""
    from django.core.management import call_command
    from django.db import connection

    base_db, grown_db = database_names(os.environ["DATABASE_URL"])
    if setup(os.environ["DATABASE_URL"], reuse=reuse):
        for database in (grown_db, base_db):  # the indexes of new migrations, on both
            use(database)
            call_command("migrate", verbosity=0)
            settle()
        made = clients()
        copy_sessions(base_db, grown_db)
        print(f"Reused {base_db} and {grown_db} (migrated, vacuumed): {counts()}")
        return base_db, grown_db, made
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", allow_production=True, verbosity=0)
    print(f"Seeded the demo data in {time.monotonic() - started:.0f} s: {counts()}")
    if not demo_only:
        print(f"Filled the listing pages to one page each: {fill(bench_section())}")
    settle()
    assert connection.settings_dict["NAME"] == base_db
    made = clients()  # signed in before the copy, so both databases hold their sessions
    clone(base_db)
    use(grown_db)
    started = time.monotonic()
    multiply(times)
    print(f"Copied it to {times}× in {time.monotonic() - started:.0f} s: {counts()}")
    return base_db, grown_db, made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=30, help="requests a page and dataset")
    parser.add_argument("--times", type=int, default=20, help="how many times the demo data")
    parser.add_argument(
        "--reuse", action="store_true", help="the databases of an earlier run, if both are there"
    )
    parser.add_argument("--http", action="store_true", help="over HTTP through gunicorn")
    parser.add_argument(
        "--demo-only", action="store_true", help="the demo data as seeded, its lists not filled"
    )
    args = parser.parse_args()
    base_db, grown_db, made = prepare(args.times, args.reuse, args.demo_only)
    if args.http:
        from bench.pages_http import measure_http

        base, grown = measure_http([base_db, grown_db], made, args.requests, pages(), profile)
        how = "Over HTTP (gunicorn, one sync worker a database, DEBUG off)"
    else:
        base, grown = measure([base_db, grown_db], made, args.requests)
        how = "In process (Django's test Client, DEBUG off)"
    print(
        f"\n{how}, one client, {args.requests} requests a page and dataset, "
        "the two datasets taken in turn each round"
    )
    report(base, grown, args.times)


if __name__ == "__main__":
    main()
