"""Signing in through the login form, as every journey starts."""

from tests.factories import PASSWORD


def log_in(page, base_url, email):
    """Sign in with the demo password and wait until the header shows the person's name."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_test_id("user-name").wait_for()
