"""The writing pages: new drafts, editing, previews (the author's and the shared link), submitting,
deleting, co-authors and "My library", for every role."""

import re

import pytest
from django.urls import reverse

from library.models import Credit, Item
from library.services import reviewing, writing
from tests.factories import ApplicantFactory, MemberFactory, StaffFactory
from tests.library.conftest import reading_published
from tests.library.test_writing_services import writing_article, writing_link

pytestmark = pytest.mark.django_db

ARTICLE_POST = {
    "title": "Glue work is the job",
    "summary": "What Product Ops does between teams, and how to make it visible.",
    "pillars": ["people", "process"],
    "tags": "glue work, visibility",
    "body": "Some **work** holds everything together.",
    "then": "save",
}
LINK_POST = {
    "url": "https://www.example.com/creative-destruction",
    "title": "Creative destruction",
    "original_author": "A. Writer",
    "summary": "Why tools should be retired as deliberately as they are bought.",
    "pillars": ["tools"],
    "tags": "tooling",
    "curator_note": "Read it before your next tooling review.",
    "quote": "",
    "then": "save",
}


def _login(client, user):
    client.force_login(user)
    return client


def _coauthored(author=None):
    """A draft article with an accepted co-author and a pending invitation."""
    author = author or MemberFactory(name="Amara Okafor")
    item = writing_article(author)
    coauthor, invited = MemberFactory(name="Kenji Watanabe"), MemberFactory(name="Ines Pending")
    credit = writing.credit_invite(item=item, member=coauthor, invited_by=author)
    writing.credit_accept(credit=credit, user=coauthor)
    pending = writing.credit_invite(item=item, member=invited, invited_by=author)
    return item, coauthor, invited, pending


# --- New drafts -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["library:new_article", "library:new_link"])
def test_a_visitor_is_sent_to_log_in_and_an_applicant_is_refused(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert _login(client, ApplicantFactory()).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ["library:new_article", "library:new_link"])
def test_members_and_staff_open_the_forms(client, name):
    page = _login(client, MemberFactory()).get(reverse(name)).content.decode()
    assert "Save draft" in page and "Save and preview" in page
    assert _login(client, StaffFactory()).get(reverse(name)).status_code == 200


def test_a_member_saves_a_draft_article_and_comes_back_to_edit_it(member_client, member):
    response = member_client.post(reverse("library:new_article"), ARTICLE_POST)
    item = Item.objects.get()
    assert response["Location"] == reverse("library:edit", args=[item.pk])
    assert item.created_by == member and item.status == Item.Status.DRAFT
    assert sorted(item.tags.names()) == ["glue work", "visibility"]
    page = member_client.get(response["Location"]).content.decode()
    assert "Some **work** holds everything together." in page
    assert "glue work, visibility" in page


def test_save_and_preview_goes_to_the_preview(member_client):
    response = member_client.post(reverse("library:new_link"), {**LINK_POST, "then": "preview"})
    item = Item.objects.get()
    assert response["Location"] == reverse("library:preview", args=[item.pk])
    assert item.kind == Item.Kind.LINK and item.domain == "example.com"


def test_bad_input_is_named_at_its_field_and_nothing_typed_is_lost(member_client):
    data = {**ARTICLE_POST, "title": "", "pillars": [], "tags": "x" * 51, "body": "Kept text"}
    response = member_client.post(reverse("library:new_article"), data)
    page = response.content.decode()
    assert response.status_code == 200 and not Item.objects.exists()
    assert "Give it a title." in page and "Choose at least one pillar." in page
    assert "under 50 characters" in page
    assert "Kept text" in page and ARTICLE_POST["summary"] in page
    assert 'aria-invalid="true"' in page


def test_nul_bytes_and_nonsense_are_refused_without_a_server_error(member_client):
    data = {**LINK_POST, "title": "A\x00B", "url": "https://\x00", "pillars": ["nope"]}
    response = member_client.post(reverse("library:new_link"), data)
    assert response.status_code == 200 and not Item.objects.exists()
    response = member_client.post(reverse("library:new_link"), {**LINK_POST, "url": "http://[::1"})
    assert "starting with https://" in response.content.decode()


