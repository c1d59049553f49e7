"""Demo members for `make run`: people at every kind and size of company, a few still applying.

Each person of demo/data/people.toml signs up, fills in a profile and applies through
members.services, and staff decide the application; a person who exists already is left as is.
"""

from collections.abc import Callable

from django.db import transaction

from demo.load import read
from members import services
from members.models import Application, User

DEMO_PASSWORD = "alliance-demo-member"  # noqa: S105 — demo data for `make run` only
DATA = read("people")
PEOPLE = DATA["people"]


def load_demo_members(*, decided_by: User, password_for: Callable[[str], str] | None = None) -> int:
    """Create the demo people that do not exist yet; returns how many were created.

    Each gets DEMO_PASSWORD, or `password_for(email)` when given (seed_demo outside development).
    """
    created = 0
    for person in PEOPLE:
        if User.objects.filter(email__iexact=person["email"]).exists():
            continue
        with transaction.atomic():
            user = services.user_create(
                email=person["email"],
                name=person["name"],
                password=password_for(person["email"]) if password_for else DEMO_PASSWORD,
                email_verified=True,
            )
            services.profile_save(
                user=user,
                name=person["name"],
                job_title=person["job_title"],
                company=person["company"],
                company_type=person["company_type"],
                org_size=person["org_size"],
                pillars=person["pillars"],
                bio=person["bio"],
                time_zone=person["time_zone"],
                show_in_directory=True,
                show_email=created % 3 == 0,
            )
            application = services.application_submit(user=user, motivation=person["motivation"])
            if person["status"] == "member":
                services.application_approve(
                    application=application, decided_by=decided_by, notify=False
                )
            elif person["status"] == "declined":
                services.application_decline(
                    application=application,
                    decided_by=decided_by,
                    message=DATA["decline_message"],
                    notify=False,
                )
        created += 1
    return created


def demo_logins(*, members: int = 3) -> tuple[list[str], list[str]]:
    """The emails of a few demo members and of one applicant, in the data file's order."""
    emails = [person["email"] for person in PEOPLE]
    users = User.objects.filter(email__in=emails, deleted_at=None)
    approved = set(
        users.filter(profile__member_since__isnull=False).values_list("email", flat=True)
    )
    applying = set(
        users.filter(applications__status=Application.Status.PENDING).values_list(
            "email", flat=True
        )
    )
    return (
        [email for email in emails if email in approved][:members],
        [email for email in emails if email in applying][:1],
    )


def demo_summary() -> str:
    members = User.objects.filter(profile__member_since__isnull=False).count()
    pending = Application.objects.filter(status=Application.Status.PENDING).count()
    return f"{members} members, {pending} pending applications"
