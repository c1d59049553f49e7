"""Writing and curating, through the services: drafts, their validation, submitting, deleting,
co-authors who accept before they are credited, and preview links."""

import pytest
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone

from library.models import Credit, Item, Revision
from library.services import writing
from tests.factories import ApplicantFactory, MemberFactory, StaffFactory

pytestmark = pytest.mark.django_db

BODY = "Our roadmap template fits on one page.\n\n## Why\n\nBecause **nobody** reads page two."


def writing_article(author=None, **fields) -> Item:
    """A draft article made through the service."""
    values = {
        "title": "Roadmap standards that stick",
        "summary": "How one team made its roadmaps comparable across squads.",
        "pillars": ["process"],
        "tags": ["roadmaps"],
        "body": BODY,
        **fields,
    }
    return writing.item_create(kind="article", created_by=author or MemberFactory(), **values)


def writing_link(curator=None, **fields) -> Item:
    """A draft curated link made through the service."""
    values = {
        "title": "Being Glue",
        "summary": "The work that holds teams together, and who gets credit for it.",
        "pillars": ["people"],
        "tags": ["glue work"],
        "url": "https://WWW.NoidEA.dog/glue",
        "original_author": "Tanya Reilly",
        "curator_note": "Product Ops is glue work. This essay names it.",
        "quote": "Glue work is expected when you're senior.",
        **fields,
    }
    return writing.item_create(kind="link", created_by=curator or MemberFactory(), **values)


def _fields(item: Item, **changes) -> dict:
    fields = {
        "title": item.title,
        "summary": item.summary,
        "pillars": item.pillars,
        "tags": list(item.tags.names()),
        "body": item.body_markdown,
        "url": item.url,
        "original_author": item.original_author,
        "curator_note": item.curator_note,
        "quote": item.quote,
    }
    return {**fields, **changes}


# --- Creating and editing ---------------------------------------------------------------------


def test_an_article_is_created_as_a_draft_with_its_author_credited_at_once():
    author = MemberFactory()
    item = writing_article(author, tags=["Roadmaps", " roadmaps ", "Quarterly  planning"])
    assert item.status == Item.Status.DRAFT
    assert item.kind == Item.Kind.ARTICLE
    assert "<h3>Why</h3>" in item.body_html and "<strong>nobody</strong>" in item.body_html
    assert item.reading_minutes == 1
    assert sorted(item.tags.names()) == ["quarterly planning", "roadmaps"]
    (credit,) = item.credits.all()
    assert credit.member == author and credit.role == Credit.Role.AUTHOR
    assert credit.accepted_at is not None and credit.order == 0


def test_a_link_keeps_its_domain_and_its_curator_is_credited():
    curator = MemberFactory()
    item = writing_link(curator)
    assert item.domain == "noidea.dog"
    assert item.body_markdown == "" and item.reading_minutes == 0
    assert "<p>Product Ops is glue work." in item.curator_note_html
    (credit,) = item.credits.all()
    assert credit.member == curator and credit.role == Credit.Role.CURATOR


def test_the_search_vector_weighs_the_title_then_the_summary_then_the_text():
    writing_article(title="Glue work", summary="Something else", body="Nothing here")
    writing_article(title="Roadmaps", summary="Roadmaps", body="Some glue work too")
    query = SearchQuery("glue", config="english")
    ranked = (
        Item.objects.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank")
    )
    assert [item.title for item in ranked] == ["Glue work", "Roadmaps"]


