import re

import pytest
from django.urls import reverse

from library.models import Credit, Item, Review
from tests.browser.accounts import log_in
from tests.factories import MemberFactory, StaffFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TITLE = "Glue work is the job"
NOTE = "Say which rituals you dropped, and what it saved."


def _phone_page(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _fits(page):
    """The page does not scroll sideways on a phone."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


@pytest.mark.django_db(transaction=True)
def test_an_article_is_coauthored_reviewed_twice_and_published(
    live_server, browser, page, mailoutbox, eager_tasks
):
    amara = MemberFactory(name="Amara Okafor")
    kenji = MemberFactory(name="Kenji Watanabe")
    staff = StaffFactory(name="Sam Staff")
    base = live_server.url

    # Amara writes an article from the library and saves the draft.
    log_in(page, base, amara.email)
    page.get_by_text("Menu", exact=True).click()  # the header's menu, folded on a phone
    page.get_by_role("link", name="Library", exact=True).click()
    page.get_by_role("heading", name="Library", exact=True).wait_for()
    _fits(page)
    page.get_by_role("link", name="Write an article").click()
    page.get_by_role("heading", name="Write an article").wait_for()
    _fits(page)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill("What Product Ops does between teams, and how to show it.")
    page.get_by_label("Process").check()
    page.get_by_label("People").check()
    page.get_by_label("Tags (optional)").fill("glue work, visibility")
    page.get_by_label("Text").fill("We cut our rituals in half.")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("Your draft is saved").wait_for()
    _fits(page)

    # She invites Kenji as co-author, previews the draft and submits it.
    page.get_by_label("Co-author's email address").fill(kenji.email)
    page.get_by_role("button", name="Invite as co-author").click()
    page.get_by_text("Kenji Watanabe is invited").wait_for()
    _fits(page)
    page.get_by_role("link", name="Preview and submit").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    _fits(page)
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text(f"“{TITLE}” is submitted").wait_for()
    page.get_by_text("Not yet accepted: Kenji Watanabe").wait_for()
    _fits(page)
    item = Item.objects.get()
    assert (item.status, item.created_by) == (Item.Status.IN_REVIEW, amara)

    # Kenji was emailed; he accepts from "My library".
    invitation = next(m for m in mailoutbox if m.to == [kenji.email])
    assert TITLE in invitation.subject and "Amara Okafor" in invitation.subject
    kenji_context, kenji_page = _phone_page(browser)
    log_in(kenji_page, base, kenji.email)
    kenji_page.goto(f"{base}{reverse('library:mine')}")
    _fits(kenji_page)
    invitations = kenji_page.get_by_role("region", name="Invitations to co-author")
    invitations.get_by_role("button", name=f"Accept “{TITLE}”").click()
    kenji_page.get_by_text(f"You are credited on “{TITLE}”").wait_for()
    _fits(kenji_page)
    assert Credit.objects.get(member=kenji).accepted_at is not None

    # Staff open the queue from the header and ask for changes, with a note.
    staff_context, staff_page = _phone_page(browser)
    log_in(staff_page, base, staff.email)
    staff_page.get_by_text("Menu", exact=True).click()  # the header's menu, folded on a phone
    staff_page.locator("summary", has_text="Staff").click()  # "Staff (1)": one waits
    staff_page.get_by_role("link", name=re.compile(r"^Review \(1 library items? waiting")).click()
    queue = staff_page.get_by_role("region", name="Waiting for a decision")
    queue.get_by_text("By Amara Okafor and Kenji Watanabe").wait_for()
    _fits(staff_page)
    queue.get_by_role("link", name=TITLE).click()
    staff_page.get_by_text("First submission").wait_for()
    _fits(staff_page)
    staff_page.get_by_label("Request changes (the note goes to the authors)").check()
    staff_page.get_by_label("Note to the authors").fill(NOTE)
    staff_page.get_by_role("button", name="Record the decision").click()
    staff_page.get_by_text(f"“{TITLE}” is back with its authors").wait_for()
    _fits(staff_page)
    review = Review.objects.get()
    assert (review.decision, review.note) == ("changes_requested", NOTE)

    # Both authors are told, with the note.
    changes = [m for m in mailoutbox if m.subject.endswith(f"Changes requested on “{TITLE}”")]
    assert sorted(m.to[0] for m in changes) == sorted([amara.email, kenji.email])
    assert all(NOTE in m.body for m in changes)

    # Amara reads the note beside her text, fixes the article and submits it again.
    page.goto(f"{base}{reverse('library:mine')}")
    _fits(page)
    section = page.get_by_role("region", name="Changes requested")
    section.get_by_role("link", name=f"Edit “{TITLE}”").click()
    note = page.get_by_role("complementary", name="Changes requested")
    note.get_by_text(NOTE).wait_for()
    _fits(page)
    page.get_by_label("Text").fill(
        "We cut our rituals in half: the weekly status meeting went, and saved four hours."
    )
    page.get_by_role("button", name="Save and preview").click()
    page.get_by_text("saved four hours").wait_for()
    _fits(page)
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text(f"“{TITLE}” is submitted").wait_for()
    assert Item.objects.get().status == Item.Status.IN_REVIEW

    # Staff see what changed since their review, and publish.
    staff_page.reload()
    staff_page.get_by_text("Menu", exact=True).click()  # the header's menu, folded on a phone
    staff_page.locator("summary", has_text="Staff").click()  # "Staff (1)": one waits
    staff_page.get_by_role("link", name=re.compile(r"^Review \(1 library items? waiting")).click()
    staff_page.get_by_role("region", name="Waiting for a decision").get_by_role(
        "link", name=TITLE
    ).click()
    changed = staff_page.get_by_role("region", name="What changed since the last review")
    changed.locator("ins").filter(has_text="four hours").first.wait_for()
    _fits(staff_page)
    staff_page.get_by_label("Publish now").check()
    staff_page.get_by_role("button", name="Record the decision").click()
    staff_page.get_by_text(f"“{TITLE}” is published at").wait_for()
    _fits(staff_page)
    item = Item.objects.get()
    assert item.status == Item.Status.PUBLISHED
    assert [r.decision for r in Review.objects.order_by("created_at")] == [
        "changes_requested",
        "published",
    ]

    # A visitor finds it in the library and reads it, credited to both authors.
    visitor, visitor_page = _phone_page(browser)
    visitor_page.goto(f"{base}{reverse('library:index')}")
    _fits(visitor_page)
    card = visitor_page.get_by_role("article", name=TITLE)
    assert card.get_by_text("By Amara Okafor and Kenji Watanabe").is_visible()
    card.get_by_role("link", name=TITLE).click()
    visitor_page.get_by_text("saved four hours").wait_for()
    _fits(visitor_page)

    # The Atom feed has it, with both authors.
    feed = visitor_page.request.get(f"{base}{reverse('library:feed_atom')}")
    assert feed.ok
    xml = feed.text()
    assert f"<title>{TITLE}</title>" in xml
    assert "<name>Amara Okafor</name>" in xml and "<name>Kenji Watanabe</name>" in xml
    visitor.close()

    # It is under "Wrote" on both authors' profiles.
    for author in (amara, kenji):
        kenji_page.goto(f"{base}{reverse('members:profile', args=[author.pk])}")
        _fits(kenji_page)
        wrote = kenji_page.get_by_role("region", name="Wrote")
        assert wrote.get_by_role("link", name=TITLE).is_visible()
    kenji_context.close()
    staff_context.close()
