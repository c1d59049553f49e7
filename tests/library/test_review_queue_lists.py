"""The review queue's three lists, each in its own order, a page of each read in one query
(three slices in a UNION ALL: items in review walk their index and stop at the page's end)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from library.models import Item
from library.selectors import reviewing as selectors
from tests.factories import MemberFactory
from tests.library.test_reviewing_selectors import _bulk

pytestmark = pytest.mark.django_db


def test_each_list_keeps_its_own_order_page_by_page(django_assert_num_queries):
    author, size = MemberFactory(), selectors.QUEUE_PAGE_SIZE
    _bulk(size + 3, status="in_review", author=author)
    flagged = _bulk(size + 1, status="published", author=author, kind="link", link_health="dead")
    scheduled = _bulk(4, status="scheduled", author=author)
    now = timezone.now()
    # Scheduled items go by their publishing time, whatever their submission: soonest first.
    for days, item in zip([3, 1, 4, 2], scheduled, strict=True):
        Item.objects.filter(pk=item.pk).update(publish_at=now + timedelta(days=days))
    waiting = list(
        Item.objects.filter(status="in_review").order_by("submitted_at", "id").values_list("pk")
    )
    soonest = [scheduled[1].pk, scheduled[3].pk, scheduled[0].pk, scheduled[2].pk]

    # 1. the lists' sizes; 2. a page of each list; 3. their accepted credits.
    with django_assert_num_queries(3):
        first = selectors.review_queue()
    second = selectors.review_queue(page_number=2)

    assert [(item.pk,) for item in first.in_review] == waiting[:size]
    assert [(item.pk,) for item in second.in_review] == waiting[size:]
    assert [item.pk for item in first.scheduled] == soonest and second.scheduled == []
    assert [item.pk for item in first.flagged] == [item.pk for item in flagged[:size]]
    assert [item.pk for item in second.flagged] == [flagged[size].pk]
    assert [len(item.shown_credits) for item in first.in_review] == [1] * size
    assert (first.in_review_count, first.scheduled_count, first.flagged_count) == (
        size + 3,
        4,
        size + 1,
    )
