import factory

from members import services
from members.models import CompanyType, OrgSize

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.Factory):
    """Accounts made the way the site makes them: through members.services."""

    class Meta:
        model = dict

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("name")
    password = PASSWORD
    is_staff = False
    email_verified = True

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.user_create(**kwargs)


class StaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"staff{n}@alliance.test")
    is_staff = True


def profile_fields(**overrides):
    return {
        "job_title": "Director of Product Operations",
        "company": "Northwind Labs",
        "company_type": CompanyType.VC_FUNDED,
        "org_size": OrgSize.M,
        "pillars": ["process", "tools"],
        "bio": "",
        "linkedin_url": "",
        "time_zone": "Europe/London",
        "show_in_directory": True,
        "show_email": False,
        **overrides,
    }


class ApplicantFactory(UserFactory):
    """An account with a profile and a pending application."""

    @classmethod
    def _create(cls, model_class, **kwargs):
        user = services.user_create(**kwargs)
        services.profile_save(user=user, name=user.name, **profile_fields())
        services.application_submit(user=user, motivation="I run product ops and want peers.")
        return user


class MemberFactory(UserFactory):
    """An approved member, admitted without an email (as an import would)."""

    job_title = "Director of Product Operations"
    company = "Northwind Labs"
    company_type = CompanyType.VC_FUNDED
    org_size = OrgSize.M
    pillars = factory.LazyFunction(lambda: ["process", "tools"])
    show_in_directory = True
    show_email = False

    @classmethod
    def _create(cls, model_class, **kwargs):
        account = {key: kwargs.pop(key) for key in ("email", "name", "password", "is_staff")}
        user = services.user_create(**account, email_verified=kwargs.pop("email_verified"))
        services.profile_save(user=user, name=user.name, **profile_fields(**kwargs))
        application = services.application_submit(user=user, motivation="Peers.")
        services.application_approve(application=application, decided_by=None, notify=False)
        user.refresh_from_db()
        return user


def make_wave(*, slug="benchmark-test", status="open", **fields):
    """A wave with the demo survey's questions (five pages, every kind of question).

    Waves and questions are built by staff in the admin, so this builds them as the admin does.
    """
    from demo.surveys import DISCUSS_IN, QUESTIONS
    from surveys.models import Question, SurveyWave

    wave = SurveyWave.objects.create(
        title=f"Benchmark {slug}", slug=slug, year=2026, status=status, **fields
    )
    for position, (page, key, kind, prompt, extra) in enumerate(QUESTIONS):
        Question.objects.create(
            wave=wave, page=page, position=position, key=key, kind=kind, prompt=prompt,
            discuss_in=DISCUSS_IN.get(key, ""), **extra,
        )  # fmt: skip
    return wave


def make_group(*, name="Process", slug=None, join_policy="open", leads=(), **fields):
    """A working group made the way staff make it: through working_groups.services."""
    from working_groups import services as group_services
    from working_groups.models import WorkingGroup

    group = WorkingGroup(
        name=name,
        slug=slug or name.lower().replace(" ", "-").replace("&", "and"),
        purpose=fields.pop("purpose", f"How members run {name.lower()} in Product Ops."),
        join_policy=join_policy,
        **fields,
    )
    return group_services.group_save(group=group, leads=leads)


def join(group, *users):
    from working_groups import services as group_services

    for user in users:
        group_services.membership_join(group=group, user=user)
    return users[0] if len(users) == 1 else users


def make_post(*, group, author, body="How do you run quarterly planning?", **fields):
    from working_groups import services as group_services

    fields.setdefault("notify", False)
    return group_services.post_create(group=group, author=author, body=body, **fields)


def make_call(
    *, group, starts_at=None, title="Monthly sync", time_zone="America/New_York", **fields
):
    """A call row for tests that are not about scheduling (those use the services): tomorrow
    at this hour, an hour long, with a join link, unless told otherwise."""
    from datetime import timedelta

    from django.utils import timezone

    from working_groups.models import Call

    fields.setdefault("join_url", "https://meet.example.com/process-sync")
    fields.setdefault("agenda_markdown", "1. Intake rituals\n2. Tooling audit")
    return Call.objects.create(
        group=group,
        title=title,
        time_zone=time_zone,
        starts_at=starts_at or timezone.now().replace(microsecond=0) + timedelta(days=1),
        **fields,
    )


def make_series(
    *, group, starts_at=None, weeks=4, title="Weekly sync", time_zone="Europe/Berlin", **fields
):
    """A weekly series of `weeks` call rows (a week apart in UTC: tests about the wall clock
    across daylight saving use the scheduling service)."""
    from datetime import UTC, timedelta
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from working_groups.models import CallSeries

    first = starts_at or timezone.now().replace(microsecond=0) + timedelta(days=1)
    series = CallSeries.objects.create(
        group=group,
        repeat=CallSeries.Repeat.WEEKLY,
        time_zone=time_zone,
        # The wall clock in the series' zone, labelled UTC (as the scheduling service keeps it).
        first_local_start=first.astimezone(ZoneInfo(time_zone)).replace(tzinfo=UTC),
        count=weeks,
    )
    calls = [
        make_call(group=group, series=series, title=title, time_zone=time_zone,
                  starts_at=first + timedelta(weeks=week), **fields)
        for week in range(weeks)
    ]  # fmt: skip
    return series, calls
