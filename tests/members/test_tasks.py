import time

import pytest

from members import services
from tests.factories import ApplicantFactory, StaffFactory


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_emails_the_decision_once_after_the_commit(celery_worker_process):
    applicant = ApplicantFactory()
    staff = StaffFactory()
    application = applicant.applications.get()
    # Enqueued on commit: the worker can only see a decision that is already committed.
    services.application_approve(application=application, decided_by=staff, message="Welcome")

    deadline = time.monotonic() + 30
    while not celery_worker_process.sent_emails():
        assert time.monotonic() < deadline, "the worker sent no email"
        time.sleep(0.2)
    time.sleep(1)  # a duplicate, if there were one, would land within this second
    (message,) = celery_worker_process.sent_emails()
    assert message["To"] == applicant.email
    assert message.is_multipart()
    kinds = {part.get_content_type() for part in message.walk()}
    assert {"text/plain", "text/html"} <= kinds
    application.refresh_from_db()
    assert application.decision_emailed_at is not None
