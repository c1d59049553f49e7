import re

import pytest

from surveys.models import Response
from tests.factories import make_wave

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_leader_answers_closes_the_browser_and_resumes_by_the_emailed_link(
    live_server, browser, page, mailoutbox, eager_tasks
):
    wave = make_wave(slug="benchmark-2026")
    page.goto(f"{live_server.url}/survey/")
    page.get_by_role("link", name="Take the 2026 survey").click()
    page.get_by_label("Your email address").fill("lena@northwind.example")
    page.get_by_role("button", name="Start the survey").click()

    # The form opens nothing: the survey opens from the link emailed to the address.
    page.get_by_role("heading", name="Check your inbox").wait_for()
    (resume_email,) = mailoutbox
    link = re.search(r"http://\S+/continue/\S+", resume_email.body).group(0)
    link = re.sub(r"^http://[^/]+", live_server.url, link)
    page.goto(link)

    # Page 1 of 5, then page 2; then the browser is closed half-way through page 3.
    page.get_by_role("heading", name="Page 1 of 5").wait_for()
    page.get_by_label("Head or Director of Product Ops").check()
    page.get_by_label("How many years have you worked in Product Ops?").fill("6")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Page 2 of 5").wait_for()
    page.get_by_label("Private-equity roll-up").check()
    page.get_by_label("200–999 product people").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Page 3 of 5").wait_for()
    page.context.close()

    # The same link opens the response in a new browser, where it stopped.
    assert len(mailoutbox) == 1
    fresh = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    fresh.set_default_timeout(10_000)
    fresh.goto(link)
    fresh.get_by_role("heading", name="Page 3 of 5").wait_for()

    # A mistake is marked at the field and what was typed stays.
    fresh.get_by_label("How many product managers work in your company?").fill("-3")
    fresh.get_by_label("How many people work in Product Ops, you included?").fill("4")
    fresh.get_by_label("Chief Product Officer").check()
    fresh.get_by_role("radio", name="4").check()
    fresh.get_by_role("button", name="Save and continue").click()
    fresh.get_by_text("Enter a number of at least 0.").wait_for()
    assert (
        fresh.get_by_label("How many people work in Product Ops, you included?").input_value()
        == "4"
    )
    fresh.get_by_label("How many product managers work in your company?").fill("180")
    fresh.get_by_role("button", name="Save and continue").click()

    fresh.get_by_role("heading", name="Page 4 of 5").wait_for()
    for pillar, remit in [("People", "All"), ("Process", "All"), ("Insight", "Some"),
                          ("Tools", "Some"), ("Stakeholders", "None")]:  # fmt: skip
        fresh.get_by_label(f"{pillar}: {remit} of it is in my remit").check()
    fresh.locator("#question-program_management").get_by_label("Some of it is in my remit").check()
    fresh.get_by_role("button", name="Save and continue").click()

    fresh.get_by_role("heading", name="Page 5 of 5").wait_for()
    fresh.get_by_label("Process").check()
    fresh.get_by_label("What is your biggest Product Ops challenge this year?").fill(
        "Retiring the processes nobody needs any more."
    )
    fresh.get_by_role("button", name="Review my answers").click()

    fresh.get_by_role("heading", name="Review your answers").wait_for()
    assert "Private-equity roll-up" in fresh.content()
    fresh.get_by_role("button", name="Submit my answers").click()
    fresh.get_by_role("heading", name="Thank you!").wait_for()
    assert fresh.get_by_role("heading", name="Join the working groups you chose").is_visible()

    response = Response.objects.get(wave=wave)
    assert response.is_submitted
    assert response.answers.count() == 16  # 11 answered questions, the grid counting 5
    assert "Thank you for answering" in mailoutbox[-1].subject
