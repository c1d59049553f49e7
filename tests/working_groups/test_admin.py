import pytest
from django.urls import reverse

from tests.factories import MemberFactory, join, make_group, make_post
from working_groups import services
from working_groups.models import GroupMembership, Post, WorkingGroup

pytestmark = pytest.mark.django_db


def test_staff_create_a_group_and_choose_its_leads_in_the_admin(staff_client):
    lead = MemberFactory(name="Lena Lead")
    response = staff_client.post(
        reverse("admin:working_groups_workinggroup_add"),
        {
            "name": "Tools",
            "slug": "tools",
            "purpose": "Choosing and consolidating the product team's tools.",
            "pillar": "tools",
            "join_policy": "request",
            "default_watch_level": "watching",
            "leads": [lead.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = WorkingGroup.objects.get(slug="tools")
    membership = GroupMembership.objects.get(group=group)
    assert (membership.user, membership.role, membership.state) == (lead, "lead", "active")
    assert group.member_count == 1
    # Staff chose how closely its members follow it at first: the lead starts there too.
    assert group.default_watch_level == membership.watch_level == "watching"


def test_the_admin_refuses_a_reserved_slug(staff_client):
    response = staff_client.post(
        reverse("admin:working_groups_workinggroup_add"),
        {"name": "Search", "slug": "search", "purpose": "x", "join_policy": "open"},
    )
    assert response.status_code == 200
    assert not WorkingGroup.objects.exists()


def test_staff_hide_posts_with_an_admin_action_through_the_service(staff_client):
    group = make_group(name="Process")
    author = join(group, MemberFactory())
    post = make_post(group=group, author=author, body="Spam")
    staff_client.post(
        reverse("admin:working_groups_post_changelist"),
        {"action": "hide", "_selected_action": [post.pk]},
    )
    post.refresh_from_db()
    assert post.hidden_at is not None
    assert Post.objects.get().hidden_by.is_staff


# --- What the admin deletes goes through the services, or is not offered ---------------------


@pytest.fixture
def thread(group):
    author = join(group, MemberFactory(name="Ari Author"))
    post = make_post(group=group, author=author, body="How do you run planning?")
    services.reply_create(post=post, author=author, body="We plan quarterly.", notify=False)
    post.refresh_from_db()
    group.refresh_from_db()
    return post


def test_the_admin_does_not_delete_replies_so_the_reply_count_stays_right(staff_client, thread):
    reply = thread.replies.get()
    page = staff_client.get(reverse("admin:working_groups_reply_change", args=[reply.pk]))
    assert page.context["has_delete_permission"] is False
    url = reverse("admin:working_groups_reply_delete", args=[reply.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 403
    staff_client.post(
        reverse("admin:working_groups_reply_changelist"),
        {"action": "delete_selected", "_selected_action": [reply.pk], "post": "yes"},
    )
    thread.refresh_from_db()
    assert thread.replies.count() == thread.reply_count == 1


def test_the_admin_does_not_delete_posts_so_the_post_count_stays_right(staff_client, group, thread):
    url = reverse("admin:working_groups_post_delete", args=[thread.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 403
    page = staff_client.post(
        reverse("admin:working_groups_post_changelist"),
        {"action": "delete_selected", "_selected_action": [thread.pk], "post": "yes"},
        follow=True,
    )
    assert "delete_selected" not in page.content.decode()
    group.refresh_from_db()
    assert Post.objects.filter(group=group).count() == group.post_count == 1


def test_staff_hide_a_reply_from_the_admin_and_the_reply_count_follows(staff_client, thread):
    staff_client.post(
        reverse("admin:working_groups_reply_changelist"),
        {"action": "hide", "_selected_action": [thread.replies.get().pk]},
    )
    thread.refresh_from_db()
    assert thread.reply_count == 0


def test_deleting_a_membership_in_the_admin_recounts_the_group(staff_client, group, in_group):
    group.refresh_from_db()
    assert group.member_count == 1
    membership = GroupMembership.objects.get(group=group, user=in_group)
    url = reverse("admin:working_groups_groupmembership_delete", args=[membership.pk])
    assert staff_client.post(url, {"post": "yes"}).status_code == 302
    group.refresh_from_db()
    assert not GroupMembership.objects.filter(group=group).exists()
    assert group.member_count == 0


def test_deleting_memberships_in_bulk_recounts_each_group(staff_client, group):
    other = make_group(name="Tools")
    people = join(group, MemberFactory(), MemberFactory())
    join(other, *people)
    staff_client.post(
        reverse("admin:working_groups_groupmembership_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(
                GroupMembership.objects.filter(user=people[0]).values_list("pk", flat=True)
            ),
            "post": "yes",
        },
    )
    counts = dict(WorkingGroup.objects.values_list("slug", "member_count"))
    assert counts == {"process": 1, "tools": 1}
