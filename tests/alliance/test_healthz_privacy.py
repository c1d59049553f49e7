"""/healthz answers the public with a bare status; only staff see which check failed and how
long each took."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_public_gets_a_bare_status(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503  # no Celery worker in this test
    assert response.json() == {"status": "unavailable"}


def test_a_member_gets_the_bare_status_too(member_client):
    assert member_client.get(reverse("healthz")).json() == {"status": "unavailable"}


def test_staff_get_each_check(staff_client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    body = staff_client.get(reverse("healthz")).json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"] == {"ok": False, "error": "ConnectionError"}
    assert "ms" in body["checks"]["postgres"]