def test_reading_time_is_words_over_two_hundred_at_least_one():
    assert writing_article(body="word " * 1000).reading_minutes == 5
    assert writing_article(body="word " * 1001).reading_minutes == 6
    assert writing_article(body="short").reading_minutes == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "   ", "Give it a title."),
        ("title", "x" * 201, "under 200 characters"),
        ("title", "A\x00B", "NUL"),
        ("summary", "", "Write a summary"),
        ("summary", "x" * 401, "under 400 characters"),
        ("pillars", [], "at least one pillar"),
        ("pillars", ["process", "astrology"], "from the list"),
        ("tags", [f"t{n}" for n in range(11)], "at most 10 tags"),
        ("tags", ["x" * 51], "under 50 characters"),
        ("tags", ["!!!"], "a letter or a digit"),
        ("body", "", "Write the article"),
        ("body", "x" * 50_001, "under 50,000 characters"),
    ],
)
def test_an_article_is_refused_with_a_message_at_the_field(field, value, message):
    with pytest.raises(ValidationError) as refused:
        writing_article(**{field: value})
    assert message in " ".join(refused.value.message_dict[field])
    assert not Item.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the address"),
        ("javascript:alert(1)", "starting with https://"),
        ("ftp://example.com/file", "starting with https://"),
        ("https://", "starting with https://"),
        ("http://[::1", "starting with https://"),
        ("https://example.com/" + "x" * 2000, "under 2,000 characters"),
    ],
)
def test_a_link_is_refused_without_a_web_address(value, message):
    with pytest.raises(ValidationError) as refused:
        writing_link(url=value)
    assert message in refused.value.message_dict["url"][0]


def test_a_link_needs_the_curators_note():
    with pytest.raises(ValidationError) as refused:
        writing_link(curator_note=" ")
    assert "why it matters" in refused.value.message_dict["curator_note"][0]


def test_every_bad_field_is_named_at_once():
    with pytest.raises(ValidationError) as refused:
        writing_article(title="", summary="", pillars=[], body="")
    assert set(refused.value.message_dict) == {"title", "summary", "pillars", "body"}


def test_six_pillars_are_too_many_and_pillars_keep_their_order():
    with pytest.raises(ValidationError):
        writing_article(pillars=["people", "process", "insight", "tools", "stakeholders", "x"])
    item = writing_article(pillars=["tools", "people", "tools"])
    assert item.pillars == ["people", "tools"]


def test_an_applicant_cannot_start_a_draft():
    with pytest.raises(PermissionDenied):
        writing_article(ApplicantFactory())


def test_an_author_edits_a_draft_and_the_text_is_rendered_again():
    item = writing_article()
    before = item.edited_at
    edited = writing.item_edit(
        item=item, user=item.created_by, **_fields(item, body="*new* text " * 300, tags=["a"])
    )
    assert edited.edited_at > before
    assert "<em>new</em>" in edited.body_html
    assert edited.reading_minutes == 3
    assert list(edited.tags.names()) == ["a"]


def test_a_new_address_forgets_the_last_link_check():
    item = writing_link()
    Item.objects.filter(pk=item.pk).update(
        link_health=Item.LinkHealth.DEAD, link_problem="404", link_checked_at=timezone.now()
    )
    item.refresh_from_db()
    edited = writing.item_edit(
        item=item, user=item.created_by, **_fields(item, url="https://example.org/new")
    )
    assert edited.link_health == Item.LinkHealth.UNCHECKED and edited.link_problem == ""
    assert edited.domain == "example.org"


def test_staff_edit_a_draft_but_another_member_cannot():
    item = writing_article()
    writing.item_edit(item=item, user=StaffFactory(), **_fields(item, title="Edited by staff"))
    with pytest.raises(PermissionDenied):
        writing.item_edit(item=item, user=MemberFactory(), **_fields(item))


def test_an_item_in_review_is_not_edited():
    item = writing_article()
    writing.item_submit(item=item, user=item.created_by)
    with pytest.raises(ValidationError):
        writing.item_edit(item=item, user=item.created_by, **_fields(item, title="Sneaky"))
    assert Item.objects.get().title == "Roadmap standards that stick"


# --- Submitting and deleting ------------------------------------------------------------------


def test_submitting_an_article_records_the_text_as_submitted():
    item = writing_article()
    submitted = writing.item_submit(item=item, user=item.created_by)
    assert submitted.status == Item.Status.IN_REVIEW and submitted.submitted_at
    (revision,) = Revision.objects.all()
    assert revision.text == BODY and revision.title == item.title
    assert revision.submitted_by == item.created_by and not revision.reviewed


