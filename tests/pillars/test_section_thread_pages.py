"""A section's threads, page by page: chosen among the threads' ids and last activity, then
read whole (bench/pages.py: sorting every whole thread to keep twenty grew with the section)."""

import pytest

from pillars import services
from pillars.selectors.comments import THREADS_PER_PAGE, section_threads
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _page(version, viewer, number):
    section = version.sections.get(key="insight")
    return section_threads(version=version, section=section, viewer=viewer, page_number=number)


def test_pages_follow_the_latest_activity_and_hold_every_thread_once(v1, member):
    threads = [
        services.comment_create(
            version=v1, section_key="insight", author=member, body=f"Thread {n}.", notify=False
        )
        for n in range(THREADS_PER_PAGE + 5)
    ]
    # A reply to the oldest thread brings it back to the top of the first page.
    services.comment_create(
        version=v1,
        section_key="insight",
        author=MemberFactory(),
        body="Still true.",
        parent=threads[0],
        notify=False,
    )
    first, second = _page(v1, member, 1), _page(v1, member, 2)
    expected = [threads[0].pk] + [thread.pk for thread in reversed(threads[1:])]
    assert [thread.pk for thread in first.threads] == expected[:THREADS_PER_PAGE]
    assert [thread.pk for thread in second.threads] == expected[THREADS_PER_PAGE:]
    assert first.page.paginator.count == THREADS_PER_PAGE + 5
    assert [reply.body_markdown for reply in first.threads[0].shown_replies] == ["Still true."]
    assert first.threads[0].reply_total == 1 and first.threads[1].reply_total == 0
