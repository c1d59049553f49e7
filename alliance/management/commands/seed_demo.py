import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from alliance.services import site_configure
from demo.calls import demo_summary as calls_summary
from demo.calls import load_demo_calls
from demo.library import demo_summary as library_summary
from demo.library import load_demo_library
from demo.manifesto import demo_summary as manifesto_summary
from demo.manifesto import load_demo_manifesto
from demo.members import DEMO_PASSWORD, demo_logins, demo_summary, load_demo_members
from demo.notifications import demo_summary as notifications_summary
from demo.notifications import load_demo_notifications
from demo.surveys import load_demo_past_wave, load_demo_responses, load_demo_wave
from demo.working_groups import demo_summary as groups_summary
from demo.working_groups import load_demo_working_groups
from members.services import user_ensure

DEMO_STAFF_EMAIL = "staff@alliance.test"
DEMO_STAFF_PASSWORD = "alliance-demo-staff"  # noqa: S105 — demo data for `make run` only


class Command(BaseCommand):
    help = (
        "Load the demo data. Safe to run again: it adds only what is missing. Development only "
        "(DEBUG on), unless --allow-production is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed with DEBUG off too. Each new demo account then gets a random password, "
            "printed once (for the staff account and a few members) and never again.",
        )

    def handle(self, *args, allow_production=False, **options):
        # The development passwords are in the README: a site anyone can reach must not open
        # with them, least of all its superuser's.
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "seed_demo creates a superuser and demo members; with DEBUG off it refuses. "
                "Use `make run` (DEBUG=1) in development, or pass --allow-production to seed "
                "this site with random passwords, printed once."
            )
        if settings.DEBUG:
            # `make run`: the passwords of the README, shown on every run.
            def password_for(email):
                return DEMO_STAFF_PASSWORD if email == DEMO_STAFF_EMAIL else DEMO_PASSWORD

            shown = password_for
        else:
            # A password of its own for each account created now, printed this once: an
            # account that exists already keeps the password nobody here knows.
            created = {}

            def password_for(email):
                created[email] = secrets.token_urlsafe(16)
                return created[email]

            shown = created.get

        site_configure(domain=settings.SITE_URL.split("://", 1)[1], name="Product Ops Alliance")
        staff, staff_created = user_ensure(
            email=DEMO_STAFF_EMAIL,
            name="Sam Staff",
            password=password_for(DEMO_STAFF_EMAIL),
            is_staff=True,
        )
        if not staff_created and not settings.DEBUG:
            created.pop(DEMO_STAFF_EMAIL)
        label = "Demo staff login (created)" if staff_created else "Demo staff login"
        self._print_login(label, DEMO_STAFF_EMAIL, shown(DEMO_STAFF_EMAIL))
        added = load_demo_members(decided_by=staff, password_for=password_for)
        self.stdout.write(
            f"Demo members: {demo_summary()} ({added} added); each logs in with their email and "
            + (DEMO_PASSWORD if settings.DEBUG else "a password of its own")
        )
        members, applicants = demo_logins()
        for email in members:
            self._print_login("Demo member login", email, shown(email))
        for email in applicants:
            self._print_login("Demo applicant login (application pending)", email, shown(email))
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
        calls = load_demo_calls()
        self.stdout.write(f"Demo calls: {calls_summary()} ({calls} added)")
        comments = load_demo_manifesto(staff=staff)
        self.stdout.write(f"Demo manifesto: {manifesto_summary()} ({comments} comments added)")
        items = load_demo_library(staff=staff)
        self.stdout.write(f"Demo library: {library_summary()} ({items} items added)")
        # Last: what everything above told the members, and their settings for it.
        told = load_demo_notifications()
        self.stdout.write(f"Demo notifications: {notifications_summary()} ({told} added)")
        if settings.EMAIL_BACKEND == "alliance.devmail.EmlFileBackend":
            self.stdout.write(
                f"Emails are written to {settings.EMAIL_FILE_PATH} and shown to staff at "
                f"{settings.SITE_URL}/dev/mailbox/"
            )

    def _print_login(self, label, email, password):
        if password is None:
            self.stdout.write(f"{label}: {email} (its password was printed when it was created)")
        else:
            self.stdout.write(self.style.SUCCESS(f"{label}: {email} / {password}"))
