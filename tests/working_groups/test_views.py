import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import MemberFactory, join, make_group, make_post
from working_groups import services
from working_groups.models import GroupMembership, Post, Reaction, Reply, Report
from working_groups.selectors import FEED_PAGE_SIZE, group_feed

pytestmark = pytest.mark.django_db


def _html(response):
    return response.content.decode()


# --- Index and group page ---------------------------------------------------------------------


def test_the_index_shows_groups_with_counts_to_a_visitor(client, group):
    join(group, MemberFactory(), MemberFactory())
    page = _html(client.get(reverse("working_groups:index")))
    assert "Process" in page
    assert "2 members" in page


def test_a_visitor_sees_the_description_not_the_feed(client, group, in_group):
    make_post(group=group, author=in_group, body="Secret sauce of our planning")
    page = _html(client.get(group.get_absolute_url()))
    assert group.purpose in page
    assert "Secret sauce" not in page
    assert "Only members of the alliance read" in page


def test_an_applicant_sees_the_description_not_the_feed(applicant_client, group, in_group):
    make_post(group=group, author=in_group, body="Secret sauce of our planning")
    page = _html(applicant_client.get(group.get_absolute_url()))
    assert "Secret sauce" not in page


def test_a_member_reads_an_open_groups_feed_before_joining(member_client, group):
    author = join(group, MemberFactory())
    make_post(group=group, author=author, body="Our tooling consolidation story")
    page = _html(member_client.get(group.get_absolute_url()))
    assert "Our tooling consolidation story" in page
    assert "Join the group" in page
    assert "Start a conversation" not in page
    assert "Join the group to post" in page


def test_a_request_to_join_groups_feed_is_for_its_members(member_client):
    lead = MemberFactory()
    group = make_group(name="Stakeholders", join_policy="request", leads=[lead])
    make_post(group=group, author=lead, body="Board prep notes")
    page = _html(member_client.get(group.get_absolute_url()))
    assert "Board prep notes" not in page
    assert "Ask to join" in page


def test_joining_and_leaving_from_the_group_page(member_client, member, group):
    response = member_client.post(reverse("working_groups:join", args=[group.slug]))
    assert response.status_code == 302
    assert GroupMembership.objects.get(user=member).is_active
    member_client.post(reverse("working_groups:leave", args=[group.slug]))
    assert not GroupMembership.objects.filter(user=member).exists()


def test_an_applicant_cannot_join(applicant_client, group):
    response = applicant_client.post(reverse("working_groups:join", args=[group.slug]))
    assert response.status_code == 403
    assert not GroupMembership.objects.exists()


def test_a_lead_approves_a_request_from_the_queue(client, member):
    lead = MemberFactory()
    group = make_group(name="Stakeholders", join_policy="request", leads=[lead])
    membership = services.membership_join(group=group, user=member)
    client.force_login(lead)
    queue = _html(client.get(reverse("working_groups:moderation", args=[group.slug])))
    assert member.display_name in queue
    url = reverse("working_groups:request_decide", args=[group.slug, membership.pk])
    client.post(url, {"decision": "approve"})
    membership.refresh_from_db()
    assert membership.is_active


def test_a_member_cannot_decide_requests(member_client):
    requester = MemberFactory()
    group = make_group(name="Stakeholders", join_policy="request")
    membership = services.membership_join(group=group, user=requester)
    url = reverse("working_groups:request_decide", args=[group.slug, membership.pk])
    assert member_client.post(url, {"decision": "approve"}).status_code == 403
    membership.refresh_from_db()
    assert not membership.is_active


# --- Posts ------------------------------------------------------------------------------------


def test_a_member_of_the_group_posts_with_tags(member_client, in_group, group):
    url = reverse("working_groups:post_create", args=[group.slug])
    response = member_client.post(
        url, {"title": "Roadmap standard", "body": "We use **one** template.", "tags": "roadmaps"}
    )
    post = Post.objects.get()
    assert response.url == post.get_absolute_url()
    assert post.tags.names()[0] == "roadmaps"
    feed = _html(member_client.get(group.get_absolute_url()))
    assert "<strong>one</strong>" in feed
    assert "#roadmaps" in feed


