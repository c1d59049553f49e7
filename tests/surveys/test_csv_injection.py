"""Every CSV the hub writes is opened in a spreadsheet: a cell must never run as a formula."""

import csv
import io
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from surveys import exports
from surveys.models import Answer
from tests.surveys.test_views import _start

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://evil","x")', "@SUM(1)", "+1", "-1+2", "\tx", "\rx"]


def _read(export):
    return list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))


@pytest.mark.parametrize("text", FORMULAS)
def test_a_free_text_answer_that_looks_like_a_formula_is_exported_as_text(
    staff_client, wave, answers, text
):
    respondent = Client()
    _start(respondent, wave, email="one@example.com")  # and open the emailed link
    for number in (1, 2, 3, 4, 5):
        respondent.post(reverse("surveys:page", args=[wave.slug, number]), answers[number])
    # The form trims what is typed; the export must not rely on it, so the cell holds the
    # text exactly (as an import or a future form could store it).
    Answer.objects.filter(question__key="biggest_challenge").update(text=text)

    rows = _read(staff_client.get(reverse("surveys:export_csv", args=[wave.slug])))
    assert rows[0]["biggest_challenge"] == "'" + text
    assert rows[0]["years_in_product_ops"] == "4"  # numbers stay numbers


@pytest.mark.parametrize("text", FORMULAS)
def test_the_neutralized_cell_keeps_the_text_after_the_quote(text):
    assert exports.safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-3, "-3", "-3.5", -1.5, 0, "12", "", None])
def test_plain_numbers_stay_numbers(value):
    assert exports.safe_cell(value) == value


def test_the_aggregate_csv_neutralizes_labels_and_keeps_negative_figures():
    snapshot = SimpleNamespace(
        data={
            "questions": [
                {
                    "key": "q",
                    "n": 6,
                    "options": [{"value": "=1+1", "label": "@SUM(A1)", "count": 6, "percent": 100}],
                    "stats": {"mean": -3, "median": "-1.5", "q1": -4, "q3": -1},
                    "segments": {},
                }
            ]
        }
    )
    rows = list(exports.result_rows(snapshot=snapshot))
    assert rows[1][-4:] == [-3, "-1.5", -4, -1]
    assert rows[2][5:7] == ["'=1+1", "'@SUM(A1)"]
