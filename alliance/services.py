from django.contrib.sites.models import Site
from django.utils import timezone

from alliance.models import Heartbeat


def heartbeat_record(*, name: str) -> Heartbeat:
    """Record that the periodic job `name` has just run."""
    heartbeat, _ = Heartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timezone.now()}
    )
    return heartbeat


def site_configure(*, domain: str, name: str) -> None:
    """Name the site that allauth puts in its emails (django.contrib.sites, SITE_ID 1)."""
    Site.objects.update_or_create(id=1, defaults={"domain": domain, "name": name})
