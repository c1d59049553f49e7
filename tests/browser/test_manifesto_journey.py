import pytest

from pillars.models import Endorsement, ManifestoComment, ManifestoVersion
from tests.browser.accounts import log_in
from tests.factories import MemberFactory, StaffFactory
from tests.pillars.conftest import founders_version

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_staff_publish_v2_members_discuss_it_and_endorse_it(live_server, browser, page):
    founders_version()
    staff = StaffFactory(name="Sam Staff")
    amara = MemberFactory(name="Amara Okafor", company="LumenPay")
    kenji = MemberFactory(name="Kenji Watanabe")
    # Amara endorsed the founders' version before: v2 will ask her to look again.
    Endorsement.objects.create(version=ManifestoVersion.objects.get(number=1), member=amara)

    # Staff start a draft from the manifesto, rewrite Insight with a preview, and publish v2.
    log_in(page, live_server.url, staff.email)
    page.get_by_role("link", name="Manifesto").first.click()
    page.get_by_role("link", name="Edit the next version").click()
    page.get_by_role("button", name="Start a draft from v1").click()
    page.get_by_role("link", name="Edit “Insight”").click()
    page.get_by_label("Text").fill(
        "Product Ops curates access to data and research, and owns the metric definitions."
    )
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("owns the metric definitions").first.wait_for()
    page.get_by_role("button", name="Save").click()
    page.get_by_label("Change note").fill("Insight names the metric definitions.")
    page.get_by_label("Major: asks everyone who endorsed an earlier version to look again").check()
    page.get_by_role("button", name="Publish v2").click()
    page.get_by_text("Version 2").first.wait_for()
    assert ManifestoVersion.objects.get(number=2).is_major

    # Amara sees what changed since the version she endorsed, and comments on Insight.
    member = browser.new_context(viewport={"width": 390, "height": 844})
    amara_page = member.new_page()
    log_in(amara_page, live_server.url, amara.email)
    amara_page.goto(f"{live_server.url}/manifesto/")
    amara_page.get_by_role("link", name="see what changed since the version you endorsed").click()
    inserted = amara_page.locator("ins").filter(has_text="metric")
    assert inserted.first.is_visible()
    amara_page.goto(f"{live_server.url}/manifesto/")
    amara_page.get_by_role("link", name="Comment on this section").nth(3).click()
    amara_page.get_by_label("Your comment").fill("Should *data quality* be named too?")
    amara_page.get_by_role("button", name="Post your comment").click()
    amara_page.get_by_text("Should data quality be named too?").wait_for()
    thread = ManifestoComment.objects.get()
    assert (thread.section_key, thread.version.number) == ("insight", 2)

    # Kenji replies in the thread.
    other = browser.new_context(viewport={"width": 1280, "height": 900})
    kenji_page = other.new_page()
    log_in(kenji_page, live_server.url, kenji.email)
    kenji_page.goto(f"{live_server.url}/manifesto/v2/insight/")
    kenji_page.get_by_text("Reply to Amara Okafor").click()
    kenji_page.get_by_label("Your reply").fill("Yes: nobody trusts a dashboard without it.")
    kenji_page.get_by_role("button", name="Send reply").click()
    kenji_page.get_by_text("nobody trusts a dashboard without it").wait_for()
    other.close()
    assert ManifestoComment.objects.get(parent=thread).author == kenji

    # Amara endorses v2 on behalf of her company.
    amara_page.goto(f"{live_server.url}/manifesto/#endorse")
    amara_page.get_by_label("On behalf of LumenPay").check()
    amara_page.get_by_role("button", name="Endorse v2").click()
    amara_page.get_by_text("You endorsed v2").wait_for()
    member.close()
    endorsement = Endorsement.objects.get(version__number=2)
    assert (endorsement.member, endorsement.on_behalf_of) == (amara, "LumenPay")

    # A visitor reads the manifesto and the discussion, with no box to comment in.
    visitor = browser.new_context(viewport={"width": 390, "height": 844})
    visitor_page = visitor.new_page()
    visitor_page.goto(f"{live_server.url}/manifesto/#insight")
    assert visitor_page.get_by_text("owns the metric definitions").first.is_visible()
    visitor_page.goto(f"{live_server.url}/manifesto/v2/insight/")
    visitor_page.get_by_text("Should data quality be named too?").wait_for()
    assert visitor_page.get_by_role("textbox").count() == 0
    assert visitor_page.get_by_text("Members can comment").first.is_visible()
    width = visitor_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    visitor.close()