# --- Editing ----------------------------------------------------------------------------------


def test_edit_refuses_by_role(client):
    item, coauthor, invited, _pending = _coauthored()
    url = reverse("library:edit", args=[item.pk])
    assert "/login/" in client.get(url)["Location"]
    assert _login(client, ApplicantFactory()).get(url).status_code == 404
    assert _login(client, MemberFactory()).get(url).status_code == 404
    assert _login(client, invited).get(url).status_code == 403
    assert _login(client, coauthor).get(url).status_code == 200
    assert _login(client, StaffFactory()).get(url).status_code == 200


def test_an_author_edits_a_draft_and_a_bad_edit_keeps_the_text(client):
    item, coauthor, _invited, _pending = _coauthored()
    client = _login(client, coauthor)
    url = reverse("library:edit", args=[item.pk])
    response = client.post(url, {**ARTICLE_POST, "title": "Edited together"})
    assert response.status_code == 302
    assert Item.objects.get().title == "Edited together"
    response = client.post(url, {**ARTICLE_POST, "summary": "x" * 401, "body": "new body"})
    assert "under 400 characters" in response.content.decode()
    assert "new body" in response.content.decode()
    assert Item.objects.get().body_markdown == ARTICLE_POST["body"]


def test_the_edit_page_shows_the_note_staff_left_with_their_request(client):
    item = writing_article()
    writing.item_submit(item=item, user=item.created_by)
    reviewing.item_request_changes(
        item=item, reviewer=StaffFactory(), note="Say which teams used the template."
    )
    page = _login(client, item.created_by).get(reverse("library:edit", args=[item.pk]))
    page = page.content.decode()
    assert "Changes requested" in page and "Say which teams used the template." in page


def test_an_item_in_review_is_not_edited_but_previewed(client):
    item = writing_article()
    writing.item_submit(item=item, user=item.created_by)
    client = _login(client, item.created_by)
    response = client.post(reverse("library:edit", args=[item.pk]), ARTICLE_POST)
    assert response["Location"] == reverse("library:preview", args=[item.pk])
    assert Item.objects.get().title != ARTICLE_POST["title"]


@pytest.mark.parametrize("item_id", ["0", "99999999999999999999"])
def test_an_unknown_item_is_not_found(member_client, item_id):
    assert member_client.get(f"/library/items/{item_id}/edit/").status_code == 404
    assert member_client.get(f"/library/items/{item_id}/preview/").status_code == 404


# --- The author's preview ---------------------------------------------------------------------


def test_preview_shows_the_item_as_readers_will_with_the_banner(client):
    item, coauthor, _invited, _pending = _coauthored()
    page = _login(client, coauthor).get(reverse("library:preview", args=[item.pk]))
    page = page.content.decode()
    assert "Preview — not published" in page and 'content="noindex' in page
    assert "<strong>nobody</strong>" in page
    assert "Amara Okafor" in page and "Kenji Watanabe" in page
    assert "Ines Pending</a>" not in page  # not credited until she accepts
    assert "Submit for review" in page


def test_preview_refuses_by_role_and_shows_an_invitee_the_invitation(client):
    item, _coauthor, invited, pending = _coauthored()
    url = reverse("library:preview", args=[item.pk])
    assert "/login/" in client.get(url)["Location"]
    assert _login(client, ApplicantFactory()).get(url).status_code == 404
    assert _login(client, MemberFactory()).get(url).status_code == 404
    page = _login(client, invited).get(url).content.decode()
    assert reverse("library:credit_accept", args=[pending.pk]) in page
    assert "Submit for review" not in page
    assert _login(client, StaffFactory()).get(url).status_code == 200


def test_the_preview_of_a_published_item_is_its_page(client):
    item = reading_published()
    response = _login(client, item.created_by).get(reverse("library:preview", args=[item.pk]))
    assert response["Location"] == item.get_absolute_url()


