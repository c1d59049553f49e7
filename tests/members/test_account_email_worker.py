"""allauth's emails leave through the outbox and a real worker sends them."""

import pytest
from django.urls import reverse

from alliance.models import Job


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_signup_is_answered_at_once_and_its_verification_email_sent_by_a_worker(
    client, password, celery_worker_process
):
    data = {"name": "Nadia Newcomer", "email": "nadia@example.com",
            "password1": password, "password2": password}  # fmt: skip
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 302
    assert Job.objects.filter(name="members.tasks.send_account_email").count() == 1
    (message,) = celery_worker_process.wait_for_emails(1)
    assert str(message["To"]) == "nadia@example.com"
    assert message.is_multipart()  # the text and the HTML part, as allauth rendered them
    assert "/accounts/confirm-email/" in message.get_payload(0).get_payload(decode=True).decode()
    # Once sent, the job forgets the message: its link is a secret.
    job = Job.objects.get(name="members.tasks.send_account_email")
    assert job.done_at is not None and (job.args, job.kwargs) == ([], {})
