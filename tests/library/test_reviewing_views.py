"""Staff's review pages: the queue, an item in review and the decision, withdrawing,
featuring and the pillars' coverage; and who is refused."""

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from library.models import Credit, Item, Review
from library.services import reviewing
from members import services as member_services
from tests.factories import ApplicantFactory, MemberFactory, StaffFactory, profile_fields
from tests.library.conftest import reviewing_submitted

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def _login(client, user):
    client.force_login(user)
    return client


def _published(**kwargs) -> Item:
    return reviewing.item_publish(item=reviewing_submitted(**kwargs), reviewer=StaffFactory())


def _new_york_staff():
    staff = StaffFactory(name="Nia Staff")
    member_services.profile_save(
        user=staff, name=staff.name, **profile_fields(time_zone="America/New_York")
    )
    return staff


# --- Who is refused ---------------------------------------------------------------------


def _staff_pages(item):
    return [
        ("get", reverse("library:review_queue"), {}),
        ("get", reverse("library:review", args=[item.pk]), {}),
        ("get", reverse("library:coverage"), {}),
        ("post", reverse("library:decide", args=[item.pk]), {"decision": "publish"}),
        ("post", reverse("library:feature", args=[item.pk]), {"action": "feature", "order": 1}),
    ]


def test_a_visitor_is_sent_to_log_in(client):
    item = reviewing_submitted()
    for method, url, data in _staff_pages(item):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    response = client.post(reverse("library:withdraw", args=[item.pk]), {"note": "x"})
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("factory", [ApplicantFactory, MemberFactory])
def test_applicants_and_members_are_refused_the_staff_pages(client, factory):
    item = reviewing_submitted()
    _login(client, factory())
    for method, url, data in _staff_pages(item):
        assert getattr(client, method)(url, data).status_code == 403, url
    item.refresh_from_db()
    assert item.status == Item.Status.IN_REVIEW


def test_even_the_author_does_not_review_their_own_item(client):
    author = MemberFactory()
    item = reviewing_submitted(author=author)
    _login(client, author)
    assert client.get(reverse("library:review", args=[item.pk])).status_code == 403
    response = client.post(reverse("library:decide", args=[item.pk]), {"decision": "publish"})
    assert response.status_code == 403


def test_a_missing_item_is_404_for_staff(staff_client):
    assert staff_client.get(reverse("library:review", args=[99999])).status_code == 404
    response = staff_client.post(reverse("library:decide", args=[99999]), {"decision": "publish"})
    assert response.status_code == 404


# --- The queue and the navigation ---------------------------------------------------------


def test_staff_see_the_queue_with_its_count_in_the_navigation(staff_client, staff):
    reviewing_submitted(title="Stakeholder maps")
    link = reviewing.item_publish(item=reviewing_submitted(kind="link"), reviewer=staff)
    Item.objects.filter(pk=link.pk).update(link_health="dead", link_problem="404 Not Found")
    page = staff_client.get(reverse("library:review_queue")).content.decode()
    assert "Stakeholder maps" in page
    assert "404 Not Found" in page
    assert "Review (2<span" in page
    assert reverse("library:withdraw", args=[link.pk]) in page


def test_members_have_no_review_link(member_client):
    page = member_client.get(reverse("library:index")).content.decode()
    assert reverse("library:review_queue") not in page


@pytest.mark.parametrize("count", [10, 60])
def test_the_queue_page_takes_the_same_queries_however_long(
    count, staff_client, django_assert_num_queries
):
    author = MemberFactory()
    for number in range(count):
        reviewing_submitted(title=f"Item {number}", author=author)
    # The staff member with their profile (the session is in the cache); the lists' sizes; a
    # page of items; their credits with members; the navigation's count; the bell's count.
    with django_assert_num_queries(6):
        response = staff_client.get(reverse("library:review_queue"))
    assert response.content.decode().count('class="queue__item') == min(count, 25)


