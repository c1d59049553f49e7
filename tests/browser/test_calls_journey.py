"""A lead schedules a weekly call for her group; a member answers Going from the call's page
and downloads it for his calendar; the lead cancels one occurrence; after the call she writes
the notes, with an action item for the member, and publishes them to the group's feed."""

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from tests.browser.accounts import log_in
from tests.factories import MemberFactory, join, make_group
from working_groups.models import Call, Rsvp

pytestmark = pytest.mark.browser


def _page(browser, base_url, user):
    context = browser.new_context(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, base_url, user.email)
    return context, page


@pytest.mark.django_db(transaction=True)
def test_a_lead_schedules_a_member_answers_and_the_notes_reach_the_feed(
    live_server, browser, tmp_path
):
    amara = MemberFactory(name="Amara Okafor", time_zone="Europe/London")
    kenji = MemberFactory(name="Kenji Watanabe", time_zone="Asia/Tokyo")
    group = make_group(name="Process", leads=[amara])
    join(group, kenji)
    base = live_server.url
    day = (timezone.now() + timedelta(days=3)).astimezone(ZoneInfo("America/New_York")).date()

    # Amara schedules a weekly series at 10:00 New York time, four calls.
    lead_context, lead = _page(browser, base, amara)
    lead.goto(f"{base}/groups/{group.slug}/calls/new/")
    lead.get_by_label("Title").fill("Planning clinic")
    lead.get_by_label("Date").fill(day.isoformat())
    lead.get_by_label("Start time").fill("10:00")
    lead.get_by_label("Time zone").select_option("America/New_York")
    lead.locator("[name='repeat']").select_option("weekly")
    lead.get_by_label("Or a number of calls").fill("4")
    lead.get_by_label("Join link (optional)").fill("https://meet.example.com/clinic")
    lead.get_by_role("button", name="Schedule", exact=True).click()
    lead.get_by_role("heading", name="Planning clinic").wait_for()
    calls = list(Call.objects.filter(group=group).order_by("starts_at"))
    assert len(calls) == 4
    first = calls[0]
    assert first.starts_at.astimezone(ZoneInfo("America/New_York")).hour == 10

    # Kenji answers Going from the call's page and downloads its .ics.
    member_context, member = _page(browser, base, kenji)
    member.goto(f"{base}{first.get_absolute_url()}")
    member.get_by_role("button", name="Going").click()
    member.locator("#rsvp-going[aria-pressed='true']").wait_for()
    assert Rsvp.objects.get(call=first, user=kenji).answer == "going"
    with member.expect_download() as download:
        member.get_by_role("link", name="This call (.ics)").click()
    path = tmp_path / "call.ics"
    download.value.save_as(path)
    calendar = icalendar.Calendar.from_ical(Path(path).read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart").astimezone(ZoneInfo("UTC")) == first.starts_at
    assert str(event["uid"]) == first.uid

    # Amara cancels the third call alone.
    third = calls[2]
    lead.goto(f"{base}/groups/{group.slug}/calls/{third.pk}/cancel/")
    lead.get_by_label("This call", exact=True).check()
    lead.get_by_role("button", name="Cancel the call").click()
    lead.get_by_text("Cancelled", exact=False).first.wait_for()
    assert [c.is_cancelled for c in Call.objects.filter(group=group).order_by("starts_at")] == [
        False, False, True, False,
    ]  # fmt: skip

    # The first call takes place (its start moved to an hour ago: the journey cannot wait three
    # days); Amara writes the notes, gives Kenji an action item and publishes them.
    Call.objects.filter(pk=first.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    lead.goto(f"{base}{first.get_absolute_url()}")
    lead.get_by_role("link", name="Write the notes").click()
    lead.get_by_role("heading", name="Notes: Planning clinic").wait_for()
    notes = lead.locator("textarea[name='notes']")
    assert "## Decisions" in notes.input_value()
    notes.fill(notes.input_value() + "Planning moves to two weeks.")
    lead.locator("[name='actions-0-text']").fill("Share the two-week calendar")
    lead.locator("[name='actions-0-owner']").select_option(label="Kenji Watanabe")
    lead.get_by_role("button", name="Publish notes").click()
    lead.get_by_role("heading", name="Notes: Planning clinic", exact=False).wait_for()
    assert "Share the two-week calendar" in lead.content()

    # The notes are in the group's feed, for Kenji too.
    member.goto(f"{base}{group.get_absolute_url()}")
    member.get_by_role("link", name="Notes: Planning clinic", exact=False).first.wait_for()
    lead_context.close()
    member_context.close()
