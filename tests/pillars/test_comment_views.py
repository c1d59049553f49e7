"""Discussing a section on the site: the section's page, comment, reply, edit, delete, hide,
resolve; the refusal of each role; the summary under each section of the manifesto."""

import pytest
from django.urls import reverse

from pillars import services
from pillars.models import CommentRevision, ManifestoComment
from tests.factories import MemberFactory
from tests.pillars.conftest import publish

pytestmark = pytest.mark.django_db

SECTION = "/manifesto/v1/insight/"


def _comment(version, author, body="Say more about qualitative research.", **kw):
    kw.setdefault("section_key", "insight")
    return services.comment_create(version=version, author=author, body=body, notify=False, **kw)


def _url(name, comment):
    return reverse(f"pillars:comment_{name}", args=[comment.pk])


def _login(client, user):
    client.force_login(user)
    return client


# --- The section's page ----------------------------------------------------------------------


def test_a_visitor_reads_the_discussion_and_is_told_members_can_comment(client, v1, member):
    _comment(v1, member, body="Qualitative **research** matters.")
    page = client.get(SECTION).content.decode()
    assert "<h1>Insight</h1>" in page
    assert "Qualitative <strong>research</strong> matters." in page
    assert "Members can comment." in page and "/accounts/login/?next=/manifesto/v1/insight/" in page
    assert 'name="body"' not in page


def test_an_applicant_reads_it_too_and_is_pointed_to_their_application(client, v1, applicant):
    page = _login(client, applicant).get(SECTION).content.decode()
    assert "Members can comment." in page and reverse("members:apply") in page
    assert 'name="body"' not in page


def test_a_member_sees_the_comment_form(member_client, v1):
    page = member_client.get(SECTION).content.decode()
    assert 'id="comment-form"' in page and 'name="body"' in page
    assert "Members can comment." not in page


@pytest.mark.parametrize("url", ["/manifesto/v1/closing/", "/manifesto/v9/insight/"])
def test_an_unknown_section_or_version_is_404(client, v1, url):
    assert client.get(url).status_code == 404


def test_a_draft_has_no_discussion_page(client, v1, staff):
    services.draft_start(started_by=staff)
    assert client.get("/manifesto/v2/insight/").status_code == 404


def test_a_member_posts_a_comment(member_client, v1, member):
    response = member_client.post(SECTION, {"body": "What about *research ops*?"})
    comment = ManifestoComment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{SECTION}#comment-{comment.pk}"
    assert comment.author == member and comment.version == v1 and comment.section_key == "insight"


def test_an_empty_comment_is_refused_at_the_field(member_client, v1):
    page = member_client.post(SECTION, {"body": "   "})
    assert page.status_code == 200
    assert "Write something before you send it." in page.content.decode()
    assert not ManifestoComment.objects.exists()


def test_an_overlong_comment_comes_back_with_its_text(member_client, v1):
    body = "word " * 4_001
    page = member_client.post(SECTION, {"body": body}).content.decode()
    assert "Ensure this value has at most 20000 characters" in page
    assert body.strip()[:200] in page
    assert not ManifestoComment.objects.exists()


def test_an_applicant_may_not_post_a_comment(client, v1, applicant):
    assert _login(client, applicant).post(SECTION, {"body": "Hi"}).status_code == 403
    assert not ManifestoComment.objects.exists()