# --- Submitting and deleting ------------------------------------------------------------------


def test_submitting_with_an_unanswered_invitation_is_allowed_and_said(client):
    item, _coauthor, _invited, _pending = _coauthored()
    client = _login(client, item.created_by)
    response = client.post(reverse("library:submit", args=[item.pk]), follow=True)
    page = response.content.decode()
    assert Item.objects.get().status == Item.Status.IN_REVIEW
    assert "Not yet accepted: Ines Pending" in page
    response = client.post(reverse("library:submit", args=[item.pk]), follow=True)
    assert "already submitted" in response.content.decode()


def test_submit_refuses_by_role(client):
    item, _coauthor, invited, _pending = _coauthored()
    url = reverse("library:submit", args=[item.pk])
    assert "/login/" in client.post(url)["Location"]
    assert _login(client, MemberFactory()).post(url).status_code == 404
    assert _login(client, invited).post(url).status_code == 403
    assert _login(client, item.created_by).get(url).status_code == 405
    assert Item.objects.get().status == Item.Status.DRAFT
    assert _login(client, StaffFactory()).post(url).status_code == 302


def test_the_creator_deletes_a_draft_and_others_cannot(client):
    item, coauthor, _invited, _pending = _coauthored()
    url = reverse("library:delete", args=[item.pk])
    assert "/login/" in client.post(url)["Location"]
    assert _login(client, MemberFactory()).post(url).status_code == 404
    assert _login(client, coauthor).post(url).status_code == 403
    response = _login(client, item.created_by).post(url)
    assert response["Location"] == reverse("library:mine")
    assert not Item.objects.exists()


def test_the_edit_page_asks_before_deleting(client):
    item = writing_article()
    page = _login(client, item.created_by).get(reverse("library:edit", args=[item.pk]))
    assert 'data-confirm="Delete' in page.content.decode()


# --- Preview links ----------------------------------------------------------------------------


def test_an_author_makes_a_preview_link_anyone_can_read_until_it_is_revoked(client):
    item = writing_link()
    author = _login(client, item.created_by)
    url = reverse("library:preview_link", args=[item.pk])
    page = author.post(url, {"action": "create"}, follow=True).content.decode()
    token = Item.objects.get().preview_token
    shared = reverse("library:shared_preview", args=[token])
    assert shared in page  # the link to copy
    client.logout()
    response = client.get(shared)
    text = response.content.decode()
    assert response.status_code == 200 and "Preview — not published" in text
    assert 'name="robots" content="noindex' in text and response["X-Robots-Tag"].startswith(
        "noindex"
    )
    assert response["Referrer-Policy"] == "no-referrer"
    assert "Product Ops is glue work." in text and "Submit for review" not in text
    _login(client, item.created_by).post(url, {"action": "revoke"})
    client.logout()
    assert client.get(shared).status_code == 404


def test_preview_link_refuses_by_role_and_bad_actions(client):
    item, _coauthor, invited, _pending = _coauthored()
    url = reverse("library:preview_link", args=[item.pk])
    assert "/login/" in client.post(url, {"action": "create"})["Location"]
    assert _login(client, MemberFactory()).post(url, {"action": "create"}).status_code == 404
    assert _login(client, invited).post(url, {"action": "create"}).status_code == 403
    response = _login(client, item.created_by).post(url, {"action": "explode"}, follow=True)
    assert "Choose to make a preview link" in response.content.decode()
    assert Item.objects.get().preview_token == ""
    assert _login(client, StaffFactory()).post(url, {"action": "create"}).status_code == 302


@pytest.mark.parametrize("token", ["nope", "x" * 500, "%00"])
def test_an_unknown_preview_token_is_not_found(client, token):
    writing_article()
    assert client.get(f"/library/preview/{token}/").status_code == 404


