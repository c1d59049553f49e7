"""Demo members for `make run`: people at every kind and size of company, a few still applying."""

from django.db import transaction

from members import services
from members.demo_people import PEOPLE
from members.models import Application, User

DEMO_PASSWORD = "alliance-demo-member"  # noqa: S105 — demo data for `make run` only


def load_demo_members(*, decided_by: User) -> int:
    """Create the demo people that do not exist yet; returns how many were created."""
    created = 0
    for (
        name,
        email,
        title,
        company,
        company_type,
        org_size,
        pillars,
        zone,
        bio,
        why,
        status,
    ) in PEOPLE:
        if User.objects.filter(email__iexact=email).exists():
            continue
        with transaction.atomic():
            user = services.user_create(
                email=email, name=name, password=DEMO_PASSWORD, email_verified=True
            )
            services.profile_save(
                user=user,
                name=name,
                job_title=title,
                company=company,
                company_type=company_type,
                org_size=org_size,
                pillars=pillars,
                bio=bio,
                time_zone=zone,
                show_in_directory=True,
                show_email=created % 3 == 0,
            )
            application = services.application_submit(user=user, motivation=why)
            if status == "member":
                services.application_approve(
                    application=application, decided_by=decided_by, notify=False
                )
            elif status == "declined":
                services.application_decline(
                    application=application,
                    decided_by=decided_by,
                    message="The alliance is for people who run Product Ops; vendors join "
                    "our partner programme instead.",
                    notify=False,
                )
        created += 1
    return created


def demo_summary() -> str:
    members = User.objects.filter(profile__member_since__isnull=False).count()
    pending = Application.objects.filter(status=Application.Status.PENDING).count()
    return f"{members} members, {pending} pending applications"
