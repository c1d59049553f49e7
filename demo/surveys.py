"""The demo wave of `make run`: the founders' benchmarking survey, answered by the demo members.

The questions, and what shapes the answers, are in demo/data/survey.toml; the wave and its
questions are made as staff make them, and each demo member answers through surveys.services
as a respondent does, page by page.
"""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from demo.load import read
from members.models import CompanyType, OrgSize, Profile
from surveys import services
from surveys.models import Question, Response, SurveyWave

K = Question.Kind
DATA = read("survey")
# Options that are the profile's own lists, so a member's answer is what their profile says.
CHOICES = {
    "company_type": CompanyType.choices,
    "org_size": OrgSize.choices,
    "remit": Question.Remit.choices,
}


def _question(entry: dict) -> tuple:
    """(page, key, kind, prompt, extra): a question of the data file as staff enter it."""
    extra = {
        name: value
        for name, value in entry.items()
        if name not in ("page", "key", "kind", "prompt", "discuss_in")
    }
    if "options_from" in extra:
        choices = CHOICES[extra.pop("options_from")]
        extra["options"] = "\n".join(f"{value}: {label}" for value, label in choices)
    elif "options" in extra:
        extra["options"] = "\n".join(extra["options"])
    return entry["page"], entry["key"], K(entry["kind"]), entry["prompt"], extra


# (page, key, kind, prompt, extra)
QUESTIONS = [_question(entry) for entry in DATA["questions"]]
# Where each question's results are discussed: the slugs of the demo working groups.
DISCUSS_IN = {
    entry["key"]: entry["discuss_in"] for entry in DATA["questions"] if "discuss_in" in entry
}
# The options of the working-groups question, of which each demo member picks a few.
WORKING_GROUPS = next(
    entry["options"] for entry in DATA["questions"] if entry["key"] == "working_groups"
)
# Shares (all, some, none) the founding members reported for each pillar, to shape demo answers.
REMIT_SHARES = DATA["answers"]["remit_shares"]
CHALLENGES = DATA["answers"]["challenges"]
TIPS = DATA["answers"]["tips"]


def load_demo_wave(*, year: int = 2026, status: str = SurveyWave.Status.OPEN) -> SurveyWave:
    """Create a year's wave and its questions once; later runs leave it as it is."""
    wave, created = SurveyWave.objects.get_or_create(
        slug=f"benchmark-{year}",
        defaults={
            "title": DATA["wave"]["title"].format(year=year),
            "year": year,
            "intro": DATA["wave"]["intro"],
            "opens_at": timezone.make_aware(datetime(year, 11, 1)),
            "closes_at": timezone.make_aware(datetime(year + 1, 1, 31)),
            "status": status,
        },
    )
    if created:
        Question.objects.bulk_create(
            Question(wave=wave, page=page, position=position, key=key, kind=kind, prompt=prompt,
                     discuss_in=DISCUSS_IN.get(key, ""), **extra)
            for position, (page, key, kind, prompt, extra) in enumerate(QUESTIONS)
        )  # fmt: skip
    return wave


def _answers_for(profile: Profile, rng: random.Random) -> dict[str, object]:
    size_pms = {"1-9": (1, 8), "10-49": (6, 35), "50-199": (30, 120),
                "200-999": (100, 600), "1000+": (500, 3000)}[profile.org_size]  # fmt: skip
    remit = {
        pillar: rng.choices(["all", "some", "none"], weights=shares)[0]
        for pillar, shares in REMIT_SHARES.items()
    }
    groups = [value.split(":")[0] for value in rng.sample(WORKING_GROUPS, rng.randint(0, 3))]
    return {
        "role": rng.choice(["head", "head", "lead", "lead", "ic", "product-leader", "consultant"]),
        "years_in_product_ops": rng.randint(1, 9),
        "company_type": profile.company_type,
        "org_size": profile.org_size,
        "product_managers": rng.randint(*size_pms),
        "product_ops_team": rng.randint(1, max(2, size_pms[1] // 25)),
        "reports_to": rng.choice(["cpo", "cpo", "vp-product", "vp-product", "coo", "cto", "ceo"]),
        "maturity": rng.randint(1, 5),
        "pillar_remit": remit,
        "program_management": rng.choices(["all", "some", "none"], weights=(20, 50, 30))[0],
        "working_groups": groups,
        "biggest_challenge": rng.choice(CHALLENGES) if rng.random() < 0.6 else "",
        "one_tip": rng.choice(TIPS) if rng.random() < 0.5 else "",
    }


def load_demo_responses(*, wave: SurveyWave, share: float = 1.0) -> int:
    """Submitted responses from (a share of) the demo members who have none yet."""
    # Seeded by the year, so every run gives the same answers: not a secret.
    rng = random.Random(wave.year)
    questions = list(wave.questions.all())
    answered = set(Response.objects.filter(wave=wave).values_list("email", flat=True))
    added = 0
    profiles = Profile.objects.filter(member_since__isnull=False).select_related("user")
    for profile in profiles.order_by("user__email"):
        values = _answers_for(profile, rng)
        if profile.user.email in answered or rng.random() > share:
            continue
        with transaction.atomic():
            # Answered signed in, as the member's verified account: confirmed at once.
            response, _ = services.response_start(
                wave=wave, email=profile.user.email, user=profile.user
            )
            for page in sorted({question.page for question in questions}):
                answers = {}
                for question in (q for q in questions if q.page == page):
                    value = values[question.key]
                    if question.kind == K.PILLAR_GRID:
                        answers.update({(question.pk, row): value[row] for row in value})
                    else:
                        answers[(question.pk, "")] = value
                services.response_save_page(response=response, page=page, answers=answers)
            services.response_submit(response=response, notify=False)
            started = wave.opens_at + timedelta(hours=rng.randint(1, 500))
            Response.objects.filter(pk=response.pk).update(
                started_at=started,
                email_confirmed_at=started,
                submitted_at=started + timedelta(minutes=rng.randint(6, 40)),
            )
        added += 1
    return added


def load_demo_past_wave(*, requested_by) -> SurveyWave:
    """Last year's closed wave, answered by most demo members, with its results computed."""
    wave = load_demo_wave(year=2025, status=SurveyWave.Status.OPEN)
    if wave.status == SurveyWave.Status.OPEN and not wave.snapshots.exists():
        # Last year's answers are loaded as if the wave were still open, then it closes.
        closes_at, wave.closes_at = wave.closes_at, None
        SurveyWave.objects.filter(pk=wave.pk).update(closes_at=None)
        load_demo_responses(wave=wave, share=0.8)
        SurveyWave.objects.filter(pk=wave.pk).update(
            status=SurveyWave.Status.CLOSED, closes_at=closes_at
        )
        snapshot = services.results_request(wave=wave, requested_by=requested_by)
        services.results_compute(snapshot=snapshot)
        wave.refresh_from_db()
    return wave