def test_a_shared_preview_of_a_published_item_goes_to_its_page_and_declined_is_gone(client):
    draft = writing_article()
    token = writing.preview_link_create(item=draft, user=draft.created_by)
    writing.item_submit(item=draft, user=draft.created_by)
    published = reviewing.item_publish(item=draft, reviewer=StaffFactory())
    response = client.get(reverse("library:shared_preview", args=[token]))
    assert response["Location"] == published.get_absolute_url()
    other = writing_article()
    token = writing.preview_link_create(item=other, user=other.created_by)
    Item.objects.filter(pk=other.pk).update(status=Item.Status.DECLINED)
    assert client.get(reverse("library:shared_preview", args=[token])).status_code == 404


# --- Credits ----------------------------------------------------------------------------------


def test_an_author_invites_a_coauthor_by_email(client, eager_tasks, mailoutbox):
    item = writing_article()
    peer = MemberFactory(name="Kenji Watanabe", email="kenji@example.com")
    client = _login(client, item.created_by)
    url = reverse("library:credit_add", args=[item.pk])
    response = client.post(url, {"email": " KENJI@example.com "})
    assert response["Location"].endswith("#credits")
    credit = Credit.objects.get(member=peer)
    assert credit.accepted_at is None and credit.order == 1
    page = client.get(reverse("library:edit", args=[item.pk])).content.decode()
    assert "invited, no answer yet" in page


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("stranger@example.com", "No member of the alliance signs in with this address."),
        ("applicant@example.com", "No member of the alliance signs in with this address."),
        ("not an email", "Enter an email address"),
        ("", "Enter the email address"),
    ],
)
def test_inviting_someone_who_is_not_a_member_is_named_at_the_field(client, email, message):
    ApplicantFactory(email="applicant@example.com")
    item = writing_article()
    response = _login(client, item.created_by).post(
        reverse("library:credit_add", args=[item.pk]), {"email": email}
    )
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert Credit.objects.count() == 1
    assert "Roadmap standards that stick" in page  # the edit form is there, untouched


def test_inviting_someone_twice_or_to_a_link_is_named_at_the_field(client):
    item, coauthor, _invited, _pending = _coauthored()
    response = _login(client, item.created_by).post(
        reverse("library:credit_add", args=[item.pk]), {"email": coauthor.email}
    )
    assert "Kenji Watanabe is already credited." in response.content.decode()
    link = writing_link()
    response = _login(client, link.created_by).post(
        reverse("library:credit_add", args=[link.pk]), {"email": coauthor.email}
    )
    assert "one curator" in response.content.decode()


def test_credit_add_refuses_by_role(client):
    item, _coauthor, invited, _pending = _coauthored()
    url = reverse("library:credit_add", args=[item.pk])
    data = {"email": MemberFactory().email}
    assert "/login/" in client.post(url, data)["Location"]
    assert _login(client, ApplicantFactory()).post(url, data).status_code == 404
    assert _login(client, MemberFactory()).post(url, data).status_code == 404
    assert _login(client, invited).post(url, data).status_code == 403
    assert _login(client, StaffFactory()).post(url, data).status_code == 302


def test_the_creator_removes_an_invitation_and_a_coauthor_cannot(client):
    item, coauthor, _invited, pending = _coauthored()
    url = reverse("library:credit_remove", args=[item.pk, pending.pk])
    assert "/login/" in client.post(url)["Location"]
    assert _login(client, MemberFactory()).post(url).status_code == 404
    assert _login(client, coauthor).post(url).status_code == 403
    assert _login(client, item.created_by).post(url).status_code == 302
    assert not Credit.objects.filter(pk=pending.pk).exists()
    other = reverse("library:credit_remove", args=[item.pk, 999999])
    assert _login(client, item.created_by).post(other).status_code == 404


def test_the_invited_member_accepts_and_may_then_edit(client):
    item, _coauthor, invited, pending = _coauthored()
    url = reverse("library:credit_accept", args=[pending.pk])
    assert "/login/" in client.post(url)["Location"]
    assert _login(client, item.created_by).post(url).status_code == 404
    response = _login(client, invited).post(url)
    assert response["Location"] == reverse("library:preview", args=[item.pk])
    assert Credit.objects.get(pk=pending.pk).accepted_at is not None
    assert client.get(reverse("library:edit", args=[item.pk])).status_code == 200
    response = client.post(url, follow=True)
    assert "already answered" in response.content.decode()


