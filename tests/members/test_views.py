import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import emails, services
from members.models import Application, EmailKind, Profile
from members.selectors import wants_email
from tests.factories import MemberFactory, UserFactory, profile_fields

pytestmark = pytest.mark.django_db


def _profile_form(**overrides):
    data = {"name": "Rosa Diaz", **profile_fields(), **overrides}
    data["show_in_directory"] = "on" if data["show_in_directory"] else ""
    data["show_email"] = "on" if data["show_email"] else ""
    return {key: value for key, value in data.items() if value != ""}


# --- Directory ------------------------------------------------------------------------------


def test_a_member_finds_peers_by_name_company_and_title(member_client):
    MemberFactory(name="Oskar Lind", company="Fjord Systems", job_title="Product Ops Lead")
    MemberFactory(name="Yara Haddad", company="Cedar Bank", job_title="VP Product")
    for query in ["oskar", "fjord", "ops lead"]:
        page = member_client.get(reverse("members:directory"), {"q": query}).content.decode()
        assert "Oskar Lind" in page
        assert "Yara Haddad" not in page


def test_the_directory_filters_by_company_type_size_and_pillar(member_client):
    MemberFactory(name="Ines PE", company_type="pe_rollup", org_size="1000+", pillars=["people"])
    MemberFactory(name="Tom VC", company_type="vc_funded", org_size="10-49", pillars=["tools"])
    url = reverse("members:directory")
    for filters in [{"company_type": "pe_rollup"}, {"org_size": "1000+"}, {"pillar": "people"}]:
        page = member_client.get(url, filters).content.decode()
        assert "Ines PE" in page
        assert "Tom VC" not in page


def test_the_directory_says_which_filter_it_could_not_read(member_client):
    response = member_client.get(reverse("members:directory"), {"pillar": "astrology"})
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()


def test_the_directory_hides_who_chose_not_to_appear_and_applicants(member_client):
    MemberFactory(name="Hidden Hana", show_in_directory=False)
    UserFactory(name="Applicant Ari")
    page = member_client.get(reverse("members:directory")).content.decode()
    assert "Hidden Hana" not in page
    assert "Applicant Ari" not in page


def test_the_directory_shows_an_email_only_when_its_owner_allows(member_client):
    shown = MemberFactory(show_email=True)
    kept = MemberFactory(show_email=False)
    page = member_client.get(reverse("members:directory")).content.decode()
    assert shown.email in page
    assert kept.email not in page


def test_the_directory_is_paginated(member_client):
    for _ in range(30):
        MemberFactory()
    first = member_client.get(reverse("members:directory")).content.decode()
    assert "Page 1 of 2" in first
    second = member_client.get(reverse("members:directory"), {"page": 2})
    assert second.status_code == 200


