"""Staff's decisions on library items, through the services directly."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from library import tasks
from library.models import Credit, Item, Review, Revision
from library.services import reviewing, slugs, writing
from members import services as member_services
from members.models import EmailKind
from tests.factories import ApplicantFactory, MemberFactory
from tests.library.conftest import reviewing_submitted

pytestmark = pytest.mark.django_db


def _subjects(mailoutbox):
    return sorted(message.subject for message in mailoutbox)


def _review_mail(mailoutbox):
    """The review emails only (co-author invitations are another part's)."""
    return [m for m in mailoutbox if "invited" not in m.subject.lower()]


# --- Slugs --------------------------------------------------------------------------------


def test_a_slug_comes_from_the_title_in_plain_ascii():
    assert slugs.unique_slug("Glue work: who does it?") == "glue-work-who-does-it"
    assert slugs.unique_slug("Ça va, l'équipe produit") == "ca-va-lequipe-produit"
    assert slugs.unique_slug("产品运营") == "item"
    assert slugs.unique_slug("🚀🚀") == "item"


@pytest.mark.parametrize("word", sorted(slugs.RESERVED))
def test_a_slug_is_never_a_word_of_the_librarys_routes(word):
    assert slugs.unique_slug(word.title()) == f"{word}-2"


def test_a_taken_slug_gets_the_next_number(staff):
    first = reviewing.item_publish(item=reviewing_submitted(title="Roadmaps"), reviewer=staff)
    second = reviewing.item_publish(item=reviewing_submitted(title="Roadmaps!"), reviewer=staff)
    third = reviewing.item_publish(item=reviewing_submitted(title="roadmaps"), reviewer=staff)
    assert [first.slug, second.slug, third.slug] == ["roadmaps", "roadmaps-2", "roadmaps-3"]


def test_a_long_title_gives_a_slug_of_at_most_200_characters_even_with_a_number(staff):
    title = "word " * 39 + "end"  # 198 characters
    first = reviewing.item_publish(item=reviewing_submitted(title=title), reviewer=staff)
    second = reviewing.item_publish(item=reviewing_submitted(title=title), reviewer=staff)
    assert len(first.slug) <= 200
    assert len(second.slug) <= 200
    assert second.slug.endswith("-2")
    assert first.slug != second.slug


# --- Publishing now -----------------------------------------------------------------------


def test_publishing_gives_a_slug_a_date_a_review_and_marks_the_submission_reviewed(
    staff, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    author, coauthor = MemberFactory(name="Amara Okafor"), MemberFactory(name="Kenji Watanabe")
    item = reviewing_submitted(title="Glue work, named", author=author, coauthors=[coauthor])
    invited = MemberFactory(name="Still Deciding")
    Credit.objects.create(item=item, member=invited, role="author", order=2)  # not answered

    with django_capture_on_commit_callbacks(execute=True):
        item = reviewing.item_publish(item=item, reviewer=staff, note="Lovely piece.")

    assert item.status == Item.Status.PUBLISHED
    assert item.slug == "glue-work-named"
    assert item.published_at is not None
    assert Revision.objects.get(item=item).reviewed
    review = Review.objects.get(item=item)
    assert (review.decision, review.note, review.reviewer) == ("published", "Lovely piece.", staff)
    assert review.authors_notified_at is not None
    mails = _review_mail(mailoutbox)
    assert sorted(m.to[0] for m in mails) == sorted([author.email, coauthor.email])
    assert all("“Glue work, named” is published" in m.subject for m in mails)
    assert "Lovely piece." in mails[0].body
    assert f"/library/{item.slug}/" in mails[0].body
    assert mails[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mails[0].alternatives[0][1] == "text/html"


def test_the_text_part_of_an_email_is_not_html_escaped(
    staff, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    item = reviewing_submitted(title="Tools & <templates> we're keeping")
    with django_capture_on_commit_callbacks(execute=True):
        reviewing.item_request_changes(item=item, reviewer=staff, note='Cut "tools" & <b>')
    (mail,) = _review_mail(mailoutbox)
    assert "Tools & <templates> we're keeping" in mail.body
    assert 'Cut "tools" & <b>' in mail.body
    assert "&lt;b&gt;" in mail.alternatives[0][0]


def test_an_author_who_turned_library_emails_off_is_not_emailed(
    staff, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    author = MemberFactory()
    member_services.email_preferences_update(
        user=author, enabled=set(EmailKind.values) - {EmailKind.LIBRARY}
    )
    item = reviewing_submitted(author=author)
    with django_capture_on_commit_callbacks(execute=True):
        reviewing.item_publish(item=item, reviewer=staff)
    assert _review_mail(mailoutbox) == []
    assert Review.objects.get(item=item).authors_notified_at is not None


def test_a_decision_that_no_longer_stands_is_not_emailed(staff, mailoutbox):
    # No eager tasks: the email task runs later, by hand, after the item was withdrawn.
    item = reviewing.item_publish(item=reviewing_submitted(), reviewer=staff)
    review = Review.objects.get(item=item)
    item = Item.objects.prefetch_related("credits").get(pk=item.pk)
    reviewing.item_withdraw(item=item, user=staff, note="The source asked us to.")
    tasks.send_review_email.apply(args=[review.pk])
    assert mailoutbox == []


def test_the_review_email_is_sent_once_however_often_the_task_runs(staff, mailoutbox):
    item = reviewing.item_request_changes(
        item=reviewing_submitted(), reviewer=staff, note="Add an example."
    )
    review = Review.objects.get(item=item)
    tasks.send_review_email.apply(args=[review.pk])
    tasks.send_review_email.apply(args=[review.pk])
    assert len(mailoutbox) == 1


def test_only_an_item_in_review_or_scheduled_can_be_published(staff, member):
    draft = writing.item_create(
        kind="article", created_by=member, title="A draft", summary="Not yet.",
        pillars=["people"], tags=[], body="Text.",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="draft, so it cannot be published"):
        reviewing.item_publish(item=draft, reviewer=staff)
    item = reviewing.item_publish(item=reviewing_submitted(), reviewer=staff)
    with pytest.raises(ValidationError, match="published, so it cannot be published"):
        reviewing.item_publish(item=item, reviewer=staff)
    assert Review.objects.filter(item=item).count() == 1


@pytest.mark.parametrize("factory", [MemberFactory, ApplicantFactory])
def test_only_staff_decide(factory):
    item = reviewing_submitted()
    someone = factory()
    for decide in (
        lambda: reviewing.item_publish(item=item, reviewer=someone),
        lambda: reviewing.item_request_changes(item=item, reviewer=someone, note="No."),
        lambda: reviewing.item_decline(item=item, reviewer=someone, note="No."),
        lambda: reviewing.item_schedule(
            item=item, reviewer=someone, publish_at=timezone.now() + timedelta(days=1)
        ),
    ):
        with pytest.raises(PermissionDenied):
            decide()
    item.refresh_from_db()
    assert item.status == Item.Status.IN_REVIEW


def test_a_note_with_nul_bytes_is_cleaned_and_a_huge_one_refused(staff):
    item = reviewing.item_publish(item=reviewing_submitted(), reviewer=staff, note="ok\x00 then")
    assert Review.objects.get(item=item).note == "ok then"
    with pytest.raises(ValidationError) as refusal:
        reviewing.item_decline(item=reviewing_submitted(), reviewer=staff, note="x" * 5000)
    assert "note" in refusal.value.message_dict


# --- Scheduling ---------------------------------------------------------------------------


def test_scheduling_sets_the_time_and_tells_nobody_yet(
    staff, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    at = timezone.now() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        item = reviewing.item_schedule(item=reviewing_submitted(), reviewer=staff, publish_at=at)
    assert item.status == Item.Status.SCHEDULED
    assert item.publish_at == at
    assert item.slug is None
    assert Revision.objects.get(item=item).reviewed
    assert Review.objects.get(item=item).decision == "scheduled"
    assert _review_mail(mailoutbox) == []


@pytest.mark.parametrize(
    ("publish_at", "message"),
    [
        (None, "Give a date and time."),
        ("naive", "Give a date and time."),
        (timedelta(minutes=-1), "Choose a time in the future."),
        (timedelta(days=800), "Choose a time within 2 years."),
    ],
)
def test_a_schedule_needs_an_aware_time_in_the_near_future(staff, publish_at, message):
    if publish_at == "naive":
        publish_at = (timezone.now() + timedelta(days=1)).replace(tzinfo=None)
    elif isinstance(publish_at, timedelta):
        publish_at = timezone.now() + publish_at
    with pytest.raises(ValidationError) as refusal:
        reviewing.item_schedule(item=reviewing_submitted(), reviewer=staff, publish_at=publish_at)
    assert refusal.value.message_dict == {"publish_at": [message]}


def test_the_beat_task_publishes_due_items_once_and_emails_their_authors(
    staff, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    due = reviewing.item_schedule(
        item=reviewing_submitted(title="Due now"),
        reviewer=staff,
        publish_at=timezone.now() + timedelta(minutes=5),
        note="Out on Monday.",
    )
    later = reviewing.item_schedule(
        item=reviewing_submitted(title="Due later"),
        reviewer=staff,
        publish_at=timezone.now() + timedelta(days=2),
    )
    Item.objects.filter(pk=due.pk).update(publish_at=timezone.now() - timedelta(seconds=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.publish_due_items.apply().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reviewing.items_publish_due() == 0

    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, due.slug, due.publish_at) == ("published", "due-now", None)
    assert later.status == Item.Status.SCHEDULED
    published = Review.objects.get(item=due, decision="published")
    assert (published.reviewer, published.note) == (staff, "Out on Monday.")
    (mail,) = _review_mail(mailoutbox)
    assert "“Due now” is published" in mail.subject
    assert "Out on Monday." in mail.body


def test_staff_may_publish_a_scheduled_item_early_and_the_beat_then_finds_nothing(staff):
    item = reviewing.item_schedule(
        item=reviewing_submitted(), reviewer=staff, publish_at=timezone.now() + timedelta(hours=1)
    )
    reviewing.item_publish(item=item, reviewer=staff)
    Item.objects.filter(pk=item.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    assert reviewing.items_publish_due() == 0
    assert Review.objects.filter(item=item, decision="published").count() == 1


# --- Changes requested, declined ------------------------------------------------------------


def test_requesting_changes_needs_a_note_and_sends_it_to_the_authors(
    staff, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    author = MemberFactory()
    item = reviewing_submitted(author=author)
    with pytest.raises(ValidationError) as refusal:
        reviewing.item_request_changes(item=item, reviewer=staff, note="  ")
    assert list(refusal.value.message_dict) == ["note"]

    with django_capture_on_commit_callbacks(execute=True):
        item = reviewing.item_request_changes(
            item=item, reviewer=staff, note="Name the tools you retired."
        )
    assert item.status == Item.Status.CHANGES_REQUESTED
    assert Revision.objects.get(item=item).reviewed
    (mail,) = _review_mail(mailoutbox)
    assert mail.to == [author.email]
    assert mail.subject.endswith("Changes requested on “Business cases that get funded”")
    assert "Name the tools you retired." in mail.body
    assert f"/library/items/{item.pk}/edit/" in mail.body


def test_declining_needs_a_note_and_tells_the_authors(
    staff, eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    item = reviewing_submitted()
    with pytest.raises(ValidationError):
        reviewing.item_decline(item=item, reviewer=staff, note="")
    with django_capture_on_commit_callbacks(execute=True):
        item = reviewing.item_decline(item=item, reviewer=staff, note="Off topic for us.")
    assert item.status == Item.Status.DECLINED
    (mail,) = _review_mail(mailoutbox)
    assert "was not accepted" in mail.subject
    assert "Off topic for us." in mail.body
    with pytest.raises(ValidationError, match="declined, so it cannot be sent back"):
        reviewing.item_request_changes(item=item, reviewer=staff, note="Try again")


def test_a_member_who_is_no_longer_a_member_is_not_sent_a_draft_they_cannot_open(staff, mailoutbox):
    author = MemberFactory()
    item = reviewing_submitted(author=author)
    item = reviewing.item_request_changes(item=item, reviewer=staff, note="More detail.")
    author.profile.member_since = None
    author.profile.save()
    tasks.send_review_email.apply(args=[Review.objects.get(item=item).pk])
    assert mailoutbox == []


# --- Withdrawing --------------------------------------------------------------------------


def _published(**kwargs):
    from tests.factories import StaffFactory

    item = reviewing.item_publish(item=reviewing_submitted(**kwargs), reviewer=StaffFactory())
    return Item.objects.prefetch_related("credits").get(pk=item.pk)


def test_staff_withdraw_a_published_item_with_a_note_and_it_stops_being_featured(staff):
    item = _published()
    reviewing.item_feature(item=item, reviewer=staff, order=1)
    item = reviewing.item_withdraw(item=item, user=staff, note="The source went offline.")
    assert item.status == Item.Status.WITHDRAWN
    assert item.withdrawn_at is not None
    assert item.withdrawn_note == "The source went offline."
    assert item.featured_order is None
    assert Review.objects.filter(item=item, decision="withdrawn").exists()


def test_an_accepted_author_withdraws_their_own_item_but_nobody_else_does():
    author, coauthor = MemberFactory(), MemberFactory()
    item = _published(author=author, coauthors=[coauthor])
    for outsider in (MemberFactory(), ApplicantFactory()):
        with pytest.raises(PermissionDenied):
            reviewing.item_withdraw(item=item, user=outsider, note="Mine now")
    reviewing.item_withdraw(item=item, user=coauthor, note="We no longer stand by it.")
    item.refresh_from_db()
    assert item.status == Item.Status.WITHDRAWN


def test_an_invited_coauthor_who_never_accepted_cannot_withdraw():
    author, invited = MemberFactory(), MemberFactory()
    item = _published(author=author)
    Credit.objects.create(item=item, member=invited, role="author", order=1)
    item = Item.objects.prefetch_related("credits").get(pk=item.pk)
    with pytest.raises(PermissionDenied):
        reviewing.item_withdraw(item=item, user=invited, note="Hmm")


def test_withdrawing_needs_a_note_and_a_published_item(staff):
    item = _published()
    with pytest.raises(ValidationError) as refusal:
        reviewing.item_withdraw(item=item, user=staff, note="")
    assert list(refusal.value.message_dict) == ["note"]
    with pytest.raises(ValidationError) as refusal:
        reviewing.item_withdraw(item=item, user=staff, note="x" * 401)
    assert list(refusal.value.message_dict) == ["note"]
    in_review = Item.objects.prefetch_related("credits").get(pk=reviewing_submitted().pk)
    with pytest.raises(ValidationError, match="only a published item can be"):
        reviewing.item_withdraw(item=in_review, user=staff, note="Gone")


# --- Featuring ----------------------------------------------------------------------------


def test_staff_feature_a_published_item_with_an_order_and_an_end(staff):
    item = _published()
    until = timezone.now() + timedelta(days=14)
    item = reviewing.item_feature(item=item, reviewer=staff, order=2, until=until)
    assert (item.featured_order, item.featured_until) == (2, until)
    assert item.is_featured
    item = reviewing.item_unfeature(item=item, reviewer=staff)
    assert (item.featured_order, item.featured_until, item.is_featured) == (None, None, False)


@pytest.mark.parametrize(
    ("order", "until", "field"),
    [
        (0, None, "order"),
        (100, None, "order"),
        (10**30, None, "order"),
        (1, timedelta(days=-1), "until"),
        (1, timedelta(days=6 * 365), "until"),
    ],
)
def test_a_feature_needs_a_sensible_order_and_end(staff, order, until, field):
    item = _published()
    until = timezone.now() + until if until is not None else None
    with pytest.raises(ValidationError) as refusal:
        reviewing.item_feature(item=item, reviewer=staff, order=order, until=until)
    assert list(refusal.value.message_dict) == [field]


def test_only_a_published_item_is_featured_and_only_by_staff(staff, member):
    with pytest.raises(ValidationError, match="only a published item can be"):
        reviewing.item_feature(item=reviewing_submitted(), reviewer=staff, order=1)
    with pytest.raises(PermissionDenied):
        reviewing.item_feature(item=_published(), reviewer=member, order=1)
    with pytest.raises(PermissionDenied):
        reviewing.item_unfeature(item=_published(), reviewer=member)
