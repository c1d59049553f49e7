"""The manifesto's fixtures: version 1 is the founders' text (migration 0002), so every test
database starts with it; `publish` makes the next version through the services."""

from importlib import import_module

import pytest
from django.apps import apps

from pillars import services
from pillars.models import ManifestoVersion
from tests.factories import StaffFactory


def publish(
    *, by=None, changes=None, added=(), removed=(), note="Reworded.", major=False, resolves=()
):
    """Publish the next version: `changes` maps a section key to its new body; `added` holds
    (key, title, statement, body) tuples; `removed` section keys."""
    by = by or StaffFactory()
    draft = services.draft_start(started_by=by)
    for key, body in (changes or {}).items():
        section = draft.sections.get(key=key)
        services.section_save(
            draft=draft,
            key=key,
            title=section.title,
            statement=section.statement,
            body=body,
            edited_by=by,
        )
    for key, title, statement, body in added:
        services.section_add(
            draft=draft, key=key, title=title, statement=statement, body=body, edited_by=by
        )
    for key in removed:
        services.section_remove(draft=draft, key=key, edited_by=by)
    return services.draft_publish(
        draft=draft, published_by=by, change_note=note, is_major=major, resolves=list(resolves)
    )


def founders_version() -> ManifestoVersion:
    """Version 1, as the migration publishes it. A transactional test (a browser journey)
    empties every table when it ends, migrations' rows included: pytest-django runs those
    tests last, and the ones among them that read the manifesto ask for this first."""
    founding = import_module("pillars.migrations.0002_founders_version")
    founding.publish_version_one(apps, None)
    return ManifestoVersion.objects.get(number=1)


@pytest.fixture
def v1(db):
    return founders_version()
