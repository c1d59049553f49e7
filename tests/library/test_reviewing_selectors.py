"""What staff read: the review queue, an item in review with its diff, the pillars' coverage."""

from datetime import timedelta

import pytest
from django.utils import timezone

from library.models import Credit, Item, Revision
from library.selectors import reviewing as selectors
from library.services import reviewing, writing
from tests.factories import MemberFactory
from tests.library.conftest import reviewing_submitted

pytestmark = pytest.mark.django_db


def _bulk(count: int, *, status: str, author, **fields) -> list[Item]:
    """`count` items in one go (the query-count tests need 200): the same rows the services
    make, an accepted credit and a submission each."""
    now = timezone.now()
    fields.setdefault("kind", "article")
    published = status == "published"
    items = Item.objects.bulk_create(
        Item(
            status=status,
            title=f"Item {number}",
            summary="Summary.",
            pillars=["process", "tools"][: 1 + number % 2],
            body_markdown="Text.",
            body_html="<p>Text.</p>",
            created_by=author,
            submitted_at=now - timedelta(minutes=count - number),
            slug=f"{status}-{fields['kind']}-{number}" if published else None,
            published_at=now if published else None,
            **fields,
        )
        for number in range(count)
    )
    Credit.objects.bulk_create(
        Credit(item=item, member=author, role="author", accepted_at=now) for item in items
    )
    Revision.objects.bulk_create(
        Revision(item=item, title=item.title, summary=item.summary, text="Text.") for item in items
    )
    return items


def _flag(item: Item, health: str = "dead") -> None:
    Item.objects.filter(pk=item.pk).update(link_health=health, link_problem="404 Not Found")


# --- The queue ------------------------------------------------------------------------------


def test_the_queue_lists_items_in_review_oldest_first_with_their_accepted_authors(staff):
    author, coauthor = MemberFactory(name="Amara Okafor"), MemberFactory(name="Kenji Watanabe")
    newer = reviewing_submitted(title="Newer", author=author)
    older = reviewing_submitted(title="Older", author=author, coauthors=[coauthor])
    Item.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - timedelta(days=2))
    Credit.objects.create(item=older, member=MemberFactory(name="Not Yet"), role="author", order=5)
    scheduled = reviewing.item_schedule(
        item=reviewing_submitted(title="Later"),
        reviewer=staff,
        publish_at=timezone.now() + timedelta(days=1),
    )
    link = reviewing.item_publish(item=reviewing_submitted(kind="link"), reviewer=staff)
    _flag(link)
    reviewing.item_publish(item=reviewing_submitted(title="Fine"), reviewer=staff)

    queue = selectors.review_queue()

    assert [item.title for item in queue.in_review] == ["Older", "Newer"]
    names = [credit.member.display_name for credit in queue.in_review[0].shown_credits]
    assert names == ["Amara Okafor", "Kenji Watanabe"]
    assert [item.pk for item in queue.scheduled] == [scheduled.pk]
    assert [item.pk for item in queue.flagged] == [link.pk]
    assert queue.count == 3 == selectors.review_queue_count()
    assert newer in queue.in_review


def test_a_moved_link_is_flagged_too_and_a_working_one_is_not(staff):
    moved = reviewing.item_publish(item=reviewing_submitted(kind="link"), reviewer=staff)
    _flag(moved, "moved")
    fine = reviewing.item_publish(item=reviewing_submitted(kind="link"), reviewer=staff)
    _flag(fine, "ok")
    assert [item.pk for item in selectors.review_queue().flagged] == [moved.pk]


