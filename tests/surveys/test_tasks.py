import time

import pytest

from surveys import services
from tests.factories import make_wave
from tests.surveys.test_services import _answer_all


def _wait_for(worker, count):
    deadline = time.monotonic() + 30
    while len(worker.sent_emails()) < count:
        assert time.monotonic() < deadline, f"the worker sent {len(worker.sent_emails())} emails"
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_resume_link_and_the_confirmation_once(celery_worker_process):
    wave = make_wave(slug="worker-wave")
    response, _ = services.response_start(wave=wave, email="worker@example.com")
    _answer_all(response, wave)  # answers saved: the link offers to continue them
    services.response_send_resume_link(response=response)
    _wait_for(celery_worker_process, 1)

    services.response_submit(response=response)
    services.response_submit(response=response)  # a double click: still one confirmation
    _wait_for(celery_worker_process, 2)
    time.sleep(1)  # a duplicate, if there were one, would land within this second

    # Long subjects are folded over two header lines; unfold them.
    subjects = sorted(
        " ".join(str(m["Subject"]).split()) for m in celery_worker_process.sent_emails()
    )
    assert len(subjects) == 2
    assert "are saved" in subjects[1]
    assert "Thank you for answering" in subjects[0]
