"""The demo wave of `make run`: the founders' benchmarking survey, answered by the demo members."""

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from members.models import CompanyType, OrgSize, Profile
from surveys import services
from surveys.models import Question, Response, SurveyWave

K = Question.Kind
WORKING_GROUPS = [
    "people: People",
    "process: Process",
    "insights: Insights",
    "stakeholders: Stakeholders",
    "starting-scaling: Starting & Scaling Product Ops",
]
REMIT = "\n".join(f"{value}: {label}" for value, label in Question.Remit.choices)


def _options(choices):
    return "\n".join(f"{value}: {label}" for value, label in choices)


# (page, key, kind, prompt, extra)
QUESTIONS = [
    (1, "role", K.SINGLE, "Which best describes your role?", {"options": "\n".join([
        "head: Head or Director of Product Ops",
        "lead: Product Ops manager or lead",
        "ic: Product Ops specialist",
        "product-leader: Product leader who also runs Product Ops",
        "consultant: Consultant or advisor",
    ])}),
    (1, "years_in_product_ops", K.NUMBER, "How many years have you worked in Product Ops?",
     {"min_value": 0, "max_value": 40}),
    (2, "company_type", K.SINGLE, "What kind of company do you work for?",
     {"options": _options(CompanyType.choices)}),
    (2, "org_size", K.SINGLE, "How many people work in your product organization?",
     {"options": _options(OrgSize.choices),
      "help_text": "Product managers, designers, product ops and product analysts."}),
    (3, "product_managers", K.NUMBER, "How many product managers work in your company?",
     {"min_value": 0, "max_value": 100000}),
    (3, "product_ops_team", K.NUMBER, "How many people work in Product Ops, you included?",
     {"min_value": 0, "max_value": 1000}),
    (3, "reports_to", K.SINGLE, "Who does Product Ops report to?", {"options": "\n".join([
        "cpo: Chief Product Officer", "vp-product: VP or Head of Product", "coo: COO",
        "cto: CTO", "ceo: CEO", "other: Someone else",
    ])}),
    (3, "maturity", K.SCALE, "How established is Product Ops in your company?",
     {"scale_min": 1, "scale_max": 5,
      "min_label": "Just starting", "max_label": "Fully established"}),
    (4, "pillar_remit", K.PILLAR_GRID, "How much of each pillar is in your remit?",
     {"help_text": "People, Process, Insight, Tools and Stakeholders: the five pillars."}),
    (4, "program_management", K.SINGLE,
     "How much Program or Project Management is in your remit?", {"options": REMIT}),
    (5, "working_groups", K.MULTIPLE, "Which working groups would you like to join?",
     {"options": "\n".join(WORKING_GROUPS), "required": False}),
    (5, "biggest_challenge", K.LONG_TEXT, "What is your biggest Product Ops challenge this year?",
     {"required": False}),
    (5, "one_tip", K.SHORT_TEXT, "One practice that worked for you, in a sentence",
     {"required": False}),
]  # fmt: skip

# Where each question's results are discussed: the slugs of the demo working groups.
DISCUSS_IN = {
    "role": "starting-and-scaling", "years_in_product_ops": "starting-and-scaling",
    "company_type": "starting-and-scaling", "org_size": "people", "product_managers": "people",
    "product_ops_team": "people", "reports_to": "stakeholders", "maturity": "starting-and-scaling",
    "pillar_remit": "process", "program_management": "process",
    "biggest_challenge": "stakeholders", "one_tip": "process",
}  # fmt: skip

# Shares (all, some, none) the founding members reported for each pillar, to shape demo answers.
REMIT_SHARES = {
    "people": (50, 50, 0), "process": (60, 40, 0), "insight": (30, 50, 20),
    "tools": (70, 30, 0), "stakeholders": (60, 40, 0),
}  # fmt: skip

CHALLENGES = [
    "Getting twelve teams to use one roadmap format without turning it into bureaucracy.",
    "Proving the value of Product Ops to a new CFO who sees it as overhead.",
    "Consolidating three analytics tools into one after an acquisition.",
    "Onboarding product managers faster: it takes us four months to make someone effective.",
    "Making quarterly planning less painful across product, engineering and sales.",
    "Keeping business cases honest once the initiative is funded.",
]
TIPS = [
    "A one-page business-case template that finance signs off on.",
    "Office hours every Thursday instead of ad-hoc requests.",
    "A single source of truth for the roadmap, published read-only to the company.",
    "Retire one process for every new one we add.",
    "Shadow new PMs in their first two planning cycles.",
]


def load_demo_wave(*, year: int = 2026, status: str = SurveyWave.Status.OPEN) -> SurveyWave:
    """Create a year's wave and its questions once; later runs leave it as it is."""
    wave, created = SurveyWave.objects.get_or_create(
        slug=f"benchmark-{year}",
        defaults={
            "title": f"Product Ops Benchmarking Survey {year}",
            "year": year,
            "intro": "Fifteen minutes about you, your company, your product organization and "
            "which pillars of Product Ops are in your remit. Everyone who answers receives "
            "the aggregate results.",
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
                started_at=started, submitted_at=started + timedelta(minutes=rng.randint(6, 40))
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
