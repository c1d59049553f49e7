import pytest

from tests.browser.accounts import log_in
from tests.factories import MemberFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_an_applicant_is_approved_by_staff_and_meets_the_directory(
    live_server, browser, page, mailoutbox, eager_tasks
):
    MemberFactory(name="Dana Peer", company="Harbor Analytics")
    staff = StaffFactory(name="Sam Staff")
    applicant = UserFactory(name="Ravi Kumar", email="ravi@example.com")

    # The applicant logs in for the first time and lands on the application.
    log_in(page, live_server.url, applicant.email)
    page.get_by_role("heading", name="Apply to join the alliance").wait_for()
    page.get_by_label("Job title").fill("Product Operations Lead")
    page.get_by_label("Company:", exact=True).fill("Quayside Software")
    page.get_by_label("Company type").select_option(label="Public company")
    page.get_by_label("Product org size").select_option(label="200–999 product people")
    page.get_by_label("Process").check()
    page.get_by_label("Time zone").select_option("Asia/Kolkata")
    page.get_by_label("Why do you want to join?").fill("I run planning for 30 product teams.")
    page.get_by_role("button", name="Send my application").click()
    page.get_by_role("heading", name="Your application is waiting for review").wait_for()
    page.goto(f"{live_server.url}/members/")
    assert "for members of the alliance" in page.content()

    # Staff approve it from the queue, in place.
    staff_context = browser.new_context()
    staff_page = staff_context.new_page()
    log_in(staff_page, live_server.url, staff.email)
    staff_page.get_by_text("Staff", exact=True).click()  # the staff's menu in the header
    staff_page.get_by_role("link", name="Applications").click()
    staff_page.get_by_text("Quayside Software").wait_for()
    staff_page.get_by_label("Message to the applicant (optional)").fill("Welcome aboard!")
    staff_page.get_by_role("button", name="Approve").click()
    staff_page.get_by_text("Approved by Sam Staff").wait_for()
    staff_context.close()

    # The applicant is told by email, and the directory opens to them.
    (message,) = mailoutbox
    assert message.to == ["ravi@example.com"]
    assert "Welcome aboard!" in message.body
    page.get_by_text("Menu", exact=True).click()  # the header's menu, folded on a phone
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server.url, applicant.email)
    # The menu's toggle now carries the bell's count: the decision is also a notification.
    page.locator("summary.site-menu__toggle").click()
    assert "1 unread notification" in page.locator("summary.site-menu__toggle").text_content()
    page.get_by_role("link", name="Members").click()
    page.get_by_role("heading", name="Member directory").wait_for()
    assert page.get_by_role("link", name="Dana Peer").is_visible()
    assert page.get_by_role("link", name="Ravi Kumar").is_visible()
