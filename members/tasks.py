from django.db.models import Q
from django.utils import timezone

from alliance.emails import send_data
from alliance.jobs import claim_then, task
from members import emails
from members.models import Application


@task()
def send_application_decision(self, application_id: int) -> None:
    """Email the applicant the staff's decision, exactly once."""
    application = (
        Application.objects.select_related("user")
        .exclude(status=Application.Status.PENDING)
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return
    claim_then(
        self,
        rows=Application.objects.filter(pk=application_id),
        unclaimed=Q(decision_emailed_at=None),
        claim={"decision_emailed_at": timezone.now()},
        work=lambda: emails.send_application_decision(application=application),
    )


@task()
def send_account_email(self, message: dict) -> None:
    """Send an account email allauth rendered in the request (verify an address, reset a
    password, a sign-in code): through the outbox, so a slow or absent mail server or broker
    never fails the page that asked for it. Sent at least once: a worker killed between the
    send and its record sends it again."""
    send_data(message)
