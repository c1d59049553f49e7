"""When a member was last on the hub (what "only when away" and the digest's inactivity rule
read), and the application decisions the members part emails itself, recorded in the ledger."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members import services as member_services
from members.models import User
from notifications import tasks
from notifications.models import Kind, Notification
from notifications.targets import visible_keys
from tests.factories import ApplicantFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _seen(user):
    return User.objects.values_list("last_seen_at", flat=True).get(pk=user.pk)


def _last_seen_writes(queries):
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("UPDATE") and '"last_seen_at"' in q["sql"]
    ]


def test_signing_in_and_opening_pages_is_being_seen(client, member):
    assert _seen(member) is None
    client.force_login(member)
    signed_in = _seen(member)
    assert signed_in is not None
    # Later, a page shown writes again, once every five minutes at most.
    User.objects.filter(pk=member.pk).update(last_seen_at=timezone.now() - timedelta(minutes=6))
    assert client.get(reverse("members:email_preferences")).status_code == 200
    assert _seen(member) > signed_in


def test_a_page_costs_no_query_for_last_seen_within_five_minutes(client, member):
    client.force_login(member)
    client.get(reverse("members:email_preferences"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("members:email_preferences"))
    assert not _last_seen_writes(queries)


def test_a_stale_last_seen_is_one_conditional_update(client, member):
    client.force_login(member)
    User.objects.filter(pk=member.pk).update(last_seen_at=timezone.now() - timedelta(minutes=6))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("members:email_preferences"))
    (write,) = _last_seen_writes(queries)
    assert write.startswith("UPDATE") and '"last_seen_at" <=' in write


def test_a_refused_or_posted_request_is_not_a_visit(client, member):
    client.force_login(member)
    stale = timezone.now() - timedelta(minutes=6)
    User.objects.filter(pk=member.pk).update(last_seen_at=stale)
    assert client.get(reverse("members:application_queue")).status_code == 403
    client.post(reverse("notifications:read_all"))
    assert _seen(member) == stale


def test_visitors_are_not_seen(client):
    assert client.get(reverse("home")).status_code == 200
    assert not User.objects.exclude(last_seen_at=None).exists()


def test_user_seen_writes_once_for_two_tabs_at_once(member):
    now = timezone.now()
    other_tab = User.objects.get(pk=member.pk)
    assert member_services.user_seen(user=member, now=now) is True
    assert member_services.user_seen(user=other_tab, now=now) is False


# --- Application decisions --------------------------------------------------------------------


def test_an_approved_application_is_in_the_bell_as_already_emailed(staff, mailoutbox):
    applicant = ApplicantFactory(name="Siobhán O'Neill")
    application = applicant.applications.get()
    member_services.application_approve(application=application, decided_by=staff)
    tasks.application_decided.apply(args=[application.pk])
    tasks.application_decided.apply(args=[application.pk])  # a retry tells nothing twice
    (notification,) = Notification.objects.filter(user=applicant)
    assert notification.kind == Kind.MEMBERSHIP
    assert notification.target_key == f"members.application:{application.pk}"
    assert notification.url == reverse("members:directory")
    assert notification.headline == (
        "The Product Ops Alliance approved your application to join the alliance"
    )
    assert notification.why == "Your application"
    assert notification.emailed_at is not None  # the members part's own email: not again
    assert notification.read_at is None
    assert mailoutbox == []  # this task sends nothing itself


def test_a_declined_application_points_at_its_status(staff):
    applicant = ApplicantFactory()
    application = applicant.applications.get()
    member_services.application_decline(application=application, decided_by=staff, message="No")
    tasks.application_decided.apply(args=[application.pk])
    notification = Notification.objects.get(user=applicant)
    assert notification.verb == "declined"
    assert notification.url == reverse("members:apply")


def test_the_decision_is_queued_with_its_email_and_only_then(
    staff, django_capture_on_commit_callbacks
):
    applicant = ApplicantFactory()
    with django_capture_on_commit_callbacks() as queued:
        member_services.application_approve(
            application=applicant.applications.get(), decided_by=staff
        )
    assert len(queued) == 2  # the email and the ledger
    with django_capture_on_commit_callbacks() as queued:
        MemberFactory()  # an import: approved without an email, and without a notification
    assert queued == []


def test_an_applications_notification_is_its_applicants_alone(staff):
    applicant, other = ApplicantFactory(), MemberFactory()
    application = applicant.applications.get()
    key = f"members.application:{application.pk}"
    assert visible_keys(user=applicant, keys=[key]) == {key}
    assert visible_keys(user=other, keys=[key]) == set()
    assert visible_keys(user=staff, keys=[key]) == set()


def test_a_pending_or_missing_application_tells_nothing():
    applicant = ApplicantFactory()
    tasks.application_decided.apply(args=[applicant.applications.get().pk])
    tasks.application_decided.apply(args=[999_999])
    assert not Notification.objects.exists()
