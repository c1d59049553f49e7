import re

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "a-long-and-secret-passphrase"


@pytest.mark.django_db(transaction=True)
def test_a_visitor_signs_up_verifies_logs_in_and_sees_their_name(
    live_server, page, mailoutbox, eager_tasks
):
    page.goto(live_server.url)
    page.get_by_text("Menu", exact=True).click()  # the header's menu, folded on a phone
    page.get_by_role("link", name="Sign up").click()

    page.get_by_label("Full name").fill("Priya Patel")
    page.get_by_label("Email").fill("priya@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("heading", name="Confirm your email address").wait_for()

    (message,) = mailoutbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm my email address").click()
    # Confirming in the browser that signed up signs the visitor in; log out to log in afresh.
    page.get_by_text("You have confirmed priya@example.com.").wait_for()
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("button", name="Log out").click()

    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill("priya@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    header = page.get_by_test_id("user-name")
    header.wait_for()
    assert header.inner_text() == "Priya Patel"
