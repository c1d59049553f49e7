"""Every figure right, in every channel: the option values answers are stored under, one
rounding for pages, emails and CSV, segments in their natural order, the pillar bars' colours,
and nothing published that silently leaves answers out (issue #12)."""

import csv
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from surveys import delivery, emails, exports, services
from surveys.models import Answer, Question, Response, ResultSnapshot, SurveyWave
from surveys.results import StrayAnswers, compute
from surveys.selectors import answers_by_response
from surveys.tasks import compute_results
from surveys.templatetags.results import REMIT_COLOURS
from tests.factories import make_wave
from tests.surveys.test_services import _answer_all

pytestmark = pytest.mark.django_db


def _respond(wave, email, *, grid=None, **values):
    """A submitted response through the services, the usual answers changed by `values`,
    by a respondent who opened the link emailed to them (so it counts)."""
    response, _ = services.response_start(wave=wave, email=email)
    services.response_confirm_email(response=response)
    _answer_all(response, wave, grid=grid, **values)
    return services.response_submit(response=response, notify=False)


def _computed(wave):
    snapshot = services.results_request(wave=wave, requested_by=None)
    return services.results_compute(snapshot=snapshot)


# --- Option values ----------------------------------------------------------------------------


def test_an_option_value_is_any_word_without_spaces_or_colons():
    question = Question(kind=Question.Kind.SINGLE, options="\n".join([
        "1000+: 1,000+ product people", "vc_funded: VC-funded scale-up",
        "Starting & Scaling Product Ops", "Ratio 1:2 or more", "n/a:",
    ]))  # fmt: skip
    assert question.choices == [
        ("1000+", "1,000+ product people"),
        ("vc_funded", "VC-funded scale-up"),
        ("starting-scaling-product-ops", "Starting & Scaling Product Ops"),
        ("ratio-12-or-more", "Ratio 1:2 or more"),  # "Ratio 1" has a space: not a value
        ("n/a", "n/a"),
    ]