def test_a_post_with_no_text_keeps_what_was_typed(member_client, in_group, group):
    url = reverse("working_groups:post_create", args=[group.slug])
    response = member_client.post(url, {"title": "Kept title", "body": "", "tags": "kept-tag"})
    page = _html(response)
    assert response.status_code == 200
    assert "Write something before you post." in page
    assert "Kept title" in page
    assert "kept-tag" in page


def test_a_member_outside_the_group_cannot_post(member_client, group):
    url = reverse("working_groups:post_create", args=[group.slug])
    assert member_client.post(url, {"body": "Hello"}).status_code == 403
    assert not Post.objects.exists()


def test_the_author_edits_and_they_and_leads_see_earlier_versions(client, in_group, group, lead):
    post = make_post(group=group, author=in_group, body="First take")
    client.force_login(in_group)
    url = reverse("working_groups:post_edit", args=[post.pk])
    client.post(url, {"title": "", "body": "Second take", "tags": ""})
    assert "edited" in _html(client.get(post.get_absolute_url()))
    history = reverse("working_groups:post_history", args=[post.pk])
    assert "First take" in _html(client.get(history))
    client.force_login(join(group, MemberFactory()))
    assert client.get(history).status_code == 403
    client.force_login(lead)
    assert "First take" in _html(client.get(history))


def test_someone_else_cannot_edit_or_delete_a_post(member_client, group, lead):
    post = make_post(group=group, author=lead)
    for name in ("working_groups:post_edit", "working_groups:post_delete"):
        response = member_client.post(reverse(name, args=[post.pk]), {"body": "mine"})
        assert response.status_code == 403
    post.refresh_from_db()
    assert post.deleted_at is None


def test_the_author_deletes_a_post(member_client, in_group, group):
    post = make_post(group=group, author=in_group, body="Regrettable")
    member_client.post(reverse("working_groups:post_delete", args=[post.pk]))
    assert "Regrettable" not in _html(member_client.get(group.get_absolute_url()))
    # Its address says what became of it (tests/working_groups/test_dead_ends.py).
    assert "Regrettable" not in _html(member_client.get(post.get_absolute_url()))


# --- Replies, reactions -----------------------------------------------------------------------


def test_replying_without_javascript_redirects_to_the_reply(member_client, in_group, group):
    post = make_post(group=group, author=in_group)
    url = reverse("working_groups:reply_create", args=[post.pk])
    response = member_client.post(url, {"body": "We plan in six-week cycles."})
    reply = Reply.objects.get()
    assert response.url.endswith(f"#reply-{reply.pk}")


def test_replying_with_htmx_answers_the_new_reply_and_a_fresh_form(member_client, in_group, group):
    post = make_post(group=group, author=in_group)
    url = reverse("working_groups:reply_create", args=[post.pk])
    response = member_client.post(url, {"body": "Six-week cycles."}, HTTP_HX_REQUEST="true")
    page = _html(response)
    assert "Six-week cycles." in page
    assert 'hx-swap-oob="outerHTML"' in page
    assert "<html" not in page


def test_a_quote_reply_shows_the_quote_and_keeps_it_out_of_the_answer(
    member_client, in_group, group
):
    post = make_post(group=group, author=in_group)
    reply = services.reply_create(post=post, author=in_group, body="Quote me", notify=False)
    page = _html(member_client.get(post.get_absolute_url(), {"quote": reply.pk}))
    assert "Answering" in page
    assert f'name="quoted" value="{reply.pk}"' in page
    url = reverse("working_groups:reply_create", args=[post.pk])
    member_client.post(url, {"body": "Agreed", "quoted": reply.pk})
    answer = Reply.objects.get(body_markdown="Agreed")
    assert answer.quoted == reply


