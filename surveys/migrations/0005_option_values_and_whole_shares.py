"""Two changes to stored survey data, frozen here so later edits of the app cannot change them.

1. Option values: `value: Label` now keeps any one-word value without spaces or colons
   (`1000+`), where it used to keep only slugs and turn the whole line into the label (the
   value `1000-1000-product-people`). Answers given under an old made-up value move to the
   value the line gives now; the waves whose answers moved are counted again from their answers
   at their next computation (their tallies are dropped and rebuilt).
2. Shares: every stored snapshot gets whole percentages, by the largest remainder for a
   distribution (so its shares sum to 100), as new computations make them.
"""

import re

from django.db import migrations
from django.utils.text import slugify

VALUE = re.compile(r"[^\s:]{1,60}")
CHOICE_KINDS = ("single", "multiple")


def _values(options, is_value):
    """Each line's stored value: the part before its first colon where `is_value` takes it,
    otherwise made from the whole line."""
    values = []
    for line in options.splitlines():
        line = line.strip()
        if not line:
            continue
        value, sep, _ = line.partition(":")
        value = value.strip()
        values.append(value if sep and is_value(value) else slugify(line)[:60])
    return values


def _old_values(options):
    return _values(options, lambda value: slugify(value) == value)


def _new_values(options):
    return _values(options, VALUE.fullmatch)


def move_answers(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    Answer = apps.get_model("surveys", "Answer")
    Response = apps.get_model("surveys", "Response")
    AnswerTally = apps.get_model("surveys", "AnswerTally")
    moved_waves = set()
    for question in Question.objects.filter(kind__in=CHOICE_KINDS).exclude(options=""):
        moves = {
            old: new
            for old, new in zip(_old_values(question.options), _new_values(question.options))
            if old != new
        }
        for old, new in moves.items():
            answers = Answer.objects.filter(question=question)
            changed = answers.filter(choice=old).update(choice=new)
            for answer in answers.filter(choices__contains=[old]):
                answer.choices = [new if value == old else value for value in answer.choices]
                answer.save(update_fields=["choices"])
                changed += 1
            if question.key in ("company_type", "org_size"):
                Response.objects.filter(wave_id=question.wave_id, **{question.key: old}).update(
                    **{question.key: new}
                )
            if changed:
                moved_waves.add(question.wave_id)
    for wave_id in moved_waves:
        AnswerTally.objects.filter(wave_id=wave_id).delete()
        Response.objects.filter(wave_id=wave_id).update(tallied=False)


def _shares(counts, total, exclusive):
    if not total:
        return [0] * len(counts)
    if not exclusive or sum(counts) != total:
        return [(200 * count + total) // (2 * total) for count in counts]
    floors = [100 * count // total for count in counts]
    order = sorted(range(len(counts)), key=lambda i: (-(100 * counts[i] % total), i))
    for i in order[: 100 - sum(floors)]:
        floors[i] += 1
    return floors


def _whole(figures, exclusive):
    options = figures.get("options") or []
    if options and "n" in figures:
        percents = _shares([o["count"] for o in options], figures["n"], exclusive)
        for option, percent in zip(options, percents):
            option["percent"] = percent
    for row in figures.get("rows") or []:
        if not row.get("suppressed"):
            _whole(row, exclusive)


def whole_shares(apps, schema_editor):
    ResultSnapshot = apps.get_model("surveys", "ResultSnapshot")
    for snapshot in ResultSnapshot.objects.exclude(data={}):
        for question in snapshot.data.get("questions", []):
            exclusive = question["kind"] != "multiple"
            _whole(question, exclusive)
            for segments in question.get("segments", {}).values():
                for segment in segments:
                    if not segment.get("suppressed"):
                        _whole(segment, exclusive)
            # Changes since last year, in whole points from the shares now shown.
            previous = question.get("previous") or {}
            for option in question.get("options") or []:
                before = previous.get("options", {}).get(option["value"])
                if before is not None:
                    option["change"] = round(option["percent"] - before)
            for row in question.get("rows") or []:
                earlier = previous.get("rows", {}).get(row["value"], {})
                for option in row.get("options", []):
                    if option["value"] in earlier:
                        option["change"] = round(option["percent"] - earlier[option["value"]])
        snapshot.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_answer_tallies")]

    operations = [
        migrations.RunPython(move_answers, migrations.RunPython.noop),
        migrations.RunPython(whole_shares, migrations.RunPython.noop),
    ]
