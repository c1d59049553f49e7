"""PostgreSQL restarted under load: no acknowledged write is lost, and every email the saved
work calls for goes out once when it is back. (PostgreSQL down for 10 s, the same with more
requests failing while it is, is in the fault bench: the suite keeps to a few minutes.)"""

import pytest

from bench.fault_scenarios import describe, under_load

pytestmark = pytest.mark.faults


def test_the_hub_rides_out_a_postgresql_restart(fault_site):
    outcome = under_load("pg-restart", fault_site, before=3, during=0, after=3, deliver=90)
    report = describe(outcome)
    print("\n" + report)
    assert not outcome.lost_writes, report
    assert not outcome.emails_missing, report
    assert not outcome.emails_duplicated, report
    assert not outcome.dead, report
