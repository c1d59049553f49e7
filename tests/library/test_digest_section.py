"""The library's block of the digest: what was published since, on the member's pillars."""

from datetime import timedelta

import pytest
from django.utils import timezone

from library.selectors.digest import digest_section
from members.models import User
from notifications.digest import digest_sections
from tests.factories import MemberFactory
from tests.library.conftest import reading_many, reading_published

pytestmark = pytest.mark.django_db


def _reader(pillars):
    member = MemberFactory()
    member.profile.pillars = list(pillars)
    member.profile.save()
    return User.objects.select_related("profile").get(pk=member.pk)


def test_it_is_registered_with_the_digest():
    assert digest_section in digest_sections


def test_it_lists_what_was_published_since_on_the_members_pillars():
    since = timezone.now() - timedelta(days=1)
    reading_published(title="Old people news", pillars=["people"],
                      published_at=since - timedelta(hours=1))  # fmt: skip
    reading_published(title="Hiring product ops", pillars=["people"])
    reading_published(title="A tooling essay", pillars=["tools"])
    block = digest_section(user=_reader(["people"]), since=since, until=timezone.now())
    assert [item["title"] for item in block["items"]] == ["Hiring product ops"]
    assert block["note"] == "on People"
    assert block["items"][0]["url"].startswith("/library/")


def test_a_member_without_pillars_hears_of_every_pillar_and_a_quiet_day_gives_nothing():
    since = timezone.now() - timedelta(days=1)
    assert digest_section(user=_reader([]), since=since, until=timezone.now()) is None
    reading_published(title="A tooling essay", pillars=["tools"])
    block = digest_section(user=_reader([]), since=since, until=timezone.now())
    assert [item["title"] for item in block["items"]] == ["A tooling essay"]


def test_drafts_are_not_in_it():
    from library.services import writing

    author = MemberFactory()
    writing.item_create(
        kind="article", created_by=author, title="Draft on process", summary="Not yet.",
        pillars=["process"], tags=[], body="Draft.",
    )  # fmt: skip
    since = timezone.now() - timedelta(days=1)
    assert digest_section(user=_reader(["process"]), since=since, until=timezone.now()) is None


@pytest.mark.parametrize("count", [3, 40])
def test_its_query_count_is_fixed(count, django_assert_num_queries):
    since = timezone.now() - timedelta(days=1)
    reading_many(count, pillar="process")
    reader = _reader(["process"])
    # One query: the newest five items and, by a window, how many there are.
    with django_assert_num_queries(1):
        block = digest_section(user=reader, since=since, until=timezone.now())
    assert len(block["items"]) == min(count, 5)
    assert bool(block["more"]) == (count > 5)