def test_the_queue_page_links_to_the_next_page_of_waiting_items(staff_client):
    author = MemberFactory()
    for number in range(27):
        reviewing_submitted(title=f"Item {number:02}", author=author)

    first = staff_client.get(reverse("library:review_queue")).content.decode()
    second = staff_client.get(reverse("library:review_queue"), {"page": 2}).content.decode()

    assert "27 waiting for a decision" in first
    assert "Item 00" in first and "Item 26" not in first
    assert 'href="?page=2"' in first and "Page 1 of 2" in first
    assert "Item 26" in second and "Item 00" not in second


# --- An item in review --------------------------------------------------------------------


def test_staff_read_the_item_as_readers_will_and_the_first_submission_note(staff_client):
    item = reviewing_submitted(title="Starting a practice", body="## Week one\n\nListen.")
    page = staff_client.get(reverse("library:review", args=[item.pk])).content.decode()
    assert "<h3>Week one</h3>" in page  # the pipeline moves headings under the title
    assert "First submission" in page
    assert 'name="decision"' in page


def test_staff_see_what_changed_inline_or_side_by_side(staff_client, staff):
    author = MemberFactory()
    item = reviewing_submitted(author=author, body="We keep three tools.")
    reviewing.item_request_changes(item=item, reviewer=staff, note="Which three?")
    from library.services import writing

    writing.item_edit(
        item=Item.objects.get(pk=item.pk), user=author, title=item.title, summary=item.summary,
        pillars=item.pillars, tags=[], body="We keep Jira and Notion.",
    )  # fmt: skip
    writing.item_submit(item=Item.objects.get(pk=item.pk), user=author)
    url = reverse("library:review", args=[item.pk])
    inline = staff_client.get(url).content.decode()
    side = staff_client.get(url + "?view=side").content.decode()
    assert '<span class="visually-hidden">inserted: </span>Jira' in inline
    assert "diff-columns" not in inline and "diff-columns" in side
    assert "Which three?" in inline
    assert staff_client.get(url + "?view=%00").status_code == 200


@pytest.mark.parametrize("count", [1, 20])
def test_the_review_page_takes_the_same_queries_however_many_reviews(
    count, staff_client, staff, django_assert_num_queries
):
    item = reviewing_submitted(coauthors=[MemberFactory()])
    for _ in range(count):
        Review.objects.create(item=item, reviewer=staff, decision="scheduled", note="n")
    # The staff member with their profile (the session is in the cache); the item; its
    # credits; its tags; its reviews; its revisions; the navigation's count; the bell's count.
    with django_assert_num_queries(8):
        assert staff_client.get(reverse("library:review", args=[item.pk])).status_code == 200


# --- Deciding -----------------------------------------------------------------------------


