from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from alliance.services import site_configure
from demo.members import DEMO_PASSWORD, demo_logins, demo_summary, load_demo_members
from demo.surveys import load_demo_past_wave, load_demo_responses, load_demo_wave
from demo.working_groups import demo_summary as groups_summary
from demo.working_groups import load_demo_working_groups
from members.services import user_ensure

DEMO_STAFF_EMAIL = "staff@alliance.test"
DEMO_STAFF_PASSWORD = "alliance-demo-staff"  # noqa: S105 — demo data for `make run` only


class Command(BaseCommand):
    help = "Load the demo data. Safe to run again: it adds only what is missing."

    def handle(self, *args, **options):
        site_configure(domain=settings.SITE_URL.split("://", 1)[1], name="Product Ops Alliance")
        staff, created = user_ensure(
            email=DEMO_STAFF_EMAIL,
            name="Sam Staff",
            password=DEMO_STAFF_PASSWORD,
            is_staff=True,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo staff login: {DEMO_STAFF_EMAIL} / {DEMO_STAFF_PASSWORD}"
                f"{' (created)' if created else ''}"
            )
        )
        added = load_demo_members(decided_by=staff)
        self.stdout.write(
            f"Demo members: {demo_summary()} ({added} added); each logs in with "
            f"their email and {DEMO_PASSWORD}"
        )
        members, applicants = demo_logins()
        for email in members:
            self.stdout.write(f"Demo member login: {email} / {DEMO_PASSWORD}")
        for email in applicants:
            self.stdout.write(
                f"Demo applicant login (application pending): {email} / {DEMO_PASSWORD}"
            )
        past = load_demo_past_wave(requested_by=staff)
        self.stdout.write(
            f"Demo results: {settings.SITE_URL}{reverse('surveys:results', args=[past.slug])}"
        )
        wave = load_demo_wave()
        answered = load_demo_responses(wave=wave)
        self.stdout.write(
            f"Demo survey: {wave.title} at {settings.SITE_URL}{wave.get_absolute_url()} "
            f"({answered} responses added)"
        )
        posts = load_demo_working_groups()
        self.stdout.write(f"Demo working groups: {groups_summary()} ({posts} posts added)")
        if settings.EMAIL_BACKEND == "alliance.devmail.EmlFileBackend":
            self.stdout.write(
                f"Emails are written to {settings.EMAIL_FILE_PATH} and shown to staff at "
                f"{settings.SITE_URL}/dev/mailbox/"
            )
