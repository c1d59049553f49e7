"""seed_demo knows passwords anyone can read in the README: it runs only in development, or when
asked to explicitly, and then with passwords of its own that it prints once."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from demo.members import DEMO_PASSWORD
from members.models import User

pytestmark = pytest.mark.django_db

DEMO_STAFF_PASSWORD = "alliance-demo-staff"
LOGIN_LINE = re.compile(r"^Demo (?:staff|member|applicant) login.*?: (\S+) / (\S+)$", re.M)


def test_it_refuses_to_seed_outside_development(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_when_allowed_outside_development_it_prints_random_passwords_that_work(settings, client):
    settings.DEBUG = False
    out = StringIO()
    call_command("seed_demo", "--allow-production", stdout=out)
    logins = LOGIN_LINE.findall(out.getvalue())
    assert logins[0][0] == "staff@alliance.test"
    assert len(logins) == 5  # staff, three members, one applicant
    passwords = [password for _, password in logins]
    assert len(set(passwords)) == len(passwords)
    assert not {DEMO_PASSWORD, DEMO_STAFF_PASSWORD} & set(passwords)
    for email, password in logins:
        assert client.login(email=email, password=password), email
        client.logout()
    # No demo account, printed or not, opens with a password from the README.
    for user in User.objects.all():
        assert not user.check_password(DEMO_PASSWORD), user.email
        assert not user.check_password(DEMO_STAFF_PASSWORD), user.email


def test_a_second_allowed_run_prints_no_password_again(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--allow-production", stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", "--allow-production", stdout=out)
    assert not LOGIN_LINE.findall(out.getvalue())