def test_the_admin_refuses_options_that_give_no_value_or_the_same_value_naming_the_line():
    question = Question(
        wave=SurveyWave(), key="size", kind=Question.Kind.SINGLE, prompt="Size?",
        options="small: Small\n\n???\nbig: Big\nsmall: Tiny",
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        question.clean()
    messages = refused.value.message_dict["options"]
    assert any(m.startswith("Line 3 (“???”) gives no stored value") for m in messages)
    assert "Line 5 has the same value (“small”) as line 1" in " ".join(messages)


def test_the_org_size_question_of_the_demo_stores_1000_plus_under_its_own_value(wave):
    org_size = wave.questions.get(key="org_size")
    assert ("1000+", "1,000+ product people") in org_size.choices
    response = _respond(wave, "big@example.com", org_size="1000+")
    assert response.org_size == "1000+"
    assert Answer.objects.get(response=response, question=org_size).display() == (
        "1,000+ product people"
    )


def test_a_service_refuses_an_answer_outside_the_question_options(wave):
    response, _ = services.response_start(wave=wave, email="x@example.com")
    org_size = wave.questions.get(key="org_size")
    with pytest.raises(ValidationError, match="is not one of the options"):
        services.response_save_page(
            response=response, page=2, answers={(org_size.pk, ""): "1000-1000-product-people"}
        )
    assert not Answer.objects.filter(response=response).exists()


def test_results_that_would_leave_answers_out_are_not_published(wave, eager_tasks):
    for n in range(6):
        _respond(wave, f"r{n}@example.com")
    # An answer stored before the options changed: counted nowhere if it were let through.
    Answer.objects.filter(question__key="reports_to").update(choice="chief-of-staff")
    Response.objects.update(tallied=False)
    with pytest.raises(StrayAnswers, match="reports_to: chief-of-staff"):
        compute(wave=wave, k=5)
    snapshot = services.results_request(wave=wave, requested_by=None)
    compute_results.apply(args=[snapshot.pk])
    snapshot.refresh_from_db()
    assert snapshot.status == ResultSnapshot.Status.FAILED
    assert "reports_to: chief-of-staff" in snapshot.error
    assert snapshot.data == {}


def test_the_option_migration_moves_answers_to_the_value_the_line_gives_now():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("surveys.migrations.0005_option_values_and_whole_shares")
    wave = make_wave(slug="before")
    org_size = wave.questions.get(key="org_size")
    for n in range(5):
        _respond(wave, f"r{n}@example.com", org_size="10-49")
    # What the browser stored under the old rule for "1000+: 1,000+ product people".
    old = "1000-1000-product-people"
    Answer.objects.filter(question=org_size).update(choice=old)
    Response.objects.update(org_size=old)
    migration.move_answers(apps, None)
    assert set(Answer.objects.filter(question=org_size).values_list("choice", flat=True)) == {
        "1000+"
    }
    assert set(Response.objects.values_list("org_size", flat=True)) == {"1000+"}
    org = _computed(wave).question("org_size")
    assert [(o["value"], o["percent"]) for o in org["options"]][-1] == ("1000+", 100)


# --- One rounding, every channel -------------------------------------------------------------


@pytest.fixture
def eight_answers(wave):
    """One of eight is a head of Product Ops: 12.5%, the share that rounds two ways."""
    _respond(wave, "head@example.com", role="head", org_size="10-49")
    for n in range(7):
        _respond(wave, f"lead{n}@example.com", org_size=["10-49", "50-199"][n % 2])
    return wave


def test_a_distribution_shows_whole_shares_that_sum_to_100(wave):
    for n, role in enumerate(["head", "lead", "ic"]):
        _respond(wave, f"r{n}@example.com", role=role)
    role = _computed(wave).question("role")
    shares = {o["value"]: o["percent"] for o in role["options"]}
    assert shares == {"head": 34, "lead": 33, "ic": 33, "product-leader": 0, "consultant": 0}


def test_the_email_and_the_report_give_the_same_share(client, eight_answers):
    snapshot = _computed(eight_answers)
    head = Response.objects.get(email="head@example.com")
    answers = answers_by_response([head.pk])[head.pk]
    text, _ = emails.results_personal_parts(snapshot, answers, response_id=head.pk)
    assert "You answered Head or Director of Product Ops, like 13% of peers." in text
    page = client.get(emails.personal_report_url(wave_slug="benchmark-test", response_id=head.pk))
    report = page.content.decode()
    assert re.search(r"Head or Director of Product Ops</th><td>13%</td>", report)
    assert "like 13% of peers" in report


def test_every_distribution_sums_to_100_in_the_csv(staff_client, eight_answers):
    snapshot = _computed(eight_answers)
    rows = list(csv.DictReader(io.StringIO("\n".join(
        ",".join(map(str, row)) for row in exports.result_rows(snapshot=snapshot)
    ))))  # fmt: skip
    kinds = {q["key"]: q["kind"] for q in snapshot.data["questions"]}
    sums = {}
    for row in rows:
        if row["option"] and kinds[row["question"]] != "multiple":
            key = (row["question"], row["row"], row["segment"], row["segment_value"])
            sums[key] = sums.get(key, 0) + int(row["percent"])
    assert sums and set(sums.values()) == {100}


# --- Segments ---------------------------------------------------------------------------------


def test_segments_come_in_their_natural_order_and_a_question_is_not_split_by_itself(wave):
    for size in ["1000+", "10-49", "200-999", "50-199"]:
        for n in range(5):
            _respond(wave, f"{size}-{n}@example.com", org_size=size, company_type="public")
    data = _computed(wave).data
    assert [s["value"] for s in data["segments"]["org_size"]] == [
        "10-49", "50-199", "200-999", "1000+"
    ]  # fmt: skip
    assert [s["label"] for s in data["segments"]["org_size"]][-1] == "1,000+ product people"
    questions = {q["key"]: q for q in data["questions"]}
    assert "org_size" not in questions["org_size"]["segments"]
    assert "company_type" not in questions["company_type"]["segments"]
    assert "org_size" in questions["company_type"]["segments"]


def test_segment_figures_list_the_chosen_answers_without_a_stray_comma(member_client, wave):
    for n in range(5):
        _respond(wave, f"r{n}@example.com", role=["head", "lead"][n % 2])
    _computed(wave)
    page = member_client.get(reverse("surveys:report", args=[wave.slug])).content.decode()
    figures = [cell.strip() for cell in
               re.findall(r"<td>((?:[^<]|<span[^>]*>[^<]*</span>)*)</td>", page)]  # fmt: skip
    assert "Head or Director of Product Ops 60%, Product Ops manager or lead 40%" in figures
    assert not [cell for cell in figures if cell.strip().endswith(",")]


def test_the_summary_counts_the_questions_the_report_lists(member_client, client, eight_answers):
    _computed(eight_answers)
    summary = client.get(reverse("surveys:results", args=[eight_answers.slug])).content.decode()
    report = member_client.get(reverse("surveys:report", args=[eight_answers.slug]))
    listed = report.content.decode().count('<section class="result panel"')
    assert listed == 11
    assert re.search(rf"<dt>Questions with figures</dt><dd>{listed}</dd>", summary)


# --- The pillar bars of the results email -----------------------------------------------------


def test_each_pillar_bar_has_its_answer_colour_and_the_legend_uses_the_same(wave):
    # People: all 3 of 5 and none 2, some 0: the "none" bar must not take the "some" colour.
    for n in range(5):
        grid = {"people": "all" if n < 3 else "none", "process": ["some", "all"][n % 2]}
        _respond(wave, f"r{n}@example.com", grid=grid)
    snapshot = _computed(wave)
    html = delivery.results_merge(snapshot, connection=None).html
    bars = re.findall(r'<td width="\d+%" bgcolor="(#\w+)" style="color:(#\w+);[^"]*">(\d+)%</td>',
                      html)  # fmt: skip
    people = bars[:2]
    assert people == [(REMIT_COLOURS["all"][0], REMIT_COLOURS["all"][1], "60"),
                      (REMIT_COLOURS["none"][0], REMIT_COLOURS["none"][1], "40")]  # fmt: skip
    grid = snapshot.question("pillar_remit")
    expected = [
        REMIT_COLOURS[o["value"]][0] for row in grid["rows"] for o in row["options"] if o["percent"]
    ]
    assert [bar[0] for bar in bars[: len(expected)]] == expected
    legend = re.findall(r"background:(#\w+);border:1px\ssolid\s#545c6b;\"></span>&nbsp;([^<&]+)",
                        html)  # fmt: skip
    legend = [(colour, label.strip()) for colour, label in legend]
    labels = [("all", "All of it"), ("some", "Some of it"), ("none", "None of it")]
    assert legend == [(REMIT_COLOURS[value][0], label) for value, label in labels]


# --- The demo data ----------------------------------------------------------------------------


def test_the_demo_answers_are_among_their_options_and_every_distribution_sums_to_100(
    client, settings
):
    settings.DEBUG = True  # as `make run` runs it
    call_command("seed_demo")
    for question in Question.objects.filter(kind__in=["single", "multiple", "scale",
                                                      "pillar_grid"]):  # fmt: skip
        allowed = question.values
        for answer in Answer.objects.filter(question=question):
            chosen = answer.choices if question.kind == "multiple" else [
                f"{answer.number.normalize():f}" if question.kind == "scale" else answer.choice
            ]  # fmt: skip
            assert set(chosen) <= allowed, (question.wave.slug, question.key, chosen)
    snapshots = ResultSnapshot.objects.filter(status=ResultSnapshot.Status.READY)
    assert snapshots.exists()
    for snapshot in snapshots:
        for question in snapshot.data["questions"]:
            if question["kind"] in ("multiple", "number", "short_text", "long_text"):
                continue
            slices = [question] + [s for segments in question["segments"].values()
                                   for s in segments if not s.get("suppressed")]  # fmt: skip
            for figures in slices:
                for dist in figures.get("rows") or [figures]:
                    if dist.get("suppressed") or not dist["n"]:
                        continue
                    assert sum(o["percent"] for o in dist["options"]) == 100, question["key"]
                    assert sum(o["count"] for o in dist["options"]) == dist["n"], question["key"]
    # The home page's pillar cards read the same whole shares.
    latest = snapshots.order_by("-wave__year", "-version").first().question("pillar_remit")
    home = client.get(reverse("home")).content.decode()
    for row in latest["rows"]:
        share = {o["value"]: o["percent"] for o in row["options"]}
        assert (f"<strong>{share['all']}%</strong> say all of it is in their remit, "
                f"<strong>{share['some']}%</strong> some of it") in home  # fmt: skip