def test_staff_publish_now_and_land_back_on_the_queue(staff_client):
    item = reviewing_submitted(title="Tooling consolidation")
    response = staff_client.post(
        reverse("library:decide", args=[item.pk]), {"decision": "publish", "note": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("library:review_queue")
    item.refresh_from_db()
    assert (item.status, item.slug) == ("published", "tooling-consolidation")
    follow = staff_client.get(response["Location"]).content.decode()
    assert "/library/tooling-consolidation/" in follow


def test_a_schedule_is_read_in_the_staff_members_time_zone_and_shown_back(client):
    staff = _new_york_staff()
    _login(client, staff)
    item = reviewing_submitted()
    local = (
        (timezone.now() + timedelta(days=10))
        .astimezone(NEW_YORK)
        .replace(hour=9, minute=30, second=0, microsecond=0)
    )
    typed = local.strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("library:decide", args=[item.pk]), {"decision": "schedule", "publish_at": typed}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Item.Status.SCHEDULED
    assert item.publish_at == datetime(local.year, local.month, local.day, 9, 30, tzinfo=NEW_YORK)
    page = client.get(reverse("library:review", args=[item.pk])).content.decode()
    assert f"{local:%A} {local.day} {local:%B %Y}, 09:30</strong> in America/New_York" in page
    assert f"{item.publish_at.astimezone(zoneinfo.ZoneInfo('UTC')):%H:%M} UTC" in page
    assert f'value="{typed}"' in page  # the form offers the same time to change it


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"decision": "changes", "note": ""}, "note", "Write a note"),
        ({"decision": "decline", "note": "   "}, "note", "Write a note"),
        ({"decision": "schedule", "publish_at": ""}, "publish_at", "Give the date and time"),
        ({"decision": "schedule", "publish_at": "2025-13-45T99:99"}, "publish_at", "such as"),
        ({"decision": "schedule", "publish_at": "99999-01-01T00:00"}, "publish_at", "such as"),
        ({"decision": "schedule", "publish_at": "9999-12-31T23:59"}, "publish_at", "2 years"),
        ({"decision": "schedule", "publish_at": "2001-01-01T00:00"}, "publish_at", "future"),
        ({"decision": "schedule", "publish_at": "2030\x00"}, "publish_at", ""),
        ({"decision": "nonsense"}, "decision", "Select a valid choice"),
        ({"decision": "publish", "note": "x" * 5000}, "note", "at most 4000"),
    ],
)
def test_a_bad_decision_is_refused_at_its_field_and_the_note_is_kept(
    staff_client, data, field, message
):
    item = reviewing_submitted()
    data = {"note": "Keep this note, please.", **data}
    response = staff_client.post(reverse("library:decide", args=[item.pk]), data)
    assert response.status_code == 400
    form = response.context["decision_form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    if data["note"] == "Keep this note, please.":
        assert "Keep this note, please.</textarea>" in page
    item.refresh_from_db()
    assert item.status == Item.Status.IN_REVIEW


def test_a_decision_on_an_item_already_decided_says_so(staff_client, staff):
    item = reviewing.item_publish(item=reviewing_submitted(), reviewer=staff)
    response = staff_client.post(
        reverse("library:decide", args=[item.pk]), {"decision": "decline", "note": "Late"}
    )
    assert response.status_code == 400
    assert "it cannot be declined" in response.content.decode()


def test_requesting_changes_sends_the_note_to_the_authors(
    staff_client, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    author = MemberFactory()
    item = reviewing_submitted(author=author)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("library:decide", args=[item.pk]),
            {"decision": "changes", "note": "Add the business case's numbers."},
        )
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.to == [author.email]
    assert "Add the business case's numbers." in mail.body


# --- Withdrawing --------------------------------------------------------------------------


def test_staff_withdraw_and_the_page_then_answers_410_with_the_note(staff_client):
    item = _published(title="An essay on glue work")
    url = reverse("library:withdraw", args=[item.pk])
    assert 'name="note"' in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"note": "The author asked us to take it down."})
    assert response.status_code == 302
    assert response["Location"] == reverse("library:review", args=[item.pk])
    gone = staff_client.get(reverse("library:item", args=[item.slug]))
    assert gone.status_code == 410
    assert "The author asked us to take it down." in gone.content.decode()


def test_an_author_withdraws_their_own_item_from_its_own_page(client):
    author = MemberFactory()
    item = _published(author=author)
    _login(client, author)
    response = client.post(reverse("library:withdraw", args=[item.pk]), {"note": "Outdated."})
    assert response.status_code == 302
    assert response["Location"] == reverse("library:mine")
    assert client.get(reverse("library:item", args=[item.slug])).status_code == 410


def test_withdrawing_without_a_note_is_refused_at_the_field(staff_client):
    item = _published()
    response = staff_client.post(reverse("library:withdraw", args=[item.pk]), {"note": " \x00"})
    assert response.status_code == 400
    assert "note" in response.context["form"].errors
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED


def test_withdrawing_an_item_in_review_says_only_published_ones_can_be(staff_client):
    item = reviewing_submitted()
    url = reverse("library:withdraw", args=[item.pk])
    assert "only a published item can be withdrawn" in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"note": "Why not"})
    assert response.status_code == 400


