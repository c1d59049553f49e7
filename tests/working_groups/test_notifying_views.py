"""How members follow their groups and threads on the pages: a group's notifications form,
"Your groups", a thread's watch buttons, a group's default for new members; and opening a
thread reads what the member was told of it."""

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from tests.factories import MemberFactory, join, make_group, make_post
from working_groups import services
from working_groups.models import GroupMembership, PostWatch, WorkingGroup

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _html(response):
    return response.content.decode()


def _settings_url(group):
    return reverse("working_groups:group_notifications", args=[group.slug])


def _mine(group, user):
    return GroupMembership.objects.get(group=group, user=user)


# --- A group's notifications form -------------------------------------------------------------


def test_a_member_sees_how_they_follow_the_group_on_its_page(member_client, in_group, group):
    page = _html(member_client.get(group.get_absolute_url()))
    assert 'id="notifications"' in page
    assert 'value="normal" id="id_process_level_2" required checked' in page
    assert "Every new post and every reply." in page
    assert reverse("working_groups:notifications") in page


def test_the_form_is_for_the_groups_members_only(member_client, group):
    assert 'id="notifications"' not in _html(member_client.get(group.get_absolute_url()))


def test_a_member_chooses_a_level_and_turns_the_groups_emails_off(member_client, in_group, group):
    response = member_client.post(_settings_url(group), {"level": "watching"})
    assert response.status_code == 302
    assert response.url == f"{group.get_absolute_url()}#notifications"
    membership = _mine(group, in_group)
    assert (membership.watch_level, membership.emails_off) == ("watching", True)
    member_client.post(_settings_url(group), {"level": "muted", "emails": "on"})
    membership.refresh_from_db()
    assert (membership.watch_level, membership.emails_off) == ("muted", False)


def test_with_htmx_the_form_answers_in_place(member_client, in_group, group):
    response = member_client.post(_settings_url(group), {"level": "new_posts"}, **HTMX)
    page = _html(response)
    assert response.status_code == 200
    assert "<html" not in page and 'id="notifications"' in page
    assert "Process: New posts only, emails off." in page
    assert 'value="new_posts" id="id_process_level_1" required checked' in page


def test_an_unknown_level_changes_nothing(member_client, in_group, group):
    member_client.post(_settings_url(group), {"level": "everything", "emails": "on"})
    assert _mine(group, in_group).watch_level == "normal"


def test_only_the_viewers_own_membership_changes(member_client, in_group, group):
    other = join(group, MemberFactory())
    theirs = _mine(group, other)
    member_client.post(
        _settings_url(group), {"level": "muted", "membership": theirs.pk, "user": other.pk}
    )
    theirs.refresh_from_db()
    assert (theirs.watch_level, theirs.emails_off) == ("normal", False)
    assert _mine(group, in_group).watch_level == "muted"


def test_someone_not_in_the_group_cannot_set_how_they_follow_it(member_client, member, group):
    assert member_client.post(_settings_url(group), {"level": "watching"}).status_code == 403
    closed = make_group(name="Insights", join_policy="request")
    join(closed, member)  # asked, not yet let in
    assert member_client.post(_settings_url(closed), {"level": "watching"}).status_code == 403
    missing = reverse("working_groups:group_notifications", args=["no-such-group"])
    assert member_client.post(missing, {"level": "watching"}).status_code == 404


def test_a_visitor_is_sent_to_log_in(client, group):
    response = client.post(_settings_url(group), {"level": "watching"})
    assert response.url.startswith(reverse("account_login"))


# --- Your groups ------------------------------------------------------------------------------


def test_your_groups_lists_each_of_the_members_groups_with_its_form(member_client, member):
    for name in ("Process", "People"):
        join(make_group(name=name), member)
    make_group(name="Tools")
    page = _html(member_client.get(reverse("working_groups:notifications")))
    assert page.count('class="wg-my-group__form"') == 2
    assert _settings_url(WorkingGroup.objects.get(slug="people")) in page
    assert "Tools" not in page


def test_a_row_saves_and_comes_back_to_the_list(member_client, member):
    group = make_group(name="Process")
    join(group, member)
    back = reverse("working_groups:notifications")
    response = member_client.post(
        _settings_url(group), {"level": "muted", "emails": "on", "next": back}
    )
    assert response.url == back
    assert _mine(group, member).watch_level == "muted"


def test_your_groups_costs_the_same_queries_with_2_and_12_groups(
    member_client, member, django_assert_num_queries
):
    url = reverse("working_groups:notifications")
    for number in range(2):
        join(make_group(name=f"Group {number}"), member)
    # the member with their profile, their memberships with their groups, the bell's count
    with django_assert_num_queries(3):
        assert member_client.get(url).status_code == 200
    for number in range(2, 12):
        join(make_group(name=f"Group {number}"), member)
    with django_assert_num_queries(3):
        page = _html(member_client.get(url))
    assert page.count('class="wg-my-group__form"') == 12


