from celery import shared_task
from django.db.models import F, Q
from django.db.models.functions import Now

from surveys import emails
from surveys.models import Response

TASK_OPTIONS = {"bind": True, "max_retries": 5, "retry_backoff": True}


@shared_task(**TASK_OPTIONS, soft_time_limit=30, time_limit=60)
def send_resume_link(self, response_id: int) -> None:
    """Email the link that reopens a response; each request for it is sent once."""
    pending = Response.objects.filter(pk=response_id, resume_requested_at__isnull=False).filter(
        Q(resume_sent_at=None) | Q(resume_sent_at__lt=F("resume_requested_at"))
    )
    response = pending.select_related("wave").first()
    if response is None or not response.email:
        return
    if not pending.update(resume_sent_at=Now()):
        return  # another run claimed it
    try:
        emails.send_resume_link(response=response)
    except Exception as error:
        Response.objects.filter(pk=response_id).update(resume_sent_at=None)
        raise self.retry(exc=error) from error


@shared_task(**TASK_OPTIONS, soft_time_limit=30, time_limit=60)
def send_confirmation(self, response_id: int) -> None:
    """Email the respondent a copy of their submitted answers, once."""
    response = (
        Response.objects.select_related("wave")
        .filter(pk=response_id, submitted_at__isnull=False)
        .first()
    )
    if response is None or not response.email:
        return
    claimed = Response.objects.filter(pk=response_id, confirmation_sent_at=None).update(
        confirmation_sent_at=Now()
    )
    if not claimed:
        return
    try:
        emails.send_confirmation(response=response)
    except Exception as error:
        Response.objects.filter(pk=response_id).update(confirmation_sent_at=None)
        raise self.retry(exc=error) from error