def test_a_visitor_posting_is_sent_to_log_in(client, v1):
    response = client.post(SECTION, {"body": "Hi"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_an_earlier_thread_on_a_changed_text_says_so_with_a_link_to_the_diff(client, v1, member):
    thread = _comment(v1, member)
    _comment(v1, member, section_key="people")
    publish(changes={"insight": "Rewritten."})
    page = client.get("/manifesto/v2/insight/").content.decode()
    assert "Written on v1; the text has changed since" in page
    assert 'href="/manifesto/compare/1/2/#insight"' in page
    assert f'id="comment-{thread.pk}"' in page
    people = client.get("/manifesto/v2/people/").content.decode()
    assert "Written on v1; the text has not changed since" in people
    older = client.get(SECTION).content.decode()
    assert "A newer version" in older and "Written on" not in older


@pytest.mark.parametrize("comments", [10, 200])
def test_the_section_page_costs_the_same_queries_however_many_comments(
    member_client, v1, django_assert_num_queries, comments
):
    authors = [MemberFactory() for _ in range(4)]
    for n in range(comments // 2):
        thread = _comment(v1, authors[n % 4], body=f"Thread {n}.")
        _comment(v1, authors[(n + 1) % 4], body=f"Reply {n}.", parent=thread)
    # The version; its section; the count of threads, the page of threads (with authors and
    # versions), their replies (with theirs), the section's text in earlier versions; the
    # viewer with their profile (the session is in the cache); the latest version's number;
    # the UPDATE marking the viewer's notifications of the threads shown read; the bell's
    # unread count.
    with django_assert_num_queries(10):
        assert member_client.get(SECTION).status_code == 200


def test_a_long_thread_links_to_all_its_replies(member_client, v1):
    thread = _comment(v1, MemberFactory(), body="Long.")
    replies = [
        _comment(v1, MemberFactory(), body=f"Reply number {n}.", parent=thread) for n in range(9)
    ]

    page = member_client.get(SECTION).content.decode()
    assert "Reply number 8." in page and "Reply number 3." not in page
    assert f'href="?thread={thread.pk}#comment-{thread.pk}">Show all 9 replies' in page

    full = member_client.get(SECTION, {"thread": thread.pk}).content.decode()
    assert all(f'id="comment-{reply.pk}"' in full for reply in replies)
    assert "Every thread on this section" in full
    assert member_client.get(SECTION, {"thread": "9" * 30}).status_code == 200


# --- Replying ----------------------------------------------------------------------------------


def test_a_member_replies_from_a_later_versions_page(member_client, v1, member):
    thread = _comment(v1, MemberFactory())
    publish(changes={"insight": "Rewritten."})
    response = member_client.post(_url("reply", thread), {"body": "v2 fixed it.", "version": "2"})
    reply = ManifestoComment.objects.get(parent=thread)
    assert response.url == f"/manifesto/v2/insight/#comment-{reply.pk}"
    assert reply.version.number == 2 and reply.author == member


def test_a_reply_with_a_made_up_version_is_written_on_the_threads(member_client, v1):
    thread = _comment(v1, MemberFactory())
    for version in ("99", "abc", "²", "1" * 30):
        member_client.post(_url("reply", thread), {"body": "Hi", "version": version})
    assert {r.version_id for r in thread.replies.all()} == {v1.pk}


def test_a_refused_reply_comes_back_in_its_thread_with_the_text(member_client, v1):
    thread = _comment(v1, MemberFactory())
    _comment(v1, MemberFactory(), body="Another thread.")
    page = member_client.post(
        _url("reply", thread), {"body": "x" * 20_001, "version": "1", "page": "1"}
    ).content.decode()
    assert "Ensure this value has at most 20000 characters" in page
    assert '<details class="mc-reply" open>' in page
    assert page.count(" open>") == 1 and "x" * 100 in page
    assert not thread.replies.exists()


def test_a_reply_to_a_hidden_thread_is_refused_with_a_message(member_client, v1, staff):
    thread = _comment(v1, MemberFactory())
    services.comment_hide(comment=thread, hidden_by=staff)
    page = member_client.post(_url("reply", thread), {"body": "Hi"}).content.decode()
    assert "no longer open for replies" in page


def test_replying_refuses_applicants_visitors_and_gets(client, v1, applicant, member):
    thread = _comment(v1, member)
    assert client.post(_url("reply", thread), {"body": "Hi"}).status_code == 302
    assert _login(client, applicant).post(_url("reply", thread), {"body": "Hi"}).status_code == 403
    assert _login(client, member).get(_url("reply", thread)).status_code == 405
    assert client.post("/manifesto/comments/999999/reply/", {"body": "Hi"}).status_code == 404
    assert not thread.replies.exists()


# --- Editing, deleting -------------------------------------------------------------------------


def test_the_author_edits_their_comment_and_returns_to_the_page(member_client, v1, member):
    comment = _comment(v1, member, body="First.")
    form = member_client.get(_url("edit", comment) + f"?next={SECTION}").content.decode()
    assert "First.</textarea>" in form
    back = f"{SECTION}?page=1#comment-{comment.pk}"
    response = member_client.post(_url("edit", comment), {"body": "Second.", "next": back})
    assert response.url == back
    comment.refresh_from_db()
    assert comment.body_markdown == "Second." and comment.edited_at
    assert CommentRevision.objects.get().body_markdown == "First."
    assert "edited" in member_client.get(SECTION).content.decode()


def test_an_edit_goes_nowhere_off_the_site(member_client, v1, member):
    comment = _comment(v1, member)
    response = member_client.post(
        _url("edit", comment), {"body": "New.", "next": "https://evil.example/"}
    )
    assert response.url == comment.get_absolute_url()


def test_an_empty_edit_is_refused_at_the_field(member_client, v1, member):
    comment = _comment(v1, member, body="Kept.")
    page = member_client.post(_url("edit", comment), {"body": ""}).content.decode()
    assert "Write something before you send it." in page
    comment.refresh_from_db()
    assert comment.body_markdown == "Kept."


def test_only_the_author_edits(client, v1, member, staff, applicant):
    comment = _comment(v1, member)
    assert client.get(_url("edit", comment)).status_code == 302
    for other in (MemberFactory(), staff):
        assert _login(client, other).post(_url("edit", comment), {"body": "x"}).status_code == 403
    assert _login(client, applicant).get(_url("edit", comment)).status_code == 403


def test_the_author_deletes_and_the_thread_stays_readable(member_client, v1, member):
    thread = _comment(v1, member)
    reply = _comment(v1, MemberFactory(), body="An answer.", parent=thread)
    page = member_client.get(SECTION).content.decode()
    assert 'data-confirm="Delete your comment?' in page
    response = member_client.post(_url("delete", thread), {"next": SECTION})
    assert response.status_code == 302 and response.url == SECTION
    page = member_client.get(SECTION).content.decode()
    assert "This comment was deleted." in page and "An answer." in page
    assert f'id="comment-{reply.pk}"' in page


def test_only_the_author_deletes(client, v1, member, staff):
    comment = _comment(v1, member)
    assert client.post(_url("delete", comment)).status_code == 302  # to log in
    for other in (MemberFactory(), staff):
        assert _login(client, other).post(_url("delete", comment)).status_code == 403
    assert _login(client, member).get(_url("delete", comment)).status_code == 405
    comment.refresh_from_db()
    assert comment.deleted_at is None


# --- Hiding, resolving -------------------------------------------------------------------------


def test_staff_hide_and_show_a_comment_again(client, v1, member, staff):
    comment = _comment(v1, member, body="Buy my tool.")
    assert _login(client, staff).post(_url("hide", comment)).status_code == 302
    assert "Buy my tool." in client.get(SECTION).content.decode()  # staff still read it
    others = _login(client, MemberFactory()).get(SECTION).content.decode()
    assert "This comment was hidden by staff." in others and "Buy my tool." not in others
    own = _login(client, member).get(SECTION).content.decode()
    assert "Buy my tool." in own and "Hidden by staff" in own
    _login(client, staff).post(_url("hide", comment))
    comment.refresh_from_db()
    assert comment.hidden_at is None


def test_only_staff_hide(client, v1, member, applicant):
    comment = _comment(v1, member)
    assert client.post(_url("hide", comment)).status_code == 302
    for other in (member, applicant):
        assert _login(client, other).post(_url("hide", comment)).status_code == 403
    comment.refresh_from_db()
    assert comment.hidden_at is None


def test_the_threads_author_resolves_and_reopens(member_client, v1, member):
    thread = _comment(v1, member)
    member_client.post(_url("resolve", thread))
    thread.refresh_from_db()
    assert thread.is_resolved
    page = member_client.get(SECTION).content.decode()
    assert "Resolved" in page and f"Marked resolved by {member.display_name}" in page
    member_client.post(_url("resolve", thread))
    thread.refresh_from_db()
    assert not thread.is_resolved


def test_staff_resolve_any_thread(client, v1, member, staff):
    thread = _comment(v1, member)
    assert _login(client, staff).post(_url("resolve", thread)).status_code == 302
    thread.refresh_from_db()
    assert thread.resolved_by == staff


def test_others_do_not_resolve_and_replies_are_not_resolved(client, v1, member, applicant):
    thread = _comment(v1, member)
    reply = _comment(v1, member, body="And more.", parent=thread)
    assert client.post(_url("resolve", thread)).status_code == 302  # to log in
    for other in (MemberFactory(), applicant):
        assert _login(client, other).post(_url("resolve", thread)).status_code == 403
    assert _login(client, member).post(_url("resolve", reply)).status_code == 403
    thread.refresh_from_db()
    assert not thread.is_resolved


def test_a_thread_resolved_by_a_version_links_to_the_diff(client, v1, member):
    thread = _comment(v1, member)
    publish(changes={"insight": "Rewritten."}, resolves=[thread.pk])
    page = client.get("/manifesto/v2/insight/").content.decode()
    assert 'Resolved by <a href="/manifesto/compare/1/2/#insight">the change in v2</a>' in page


# --- Under each section of the manifesto -------------------------------------------------------


def test_each_section_of_the_manifesto_says_how_much_discussion_it_has(client, v1, member):
    thread = _comment(v1, member)
    _comment(v1, MemberFactory(), body="Yes.", parent=thread)
    page = client.get(reverse("pillars:manifesto")).content.decode()
    assert "2 comments · 1 open thread" in page and "No comments yet" in page
    assert f'href="{SECTION}"' in page
    assert "Comment on this section" not in page
    members_page = _login(client, member).get(reverse("pillars:manifesto")).content.decode()
    assert f'href="{SECTION}#comment-form"' in members_page


def test_a_reply_to_a_thread_deleted_meanwhile_keeps_the_text_to_copy(member_client, v1):
    author = MemberFactory()
    thread = _comment(v1, author)
    services.comment_delete(comment=thread, user=author)
    page = member_client.post(_url("reply", thread), {"body": "My long answer."}).content.decode()
    assert "no longer open for replies" in page and "My long answer.</textarea>" in page