# --- A thread's watch buttons -----------------------------------------------------------------


@pytest.fixture
def post(group):
    author = join(group, MemberFactory(name="Amara Author"))
    return make_post(group=group, author=author, title="Quarterly planning")


def _watch(client, post, level, **headers):
    url = reverse("working_groups:post_watch", args=[post.pk])
    return client.post(url, {"level": level}, **headers)


def test_a_member_watches_mutes_and_follows_the_group_again(member_client, in_group, post):
    page = _html(member_client.get(post.get_absolute_url()))
    assert 'id="watch"' in page
    assert "You follow it as you follow Process (Normal)" in page
    response = _watch(member_client, post, "watching")
    assert response.url == f"{post.get_absolute_url()}#watch"
    assert PostWatch.objects.get(user=in_group, post=post).level == "watching"
    assert "You watch this thread" in _html(member_client.get(post.get_absolute_url()))
    _watch(member_client, post, "muted")
    assert PostWatch.objects.get(user=in_group, post=post).level == "muted"
    _watch(member_client, post, "default")
    assert not PostWatch.objects.filter(user=in_group, post=post).exists()


def test_with_htmx_the_watch_buttons_answer_in_place(member_client, in_group, post):
    page = _html(_watch(member_client, post, "muted", **HTMX))
    assert page.lstrip().startswith('<section class="wg-watch" id="watch"')
    assert "You muted this thread" in page
    pressed = 'id="watch-muted" class="button button--small button--ghost" aria-pressed="true"'
    assert pressed in page


def test_a_thread_in_a_muted_group_says_so(member_client, in_group, group, post):
    member_client.post(_settings_url(group), {"level": "muted"})
    assert "You muted Process: nothing from the group reaches you" in _html(
        member_client.get(post.get_absolute_url())
    )


def test_only_the_groups_members_watch_its_threads(member_client, staff, post, lead):
    assert _watch(member_client, post, "watching").status_code == 403  # reads, not in it
    staff_client = Client()
    staff_client.force_login(staff)
    assert _watch(staff_client, post, "watching").status_code == 403
    closed = make_group(name="Insights", join_policy="request", leads=[lead])
    secret = make_post(group=closed, author=lead, body="Closed numbers")
    assert _watch(member_client, secret, "watching").status_code == 404
    assert not PostWatch.objects.exclude(user__in=[post.author, lead]).exists()


# --- Opening a thread reads what the member was told of it ------------------------------------


def test_opening_a_thread_marks_its_notifications_read(member_client, in_group, group, post):
    services.post_watch_set(post=post, user=in_group, level="watching")
    services.reply_create(post=post, author=post.author, body="A first answer.")
    other = services.post_create(group=group, author=post.author, body="@Maya Member, look")
    assert Notification.objects.filter(user=in_group, read_at=None).count() == 2
    member_client.get(post.get_absolute_url())
    unread = Notification.objects.filter(user=in_group, read_at=None)
    assert [n.target_key for n in unread] == [f"working_groups.post:{other.pk}"]


def test_the_thread_costs_the_same_queries_with_2_and_20_replies(
    member_client, in_group, post, django_assert_num_queries
):
    for number in range(2):
        services.reply_create(post=post, author=post.author, body=f"Answer {number}")
    # the member with their profile, the post with its group and author, the viewer's
    # membership, the UPDATE that reads what they were told of the thread, the replies with
    # their authors and quotes, the post's tags, the post's and the replies' reactions, the
    # viewer's own setting for the thread, and the bell's count
    with django_assert_num_queries(10):
        member_client.get(post.get_absolute_url())
    for number in range(2, 20):
        services.reply_create(post=post, author=in_group, body=f"Answer {number}")
    with django_assert_num_queries(10):
        page = _html(member_client.get(post.get_absolute_url()))
    assert page.count('class="wg-reply"') == 20


# --- A group's default for new members --------------------------------------------------------


def test_a_lead_sets_how_closely_new_members_follow_the_group(client, lead, group, member):
    client.force_login(lead)
    page = _html(client.get(reverse("working_groups:moderation", args=[group.slug])))
    assert 'id="new-members"' in page
    url = reverse("working_groups:default_watch_level", args=[group.slug])
    response = client.post(url, {"level": "new_posts"})
    assert response.url.endswith("moderation/#new-members")
    group.refresh_from_db()
    join(group, member)
    assert _mine(group, member).watch_level == "new_posts"
    assert _mine(group, lead).watch_level == "normal"  # those already in keep theirs


def test_a_plain_member_cannot_set_the_groups_default(member_client, in_group, group):
    url = reverse("working_groups:default_watch_level", args=[group.slug])
    assert member_client.post(url, {"level": "watching"}).status_code == 403
    group.refresh_from_db()
    assert group.default_watch_level == "normal"
