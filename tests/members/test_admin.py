import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from members.models import FORMER_MEMBER, Application, Profile, User
from surveys import services as survey_services
from surveys.models import Response, SurveyWave
from tests.factories import MemberFactory, join, make_group, make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(member):
    """The `member` fixture, with a post in a group and a submitted survey response."""
    join(make_group(name="Process"), member)
    make_post(group=member.group_memberships.get().group, author=member, body="Our planning.")
    wave = SurveyWave.objects.create(
        title="Benchmark 2026", slug="b-2026", year=2026, status="open"
    )
    response, _ = survey_services.response_start(wave=wave, email=member.email, user=member)
    survey_services.response_submit(response=response, notify=False)
    return member


def _assert_account_deleted(user):
    user.refresh_from_db()
    assert user.deleted_at is not None
    assert not user.is_active
    assert str(user) == FORMER_MEMBER
    assert not Profile.objects.filter(user=user).exists()
    assert not Application.objects.filter(user=user).exists()


def test_the_admin_explains_what_deleting_an_account_does(staff_client, author):
    page = staff_client.get(reverse("admin:members_user_delete", args=[author.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "protected" not in html
    assert "Former member" in html


def test_deleting_a_user_in_the_admin_deletes_the_account_through_the_service(staff_client, author):
    email = author.email
    page = staff_client.post(
        reverse("admin:members_user_delete", args=[author.pk]), {"post": "yes"}
    )
    assert page.status_code == 302
    _assert_account_deleted(author)
    # Their posts stay readable under "Former member"; their answers count only in aggregates.
    assert [str(post.author) for post in author.posts.all()] == [FORMER_MEMBER]
    response = Response.objects.get()
    assert (response.user, response.email, response.is_submitted) == (None, None, True)
    assert not User.objects.filter(email=email).exists()


def test_deleting_users_in_bulk_deletes_each_account_through_the_service(staff_client, author):
    quiet = MemberFactory(name="Quinn Quiet")
    staff_client.post(
        reverse("admin:members_user_changelist"),
        {"action": "delete_selected", "_selected_action": [author.pk, quiet.pk], "post": "yes"},
    )
    _assert_account_deleted(author)
    _assert_account_deleted(quiet)
    assert Response.objects.get().email is None


def test_a_deleted_account_offers_no_second_delete(staff_client, author):
    staff_client.post(reverse("admin:members_user_delete", args=[author.pk]), {"post": "yes"})
    page = staff_client.get(reverse("admin:members_user_change", args=[author.pk]))
    assert page.context["has_delete_permission"] is False


def test_staff_add_an_account_as_the_site_makes_one_with_its_email_address(staff_client, password):
    page = staff_client.post(
        reverse("admin:members_user_add"),
        {
            "email": "nia@example.com",
            "name": "Nia New",
            "password1": password,
            "password2": password,
            "profile-TOTAL_FORMS": 0,
            "profile-INITIAL_FORMS": 0,
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    user = User.objects.get(email="nia@example.com")
    assert user.check_password(password)
    assert user.name == "Nia New"
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.primary, address.verified) == ("nia@example.com", True, False)
