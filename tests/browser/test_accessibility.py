"""Every page type, as a visitor, a member and staff, forms showing their errors included,
checked by axe-core (WCAG 2.2 A and AA rules, and target-size) on a phone: a critical or
serious violation fails, and so does an aria-describedby (or -labelledby) naming no element.

The data is made through the services and factories in each test (about a second); the
demo data would take fifty. The keyboard checks that axe cannot make (focus after an htmx
swap, the focus ring's contrast) are at the end."""

from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from library.services import writing
from notifications import services as notifications
from pillars.services import comments, endorsements, versions
from surveys import services as survey_services
from surveys.tokens import resume_token
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
from working_groups import services as group_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    },
    # WCAG 2.2's target size (2.5.8) is tagged "wcag22aa" but off by default in axe 4.x.
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}
FAILING = ("critical", "serious")

# axe only "needs review" when an aria-describedby names no element: Django's own widgets
# point at `<id>_error` and `<id>_helptext`, so a template that names them otherwise leaves
# the field described by nothing. Any such reference fails here, and so does a field marked
# invalid that nothing describes (Django leaves radios and checkboxes to their fieldset).
BROKEN_REFERENCES = r"""() => {
  const broken = [];
  const named = (e) => `${e.tagName.toLowerCase()}[name=${e.name || ""}]`;
  const ids = (e, attribute) => (e.getAttribute(attribute) || "").split(/\s+/).filter(Boolean);
  for (const attribute of ["aria-describedby", "aria-labelledby", "aria-errormessage"]) {
    for (const element of document.querySelectorAll(`[${attribute}]`)) {
      for (const id of ids(element, attribute)) {
        if (document.getElementById(id)) continue;
        broken.push(`${named(element)} ${attribute}="${id}" names no element`);
      }
    }
  }
  // A field marked invalid is described by its error: itself, or its group's fieldset.
  for (const field of document.querySelectorAll('[aria-invalid="true"]')) {
    const describers = [field, field.closest("fieldset")].filter(Boolean);
    const described = describers.flatMap((e) => ids(e, "aria-describedby"));
    if (!described.some((id) => document.getElementById(id))) {
      broken.push(`${named(field)} is invalid and described by nothing`);
    }
  }
  return broken;
}"""

NO_BROWSER_CHECKS = "() => document.querySelectorAll('form').forEach(f => f.noValidate = true)"


class Audit:
    """Runs axe on one page after another and keeps what fails, to list it all at the end."""

    def __init__(self, page, base_url):
        self.page, self.base_url, self.problems, self.pages = page, base_url, [], 0

    def goto(self, path, label=None):
        response = self.page.goto(self.base_url + path)
        if response.status != 200:  # an error page would pass in the page's stead
            self.problems.append(f"{label or path}: did not open ({response.status})")
        self.check(label or path)

    def check(self, label):
        self.pages += 1
        for violation in AXE.run(self.page, options=AXE_OPTIONS).response["violations"]:
            if violation["impact"] in FAILING:
                targets = ", ".join(str(node["target"][0]) for node in violation["nodes"][:5])
                self.problems.append(
                    f"{label}: {violation['impact']} {violation['id']} "
                    f"({len(violation['nodes'])}× e.g. {targets}): {violation['help']}"
                )
        for reference in self.page.evaluate(BROKEN_REFERENCES):
            self.problems.append(f"{label}: {reference}")

    def submit_with_errors(self, path, form, label, fill=None):
        """Open `path`, send `form` (a selector) as it is, or after `fill` (selector → text),
        with the browser's own checks off so the server's error messages show."""
        self.page.goto(self.base_url + path)
        self.page.evaluate(NO_BROWSER_CHECKS)
        for selector, text in (fill or {}).items():
            self.page.locator(selector).fill(text)
        with self.page.expect_response(lambda response: response.request.method == "POST"):
            self.page.locator(form).locator("button[type=submit], button:not([type])").first.click()
        self.page.wait_for_load_state()
        shown = "main :is([aria-invalid='true'], [role=alert], .errorlist)"
        if not self.page.locator(shown).count():
            self.problems.append(f"{label}: no error shown")
        self.check(f"{label} (errors shown)")

    def assert_clean(self):
        assert self.pages
        assert not self.problems, "axe found on {} pages:\n{}".format(
            self.pages, "\n".join(self.problems)
        )


