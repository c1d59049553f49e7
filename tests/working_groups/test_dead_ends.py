"""No dead ends in the groups: a hidden post tells its author why, a deleted post leaves its
replies readable, a name links only to a profile that opens, nobody reports themselves, and an
author reads their own post's earlier versions."""

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from members.models import Profile
from tests.factories import MemberFactory, StaffFactory, join, make_post
from working_groups import services
from working_groups.models import REACTION_EMOJI, Report

pytestmark = pytest.mark.django_db


def _html(response):
    return response.content.decode()


def _reply(post, author, body):
    return services.reply_create(post=post, author=author, body=body, notify=False)


# --- A hidden post ----------------------------------------------------------------------------


def test_the_author_of_a_hidden_post_is_told_why(client, in_group, group, lead):
    post = make_post(group=group, author=in_group, body="Buy our planning tool today")
    services.post_hide(post=post, by=lead)
    client.force_login(in_group)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    page = _html(response)
    assert "hidden by a lead of Process" in page
    assert "Buy our planning tool today" in page  # their own words stay readable to them
    assert "Send reply" not in page


def test_a_post_hidden_by_staff_says_so(client, in_group, group):
    post = make_post(group=group, author=in_group, body="Off topic")
    services.post_hide(post=post, by=StaffFactory())
    client.force_login(in_group)
    assert "hidden by the alliance's staff" in _html(client.get(post.get_absolute_url()))


def test_a_hidden_post_is_still_a_404_for_everyone_else(client, in_group, group, lead):
    post = make_post(group=group, author=in_group, body="Buy our planning tool today")
    services.post_hide(post=post, by=lead)
    client.force_login(join(group, MemberFactory()))
    assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(in_group)  # and its author still may not reply or react to it
    url = reverse("working_groups:reply_create", args=[post.pk])
    assert client.post(url, {"body": "Hello?"}).status_code == 404


# --- A deleted post ---------------------------------------------------------------------------


def test_a_deleted_post_leaves_a_tombstone_and_the_replies(client, in_group, group):
    post = make_post(group=group, author=in_group, title="Regrettable", body="Regrettable take")
    other = join(group, MemberFactory(name="Rhea Replier"))
    reply = _reply(post, other, "My thoughtful answer")
    services.post_delete(post=post, user=in_group)
    client.force_login(other)
    response = client.get(reply.get_absolute_url())
    assert response.status_code == 200
    page = _html(response)
    assert "This post was deleted by its author" in page
    assert "My thoughtful answer" in page
    assert "Regrettable" not in page
    assert "Send reply" not in page
    # The feed keeps the conversation, as a tombstone, since others replied to it.
    feed = _html(client.get(group.get_absolute_url()))
    assert "This post was deleted by its author" in feed
    assert "Regrettable" not in feed


def test_a_deleted_post_without_replies_leaves_the_feed(client, in_group, group):
    post = make_post(group=group, author=in_group, body="Regrettable take")
    services.post_delete(post=post, user=in_group)
    client.force_login(in_group)
    assert "deleted by its author" not in _html(client.get(group.get_absolute_url()))
    # Its address still says what became of it.
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "Regrettable" not in _html(response)


def test_a_deleted_post_in_a_closed_feed_says_nothing_to_an_outsider(client, in_group, group):
    group.join_policy = "request"
    group.save()
    post = make_post(group=group, author=in_group, body="Regrettable take")
    services.post_delete(post=post, user=in_group)
    client.force_login(MemberFactory())
    response = client.get(post.get_absolute_url())
    assert response.status_code == 404  # as a live post there is
    assert "deleted" not in _html(response)


def test_a_reply_under_a_deleted_post_can_still_be_reported_and_hidden(
    client, in_group, group, lead
):
    post = make_post(group=group, author=in_group, body="Regrettable take")
    reply = _reply(post, lead, "Rude words")
    services.post_delete(post=post, user=in_group)
    client.force_login(join(group, MemberFactory()))
    url = reverse("working_groups:reply_report", args=[reply.pk])
    client.post(url, {"reason": "Rude"})
    assert Report.objects.filter(reply=reply).exists()


# --- Names of members who left the directory --------------------------------------------------


def _leave_directory(person):
    Profile.objects.filter(user=person).update(show_in_directory=False)


def test_a_name_links_to_a_profile_only_when_it_opens(client, in_group, group):
    quiet = join(group, MemberFactory(name="Quiet Quinn"))
    _leave_directory(quiet)
    post = make_post(group=group, author=quiet, body="From the quiet one")
    _reply(post, quiet, "Me again")
    _reply(post, in_group, "Hello Quinn")
    client.force_login(in_group)
    quiet_profile = reverse("members:profile", args=[quiet.pk])
    assert client.get(quiet_profile).status_code == 404
    for url in (group.get_absolute_url(), post.get_absolute_url()):
        page = _html(client.get(url))
        assert "Quiet Quinn" in page
        assert f'href="{quiet_profile}"' not in page, url
    # The name of a member in the directory still leads to their profile.
    page = _html(client.get(post.get_absolute_url()))
    assert f'href="{reverse("members:profile", args=[in_group.pk])}"' in page


# --- Reporting oneself ------------------------------------------------------------------------


def test_nobody_reports_their_own_post_or_reply(client, in_group, group):
    post = make_post(group=group, author=in_group, body="Mine")
    reply = _reply(post, in_group, "Also mine")
    client.force_login(in_group)
    page = _html(client.get(post.get_absolute_url()))
    assert reverse("working_groups:post_report", args=[post.pk]) not in page
    assert reverse("working_groups:reply_report", args=[reply.pk]) not in page
    for url in (
        reverse("working_groups:post_report", args=[post.pk]),
        reverse("working_groups:reply_report", args=[reply.pk]),
    ):
        assert client.post(url, {"reason": "Testing"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.report_create(reporter=in_group, reason="Me", post=post)
    with pytest.raises(PermissionDenied):
        services.report_create(reporter=in_group, reason="Me", reply=reply)
    assert not Report.objects.exists()


def test_others_still_report_a_post(client, in_group, group):
    post = make_post(group=group, author=in_group, body="Yours")
    client.force_login(join(group, MemberFactory()))
    page = _html(client.get(post.get_absolute_url()))
    assert reverse("working_groups:post_report", args=[post.pk]) in page


# --- Earlier versions -------------------------------------------------------------------------


def test_the_author_reads_their_own_posts_earlier_versions(client, in_group, group):
    post = make_post(group=group, author=in_group, body="First take")
    services.post_edit(post=post, editor=in_group, body="Second take")
    client.force_login(in_group)
    history = reverse("working_groups:post_history", args=[post.pk])
    assert history in _html(client.get(post.get_absolute_url()))
    response = client.get(history)
    assert response.status_code == 200
    assert "First take" in _html(response)
    client.force_login(join(group, MemberFactory()))  # other members still do not
    assert client.get(history).status_code == 403


# --- Reactions without an emoji font ----------------------------------------------------------


def test_reaction_buttons_need_no_emoji_font(client, in_group, group):
    post = make_post(group=group, author=in_group, body="Plain words")
    client.force_login(in_group)
    page = _html(client.get(post.get_absolute_url()))
    for kind, emoji in REACTION_EMOJI.items():
        assert emoji not in page
        assert f"img/reaction-{kind.value}" in page
        assert finders.find(f"img/reaction-{kind.value}.svg"), kind
    # The button's name is its label, as before: the icon is decoration (alt="").
    assert '<span class="wg-reaction__label">Insightful</span>' in page