def test_a_hidden_reply_disappears_from_the_quotes_of_it(client, in_group, group, lead):
    post = make_post(group=group, author=in_group)
    rude = services.reply_create(post=post, author=in_group, body="Rude remark", notify=False)
    services.reply_create(post=post, author=lead, body="Please don't", quoted=rude, notify=False)
    services.reply_hide(reply=rude, by=lead)
    client.force_login(in_group)
    page = _html(client.get(post.get_absolute_url()))
    assert "Rude remark" not in page
    assert "The quoted reply is no longer shown." in page


def test_replying_needs_membership_of_the_group(member_client, group, lead):
    post = make_post(group=group, author=lead)
    url = reverse("working_groups:reply_create", args=[post.pk])
    assert member_client.post(url, {"body": "hi"}).status_code == 403


def test_a_reaction_toggles_in_place_with_htmx(member_client, in_group, group):
    post = make_post(group=group, author=in_group)
    url = reverse("working_groups:post_react", args=[post.pk])
    page = _html(member_client.post(url, {"kind": "insightful"}, HTTP_HX_REQUEST="true"))
    assert 'aria-pressed="true"' in page
    assert Reaction.objects.filter(post=post, kind="insightful").count() == 1
    member_client.post(url, {"kind": "insightful"})
    assert not Reaction.objects.exists()


def test_the_feed_counts_each_kind_and_presses_only_the_viewers_own(member_client, in_group, group):
    post = make_post(group=group, author=in_group, tags=["roadmaps", "okrs"])
    other = join(group, MemberFactory())
    services.reaction_toggle(user=in_group, kind="agree", post=post)
    services.reaction_toggle(user=other, kind="agree", post=post)
    services.reaction_toggle(user=other, kind="thanks", post=post)
    page = _html(member_client.get(group.get_absolute_url()))
    buttons = re.findall(
        r'aria-pressed="(\w+)" title="(\w+)">.*?(?:wg-reaction__count">(\d+)<)?[^<]*</button>',
        page,
        re.S,
    )
    assert buttons == [
        ("true", "Agree", "2"),
        ("false", "Insightful", ""),
        ("false", "Thanks", "1"),
        ("false", "Celebrate", ""),
    ]
    assert page.index("#okrs") < page.index("#roadmaps")


def test_reacting_needs_membership_of_the_group(member_client, group, lead):
    post = make_post(group=group, author=lead)
    url = reverse("working_groups:post_react", args=[post.pk])
    assert member_client.post(url, {"kind": "agree"}).status_code == 403


def test_a_reply_reaction_toggles(member_client, in_group, group):
    post = make_post(group=group, author=in_group)
    reply = services.reply_create(post=post, author=in_group, body="x", notify=False)
    member_client.post(reverse("working_groups:reply_react", args=[reply.pk]), {"kind": "thanks"})
    assert Reaction.objects.get().reply == reply


def test_mention_suggestions_list_members(member_client):
    MemberFactory(name="Kenji Watanabe")
    url = reverse("working_groups:mention_suggestions")
    assert "@Kenji Watanabe" in _html(member_client.get(url, {"q": "kenj"}))


# --- Moderation -------------------------------------------------------------------------------


def test_a_member_reports_and_a_lead_hides_the_post(client, in_group, group, lead):
    author = join(group, MemberFactory())
    post = make_post(group=group, author=author, body="Buy my roadmap tool")
    client.force_login(in_group)
    url = reverse("working_groups:post_report", args=[post.pk])
    client.post(url, {"reason": "A vendor pitch"})
    assert Report.objects.get().reason == "A vendor pitch"
    client.force_login(lead)
    assert "A vendor pitch" in _html(
        client.get(reverse("working_groups:moderation", args=[group.slug]))
    )
    client.post(reverse("working_groups:post_moderate", args=[post.pk]), {"action": "hide"})
    # Hidden text is gone for everyone but the moderators.
    assert "Buy my roadmap tool" in _html(client.get(group.get_absolute_url()))
    client.force_login(in_group)
    assert "Buy my roadmap tool" not in _html(client.get(group.get_absolute_url()))
    assert client.get(post.get_absolute_url()).status_code == 404


