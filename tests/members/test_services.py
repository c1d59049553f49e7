import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError

from members import services
from members.models import Application, AutoApproveDomain, EmailKind, Profile, User
from members.selectors import wants_email
from members.tasks import send_application_decision
from tests.factories import ApplicantFactory, UserFactory, profile_fields

pytestmark = pytest.mark.django_db


def test_a_profile_is_created_then_updated():
    user = UserFactory()
    services.profile_save(user=user, name="Lena Ortiz", **profile_fields())
    services.profile_save(user=user, name="Lena Ortiz-Baum", **profile_fields(company="Acme"))
    user.refresh_from_db()
    assert user.name == "Lena Ortiz-Baum"
    assert Profile.objects.get(user=user).company == "Acme"


def test_a_profile_with_an_unknown_company_type_is_refused():
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.profile_save(user=user, name="X", **profile_fields(company_type="guild"))
    assert "company_type" in error.value.message_dict
    assert not Profile.objects.filter(user=user).exists()


def test_an_application_needs_a_profile():
    with pytest.raises(ValidationError, match="Complete your profile"):
        services.application_submit(user=UserFactory(), motivation="Peers")


def test_a_second_pending_application_is_refused():
    applicant = ApplicantFactory()
    with pytest.raises(ValidationError, match="already waiting"):
        services.application_submit(user=applicant, motivation="Again")
    assert Application.objects.filter(user=applicant).count() == 1


def test_a_listed_domain_is_approved_at_once():
    AutoApproveDomain.objects.create(domain="trusted.example")
    user = UserFactory(email="kim@trusted.example")
    services.profile_save(user=user, name=user.name, **profile_fields())
    application = services.application_submit(user=user, motivation="Peers")
    assert application.status == Application.Status.APPROVED
    assert application.auto_approved
    assert Profile.objects.get(user=user).is_member


def test_a_listed_domain_does_not_approve_an_unverified_address():
    AutoApproveDomain.objects.create(domain="trusted.example")
    user = UserFactory(email="kim@trusted.example", email_verified=False)
    services.profile_save(user=user, name=user.name, **profile_fields())
    application = services.application_submit(user=user, motivation="Peers")
    assert application.status == Application.Status.PENDING


def test_approval_makes_a_member_and_emails_text_and_html(
    eager_tasks, staff, mailoutbox, django_capture_on_commit_callbacks
):
    applicant = ApplicantFactory()
    application = applicant.applications.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(
            application=application, decided_by=staff, message="Glad to have you."
        )
    assert Profile.objects.get(user=applicant).is_member
    (message,) = mailoutbox
    assert message.to == [applicant.email]
    assert "approved" in message.body
    assert "Glad to have you." in message.body
    assert message.alternatives[0][1] == "text/html"
    assert "/members/" in message.body


def test_a_decline_keeps_the_account_and_sends_the_message(
    eager_tasks, staff, mailoutbox, django_capture_on_commit_callbacks
):
    applicant = ApplicantFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decline(
            application=applicant.applications.get(), decided_by=staff, message="Not yet."
        )
    assert not Profile.objects.get(user=applicant).is_member
    (message,) = mailoutbox
    assert "not able to accept" in message.body
    assert "Not yet." in message.alternatives[0][0]


def test_an_application_is_decided_only_once(staff):
    application = ApplicantFactory().applications.get()
    services.application_approve(application=application, decided_by=staff)
    with pytest.raises(ValidationError, match="already been decided"):
        services.application_decline(application=application, decided_by=staff)


def test_the_decision_email_is_sent_once_however_often_the_task_runs(staff, mailoutbox):
    application = ApplicantFactory().applications.get()
    services.application_approve(application=application, decided_by=staff)
    send_application_decision.apply(args=[application.pk])
    send_application_decision.apply(args=[application.pk])
    assert len(mailoutbox) == 1


def test_the_decision_task_returns_quietly_when_the_application_is_gone(mailoutbox):
    send_application_decision.apply(args=[987654])
    assert mailoutbox == []


def test_deleting_an_account_keeps_an_anonymous_row_and_frees_the_email(member):
    email = member.email
    services.account_delete(user=member)
    member.refresh_from_db()
    assert member.display_name == "Former member"
    assert not member.is_active
    assert not member.has_usable_password()
    assert not Profile.objects.filter(user=member).exists()
    assert not EmailAddress.objects.filter(user=member).exists()
    assert not User.objects.filter(email=email).exists()
    UserFactory(email=email)  # the address can sign up again


def test_email_preferences_turn_kinds_off_and_back_on(member):
    services.email_preferences_update(user=member, enabled={EmailKind.MENTIONS})
    assert wants_email(user=member, kind=EmailKind.MENTIONS)
    assert not wants_email(user=member, kind=EmailKind.DIGEST)
    services.email_preferences_update(user=member, enabled=set(EmailKind.values))
    assert wants_email(user=member, kind=EmailKind.DIGEST)


def test_unsubscribing_twice_is_harmless(member):
    services.email_kind_unsubscribe(user=member, kind=EmailKind.DIGEST)
    preferences = services.email_kind_unsubscribe(user=member, kind=EmailKind.DIGEST)
    assert preferences.turned_off == [EmailKind.DIGEST]


def test_a_deleted_account_gets_no_email(member):
    services.account_delete(user=member)
    assert not wants_email(user=member, kind=EmailKind.ANNOUNCEMENTS)


def test_an_auto_approve_domain_is_stored_lowercase_without_at():
    domain = services.auto_approve_domain_save(
        domain=AutoApproveDomain(domain=" @Trusted.Example ")
    )
    assert domain.domain == "trusted.example"