def test_submitting_a_link_records_its_address_author_note_and_quote():
    item = writing_link()
    writing.item_submit(item=item, user=item.created_by)
    assert Revision.objects.get().text == (
        "https://WWW.NoidEA.dog/glue\n\nTanya Reilly\n\n"
        "Product Ops is glue work. This essay names it.\n\n"
        "Glue work is expected when you're senior."
    )


def test_an_item_is_submitted_once():
    item = writing_article()
    writing.item_submit(item=item, user=item.created_by)
    with pytest.raises(ValidationError):
        writing.item_submit(item=item, user=item.created_by)
    assert Revision.objects.count() == 1


def test_changes_requested_can_be_submitted_again():
    item = writing_article()
    writing.item_submit(item=item, user=item.created_by)
    Item.objects.filter(pk=item.pk).update(status=Item.Status.CHANGES_REQUESTED)
    item.refresh_from_db()
    writing.item_edit(item=item, user=item.created_by, **_fields(item, body="Better text."))
    writing.item_submit(item=item, user=item.created_by)
    assert [r.text for r in Revision.objects.all()] == ["Better text.", BODY]


def test_a_member_not_credited_cannot_submit():
    item = writing_article()
    with pytest.raises(PermissionDenied):
        writing.item_submit(item=item, user=MemberFactory())


def test_the_creator_deletes_a_draft_but_a_coauthor_cannot():
    item = writing_article()
    coauthor = MemberFactory()
    credit = writing.credit_invite(item=item, member=coauthor, invited_by=item.created_by)
    writing.credit_accept(credit=credit, user=coauthor)
    with pytest.raises(PermissionDenied):
        writing.item_delete(item=item, user=coauthor)
    writing.item_delete(item=item, user=item.created_by)
    assert not Item.objects.exists() and not Credit.objects.exists()


def test_an_item_in_review_or_once_published_is_not_deleted():
    item = writing_article()
    writing.item_submit(item=item, user=item.created_by)
    with pytest.raises(ValidationError):
        writing.item_delete(item=item, user=item.created_by)
    Item.objects.filter(pk=item.pk).update(
        status=Item.Status.CHANGES_REQUESTED, published_at=timezone.now()
    )
    item.refresh_from_db()
    with pytest.raises(ValidationError):
        writing.item_delete(item=item, user=item.created_by)
    assert Item.objects.exists()


# --- Credits ----------------------------------------------------------------------------------


def test_a_coauthor_is_invited_in_order_and_emailed_after_the_commit(
    django_capture_on_commit_callbacks, mailoutbox, eager_tasks
):
    item = writing_article()
    first, second = MemberFactory(name="Kenji Watanabe"), MemberFactory(name="Sofia Lindqvist")
    with django_capture_on_commit_callbacks(execute=True):
        one = writing.credit_invite(item=item, member=first, invited_by=item.created_by)
        two = writing.credit_invite(item=item, member=second, invited_by=item.created_by)
    assert (one.order, two.order) == (1, 2)
    assert one.accepted_at is None and one.role == Credit.Role.AUTHOR
    assert sorted(message.to[0] for message in mailoutbox) == sorted([first.email, second.email])


def test_a_member_is_not_invited_twice():
    item = writing_article()
    member = MemberFactory()
    writing.credit_invite(item=item, member=member, invited_by=item.created_by)
    with pytest.raises(ValidationError) as refused:
        writing.credit_invite(item=item, member=member, invited_by=item.created_by)
    assert "already invited" in refused.value.message_dict["email"][0]
    with pytest.raises(ValidationError) as refused:
        writing.credit_invite(item=item, member=item.created_by, invited_by=item.created_by)
    assert "already credited" in refused.value.message_dict["email"][0]


def test_only_members_are_invited_and_only_to_articles():
    item = writing_article()
    with pytest.raises(ValidationError):
        writing.credit_invite(item=item, member=ApplicantFactory(), invited_by=item.created_by)
    link = writing_link()
    with pytest.raises(ValidationError) as refused:
        writing.credit_invite(item=link, member=MemberFactory(), invited_by=link.created_by)
    assert "one curator" in refused.value.message_dict["email"][0]


