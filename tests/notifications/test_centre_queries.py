"""The notification centre's pages cost the same number of queries with 10 notifications as
with 500."""

import pytest
from django.urls import reverse

from tests.factories import MemberFactory
from tests.notifications.conftest import tell

pytestmark = pytest.mark.django_db


def _tell_everyone(people, how_many):
    for n in range(how_many):
        for person in people:
            tell(person, n, kind=("reply", "mention")[n % 2])


@pytest.mark.parametrize("how_many", [10, 500])
def test_the_list_costs_the_same_with_few_and_many(
    member_client, member, things, django_assert_num_queries, how_many
):
    _tell_everyone([member], how_many)
    member_client.get(reverse("home"))  # the first request of a session writes
    # The user (with the profile), the page's rows, the bell's count. The test prefix's check
    # runs no query (the groups' and the library's run one each).
    with django_assert_num_queries(3):
        response = member_client.get(reverse("notifications:index"))
    assert response.status_code == 200
    assert things.asked and len(things.asked[-1]) == min(how_many, 50)


@pytest.mark.parametrize("how_many", [10, 500])
def test_a_filtered_later_page_costs_the_same(
    member_client, member, things, django_assert_num_queries, how_many
):
    _tell_everyone([member], how_many)
    member_client.get(reverse("home"))
    with django_assert_num_queries(3):
        member_client.get(reverse("notifications:index"), {"kind": "reply", "page": 2})


@pytest.mark.parametrize("how_many", [10, 300])
def test_the_reach_page_costs_the_same_with_few_and_many_events(
    staff_client, django_assert_num_queries, how_many
):
    people = [MemberFactory() for _ in range(5)]
    _tell_everyone(people, how_many)
    staff_client.get(reverse("home"))
    # The user, the events (one aggregate), the staff menu's library count (the bell's count,
    # the staff member's own, is the fourth).
    with django_assert_num_queries(4):
        response = staff_client.get(reverse("notifications:reach"))
    assert response.content.decode().count("<tr>") == 1 + min(how_many, 25)
