import pytest

from notifications import services, targets


@pytest.fixture
def things():
    """A target prefix of the tests' own, "tests.thing:<id>", whose ids a test may hide (as a
    hidden post or a group the member left would be): `things.hidden.add(id)`. Each check is
    recorded, so a test can see it is asked once a page."""

    class Things:
        prefix = "tests.thing"
        hidden: set[int] = set()
        asked: list[set[int]] = []

        def visible(self, *, user, ids):
            self.asked.append(set(ids))
            return set(ids) - self.hidden

    registry = dict(targets._visible)
    things = Things()
    things.hidden, things.asked = set(), []
    targets.register_target(Things.prefix, things.visible)
    yield things
    targets._visible.clear()
    targets._visible.update(registry)


def tell(user, n: int, *, kind="reply", verb="replied to", title="Roadmaps", actor=None, **why):
    """Tell `user` of event `n` about thing `n`, through the service every part uses."""
    services.notify(
        user_ids=[user.pk],
        kind=kind,
        event_key=f"tests.event:{n}",
        target=services.Target(
            key=f"tests.thing:{n}",
            title=f"“{title} {n}”",
            url=f"/things/{n}/",
            excerpt=f"What happened to thing {n}.",
        ),
        verb=verb,
        why=services.Why(
            reason=why.get("reason", "watching"),
            text=why.get("text", "You watch the Process group"),
            change_url=why.get("change_url", "/groups/process/"),
            change_label=why.get("change_label", "Change how you follow it"),
        ),
        actor=actor,
    )