def test_a_member_cannot_moderate(member_client, in_group, group):
    post = make_post(group=group, author=in_group)
    url = reverse("working_groups:post_moderate", args=[post.pk])
    assert member_client.post(url, {"action": "hide"}).status_code == 403
    queue = reverse("working_groups:moderation", args=[group.slug])
    assert member_client.get(queue).status_code == 403


def test_a_lead_pins_and_locks(client, in_group, group, lead):
    post = make_post(group=group, author=in_group, body="Pin me")
    make_post(group=group, author=in_group, body="Newer post")
    client.force_login(lead)
    url = reverse("working_groups:post_moderate", args=[post.pk])
    client.post(url, {"action": "pin"})
    client.post(url, {"action": "lock"})
    post.refresh_from_db()
    assert post.is_pinned and post.is_locked
    feed = _html(client.get(group.get_absolute_url()))
    assert feed.index("Pin me") < feed.index("Newer post")
    client.force_login(in_group)
    page = _html(client.get(post.get_absolute_url()))
    assert "This thread is locked" in page


def test_a_lead_hides_a_reply_and_dismisses_a_report(client, in_group, group, lead):
    post = make_post(group=group, author=in_group)
    reply = services.reply_create(post=post, author=in_group, body="Rude words", notify=False)
    report = services.report_create(reporter=lead, reason="Rude", reply=reply)
    client.force_login(lead)
    client.post(reverse("working_groups:report_dismiss", args=[report.pk]))
    report.refresh_from_db()
    assert report.resolution == "dismissed"
    client.post(reverse("working_groups:reply_moderate", args=[reply.pk]), {"action": "hide"})
    client.force_login(in_group)
    assert "Rude words" not in _html(client.get(post.get_absolute_url()))


def test_the_author_deletes_a_reply(member_client, in_group, group):
    post = make_post(group=group, author=in_group)
    reply = services.reply_create(post=post, author=in_group, body="Oops", notify=False)
    member_client.post(reverse("working_groups:reply_delete", args=[reply.pk]))
    page = _html(member_client.get(post.get_absolute_url()))
    assert "Oops" not in page
    assert "deleted by its author" in page


# --- Search -----------------------------------------------------------------------------------


def test_search_finds_posts_and_replies_with_highlights(member_client, in_group, group):
    post = make_post(group=group, author=in_group, body="Our business case template <b>x</b>")
    services.reply_create(post=post, author=in_group, body="Templates save time", notify=False)
    page = _html(member_client.get(reverse("working_groups:search"), {"q": "template"}))
    assert "<mark>template</mark>" in page
    assert "<mark>Templates</mark>" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page


def test_search_leaves_out_closed_groups_and_hidden_posts(member_client, group, lead):
    closed = make_group(name="Insights", join_policy="request", leads=[lead])
    make_post(group=closed, author=lead, body="confidential roadmap")
    hidden = make_post(group=group, author=lead, body="hidden roadmap")
    services.post_hide(post=hidden, by=lead)
    make_post(group=group, author=lead, body="open roadmap")
    page = _html(member_client.get(reverse("working_groups:search"), {"q": "roadmap"}))
    assert "open" in page
    assert "confidential" not in page
    assert "hidden <mark>" not in page


def test_search_filters_by_group_and_tag(member_client, group, lead):
    other = make_group(name="People", leads=[lead])
    make_post(group=group, author=lead, body="planning alpha", tags=["planning"])
    make_post(group=other, author=lead, body="planning bravo")
    url = reverse("working_groups:search")
    page = _html(member_client.get(url, {"q": "planning", "group": "people"}))
    assert "bravo" in page and "alpha" not in page
    page = _html(member_client.get(url, {"q": "planning", "tag": "planning"}))
    assert "alpha" in page and "bravo" not in page
    page = _html(member_client.get(url, {"tag": "planning"}))
    assert "alpha" in page and "bravo" not in page


def test_search_is_for_members(applicant_client):
    assert applicant_client.get(reverse("working_groups:search")).status_code == 403


