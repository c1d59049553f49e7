"""The staff's header says how many library items wait for review, in words that agree with
the number, and counts them once a page, for staff only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.library.conftest import reviewing_submitted

pytestmark = pytest.mark.django_db


def _count_queries(queries):
    return [q["sql"] for q in queries if "COUNT(" in q["sql"] and '"library_item"' in q["sql"]]


def test_the_staff_menu_says_one_library_item(staff_client):
    reviewing_submitted(title="One")
    page = staff_client.get(reverse("home")).content.decode()
    assert '<summary>Staff<span aria-hidden="true"> (1)</span>' in page
    assert "1 library item waiting for review" in page
    assert "1 library items" not in page


def test_the_staff_menu_says_two_library_items_counted_once(staff_client):
    reviewing_submitted(title="One")
    reviewing_submitted(title="Two")
    with CaptureQueriesContext(connection) as queries:
        page = staff_client.get(reverse("home")).content.decode()
    assert '<summary>Staff<span aria-hidden="true"> (2)</span>' in page
    assert "2 library items waiting for review" in page
    assert len(_count_queries(queries)) == 1


def test_the_staff_menu_shows_no_count_when_nothing_waits(staff_client):
    page = staff_client.get(reverse("home")).content.decode()
    assert "<summary>Staff</summary>" in page


def test_members_pages_count_nothing(member_client):
    reviewing_submitted(title="One")
    with CaptureQueriesContext(connection) as queries:
        member_client.get(reverse("home"))
    assert _count_queries(queries) == []
