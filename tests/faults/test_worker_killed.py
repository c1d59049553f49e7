"""The whole Celery worker SIGKILLed a third of the way through the results email to 469
respondents: once a worker is back, every respondent has the email within 2 minutes, once
(the one message being written when the worker died may be written again, under its own
Message-ID: a receiving server keeps one)."""

import pytest

from bench.fault_scenarios import describe, worker_killed

pytestmark = pytest.mark.faults


def test_every_results_email_goes_out_once_after_the_worker_is_killed(fault_site):
    outcome = worker_killed(fault_site, deliver=120)
    report = describe(outcome) + f"\ndelivered {outcome.deliver_seconds} s after the restart"
    print("\n" + report)
    assert not outcome.emails_missing, report
    assert not outcome.emails_duplicated, report
    # Each of the worker's two processes may have been writing one message when it died.
    assert outcome.resent_same_id <= 2, report
    assert outcome.deliver_seconds is not None and outcome.deliver_seconds <= 120, report
