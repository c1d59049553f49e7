"""The data step of the migration that brought in confirmed addresses: every response from
before the rule counts as it did."""

import importlib

import pytest
from django.apps import apps

from surveys import services
from surveys.models import Response

pytestmark = pytest.mark.django_db

migration = importlib.import_module("surveys.migrations.0007_response_email_confirmed_at")


def test_every_response_from_before_the_rule_is_confirmed(wave):
    for number in range(3):
        services.response_start(wave=wave, email=f"r{number}@example.com")
    Response.objects.update(email_confirmed_at=None)

    migration.confirm_existing_responses(apps, None)

    assert not Response.objects.filter(email_confirmed_at=None).exists()
