"""A member tunes how closely she follows two groups, and the bell tells her what concerns her
and nothing from the group she muted; the count falls as she reads."""

import pytest

from notifications.models import Notification
from tests.browser.accounts import log_in
from tests.factories import MemberFactory, join, make_group
from working_groups import services as group_services

pytestmark = pytest.mark.browser


def _follow(page, base_url, group, level):
    page.goto(f"{base_url}{group.get_absolute_url()}")
    form = page.locator("#notifications")
    form.get_by_label(level, exact=False).first.check()
    form.get_by_role("button", name="Save").click()
    form.get_by_text("Saved.").wait_for()


def _bell(page):
    return page.locator("header [data-testid='bell']").first


@pytest.mark.django_db(transaction=True)
def test_a_muted_group_stays_quiet_and_the_count_falls_as_she_reads(
    live_server, browser, eager_tasks
):
    process = make_group(name="Process")
    people = make_group(name="People", slug="people")
    amara = MemberFactory(name="Amara Okafor")
    kenji = MemberFactory(name="Kenji Watanabe")
    join(process, amara, kenji)
    join(people, amara, kenji)

    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server.url, amara.email)
    _follow(page, live_server.url, people, "Muted")
    _follow(page, live_server.url, process, "Watching")

    # Kenji posts in both groups and mentions Amara in both; then once more in Process.
    group_services.post_create(
        group=people, author=kenji, title="Hiring a second PM ops", body="@Amara Okafor thoughts?"
    )
    mention = group_services.post_create(
        group=process, author=kenji, title="Planning rituals", body="@Amara Okafor what works?"
    )
    group_services.post_create(
        group=process, author=kenji, title="Tooling audit", body="Which tools did you retire?"
    )

    # Her bell says two: the mention in Process, and Process's other new post she watches.
    page.goto(f"{live_server.url}/")
    assert "2 unread notifications" in _bell(page).text_content()
    _bell(page).click()
    items = page.locator(".nt-item")
    assert items.count() == 2
    mentioned = page.get_by_role("link", name="Kenji Watanabe mentioned you in", exact=False)
    assert mentioned.count() == 1
    assert page.get_by_text("Hiring a second PM ops").count() == 0
    assert not Notification.objects.filter(user=amara, target_title__contains="Hiring").exists()
    page.get_by_text("You were mentioned").first.wait_for()

    # Opening the mention takes her to the post and the count falls to one.
    mentioned.click()
    page.get_by_role("heading", name="Planning rituals").wait_for()
    assert page.url.endswith(mention.get_absolute_url()) or mention.get_absolute_url() in page.url
    assert "1 unread notification" in _bell(page).text_content()

    # Visiting the other post from the group's feed reads its notification too.
    page.goto(f"{live_server.url}{process.get_absolute_url()}")
    page.get_by_role("link", name="Tooling audit").first.click()
    page.get_by_role("heading", name="Tooling audit").wait_for()
    assert "none unread" in _bell(page).text_content()
    context.close()
