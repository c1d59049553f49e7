import pytest
from django.core.management import call_command

from members.models import User


@pytest.mark.django_db
def test_demo_data_loads_twice_without_duplicates(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert User.objects.filter(email="staff@alliance.test", is_staff=True).count() == 1
    assert "Demo staff login: staff@alliance.test" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_demo_staff_account_can_log_in(client):
    call_command("seed_demo")
    assert client.login(email="staff@alliance.test", password="alliance-demo-staff")
