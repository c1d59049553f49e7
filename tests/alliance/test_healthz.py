import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)

# The checks are shown to staff only; the public gets the bare status (test_healthz_privacy.py).


def test_healthz_is_503_when_no_celery_worker_answers(staff_client):
    response = staff_client.get(reverse("healthz"))
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["postgres"]["ok"] is True
    assert checks["redis"]["ok"] is True
    assert checks["celery"]["ok"] is False


def test_healthz_is_503_when_redis_is_down(staff_client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = staff_client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["redis"] == {"ok": False, "error": "ConnectionError"}


def test_healthz_is_200_with_postgres_redis_and_a_worker_up(staff_client, celery_worker_process):
    response = staff_client.get(reverse("healthz"))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["celery"]["workers"] >= 1