def test_someone_not_credited_cannot_invite():
    item = writing_article()
    with pytest.raises(PermissionDenied):
        writing.credit_invite(item=item, member=MemberFactory(), invited_by=MemberFactory())


def test_only_the_invited_member_accepts_or_declines_and_only_once():
    item = writing_article()
    invited, other = MemberFactory(), MemberFactory()
    credit = writing.credit_invite(item=item, member=invited, invited_by=item.created_by)
    with pytest.raises(PermissionDenied):
        writing.credit_accept(credit=credit, user=other)
    with pytest.raises(PermissionDenied):
        writing.credit_decline(credit=credit, user=item.created_by)
    writing.credit_accept(credit=credit, user=invited)
    assert Credit.objects.get(pk=credit.pk).accepted_at is not None
    with pytest.raises(ValidationError):
        writing.credit_decline(credit=credit, user=invited)


def test_a_declined_invitation_stays_declined_until_the_creator_removes_it():
    item = writing_article()
    invited = MemberFactory()
    credit = writing.credit_invite(item=item, member=invited, invited_by=item.created_by)
    writing.credit_decline(credit=credit, user=invited)
    with pytest.raises(ValidationError) as refused:
        writing.credit_invite(item=item, member=invited, invited_by=item.created_by)
    assert "declined" in refused.value.message_dict["email"][0]
    writing.credit_remove(credit=credit, user=item.created_by)
    again = writing.credit_invite(item=item, member=invited, invited_by=item.created_by)
    assert again.accepted_at is None and again.declined_at is None


def test_the_creator_removes_a_coauthor_but_not_themselves_and_a_coauthor_removes_no_one():
    item = writing_article()
    coauthor = MemberFactory()
    credit = writing.credit_invite(item=item, member=coauthor, invited_by=item.created_by)
    writing.credit_accept(credit=credit, user=coauthor)
    own = item.credits.get(member=item.created_by)
    with pytest.raises(PermissionDenied):
        writing.credit_remove(credit=credit, user=coauthor)
    with pytest.raises(ValidationError):
        writing.credit_remove(credit=own, user=item.created_by)
    writing.credit_remove(credit=credit, user=item.created_by)
    assert list(item.credits.values_list("member", flat=True)) == [item.created_by.pk]


def test_an_accepted_coauthor_edits_the_draft():
    item = writing_article()
    coauthor = MemberFactory()
    credit = writing.credit_invite(item=item, member=coauthor, invited_by=item.created_by)
    with pytest.raises(PermissionDenied):
        writing.item_edit(item=item, user=coauthor, **_fields(item))
    writing.credit_accept(credit=credit, user=coauthor)
    item = Item.objects.get(pk=item.pk)
    writing.item_edit(item=item, user=coauthor, **_fields(item, title="Together"))
    assert Item.objects.get().title == "Together"


# --- Preview links ----------------------------------------------------------------------------


def test_a_preview_link_is_made_anew_and_revoked():
    item = writing_article()
    first = writing.preview_link_create(item=item, user=item.created_by)
    second = writing.preview_link_create(item=item, user=item.created_by)
    assert len(first) == 43 and first != second
    assert Item.objects.get().preview_token == second
    writing.preview_link_revoke(item=item, user=item.created_by)
    assert Item.objects.get().preview_token == ""


def test_only_credited_members_and_staff_share_a_preview():
    item = writing_article()
    with pytest.raises(PermissionDenied):
        writing.preview_link_create(item=item, user=MemberFactory())
    assert writing.preview_link_create(item=item, user=StaffFactory())


def test_a_declined_item_has_no_preview_link():
    item = writing_article()
    Item.objects.filter(pk=item.pk).update(status=Item.Status.DECLINED)
    item.refresh_from_db()
    with pytest.raises(ValidationError):
        writing.preview_link_create(item=item, user=item.created_by)