def test_others_may_not_withdraw(client):
    item = _published()
    url = reverse("library:withdraw", args=[item.pk])
    for someone in (ApplicantFactory(), MemberFactory()):
        _login(client, someone)
        assert client.get(url).status_code == 403
        assert client.post(url, {"note": "Mine"}).status_code == 403
    pending = MemberFactory()
    Credit.objects.create(item=item, member=pending, role="author", order=1)
    _login(client, pending)
    assert client.post(url, {"note": "Mine"}).status_code == 403
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED


def test_a_draft_is_404_to_a_member_who_is_not_credited(member_client):
    item = reviewing_submitted()
    assert member_client.get(reverse("library:withdraw", args=[item.pk])).status_code == 404
    assert member_client.get(reverse("library:withdraw", args=[99999])).status_code == 404


# --- Featuring ----------------------------------------------------------------------------


def test_staff_feature_an_item_until_the_end_of_a_day_in_their_time_zone(client):
    staff = _new_york_staff()
    _login(client, staff)
    item = _published()
    day = timezone.localdate(timezone=NEW_YORK) + timedelta(days=7)
    response = client.post(
        reverse("library:feature", args=[item.pk]),
        {"action": "feature", "order": "2", "until": day.isoformat()},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.featured_order == 2
    end = datetime(day.year, day.month, day.day, tzinfo=NEW_YORK) + timedelta(days=1)
    assert item.featured_until == end
    page = client.get(reverse("library:review", args=[item.pk])).content.decode()
    assert "Featured in position 2" in page
    assert f'value="{day.isoformat()}"' in page
    response = client.post(reverse("library:feature", args=[item.pk]), {"action": "unfeature"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.featured_order is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"order": "0"}, "order"),
        ({"order": "1" + "0" * 40}, "order"),
        ({"order": "one"}, "order"),
        ({"order": "1", "until": "2001-01-01"}, "until"),
        ({"order": "1", "until": "9999-12-31"}, "until"),
        ({"order": "1", "until": "31/12/2030"}, "until"),
        ({"order": "1", "until": "2030-01-01\x00"}, "until"),
    ],
)
def test_a_bad_feature_is_refused_at_its_field(staff_client, data, field):
    item = _published()
    response = staff_client.post(
        reverse("library:feature", args=[item.pk]), {"action": "feature", **data}
    )
    assert response.status_code == 400
    assert field in response.context["feature_form"].errors
    item.refresh_from_db()
    assert item.featured_order is None


def test_an_item_in_review_cannot_be_featured(staff_client):
    item = reviewing_submitted()
    response = staff_client.post(
        reverse("library:feature", args=[item.pk]), {"action": "feature", "order": "1"}
    )
    assert response.status_code == 400
    assert "only a published item can be" in response.content.decode()


# --- Coverage -----------------------------------------------------------------------------


def test_staff_see_each_pillars_coverage(staff_client, staff):
    item = _published(title="Stakeholder alignment", pillars=["stakeholders"])
    reviewing.item_feature(
        item=item, reviewer=staff, order=1, until=timezone.now() + timedelta(days=3)
    )
    reviewing_submitted(title="People first", pillars=["people"])
    page = staff_client.get(reverse("library:coverage")).content.decode()
    assert "Stakeholder alignment" in page
    assert "People first" in page
    assert "ends <time" in page
    assert page.count("<strong>Gap:</strong>") == 3  # process, insight, tools


@pytest.mark.parametrize("count", [5, 50])
def test_the_coverage_page_takes_the_same_queries_however_many_items(
    count, staff_client, django_assert_num_queries
):
    author = MemberFactory()
    for number in range(count):
        reviewing_submitted(title=f"Item {number}", author=author, pillars=["tools", "people"])
    # The staff member with their profile (the session is in the cache); the items; the
    # navigation's count; the bell's count.
    with django_assert_num_queries(4):
        assert staff_client.get(reverse("library:coverage")).status_code == 200