@pytest.fixture
def open_as(browser, live_server):
    """Opens a phone-sized page, signed in as the given user (by a session made on the
    server's side) or as a visitor; closes them all when the test ends."""
    contexts = []

    def open_page(user=None):
        context = browser.new_context(viewport={"width": 390, "height": 844})
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def _manifesto(staff, member):
    founders_version()
    v2 = publish(by=staff, changes={"process": "Process is how the teams decide together."})
    comments.comment_create(
        version=v2, section_key="process", author=member, body="Which decisions?", notify=False
    )
    return v2


def _groups(member, other):
    group = make_group(name="Process", leads=[other])
    join(group, member)
    post = make_post(group=group, author=other, title="Quarterly planning", tags=["planning"])
    group_services.reply_create(post=post, author=member, body="Two weeks, with office hours.",
                                notify=False)  # fmt: skip
    return SimpleNamespace(group=group, post=post)


def _past_call_notes(group, member) -> str:
    """The notes page of a call that took place, with an action item of the member's."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from tests.factories import make_call
    from working_groups.services.call_notes import ActionRow, call_notes_save

    call = make_call(group=group, starts_at=timezone.now() - timedelta(hours=2))
    lead = group.memberships.get(role="lead").user
    call_notes_save(call=call, by=lead, notes="Decided.", attendee_ids=[member.pk],
                    action_items=[ActionRow("Write it up", member.pk)])  # fmt: skip
    return reverse("working_groups:call_notes", args=[group.slug, call.pk])


def _notify(post, *people, actor):
    """A notification of the post to each of `people`, as the groups make them."""
    notifications.notify(
        user_ids=[person.pk for person in people], kind="new_post",
        event_key=f"working_groups.post:{post.pk}", verb="posted", actor=actor,
        target=notifications.Target(key=f"working_groups.post:{post.pk}", title=post.title,
                                    url=post.get_absolute_url(), excerpt="Two weeks?"),
        why=notifications.Why(reason="watching", text="You watch the Process group",
                              change_url=post.group.get_absolute_url(), change_label="Change"),
    )  # fmt: skip


def _answered_wave():
    """A wave with six counted responses and its results computed."""
    wave = make_wave(slug="answered")
    for number in range(6):
        response, _ = survey_services.response_start(wave=wave, email=f"r{number}@example.com")
        survey_services.response_confirm_email(response=response)
        _answer_all(response, wave)
        survey_services.response_submit(response=response, notify=False)
    snapshot = survey_services.results_request(wave=wave, requested_by=None)
    survey_services.results_compute(snapshot=snapshot)
    return wave


def test_every_page_a_visitor_sees_passes_axe(live_server, open_as):
    staff, member = StaffFactory(), MemberFactory(name="Amara Okafor")
    v2 = _manifesto(staff, member)
    item = reading_published(author=member, staff=staff)
    _groups(member, MemberFactory(name="Kenji Watanabe"))
    wave = make_wave(slug="benchmark-2026")
    answered = _answered_wave()
    endorsements.endorsement_create(version=v2, member=member)
    draft = writing.item_create(kind="article", created_by=member, title="A draft on planning",
                                summary="Half done.", pillars=["process"], tags=[],
                                body="Planning notes, to be finished.")  # fmt: skip
    token = writing.preview_link_create(item=draft, user=member)
    audit = Audit(open_as(), live_server.url)

    for path in ["/", "/manifesto/", "/manifesto/v1/", "/manifesto/compare/1/2/",
                 f"/manifesto/v{v2.number}/process/", "/library/", item.get_absolute_url(),
                 "/groups/", "/survey/", f"/survey/{wave.slug}/",
                 f"/survey/{answered.slug}/results/", "/accounts/login/",
                 "/accounts/signup/", "/manifesto/versions/",
                 f"/manifesto/v{v2.number}/endorsers/", f"/library/preview/{token}/"]:  # fmt: skip
        audit.goto(path)
    audit.submit_with_errors("/accounts/login/", "main form", "login",
                             fill={"[name=login]": "nobody@example.com",
                                   "[name=password]": "not-the-password"})  # fmt: skip
    audit.submit_with_errors("/accounts/signup/", "main form", "signup",
                             fill={"[name=email]": "not-an-address"})  # fmt: skip
    audit.submit_with_errors(f"/survey/{wave.slug}/", "main form", "survey start")

    # The survey's pages with required questions (1 to 4), each sent with them unanswered;
    # the last page (nothing required) and the review as they are.
    response, _ = survey_services.response_start(wave=wave, email="lena@northwind.example")
    audit.page.goto(f"{live_server.url}/survey/{wave.slug}/continue/{resume_token(response)}/")
    for number in range(1, 5):
        audit.submit_with_errors(f"/survey/{wave.slug}/page/{number}/", "main form",
                                 f"survey page {number}")  # fmt: skip
        assert audit.page.locator(".form__errors").count() == 1
    audit.goto(f"/survey/{wave.slug}/page/5/")
    audit.goto(f"/survey/{wave.slug}/review/")
    audit.assert_clean()


def test_every_page_a_member_sees_passes_axe(live_server, open_as):
    staff, member = StaffFactory(), MemberFactory(name="Amara Okafor")
    other = MemberFactory(name="Kenji Watanabe", bio="Runs planning at Northwind.")
    v2 = _manifesto(staff, member)
    item = reading_published(author=member, staff=staff)
    groups = _groups(member, other)
    _notify(groups.post, member, actor=other)
    call = make_call(group=groups.group, title="Roadmap clinic")
    answered = _answered_wave()
    comment = comments.comment_create(version=v2, section_key="people", author=member,
                                      body="A first thought.", notify=False)  # fmt: skip
    draft = writing.item_create(kind="article", created_by=member, title="A draft on planning",
                                summary="Half done.", pillars=["process"], tags=[],
                                body="Planning notes, to be finished.")  # fmt: skip
    link = reading_published(kind="link", author=member, staff=staff, title="Decision logs")
    audit = Audit(open_as(member), live_server.url)

    section = f"/manifesto/v{v2.number}/process/"
    for path in [section, item.get_absolute_url(), "/groups/", groups.group.get_absolute_url(),
                 groups.post.get_absolute_url(), "/groups/search/?q=planning", "/members/",
                 f"/members/{other.pk}/", f"/members/{member.pk}/", "/members/profile/",
                 "/members/settings/email/", "/library/mine/", "/groups/notifications/",
                 "/notifications/", "/groups/calendar/",
                 f"{groups.group.get_absolute_url()}calls/", call.get_absolute_url(),
                 f"/survey/{answered.slug}/results/report/", "/library/new/link/",
                 f"/library/items/{draft.pk}/edit/", f"/library/items/{draft.pk}/preview/",
                 f"/library/items/{link.pk}/fix-link/", f"/library/items/{item.pk}/withdraw/",
                 f"/manifesto/comments/{comment.pk}/edit/"]:  # fmt: skip
        audit.goto(path)
    audit.submit_with_errors(section, "#comment-form", "manifesto comment")
    audit.submit_with_errors("/members/profile/", "main form.form", "profile edit",
                             fill={"[name=name]": ""})  # fmt: skip
    audit.submit_with_errors("/library/new/article/", "main form.form", "new article")
    audit.submit_with_errors("/library/new/link/", "main form.form", "new link")
    audit.submit_with_errors(f"/library/items/{draft.pk}/edit/", "main form.form", "edit item",
                             fill={"[name=title]": ""})  # fmt: skip
    audit.submit_with_errors(f"/library/items/{link.pk}/fix-link/", "main form.form",
                             "link fix", fill={"[name=url]": ""})  # fmt: skip
    audit.submit_with_errors(f"/library/items/{item.pk}/withdraw/", "main form.form",
                             "withdraw")  # fmt: skip
    audit.submit_with_errors(f"/manifesto/comments/{comment.pk}/edit/", "main form.form",
                             "comment edit", fill={"[name=body]": ""})  # fmt: skip
    audit.submit_with_errors(f"{groups.group.get_absolute_url()}posts/new/", "main form.form",
                             "new post")  # fmt: skip
    # The reply form answers in place (htmx): its errors arrive by a swap.
    audit.page.goto(live_server.url + groups.post.get_absolute_url())
    audit.page.evaluate(NO_BROWSER_CHECKS)
    audit.page.get_by_role("button", name="Send reply").click()
    audit.page.locator("#reply-form [aria-invalid='true']").wait_for()
    audit.check("reply form (errors swapped in)")
    # The calendar feed's secret address shows on the answer to "make" alone.
    audit.page.goto(live_server.url + "/groups/calendar/")
    audit.page.get_by_role("button", name="Make my feed address").click()
    audit.page.get_by_label("Address for calendar apps (webcal)").wait_for()
    audit.check("calendar feed (address shown)")
    audit.assert_clean()


def test_every_page_staff_see_passes_axe(live_server, open_as):
    staff, member = StaffFactory(), MemberFactory(name="Amara Okafor")
    _manifesto(staff, member)
    versions.draft_start(started_by=staff)
    item = writing.item_create(kind="article", created_by=member, title="Office hours",
                               summary="How one team runs them.", pillars=["process"], tags=[],
                               body="Every Tuesday.")  # fmt: skip
    writing.item_submit(item=item, user=member)
    groups = _groups(member, MemberFactory(name="Kenji Watanabe"))
    _notify(groups.post, member, staff, *MemberFactory.create_batch(3), actor=groups.post.author)
    ApplicantFactory(name="Alex Applicant")
    wave = make_wave(slug="benchmark-2026")
    audit = Audit(open_as(staff), live_server.url)

    for path in ["/manifesto/draft/", "/manifesto/draft/sections/process/", "/library/review/",
                 f"/library/review/{item.pk}/", "/members/applications/",
                 f"/survey/{wave.slug}/staff/", groups.post.get_absolute_url(),
                 f"{groups.group.get_absolute_url()}moderation/",
                 _past_call_notes(groups.group, member),
                 f"{groups.group.get_absolute_url()}calls/new/",
                 "/notifications/reach/", "/library/coverage/",
                 "/manifesto/draft/new-section/"]:  # fmt: skip
        audit.goto(path)
    audit.submit_with_errors(f"{groups.group.get_absolute_url()}calls/new/", "main form.form",
                             "schedule a call", fill={"[name=title]": ""})  # fmt: skip
    audit.submit_with_errors("/manifesto/draft/sections/process/", "main form.form",
                             "draft section", fill={"[name=title]": ""})  # fmt: skip
    audit.submit_with_errors("/manifesto/draft/new-section/", "main form.form",
                             "add a section")  # fmt: skip
    audit.assert_clean()


# --- The keyboard: focus after htmx swaps, and the focus ring ------------------------------

ACTIVE = """() => {
  const e = document.activeElement;
  return {tag: e.tagName.toLowerCase(), id: e.id, text: e.innerText.replace(/\\s+/g, " ").trim(),
          pressed: e.getAttribute("aria-pressed")};
}"""


def _press_enter_on(page, control):
    """Press Enter on `control` from the keyboard and, once htmx has swapped the answer in and
    settled it (the focus moves as it settles), say what has the focus."""
    control.focus()
    page.evaluate("""() => {
      window.settled = false;
      const done = () => setTimeout(() => { window.settled = true; }, 50);
      document.addEventListener("htmx:afterSettle", done, {once: true});
    }""")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.settled")
    return page.evaluate(ACTIVE)


def test_focus_stays_or_moves_to_the_new_content_after_each_swap(live_server, open_as):
    member, other = MemberFactory(name="Amara Okafor"), MemberFactory(name="Kenji Watanabe")
    groups = _groups(member, other)
    for number in range(20):  # a second page of the feed
        make_post(group=groups.group, author=other, body=f"Question number {number}.")
    page = open_as(member)
    page.goto(live_server.url + groups.post.get_absolute_url())

    # A reaction, pressed from the keyboard: the focus stays on the pressed button.
    insightful = page.locator(f"#reactions-post-{groups.post.pk}").get_by_role(
        "button", name="Insightful"
    )
    active = _press_enter_on(page, insightful)
    assert (active["tag"], active["pressed"]) == ("button", "true")
    assert "Insightful" in active["text"]

    # A reply sent empty: the focus goes to the box, now described by its error.
    page.evaluate(NO_BROWSER_CHECKS)
    active = _press_enter_on(page, page.get_by_role("button", name="Send reply"))
    assert active["tag"] == "textarea"
    assert page.locator("#reply-form [aria-invalid='true']").count() == 1

    # A reply sent: the focus moves to it, and the page says it is posted.
    page.get_by_label("Your reply").fill("We plan in two weeks now.")
    active = _press_enter_on(page, page.get_by_role("button", name="Send reply"))
    assert active["id"].startswith("reply-")
    assert "We plan in two weeks now." in active["text"]
    assert "Your reply is posted" in page.get_by_role("status").inner_text()

    # Older posts loaded in place of the link: the focus moves to the first of them.
    page.goto(live_server.url + groups.group.get_absolute_url())
    shown = page.locator("#feed > li").count()  # twenty posts and the link
    _press_enter_on(page, page.get_by_role("link", name="Load more posts"))
    assert page.locator("#feed > li").count() >= shown
    first_new = (
        f"() => document.activeElement === document.querySelectorAll('#feed > li')[{shown - 1}]"
    )
    assert page.evaluate(first_new)


FOCUS_RING = r"""() => {
  const rgb = (color) => (color.match(/[\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const contrast = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const element = document.activeElement;
  if (element === document.body || element.dataset.ringSeen) return null;  // round the page
  element.dataset.ringSeen = "yes";
  let around = element.parentElement, background = [255, 255, 255];
  for (; around; around = around.parentElement) {
    const color = rgb(getComputedStyle(around).backgroundColor);
    if (color.length === 3 || color[3] > 0) { background = color.slice(0, 3); break; }
  }
  const style = getComputedStyle(element);
  const ring = rgb(style.outlineColor).slice(0, 3);
  return {
    what: `${element.tagName.toLowerCase()} "${element.textContent.trim().slice(0, 40)}"`,
    style: style.outlineStyle, width: parseFloat(style.outlineWidth),
    contrast: contrast(ring, background),
  };
}"""


def _tab_through(page, label, weak):
    """Tab through the page once, noting each focused element whose ring is missing or weak."""
    for _ in range(80):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring is None:
            return
        if ring["style"] == "none" or ring["width"] < 2 or ring["contrast"] < 3:
            weak.append(f"{label}: {ring}")


def test_the_focus_ring_contrasts_3_to_1_with_every_background_it_meets(live_server, open_as):
    member, other = MemberFactory(name="Amara Okafor"), MemberFactory(name="Kenji Watanabe")
    groups = _groups(member, other)
    wave = make_wave(slug="benchmark-2026")
    response, _ = survey_services.response_start(wave=wave, email="lena@northwind.example")
    page = open_as(member)
    weak = []
    for path in ["/", groups.post.get_absolute_url()]:
        page.goto(live_server.url + path)
        _tab_through(page, path, weak)
    page.goto(f"{live_server.url}/survey/{wave.slug}/continue/{resume_token(response)}/")
    page.get_by_role("button", name="Save and continue").click()
    page.locator(".form__errors").wait_for()
    _tab_through(page, "a survey page showing its errors", weak)
    assert not weak, "\n".join(weak)
