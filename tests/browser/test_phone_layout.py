"""Every page type fits a phone, and the header fits one row on a desktop.

A page wider than the phone makes the whole page slide sideways under the thumb; a table that
cannot fit scrolls inside its own container instead. The header collapses into a menu on a
phone and, on a desktop, keeps every role's links on one row.
"""

import re

import pytest
from django.urls import reverse

from library.services import writing
from notifications import services as notifications
from pillars import services as manifesto
from surveys import services as survey_services
from surveys.models import SurveyWave
from tests.browser.accounts import log_in
from tests.factories import (
    ApplicantFactory,
    MemberFactory,
    StaffFactory,
    join,
    make_call,
    make_group,
    make_post,
    make_wave,
)
from tests.library.conftest import reading_published
from tests.pillars.conftest import founders_version, publish
from tests.surveys.test_services import _answer_all

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOPS = ({"width": 1280, "height": 800}, {"width": 1366, "height": 768})


def _answered_wave(*, slug, year, people):
    wave = make_wave(slug=slug)
    SurveyWave.objects.filter(pk=wave.pk).update(year=year)
    wave.refresh_from_db()
    for number in range(people):
        response, _ = survey_services.response_start(
            wave=wave, email=f"r{number}-{year}@example.com"
        )
        survey_services.response_confirm_email(response=response)
        grid = {"people": ("all", "some", "none")[(number + year) % 3]}
        _answer_all(response, wave, grid=grid, maturity=1 + (number + year) % 5)
        survey_services.response_submit(response=response, notify=False)
    SurveyWave.objects.filter(pk=wave.pk).update(status=SurveyWave.Status.CLOSED)
    snapshot = survey_services.results_request(wave=wave, requested_by=None)
    survey_services.results_compute(snapshot=snapshot)
    return wave


def _people():
    """One of each role, with the long names and addresses people really have."""
    staff = StaffFactory(name="Alexandra Fitzgerald-Montgomery")
    member = MemberFactory(
        name="Oluwaseun Adeyemi-Lindqvist",
        email="oluwaseun.adeyemi-lindqvist@lumenpay-financial.example",
        job_title="Senior Director of Product Operations",
        company="LumenPay Financial Services",
        show_email=True,
        linkedin_url="https://www.linkedin.com/in/oluwaseun-adeyemi-lindqvist-product-operations/",
    )
    applicant = ApplicantFactory(name="Maximilian Castellanos-Whitfield")
    return staff, member, applicant


def _past_call(group, *, owner, writer):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import make_call
    from working_groups.services.call_notes import ActionRow, call_notes_save

    title = "Quarterly planning retrospective across seven product lines"
    call = make_call(group=group, starts_at=timezone.now() - timedelta(hours=2), title=title)
    call_notes_save(
        call=call, by=writer, notes="## Decisions\n\n- Keep the shared template.",
        attendee_ids=[owner.pk], action_items=[ActionRow(
            "Write up the ten-day planning calendar with every team's review dates", owner.pk
        )],
    )  # fmt: skip
    return call


