import pytest
from django.urls import reverse

from tests.factories import MemberFactory, join, make_group, make_post
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
            "leads": [lead.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = WorkingGroup.objects.get(slug="tools")
    membership = GroupMembership.objects.get(group=group)
    assert (membership.user, membership.role, membership.state) == (lead, "lead", "active")
    assert group.member_count == 1


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
