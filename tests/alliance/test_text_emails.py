"""The plain-text part of every email reads as typed; the HTML part stays escaped (issue #12)."""

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils.safestring import SafeData

from alliance.emails import send
from members import services as member_services
from surveys.delivery import results_merge
from tests.factories import ApplicantFactory, MemberFactory, join, make_group
from tests.members.test_accounts import _sign_up
from tests.surveys.test_results_views import _computed, answered_wave  # noqa: F401
from working_groups import services as group_services

HOSTILE = "Tom & Jerry <script> 'quote' \"double\""
ESCAPES = ("&amp;", "&lt;", "&gt;", "&#x27;", "&quot;", "&#39;")

TEMPLATES = settings.BASE_DIR / "templates"
# Every plain-text email, found on disk, so a new one is checked without touching this file.
EMAIL_TEXTS = sorted(
    path.relative_to(TEMPLATES).with_suffix("").as_posix()
    for path in TEMPLATES.glob("**/emails/*.txt")
)


class Hostile:
    """Any value a template reads: each key, attribute and item looked up on it is another
    one (templates try `value[key]` first), it loops once, and it prints as HOSTILE. It has
    no other attributes, so filters such as `date` and `floatformat` give up quietly."""

    def __getitem__(self, key):
        return Hostile()

    def __iter__(self):
        return iter([Hostile()])

    def __len__(self):
        return 1

    def __str__(self):
        return HOSTILE


# Every key the senders put in an email's context (members/, working_groups/, surveys/
# emails.py). A template that reads none of them fails the "printed at least once" check.
CONTEXT_KEYS = (
    "site_url", "user", "application", "directory_url", "profile_url", "survey_url",
    "response", "wave", "sheet", "resume_url", "snapshot", "data", "report_url",
    "author", "group", "post", "excerpt", "url", "preferences_url", "groups", "week_start",
    "notification", "notifications", "sections", "why_line", "change_url", "change_label",
)  # fmt: skip


RESULTS = {
    "respondents": 6,
    "k": 5,
    "questions": [
        {
            "key": "q_role", "kind": "single", "prompt": HOSTILE, "n": 6, "stats": {},
            "options": [
                {"value": "a", "label": HOSTILE, "percent": 100, "count": 6, "change": None}
            ],
        },
        {
            "key": "q_remit", "kind": "pillar_grid", "prompt": HOSTILE, "n": 6, "stats": {},
            "rows": [
                {"label": HOSTILE, "n": 6,
                 "options": [{"value": "all", "label": HOSTILE, "percent": 100, "count": 6}]}
            ],
        },
    ],
}  # fmt: skip


def _rendered(template: str, mailoutbox) -> tuple[str, str]:
    """The text and HTML parts of an email, built the way its sender builds them."""
    if template == "surveys/emails/results":
        # The results go out through a merge of their own, not through send(), built from a
        # snapshot's figures: real numbers and remit values, with the words made hostile.
        wave = SimpleNamespace(slug="benchmark-2026", title=HOSTILE)
        merge = results_merge(SimpleNamespace(wave=wave, data=RESULTS), connection=None)
        return merge.text, merge.html
    context = {key: Hostile() for key in CONTEXT_KEYS}
    send(to="tom@example.com", subject="Hostile", template=template, context=context)
    (message,) = mailoutbox
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return message.body, html


def _assert_as_typed(text: str, *typed: str) -> None:
    for value in typed:
        assert value in text
    assert not [escape for escape in ESCAPES if escape in text], text


def test_every_email_template_is_checked():
    assert "members/emails/application_approved" in EMAIL_TEXTS
    assert "surveys/emails/results" in EMAIL_TEXTS
    assert "notifications/emails/notification" in EMAIL_TEXTS  # a mention, a reply, …


@pytest.mark.parametrize("template", EMAIL_TEXTS)
def test_the_text_part_prints_values_as_typed_and_the_html_part_escapes_them(template, mailoutbox):
    text, html = _rendered(template, mailoutbox)
    _assert_as_typed(text, HOSTILE)
    assert not isinstance(text, SafeData)  # unescaped text must never pass as safe HTML
    html = " ".join(html.split())  # the results' HTML is folded into long lines
    assert "Tom &amp; Jerry &lt;script&gt; &#x27;quote&#x27; &quot;double&quot;" in html
    assert "<script>" not in html


@pytest.mark.django_db
def test_an_application_decision_reads_as_the_team_wrote_it(
    eager_tasks, staff, mailoutbox, django_capture_on_commit_callbacks
):
    applicant = ApplicantFactory(name="Siobhán O'Neill")
    note = "We're glad you're here: Q&A calls are on <Thursdays>."
    with django_capture_on_commit_callbacks(execute=True):
        member_services.application_approve(
            application=applicant.applications.get(), decided_by=staff, message=note
        )
    (message,) = mailoutbox
    _assert_as_typed(message.body, "Hello Siobhán O'Neill,", note)
    html = message.alternatives[0][0]
    assert "We&#x27;re glad you&#x27;re here: Q&amp;A calls are on &lt;Thursdays&gt;." in html


@pytest.mark.django_db
def test_a_mention_email_quotes_the_post_as_written(
    eager_tasks, mailoutbox, django_capture_on_commit_callbacks
):
    group = make_group(name="Starting & Scaling Product Ops")
    author = MemberFactory(name="Amara O'Connor")
    mentioned = MemberFactory(name="Kenji Watanabe")
    join(group, author, mentioned)
    body = "@Kenji Watanabe does <script>alert('hi')</script> & \"this\" work for you?"
    with django_capture_on_commit_callbacks(execute=True):
        group_services.post_create(group=group, author=author, body=body, title="Q&A")
    (message,) = mailoutbox
    _assert_as_typed(
        message.body,
        "Amara O'Connor mentioned you in Starting & Scaling Product Ops: “Q&A”",
        "“Q&A”",
        body,
    )
    html = message.alternatives[0][0]
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt; &amp; &quot;this&quot;" in html
    assert "<script>" not in html


@pytest.mark.django_db
def test_the_results_email_names_the_working_groups_as_they_are_called(
    answered_wave,  # noqa: F811
    eager_tasks,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _computed(answered_wave, send=True)
    assert len(mailoutbox) == 6
    message = mailoutbox[0]
    _assert_as_typed(message.body, "Starting & Scaling Product Ops: ")
    assert "Starting &amp; Scaling Product Ops" in message.alternatives[0][0]


@pytest.mark.django_db(transaction=True)
def test_a_signup_confirmation_shows_the_address_as_typed(
    client, mailoutbox, password, eager_tasks
):
    # Sent through the outbox once the signup commits (members.tasks.send_account_email).
    _sign_up(client, password, email="o'neill@example.com")
    (message,) = mailoutbox
    _assert_as_typed(message.body, "o'neill@example.com")
