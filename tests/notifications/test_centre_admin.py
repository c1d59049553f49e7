"""Staff look into the ledger in the admin, without changing it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import DigestDelivery, Notification
from tests.notifications.conftest import tell

pytestmark = pytest.mark.django_db


def test_staff_list_notifications_by_kind_and_read(staff_client, member):
    tell(member, 1, kind="mention", title="Mentioned")
    tell(member, 2, kind="reply", title="Replied")
    url = reverse("admin:notifications_notification_changelist")
    page = staff_client.get(url, {"kind__exact": "mention"}).content.decode()
    assert "Mentioned 1" in page and "Replied 2" not in page
    Notification.objects.filter(event_key="tests.event:2").update(read_at=timezone.now())
    page = staff_client.get(url, {"read": "no"}).content.decode()
    assert "Mentioned 1" in page and "Replied 2" not in page


def test_a_notification_is_shown_not_changed(staff_client, member):
    tell(member, 1)
    notification = Notification.objects.get()
    change = reverse("admin:notifications_notification_change", args=[notification.pk])
    response = staff_client.get(change)
    assert response.status_code == 200 and "Save" not in response.content.decode()
    staff_client.post(change, {"verb": "changed"})
    assert Notification.objects.get().verb == "replied to"
    add = reverse("admin:notifications_notification_add")
    assert staff_client.get(add).status_code == 403
    delete = reverse("admin:notifications_notification_delete", args=[notification.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert Notification.objects.exists()


def test_staff_list_digest_deliveries(staff_client, member):
    # Made here, as the digest's claim makes it: the admin only lists it.
    DigestDelivery.objects.create(
        user=member, local_date=timezone.localdate(), since=timezone.now()
    )
    page = staff_client.get(reverse("admin:notifications_digestdelivery_changelist"))
    assert page.status_code == 200 and str(member) in page.content.decode()