# --- Query counts -----------------------------------------------------------------------------


def _feed_queries(client, group):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(group.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_the_feed_query_count_is_the_same_with_20_and_200_posts(member_client, in_group, group):
    others = [join(group, MemberFactory()) for _ in range(3)]

    def add(n):
        for i in range(n):
            author = others[i % 3]
            post = make_post(group=group, author=author, body=f"Post {i}", tags=[f"t{i % 4}"])
            services.reaction_toggle(user=in_group, kind="agree", post=post)
            services.reaction_toggle(user=author, kind="thanks", post=post)

    add(20)
    with_20 = _feed_queries(member_client, group)
    add(180)
    with_200 = _feed_queries(member_client, group)
    # session, user, profile (role), group, leads and the viewer's membership, and one query
    # for the pinned posts and a page of posts, with their authors, tags and reactions.
    assert with_20 == with_200
    assert with_200 <= 6


def test_the_index_query_count_does_not_grow_with_groups(member_client, member):
    for name in ("People", "Process", "Insights"):
        join(make_group(name=name), member)
    with CaptureQueriesContext(connection) as few:
        member_client.get(reverse("working_groups:index"))
    for name in ("Stakeholders", "Starting and scaling", "Tools", "Research ops"):
        join(make_group(name=name), member)
    with CaptureQueriesContext(connection) as many:
        member_client.get(reverse("working_groups:index"))
    # session, user, profile (role), groups, the viewer's memberships
    assert len(few) == len(many) <= 5


def test_the_search_query_count_does_not_grow_with_hits(member_client, in_group, group):
    def run():
        with CaptureQueriesContext(connection) as queries:
            member_client.get(reverse("working_groups:search"), {"q": "planning"})
        return len(queries)

    post = make_post(group=group, author=in_group, body="planning")
    services.reply_create(post=post, author=in_group, body="planning too", notify=False)
    few = run()
    for i in range(25):
        post = make_post(group=group, author=in_group, body=f"planning {i}")
        services.reply_create(post=post, author=in_group, body="planning again", notify=False)
    # session, user, profile, readable groups (twice: form, search), groups, the capped count
    # of matches, the page's best post and reply ids, the page's posts, its replies, tag
    # suggestions
    assert run() == few <= 11


# --- Keyset pagination ------------------------------------------------------------------------


def _walk_the_feed(*, group, viewer, size):
    """The ids of every post the feed shows, page after page."""
    seen, cursor = [], ""
    while True:
        page = group_feed(group=group, viewer=viewer, cursor=cursor, size=size)
        seen += [post.pk for post in page.posts]
        if not page.next_cursor:
            return seen
        cursor = page.next_cursor


def test_load_more_walks_the_feed_without_gaps_or_repeats(member_client, in_group, group):
    posts = [make_post(group=group, author=in_group, body=f"Number {i:02}") for i in range(45)]
    url = group.get_absolute_url()
    seen = _walk_the_feed(group=group, viewer=in_group, size=FEED_PAGE_SIZE)
    assert seen == [post.pk for post in reversed(posts)]
    first = _html(member_client.get(url))
    assert "Load more posts" in first
    cursor = group_feed(group=group, viewer=in_group).next_cursor
    more = member_client.get(url, {"after": cursor}, HTTP_HX_REQUEST="true")
    fragment = _html(more)
    assert "Number 24" in fragment and "Number 25" not in fragment
    assert "<html" not in fragment
    # Without JavaScript the same link is a whole page.
    assert "<html" in _html(member_client.get(url, {"after": cursor}))


def test_the_feed_query_uses_no_offset(member_client, in_group, group):
    make_post(group=group, author=in_group)
    with CaptureQueriesContext(connection) as queries:
        member_client.get(group.get_absolute_url())
    assert not any("OFFSET" in q["sql"] for q in queries)


# --- Rate limits ------------------------------------------------------------------------------


def test_posting_too_fast_answers_429_and_keeps_the_text(member_client, in_group, group, settings):
    settings.WORKING_GROUPS_POSTS_PER_MINUTE = 2
    url = reverse("working_groups:post_create", args=[group.slug])
    for i in range(2):
        assert member_client.post(url, {"body": f"post {i}"}).status_code == 302
    response = member_client.post(url, {"title": "Third", "body": "Please keep me"})
    assert response.status_code == 429
    page = _html(response)
    assert "Please keep me" in page
    assert "Slow down" in page
    assert Post.objects.count() == 2


def test_replying_too_fast_answers_429_and_keeps_the_text(member_client, in_group, group, settings):
    settings.WORKING_GROUPS_REPLIES_PER_MINUTE = 1
    post = make_post(group=group, author=in_group)
    url = reverse("working_groups:reply_create", args=[post.pk])
    assert member_client.post(url, {"body": "first"}).status_code == 302
    response = member_client.post(url, {"body": "Second thoughts"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    assert "Second thoughts" in _html(response)
    assert response["HX-Retarget"] == "#reply-form"
    assert Reply.objects.count() == 1


def test_pinned_posts_lead_the_walk_and_appear_once(in_group, group, lead):
    posts = [make_post(group=group, author=in_group, body=f"Number {i:02}") for i in range(7)]
    for post in (posts[1], posts[4]):
        services.post_pin(post=post, by=lead)
    seen = _walk_the_feed(group=group, viewer=in_group, size=2)
    rest = [post.pk for post in reversed(posts) if post not in (posts[1], posts[4])]
    assert seen == [posts[4].pk, posts[1].pk, *rest]


def test_posts_with_the_same_last_activity_are_walked_by_id(in_group, group):
    posts = [make_post(group=group, author=in_group, body=f"Number {i:02}") for i in range(5)]
    same = posts[0].last_activity_at
    Post.objects.filter(pk__in=[post.pk for post in posts[1:4]]).update(last_activity_at=same)
    seen = _walk_the_feed(group=group, viewer=in_group, size=2)
    assert seen == [posts[4].pk, posts[3].pk, posts[2].pk, posts[1].pk, posts[0].pk]


def test_a_feed_card_shows_its_post_as_it_stands(client, in_group, group, lead):
    from members import services as member_services

    leaver = join(group, MemberFactory(name="Leaving Member"))
    make_post(group=group, author=leaver, body="Said before leaving")
    edited = make_post(group=group, author=in_group, title="Changed", body="First take")
    services.post_edit(post=edited, editor=in_group, title="Changed", body="Second take")
    services.post_lock(post=edited, by=lead)
    elsewhere = make_group(name="Elsewhere")
    make_post(group=elsewhere, author=join(elsewhere, lead), body="Another group's post")
    member_services.account_delete(user=leaver)
    client.force_login(in_group)
    feed = _html(client.get(group.get_absolute_url()))
    assert "Another group's post" not in feed
    assert "Second take" in feed and "First take" not in feed
    assert "· edited" in feed and "Locked" in feed
    assert "Said before leaving" in feed
    assert "Leaving Member" not in feed and "Former member" in feed


def test_a_bad_cursor_starts_the_feed_over(member_client, in_group, group):
    make_post(group=group, author=in_group, body="Still here")
    response = member_client.get(group.get_absolute_url(), {"after": "not-a-cursor"})
    assert "Still here" in _html(response)


def test_a_reaction_never_redirects_off_the_site(member_client, in_group, group):
    post = make_post(group=group, author=in_group)
    url = reverse("working_groups:post_react", args=[post.pk])
    response = member_client.post(url, {"kind": "agree", "next": "https://evil.example/"})
    assert response.url == post.get_absolute_url()
    response = member_client.post(url, {"kind": "agree", "next": group.get_absolute_url()})
    assert response.url == group.get_absolute_url()


def test_mention_suggestions_leave_out_members_hidden_from_the_directory(member_client):
    MemberFactory(name="Kenji Watanabe", show_in_directory=False)
    url = reverse("working_groups:mention_suggestions")
    assert "Kenji" not in _html(member_client.get(url, {"q": "kenj"}))