def _world():
    """Some of everything, and the pages each role sees."""
    founders_version()
    staff, member, applicant = _people()
    group = make_group(name="Process")
    join(group, member)
    post = make_post(
        group=group, author=member, title="Quarterly planning in two weeks",
        body="How short can planning get? We cut it to ten days with a shared template.",
    )  # fmt: skip
    item = reading_published(author=member, staff=staff, tags=["roadmaps"])
    waiting = writing.item_create(
        kind="article", created_by=member, title="Glue work is the job", summary="On glue.",
        pillars=["people"], tags=[], body="The work that holds teams together.",
    )  # fmt: skip
    writing.item_submit(item=waiting, user=member)
    _answered_wave(slug="benchmark-2025", year=2025, people=6)
    wave = _answered_wave(slug="benchmark-2026", year=2026, people=7)
    open_wave = make_wave(slug="benchmark-2027")
    SurveyWave.objects.filter(pk=open_wave.pk).update(year=2027)
    survey_services.response_start(wave=open_wave, email=member.email, user=member)
    # The manifesto's other pages: a second version, a comment, endorsers, staff's draft.
    publish(by=staff, changes={"insight": "Insight, rewritten for the second version."})
    comment = manifesto.comment_create(
        version=founders_version(), section_key="people", author=member, body="A first thought."
    )
    manifesto.draft_start(started_by=staff)
    # The library's writing pages: a draft article with a shared preview, a published link.
    draft = writing.item_create(
        kind="article", created_by=member, title="A draft on planning", summary="Half done.",
        pillars=["process"], tags=[], body="Planning notes, to be finished.",
    )  # fmt: skip
    token = writing.preview_link_create(item=draft, user=member)
    link = reading_published(kind="link", author=member, staff=staff, title="Decision logs")
    # The notification centre: a notification with a long title, told to enough people for
    # staff's reach to list it.
    notifications.notify(
        user_ids=[member.pk, staff.pk, *(person.pk for person in MemberFactory.create_batch(3))],
        kind="new_post", event_key=f"working_groups.post:{post.pk}", verb="posted",
        target=notifications.Target(
            key=f"working_groups.post:{post.pk}", url=post.get_absolute_url(),
            title="“Quarterly planning in two weeks, across seven product lines and time zones”",
            excerpt="How short can planning get? We cut it to ten days with a shared template.",
        ),
        why=notifications.Why(reason="watching", text="You watch the Process group",
                              change_url=group.get_absolute_url(), change_label="Change it"),
    )  # fmt: skip

    everyone = [
        reverse("home"),
        reverse("pillars:manifesto"),
        reverse("pillars:versions"),
        reverse("pillars:section", args=[1, "people"]),
        reverse("library:index"),
        item.get_absolute_url(),
        reverse("working_groups:index"),
        group.get_absolute_url(),
        reverse("surveys:index"),
        reverse("surveys:start", args=[open_wave.slug]),
        reverse("surveys:results", args=[wave.slug]),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("pillars:version", args=[1]),
        reverse("pillars:compare", args=[1, 2]),
        reverse("pillars:compare", args=[1, 2]) + "?view=side",
        reverse("pillars:endorsers", args=[2]),
        reverse("library:shared_preview", args=[token]),
    ]
    signed_in = [
        reverse("working_groups:post", args=[post.pk]),
        reverse("working_groups:search") + "?q=planning",
        reverse("members:directory"),
        reverse("members:profile", args=[member.pk]),
        reverse("members:profile_edit"),
        reverse("surveys:report", args=[wave.slug]),
        reverse("notifications:index"),
        reverse("working_groups:notifications"),
    ]
    # An upcoming call with a long title and a join link: the group's calls, and the call.
    call = make_call(group=group, title="Quarterly planning retrospective with every team lead")
    member_only = [
        reverse("working_groups:calendar"),
        reverse("working_groups:calls", args=[group.slug]),
        call.get_absolute_url(),
        reverse("library:mine"),
        reverse("library:new_article"),
        reverse("library:new_link"),
        reverse("library:edit", args=[draft.pk]),
        reverse("library:preview", args=[draft.pk]),
        reverse("library:link_fix", args=[link.pk]),
        reverse("library:withdraw", args=[item.pk]),
        reverse("pillars:comment_edit", args=[comment.pk]),
        reverse("surveys:page", args=[open_wave.slug, 1]),
        reverse("surveys:page", args=[open_wave.slug, 4]),
        reverse("surveys:review", args=[open_wave.slug]),
    ]
    # A call that took place, with a long action item: its notes page, as a lead or staff writes.
    notes_call = _past_call(group, owner=member, writer=staff)
    staff_only = [
        reverse("surveys:staff_overview", args=[wave.slug]),
        reverse("library:review_queue"),
        reverse("library:review", args=[waiting.pk]),
        reverse("library:coverage"),
        reverse("pillars:draft"),
        reverse("pillars:draft_section", args=["insight"]),
        reverse("pillars:draft_section_add"),
        reverse("members:application_queue"),
        reverse("notifications:reach"),
        reverse("working_groups:moderation", args=[group.slug]),
        reverse("working_groups:call_notes", args=[group.slug, notes_call.pk]),
        reverse("working_groups:call_new", args=[group.slug]),
    ]
    return {
        "visitor": (None, everyone),
        "member": (member, everyone + signed_in + member_only),
        "staff": (staff, everyone + signed_in + staff_only),
        "applicant": (applicant, [reverse("home")]),
    }


