"""Comments on the manifesto's sections: the services and the selectors that show them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pillars import services
from pillars.models import CommentRevision, ManifestoComment
from pillars.selectors.comments import (
    LATEST_REPLIES,
    THREADS_PER_PAGE,
    section_comment_counts,
    section_threads,
)
from tests.factories import MemberFactory, StaffFactory
from tests.pillars.conftest import publish

pytestmark = pytest.mark.django_db


def _comment(version, author, body="Insight needs a word on qualitative research.", **kw):
    kw.setdefault("section_key", "insight")
    return services.comment_create(version=version, author=author, body=body, notify=False, **kw)


def _threads(version, key="insight", viewer=None, page=None):
    section = version.sections.get(key=key)
    viewer = viewer or MemberFactory()
    return section_threads(version=version, section=section, viewer=viewer, page_number=page)


# --- Writing ----------------------------------------------------------------------------------


def test_a_member_comments_on_a_section_in_sanitized_markdown(v1, member):
    comment = _comment(v1, member, body="**Yes**, but <script>alert(1)</script> [x](javascript:1)")
    assert comment.version == v1 and comment.section_key == "insight" and comment.parent is None
    assert "<strong>Yes</strong>" in comment.body_html
    assert "<script" not in comment.body_html and "javascript:" not in comment.body_html


def test_staff_comment_too(v1, staff):
    assert _comment(v1, staff).author == staff


def test_an_applicant_may_not_comment(v1, applicant):
    with pytest.raises(PermissionDenied):
        _comment(v1, applicant)


def test_a_comment_needs_a_section_of_that_version(v1, member):
    with pytest.raises(ValidationError, match="no section"):
        _comment(v1, member, section_key="closing")


def test_a_draft_takes_no_comments(v1, member, staff):
    draft = services.draft_start(started_by=staff)
    with pytest.raises(ValidationError, match="published"):
        _comment(draft, member)


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 20_001])
def test_an_empty_or_overlong_comment_is_refused_at_its_field(v1, member, body):
    with pytest.raises(ValidationError) as refused:
        _comment(v1, member, body=body)
    assert "body" in refused.value.message_dict
    assert not ManifestoComment.objects.exists()


def test_a_reply_to_a_reply_joins_its_thread(v1, member):
    thread = _comment(v1, member)
    first = _comment(v1, MemberFactory(), body="Agreed.", parent=thread)
    second = _comment(v1, MemberFactory(), body="Me too.", parent=first)
    assert first.parent == thread and second.parent == thread


def test_no_reply_to_a_deleted_or_hidden_thread(v1, member, staff):
    deleted, hidden = _comment(v1, member), _comment(v1, member)
    services.comment_delete(comment=deleted, user=member)
    services.comment_hide(comment=hidden, hidden_by=staff)
    for thread in (deleted, hidden):
        with pytest.raises(ValidationError, match="no longer open"):
            _comment(v1, MemberFactory(), body="Hm.", parent=thread)


def test_a_reply_is_on_its_threads_section_and_not_on_an_older_version(v1, member):
    v2 = publish(changes={"insight": "Rewritten."})
    thread = _comment(v2, member)
    with pytest.raises(ValidationError, match="started on v2"):
        _comment(v1, MemberFactory(), body="Hm.", parent=thread)
    with pytest.raises(ValidationError, match="its thread's section"):
        _comment(v2, MemberFactory(), body="Hm.", parent=thread, section_key="people")


def test_the_author_edits_and_the_earlier_text_is_kept(v1, member):
    comment = _comment(v1, member, body="First thought.")
    services.comment_edit(comment=comment, user=member, body="Second *thought*.")
    comment.refresh_from_db()
    assert comment.body_markdown == "Second *thought*." and "<em>thought</em>" in comment.body_html
    assert comment.edited_at is not None
    (revision,) = CommentRevision.objects.filter(comment=comment)
    assert revision.body_markdown == "First thought." and revision.written_at == comment.created_at


def test_saving_the_same_text_keeps_no_revision(v1, member):
    comment = _comment(v1, member, body="Same.")
    services.comment_edit(comment=comment, user=member, body="  Same. ")
    assert not CommentRevision.objects.exists() and comment.edited_at is None


def test_only_the_author_edits_or_deletes(v1, member, staff):
    comment = _comment(v1, member)
    for other in (MemberFactory(), staff):
        with pytest.raises(PermissionDenied):
            services.comment_edit(comment=comment, user=other, body="Mine now.")
        with pytest.raises(PermissionDenied):
            services.comment_delete(comment=comment, user=other)


def test_a_deleted_or_hidden_comment_is_not_edited(v1, member, staff):
    deleted, hidden = _comment(v1, member), _comment(v1, member)
    services.comment_delete(comment=deleted, user=member)
    services.comment_hide(comment=hidden, hidden_by=staff)
    for comment in (deleted, hidden):
        with pytest.raises(ValidationError):
            services.comment_edit(comment=comment, user=member, body="New.")


def test_a_former_member_may_still_delete_their_comment(v1, member):
    comment = _comment(v1, member)
    member.profile.member_since = None
    member.profile.save()
    services.comment_delete(comment=comment, user=member)
    assert comment.deleted_at is not None


def test_only_staff_hide_and_show_again(v1, member, staff):
    comment = _comment(v1, MemberFactory())
    with pytest.raises(PermissionDenied):
        services.comment_hide(comment=comment, hidden_by=member)
    services.comment_hide(comment=comment, hidden_by=staff)
    assert comment.is_hidden and comment.hidden_by == staff
    with pytest.raises(PermissionDenied):
        services.comment_unhide(comment=comment, unhidden_by=member)
    services.comment_unhide(comment=comment, unhidden_by=staff)
    assert not comment.is_hidden and comment.hidden_by is None


def test_staff_or_the_threads_author_resolve_and_reopen(v1, member, staff):
    thread = _comment(v1, member)
    with pytest.raises(PermissionDenied):
        services.comment_resolve(thread=thread, user=MemberFactory())
    services.comment_resolve(thread=thread, user=member)
    assert thread.is_resolved and thread.resolved_by == member and thread.resolved_in is None
    with pytest.raises(PermissionDenied):
        services.comment_unresolve(thread=thread, user=MemberFactory())
    services.comment_unresolve(thread=thread, user=staff)
    assert not thread.is_resolved and thread.resolved_by is None
    services.comment_resolve(thread=thread, user=staff)
    assert thread.resolved_by == staff


def test_a_reply_is_not_resolved_on_its_own(v1, member):
    reply = _comment(v1, member, parent=_comment(v1, MemberFactory()))
    with pytest.raises(ValidationError, match="Threads are resolved"):
        services.comment_resolve(thread=reply, user=member)


def test_an_author_who_is_no_longer_a_member_does_not_resolve(v1):
    author = MemberFactory()
    thread = _comment(v1, author)
    author.profile.member_since = None
    author.profile.save()
    with pytest.raises(PermissionDenied):
        services.comment_resolve(thread=thread, user=author)


# --- The counts under each section -------------------------------------------------------------


def test_the_counts_under_each_section_take_one_query(v1, member, staff):
    thread = _comment(v1, member)
    _comment(v1, MemberFactory(), body="Yes.", parent=thread)
    resolved = _comment(v1, member, section_key="people")
    services.comment_resolve(thread=resolved, user=member)
    services.comment_hide(comment=_comment(v1, member), hidden_by=staff)
    services.comment_delete(comment=_comment(v1, member), user=member)
    with CaptureQueriesContext(connection) as queries:
        counts = section_comment_counts(version=v1)
    assert len(queries) == 1
    assert (counts["insight"].comments, counts["insight"].open_threads) == (2, 1)
    assert (counts["people"].comments, counts["people"].open_threads) == (1, 0)
    assert "process" not in counts


def test_comments_follow_their_section_to_later_versions_but_not_back(v1, member):
    _comment(v1, member)
    v2 = publish(changes={"insight": "Rewritten."})
    _comment(v2, member)
    assert section_comment_counts(version=v1)["insight"].comments == 1
    assert section_comment_counts(version=v2)["insight"].comments == 2
    draft = services.draft_start(started_by=StaffFactory())
    assert section_comment_counts(version=draft) == {}


# --- A section's threads -----------------------------------------------------------------------


def test_a_thread_on_a_changed_text_is_marked_outdated_and_one_on_the_same_text_is_not(v1, member):
    on_insight = _comment(v1, member)
    on_people = _comment(v1, member, section_key="people")
    v2 = publish(changes={"insight": "Rewritten."})
    (insight,) = _threads(v2).threads
    (people,) = _threads(v2, key="people").threads
    assert insight == on_insight and insight.is_outdated
    assert people == on_people and not people.is_outdated
    (same_version,) = _threads(v1).threads
    assert not same_version.is_outdated


def test_replies_written_on_a_later_version_do_not_show_on_an_older_one(v1, member):
    thread = _comment(v1, member)
    _comment(v1, MemberFactory(), body="On v1.", parent=thread)
    v2 = publish(changes={"insight": "Rewritten."})
    _comment(v2, MemberFactory(), body="On v2.", parent=thread)
    _comment(v2, MemberFactory(), body="A v2 thread.")
    (on_v1,) = _threads(v1).threads
    assert [r.body_markdown for r in on_v1.shown_replies] == ["On v1."]
    on_v2 = _threads(v2).threads
    assert len(on_v2) == 2
    assert [r.body_markdown for r in on_v2[1].shown_replies] == ["On v1.", "On v2."]


def test_threads_come_most_recently_active_first(v1, member):
    old, new = _comment(v1, member, body="Old."), _comment(v1, member, body="New.")
    assert _threads(v1).threads == [new, old]
    _comment(v1, MemberFactory(), body="Revived.", parent=old)
    assert _threads(v1).threads == [old, new]


def test_a_hidden_comment_is_read_by_staff_and_its_author_only(v1, member, staff):
    comment = _comment(v1, member)
    services.comment_hide(comment=comment, hidden_by=staff)
    for viewer, shown in ((member, True), (staff, True), (MemberFactory(), False)):
        (thread,) = _threads(v1, viewer=viewer).threads
        assert thread.body_shown is shown


def test_a_deleted_thread_stays_while_it_has_replies(v1, member):
    lonely, answered = _comment(v1, member, body="Lonely."), _comment(v1, member, body="Answered.")
    _comment(v1, MemberFactory(), body="An answer.", parent=answered)
    for thread in (lonely, answered):
        services.comment_delete(comment=thread, user=member)
    (thread,) = _threads(v1).threads
    assert thread == answered and not thread.body_shown and len(thread.shown_replies) == 1


def _many_threads(version, count):
    authors = [MemberFactory() for _ in range(5)]
    for n in range(count):
        thread = _comment(version, authors[n % 5], body=f"Thread {n}.")
        if n % 2:
            _comment(version, authors[(n + 1) % 5], body=f"Reply {n}.", parent=thread)


@pytest.mark.parametrize("comments", [10, 200])
def test_a_sections_threads_take_four_queries_however_many(
    v1, member, django_assert_num_queries, comments
):
    v2 = publish(changes={"insight": "Rewritten."})
    _many_threads(v1, comments // 2)
    _many_threads(v2, comments - comments // 2)
    section = v2.sections.get(key="insight")
    assert member.profile  # as a request's user is, the viewer comes with their profile
    # The count of threads, the page of threads with their authors and versions, their
    # replies with theirs, and the section's text in the earlier versions.
    with django_assert_num_queries(4):
        threads = section_threads(version=v2, section=section, viewer=member).threads
        for thread in threads:
            assert thread.author.display_name and thread.version.label
            assert all(reply.author.display_name for reply in thread.shown_replies)
    assert len(threads) == min(THREADS_PER_PAGE, comments)


def test_a_long_thread_shows_its_latest_replies_and_in_full_on_its_own(
    v1, member, django_assert_num_queries
):
    long = _comment(v1, member, body="Long.")
    for n in range(LATEST_REPLIES + 3):
        _comment(v1, MemberFactory(), body=f"Reply {n}.", parent=long)
    short = _comment(v1, member, body="Short.")
    _comment(v1, MemberFactory(), body="Only reply.", parent=short)

    threads = {thread.pk: thread for thread in _threads(v1).threads}

    latest = [reply.body_markdown for reply in threads[long.pk].shown_replies]
    assert latest == [f"Reply {n}." for n in range(3, LATEST_REPLIES + 3)]  # oldest first
    assert (threads[long.pk].reply_total, threads[long.pk].replies_left_out) == (8, 3)
    assert (threads[short.pk].reply_total, threads[short.pk].replies_left_out) == (1, 0)
    section = v1.sections.get(key="insight")
    # The same four queries for one thread in full.
    with django_assert_num_queries(4):
        one = section_threads(version=v1, section=section, viewer=member, thread_id=long.pk)
    assert [thread.pk for thread in one.threads] == [long.pk]
    assert len(one.threads[0].shown_replies) == 8 and one.threads[0].replies_left_out == 0


def test_threads_come_twenty_to_a_page(v1, member):
    for n in range(THREADS_PER_PAGE + 3):
        _comment(v1, member, body=f"Thread {n}.")
    assert len(_threads(v1).threads) == THREADS_PER_PAGE
    second = _threads(v1, page=2)
    assert len(second.threads) == 3 and second.page.number == 2
    assert _threads(v1, page="9999").page.number == 2
    assert _threads(v1, page="x").page.number == 1
