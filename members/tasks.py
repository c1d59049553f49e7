import logging

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from members import emails
from members.models import Application

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, soft_time_limit=30, time_limit=60)
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
    # Claim the email before sending: a retry, or a second copy of this task, finds it
    # claimed and stops. On failure the claim is released so the retry can send.
    claimed = Application.objects.filter(pk=application_id, decision_emailed_at=None).update(
        decision_emailed_at=timezone.now()
    )
    if not claimed:
        return
    try:
        emails.send_application_decision(application=application)
    except Exception as error:
        with transaction.atomic():
            Application.objects.filter(pk=application_id).update(decision_emailed_at=None)
        logger.warning("decision email for application %s failed: %s", application_id, error)
        raise self.retry(exc=error, countdown=10 * 2**self.request.retries) from error