def test_the_invited_member_declines_and_the_draft_closes_to_them(client):
    item, _coauthor, invited, pending = _coauthored()
    url = reverse("library:credit_decline", args=[pending.pk])
    assert "/login/" in client.post(url)["Location"]
    assert _login(client, MemberFactory()).post(url).status_code == 404
    assert _login(client, invited).get(url).status_code == 405
    assert _login(client, invited).post(url)["Location"] == reverse("library:mine")
    assert Credit.objects.get(pk=pending.pk).declined_at is not None
    assert client.get(reverse("library:preview", args=[item.pk])).status_code == 404


def test_an_applicant_invited_before_losing_membership_cannot_accept(client):
    _item, _coauthor, invited, pending = _coauthored()
    invited.profile.member_since = None
    invited.profile.save()
    response = _login(client, invited).post(reverse("library:credit_accept", args=[pending.pk]))
    assert response.status_code == 403


# --- My library -------------------------------------------------------------------------------


def test_mine_refuses_visitors_and_applicants(client):
    assert "/login/" in client.get(reverse("library:mine"))["Location"]
    assert _login(client, ApplicantFactory()).get(reverse("library:mine")).status_code == 403
    assert _login(client, StaffFactory()).get(reverse("library:mine")).status_code == 200


def test_mine_lists_items_by_stage_and_the_invitations_waiting(client):
    author = MemberFactory(name="Amara Okafor")
    item, _coauthor, invited, pending = _coauthored(author)
    in_review = writing_article(author, title="In review piece")
    writing.item_submit(item=in_review, user=author)
    published = reading_published(author=author, title="Published piece")
    sofia = MemberFactory(name="Sofia Lindqvist")
    invitation_to_author = writing.credit_invite(
        item=writing_article(sofia, title="Her article"), member=author, invited_by=sofia
    )
    page = _login(client, author).get(reverse("library:mine")).content.decode()
    assert page.index("Drafts") < page.index(item.title) < page.index("In review piece")
    assert page.index("In review piece") < page.index("Published piece")
    assert published.get_absolute_url() in page
    assert "Her article" in page and "Sofia Lindqvist invited you" in page
    assert reverse("library:credit_accept", args=[invitation_to_author.pk]) in page
    assert "Ines Pending (invited)" in page
    page = _login(client, invited).get(reverse("library:mine")).content.decode()
    assert reverse("library:credit_decline", args=[pending.pk]) in page


def _many(author, count):
    peer = MemberFactory()
    for number in range(count):
        item = writing_article(author, title=f"Draft {number}")
        writing.credit_invite(item=item, member=peer, invited_by=author)
        invitation = writing_article(peer, title=f"Invitation {number}")
        writing.credit_invite(item=invitation, member=author, invited_by=peer)


@pytest.mark.parametrize("count", [10, 200])
def test_mine_takes_the_same_queries_for_few_and_many_items(
    client, django_assert_num_queries, count
):
    author = MemberFactory()
    _many(author, count)
    client = _login(client, author)
    # The user with their profile (the session is in the cache), the items, their credits
    # with their members, the invitations with their items and inviters; the bell's count.
    with django_assert_num_queries(5):
        response = client.get(reverse("library:mine"))
    assert response.content.decode().count("Invitation ") >= count


def test_a_very_long_title_is_refused_with_all_of_it_kept(member_client):
    title = "Glue " * 100
    response = member_client.post(reverse("library:new_article"), {**ARTICLE_POST, "title": title})
    page = response.content.decode()
    assert not Item.objects.exists()
    (title_input,) = re.findall(r'<input[^>]*name="title"[^>]*>', page)
    # No maxlength: a browser would cut a pasted title short without a word.
    assert "maxlength" not in title_input and title.strip() in title_input
    assert "at most 400 characters" in page
