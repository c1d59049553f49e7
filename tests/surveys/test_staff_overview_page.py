"""The staff's list of a wave's responses: a page of 50 is chosen before answers are counted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys import services
from surveys.models import Question

pytestmark = pytest.mark.django_db


def _respond(wave, count, *, start=0):
    role = Question.objects.get(wave=wave, key="role")
    years = Question.objects.get(wave=wave, key="years_in_product_ops")
    for number in range(start, start + count):
        response, _ = services.response_start(wave=wave, email=f"r{number}@example.com")
        services.response_save_page(
            response=response, page=1, answers={(role.pk, ""): "head", (years.pk, ""): 4}
        )


def _overview(client, wave, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("surveys:staff_overview", args=[wave.slug]), params)
    assert response.status_code == 200
    return response.content.decode(), queries


def test_each_response_on_the_page_shows_its_own_answer_count(staff_client, wave):
    _respond(wave, 3)
    page, _ = _overview(staff_client, wave)
    assert page.count("<td>2</td>") == 3


def test_the_page_and_its_count_do_not_join_the_waves_answers(staff_client, wave):
    _respond(wave, 4)
    _, few = _overview(staff_client, wave)
    _respond(wave, 60, start=4)
    page, many = _overview(staff_client, wave, page=2)
    assert page.count("<td>2</td>") == 14
    # session, user, wave, counts, the page count, the page of responses, their answer counts;
    # the staff navigation's library review count; the header bell's unread count.
    assert len(few) == len(many) <= 9
    for query in many.captured_queries:
        sql = query["sql"]
        if "surveys_answer" in sql:
            # Answers are counted for the page's own responses only, never before a LIMIT.
            assert "LIMIT" not in sql and "COUNT(*)" not in sql.upper().replace(" ", ""), sql
            assert '"surveys_answer"."response_id" IN' in sql, sql