def test_the_directory_answers_htmx_with_the_results_only(member_client):
    response = member_client.get(reverse("members:directory"), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'id="directory-results"' in page
    assert "<html" not in page


@pytest.mark.parametrize("count", [10, 200])
def test_the_directory_query_count_does_not_grow_with_members(member_client, count):
    for _ in range(count):
        MemberFactory()
    # session, user, viewer's profile (role), count, page of profiles with their users.
    with CaptureQueriesContext(connection) as queries:
        response = member_client.get(reverse("members:directory"))
    assert response.status_code == 200
    assert len(queries) <= 5, [q["sql"] for q in queries]


def test_the_directory_refuses_an_applicant(applicant_client):
    response = applicant_client.get(reverse("members:directory"))
    assert response.status_code == 403
    assert "for members of the alliance" in response.content.decode()


def test_the_directory_sends_a_visitor_to_log_in(client):
    response = client.get(reverse("members:directory"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- Profiles -------------------------------------------------------------------------------


def test_a_member_reads_a_peers_profile(member_client):
    peer = MemberFactory(name="Noor Rahman", linkedin_url="https://www.linkedin.com/in/noor")
    page = member_client.get(reverse("members:profile", args=[peer.pk])).content.decode()
    assert "Noor Rahman" in page
    assert "https://www.linkedin.com/in/noor" in page


def test_a_hidden_profile_is_not_found(member_client):
    peer = MemberFactory(show_in_directory=False)
    assert member_client.get(reverse("members:profile", args=[peer.pk])).status_code == 404


def test_an_applicants_profile_is_not_found(member_client, applicant):
    assert member_client.get(reverse("members:profile", args=[applicant.pk])).status_code == 404


def test_editing_a_profile_with_bad_input_keeps_what_was_typed(member_client):
    data = _profile_form(
        company="Typed Company", linkedin_url="https://example.com/me", org_size="huge"
    )
    response = member_client.post(reverse("members:profile_edit"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the address of a LinkedIn profile" in page
    assert "Select a valid choice" in page
    assert 'value="Typed Company"' in page
    assert 'aria-invalid="true"' in page


def test_editing_a_profile_saves_it(member_client, member):
    data = _profile_form(company="New Co", pillars=["insight", "people"])
    response = member_client.post(reverse("members:profile_edit"), data)
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert profile.company == "New Co"
    assert profile.pillars == ["insight", "people"]


# --- Applying -------------------------------------------------------------------------------


def test_a_new_account_is_sent_to_apply_after_logging_in(client, password):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.url == reverse("members:apply")


def test_applying_with_bad_input_keeps_everything_typed(client):
    client.force_login(UserFactory())
    data = {**_profile_form(job_title=""), "motivation": "I lead product ops at a bank."}
    response = client.post(reverse("members:apply"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "everything you typed is kept" in page
    assert "I lead product ops at a bank." in page
    assert not Application.objects.exists()


def test_applying_leaves_the_application_waiting_for_review(client):
    user = UserFactory()
    client.force_login(user)
    data = {**_profile_form(), "motivation": "I lead product ops at a bank."}
    response = client.post(reverse("members:apply"), data, follow=True)
    assert "waiting for review" in response.content.decode()
    assert user.applications.get().status == Application.Status.PENDING


def test_a_member_visiting_apply_goes_to_the_directory(member_client):
    response = member_client.get(reverse("members:apply"))
    assert response.url == reverse("members:directory")


# --- The staff's queue -----------------------------------------------------------------------


def test_staff_approve_an_application_from_the_queue(staff_client, applicant):
    assert applicant.name in staff_client.get(reverse("members:application_queue")).content.decode()
    application = applicant.applications.get()
    response = staff_client.post(
        reverse("members:application_decide", args=[application.pk]),
        {"decision": "approve", "message": "Welcome!"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    assert application.decision_message == "Welcome!"


def test_staff_decide_in_place_with_htmx(staff_client, applicant):
    application = applicant.applications.get()
    response = staff_client.post(
        reverse("members:application_decide", args=[application.pk]),
        {"decision": "decline"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert f'id="application-{application.pk}"' in page
    assert "Declined" in page
    assert "<html" not in page


def test_a_decision_already_taken_is_reported_not_repeated(staff_client, staff, applicant):
    application = applicant.applications.get()
    services.application_approve(application=application, decided_by=staff)
    response = staff_client.post(
        reverse("members:application_decide", args=[application.pk]),
        {"decision": "decline"},
        follow=True,
    )
    assert "already been decided" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED


@pytest.mark.parametrize("count", [5, 40])
def test_the_queue_query_count_does_not_grow_with_applications(staff_client, count):
    from tests.factories import ApplicantFactory

    for _ in range(count):
        ApplicantFactory()
    # session, user, count, page of applications with users and profiles.
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(reverse("members:application_queue"))
    assert response.status_code == 200
    assert len(queries) <= 5, [q["sql"] for q in queries]


def test_a_member_cannot_decide_applications(member_client, applicant):
    application = applicant.applications.get()
    response = member_client.post(
        reverse("members:application_decide", args=[application.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING


# --- Account settings -----------------------------------------------------------------------


def test_email_preferences_are_saved(member_client, member):
    response = member_client.post(
        reverse("members:email_preferences"), {"enabled": [EmailKind.MENTIONS]}
    )
    assert response.status_code == 302
    assert not wants_email(user=member, kind=EmailKind.DIGEST)
    assert wants_email(user=member, kind=EmailKind.MENTIONS)


def test_a_wrong_password_deletes_nothing(member_client, member):
    response = member_client.post(reverse("members:account_delete"), {"confirmation": "nope"})
    assert "Nothing was deleted" in response.content.decode()
    assert Profile.objects.filter(user=member).exists()


def test_deleting_the_account_logs_out(member_client, member, password):
    response = member_client.post(reverse("members:account_delete"), {"confirmation": password})
    assert response.url == reverse("home")
    assert "_auth_user_id" not in member_client.session
    member.refresh_from_db()
    assert member.deleted_at is not None


def test_one_click_unsubscribe_needs_no_login(client, member):
    headers = emails.unsubscribe_headers(user_id=member.pk, kind=EmailKind.DIGEST)
    url = headers["List-Unsubscribe"].strip("<>").replace("http://127.0.0.1:8000", "")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Unsubscribe" in client.get(url).content.decode()
    assert wants_email(user=member, kind=EmailKind.DIGEST)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert "You are unsubscribed" in response.content.decode()
    assert not wants_email(user=member, kind=EmailKind.DIGEST)


def test_a_forged_unsubscribe_link_is_not_found(client):
    assert client.get(reverse("members:unsubscribe", args=["forged"])).status_code == 404


def test_a_deleted_members_posts_stay_readable_under_former_member(client):
    from members.services import account_delete
    from tests.factories import join, make_group, make_post

    author, reader = MemberFactory(name="Gone Gwen"), MemberFactory()
    group = make_group(name="Process")
    join(group, author, reader)
    post = make_post(group=group, author=author, body="Our roadmap template, version 3.")
    account_delete(user=author)

    client.force_login(reader)
    for url in (reverse("working_groups:group", args=[group.slug]), post.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Our roadmap template, version 3." in page
        assert "Former member" in page
        assert "Gone Gwen" not in page
        assert reverse("members:profile", args=[author.pk]) not in page