@pytest.mark.parametrize("count", [10, 200])
def test_the_queue_takes_three_queries_however_long(count, django_assert_num_queries):
    author = MemberFactory()
    _bulk(count, status="in_review", author=author)
    _bulk(count // 2, status="published", author=author, kind="link", link_health="dead")
    # 1. the lists' sizes; 2. a page of each list (items in review, scheduled or flagged);
    # 3. their accepted credits with the members.
    with django_assert_num_queries(3):
        queue = selectors.review_queue()
        names = [c.member.display_name for item in queue.in_review for c in item.shown_credits]
    assert len(names) == min(count, selectors.QUEUE_PAGE_SIZE)
    assert queue.count == count + count // 2
    # The navigation's count: one query.
    with django_assert_num_queries(1):
        assert selectors.review_queue_count() == count + count // 2


def test_the_queue_pages_each_list_oldest_first(staff):
    author = MemberFactory()
    _bulk(30, status="in_review", author=author)
    _bulk(3, status="published", author=author, kind="link", link_health="dead")
    waiting = list(
        Item.objects.filter(status="in_review").order_by("submitted_at", "id").values_list("pk")
    )
    size = selectors.QUEUE_PAGE_SIZE

    first, second = selectors.review_queue(), selectors.review_queue(page_number=2)

    assert [(item.pk,) for item in first.in_review] == waiting[:size]
    assert [(item.pk,) for item in second.in_review] == waiting[size:]
    assert len(first.flagged) == 3 and second.flagged == []
    assert (first.page.number, second.page.number, second.page.paginator.num_pages) == (1, 2, 2)
    assert first.in_review_count == second.in_review_count == 30
    assert selectors.review_queue(page_number="99").page.number == 2  # past the end: the last


# --- One item in review ---------------------------------------------------------------------


def test_a_first_submission_has_nothing_to_compare():
    page = selectors.review_page(item_id=reviewing_submitted().pk)
    assert page.first_submission
    assert page.fields == []


def test_a_resubmission_is_compared_with_the_last_reviewed_one(staff):
    author = MemberFactory()
    item = reviewing_submitted(author=author, body="We keep three tools.")
    item = reviewing.item_request_changes(item=item, reviewer=staff, note="Which three?")
    writing.item_edit(
        item=item, user=author, title="Business cases that get funded", summary="What it holds.",
        pillars=["process"], tags=[], body="We keep Jira, Figma and Notion.",
    )  # fmt: skip
    item = writing.item_submit(item=Item.objects.get(pk=item.pk), user=author)

    page = selectors.review_page(item_id=item.pk)

    assert not page.first_submission
    assert [part.label for part in page.changed_fields] == ["Summary", "Text"]
    assert page.unchanged_labels == "Title"
    text = page.changed_fields[1]
    assert "<del>" in text.inline and "<ins>" in text.inline
    assert "three" in text.old and "<ins>" not in text.old
    assert "Jira" in text.new and "<del>" not in text.new
    assert [review.note for review in page.reviews] == ["Which three?"]


def test_the_diff_is_escaped():
    item = reviewing_submitted(body="First <script>alert(1)</script>")
    Revision.objects.filter(item=item).update(reviewed=True)
    Revision.objects.create(item=item, title=item.title, summary=item.summary, text="<b>new</b>")
    page = selectors.review_page(item_id=item.pk)
    assert "<script>" not in page.changed_fields[0].inline
    assert "<b>" not in page.changed_fields[0].inline
    assert "&lt;" in page.changed_fields[0].inline


def test_no_such_item_is_none():
    assert selectors.review_page(item_id=987654) is None


@pytest.mark.parametrize("count", [1, 30])
def test_an_item_in_review_takes_five_queries_however_many_submissions(
    count, staff, django_assert_num_queries
):
    item = reviewing_submitted(coauthors=[MemberFactory(), MemberFactory()])
    for number in range(count):
        Revision.objects.create(item=item, title="t", summary="s", text=f"v{number}", reviewed=True)
    reviewing.item_request_changes(item=item, reviewer=staff, note="More.")
    # The item; its credits with members; its tags; its reviews with reviewers; its revisions.
    with django_assert_num_queries(5):
        page = selectors.review_page(item_id=item.pk)
        [credit.member.display_name for credit in page.credits]
        [review.reviewer.display_name for review in page.reviews]
        list(page.item.tags.all())
        [part.inline for part in page.changed_fields]


# --- Coverage -------------------------------------------------------------------------------


def test_coverage_shows_each_pillar_recent_items_in_review_and_featured_ends(staff):
    recent = reviewing.item_publish(
        item=reviewing_submitted(title="Recent", pillars=["people", "tools"]), reviewer=staff
    )
    old = reviewing.item_publish(item=reviewing_submitted(title="Old"), reviewer=staff)
    Item.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=91))
    reviewing_submitted(title="Waiting", pillars=["insight"])
    until = timezone.now() + timedelta(days=7)
    reviewing.item_feature(item=old, reviewer=staff, order=1, until=until)
    ended = reviewing.item_publish(item=reviewing_submitted(title="Ended"), reviewer=staff)
    reviewing.item_feature(item=ended, reviewer=staff, order=2)
    Item.objects.filter(pk=ended.pk).update(featured_until=timezone.now() - timedelta(hours=1))
    Item.objects.filter(pk=ended.pk).update(published_at=timezone.now() - timedelta(days=100))

    pillars = {entry.pillar.value: entry for entry in selectors.coverage()}

    assert list(pillars) == ["people", "process", "insight", "tools", "stakeholders"]
    assert [item.title for item in pillars["people"].published] == ["Recent"]
    assert [item.title for item in pillars["tools"].published] == ["Recent"]
    assert pillars["process"].published == []
    assert [(item.title, item.featured_until) for item in pillars["process"].featured] == [
        ("Old", until)
    ]
    assert [item.title for item in pillars["insight"].in_review] == ["Waiting"]
    assert pillars["stakeholders"].is_gap
    assert pillars["process"].is_gap  # featured, but nothing new in 90 days
    assert not pillars["people"].is_gap
    assert recent.pk


@pytest.mark.parametrize("count", [10, 200])
def test_coverage_takes_one_query_however_many_items(count, django_assert_num_queries):
    author = MemberFactory()
    _bulk(count, status="in_review", author=author)
    _bulk(count, status="published", author=author, featured_order=1)
    # One query: every item published lately, in review, scheduled or featured.
    with django_assert_num_queries(1):
        entries = selectors.coverage()
        total = sum(len(entry.published) + len(entry.in_review) for entry in entries)
    assert total == 3 * count  # half of them on two pillars