def _page(browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.mark.django_db(transaction=True)
def test_no_page_is_wider_than_a_phone(live_server, browser):
    wide, unseen = [], []
    for role, (user, paths) in _world().items():
        context, page = _page(browser, PHONE)
        if user is not None:
            log_in(page, live_server.url, user.email)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            # A page that did not open would fit any phone: it must be the page itself.
            if response.status != 200:
                unseen.append(f"{path} as {role}: {response.status}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide.append(f"{path} as {role}: {width} px")
        context.close()
    assert not unseen, "Pages that did not open:\n" + "\n".join(unseen)
    assert not wide, "Wider than a 390 px phone:\n" + "\n".join(wide)


# The centres of the header's links and buttons that show (not those of a closed menu): one row
# when they all sit on one line.
HEADER_ROWS = """() => [...document.querySelectorAll(".site-header :is(a, summary, button)")]
  .filter((el) => el.checkVisibility({ visibilityProperty: true }))
  .map((el) => { const box = el.getBoundingClientRect(); return box.top + box.height / 2; })"""


@pytest.mark.django_db(transaction=True)
def test_the_desktop_header_is_one_row_for_every_role(live_server, browser):
    staff, member, applicant = _people()
    roles = {"visitor": None, "applicant": applicant, "member": member, "staff": staff}
    wrapped = []
    for viewport in DESKTOPS:
        for role, user in roles.items():
            context, page = _page(browser, viewport)
            if user is not None:
                log_in(page, live_server.url, user.email)
            page.goto(f"{live_server.url}/")
            centres = page.evaluate(HEADER_ROWS)
            height = page.locator(".site-header").bounding_box()["height"]
            if max(centres) - min(centres) > 8 or height > 72:
                wrapped.append(f"{role} at {viewport['width']} px: {height:.0f} px high")
            context.close()
    assert not wrapped, "The header wraps:\n" + "\n".join(wrapped)


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_header_folds_into_a_menu_that_works_from_the_keyboard(live_server, browser):
    staff = StaffFactory(name="Alexandra Fitzgerald-Montgomery")
    context, page = _page(browser, PHONE)
    log_in(page, live_server.url, staff.email)
    page.goto(f"{live_server.url}{reverse('library:index')}")
    assert page.locator(".site-header").bounding_box()["height"] <= 72
    library = page.get_by_role("link", name="Library", exact=True)
    assert not library.is_visible()

    # The menu opens from the keyboard, says where you are, and holds the staff's own menu.
    page.locator(".site-header summary", has_text="Menu").focus()
    page.keyboard.press("Enter")
    assert library.is_visible()
    assert library.get_attribute("aria-current") == "page"
    assert page.get_by_role("button", name="Log out").is_visible()
    review = page.get_by_role("link", name=re.compile(r"^Review \(0 library items? waiting"))
    assert not review.is_visible()
    for _ in range(6):  # the five sections, then the staff menu
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Staff"
    page.keyboard.press("Enter")
    assert review.is_visible()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_chart_on_a_phone_writes_each_figure_by_its_bar(live_server, browser):
    member = MemberFactory()
    wave = _answered_wave(slug="benchmark-2026", year=2026, people=6)
    context, page = _page(browser, PHONE)
    log_in(page, live_server.url, member.email)
    page.goto(f"{live_server.url}{reverse('surveys:report', args=[wave.slug])}")

    section = page.locator("#q-maturity")
    chart, table = section.get_by_role("img"), section.get_by_role("table")
    rows, bars = table.locator("tbody tr"), chart.locator(".bars__row")
    assert rows.count() == bars.count() == 5
    for number in range(rows.count()):
        label = rows.nth(number).locator("th").inner_text()
        share = rows.nth(number).locator("td").first.inner_text()
        for text in (label, share):
            assert bars.nth(number).get_by_text(text, exact=True).is_visible(), text
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    context.close()
