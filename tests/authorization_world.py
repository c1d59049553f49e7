"""The world the authorization tests walk (tests/test_authorization*.py): one person of each
role, the people who own what the roles act on, and the objects the URLs with arguments point
at. It is built once per test module and rolled back after the module's last test; each test
runs in a savepoint inside it (pytest-django's `db`), so what a test changes is undone before
the next one.

The world's conversations live in a closed (request-to-join) group, "Insights"; an open group,
"Process", is led by someone who is a plain member of Insights. The manifesto has the founders'
version 1, a version 2, and staff's draft of version 3; the library has a published article, a
draft, an item in review and a withdrawn one.
"""

from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from library.services import reviewing as library_reviewing
from library.services import writing as library_writing
from members.emails import unsubscribe_token
from members.models import EmailKind, User
from notifications import services as notification_services
from notifications.emails import scope_unsubscribe_token
from pillars import services as pillar_services
from surveys.models import Response, ResultsDelivery
from surveys.services import response_start, results_compute, results_request
from surveys.tokens import report_token, resume_token
from tests.factories import (
    ApplicantFactory,
    MemberFactory,
    StaffFactory,
    join,
    make_call,
    make_group,
    make_post,
    make_series,
    make_wave,
)
from tests.pillars.conftest import founders_version, publish
from working_groups import services as group_services
from working_groups.services.calendar_tokens import calendar_token_rotate

LOGIN = "login"

# The roles every URL is tried with. The last three are members of the alliance too:
# - lead_of_other_group leads the open group and is a plain member of the closed one, where
#   the world's conversations are: being a lead somewhere must not let them moderate here;
# - outsider is in the open group only: the closed group's feed and everything in it is not
#   theirs to read;
# - left_directory is in the closed group but keeps out of the member directory (their
#   profile's show_in_directory is off).
ROLES = (
    "visitor",
    "applicant",
    "member",
    "staff",
    "lead_of_other_group",
    "outsider",
    "left_directory",
)
ALSO_MEMBERS = ("lead_of_other_group", "outsider", "left_directory")
# Who owns what the roles act on: the closed group's lead, the author of its post and reply,
# and a member whose request to join it waits for the lead.
OWNERS = ("lead", "author", "requester")

# What the closed group holds: no page or email served to someone who may not read the group
# may contain a word of it. Its post, with a title, a tag and a reply; and a post its lead has
# hidden, for its moderators' eyes only.
CLOSED_TITLE = "Nightingale roadmap"
CLOSED_BODY = "We plan to buy Contoso in spring; keep the zeppelin budget quiet."
CLOSED_REPLY = "The quokka team will run the Contoso integration."
CLOSED_TAG = "project nightingale"
HIDDEN_BODY = "Taken down: the wombat plan."
# Their telling words, in lower case.
CLOSED_WORDS = ("contoso", "zeppelin", "quokka", "nightingale", "wombat")
# Its calls are titled in words of their own: the group page shows its readers the next one,
# which must not pass for its hidden post's words.
CLOSED_CALL = "Ocelot planning"
CLOSED_CALL_WORDS = ("ocelot",)
# Those who read the closed group: its active members, and staff.
READERS = {"member", "staff", "lead_of_other_group", "left_directory", "lead", "author"}
# The open group's post.
OPEN_BODY = "How do you run quarterly planning across product lines?"
OPEN_TAG = "quarterly planning"
# The hidden member's name, chosen so that no other name in the world shares a word with it.
HIDDEN_NAME = "Harper Hollowell"

# The manifesto: staff's draft of version 3 rewrites a section and adds one; until it is
# published, no word of it reaches anyone but staff. The member started a thread on version 2,
# the author replied to it, and staff hid another thread of the author's.
DRAFT_BODY = "Every roadmap follows the axolotl charter."
DRAFT_SECTION = ("glossary", "Xylophone glossary", "", "Words we use, from A to X.")
DRAFT_WORDS = ("axolotl", "xylophone")
THREAD_BODY = "Should process cover how teams retire a ritual?"
THREAD_REPLY = "Yes: we retired our weekly sync last spring."
HIDDEN_COMMENT = "The narwhal clause should go."
HIDDEN_COMMENT_WORDS = ("narwhal",)

# The library: the member's published article, written with the author; the member's draft,
# to which the lead of the other group is invited as co-author (invited members read a draft
# before they answer); the author's article in review, with a preview link; and a withdrawn
# link of the author's.
ARTICLE_TITLE = "Roadmaps that teams compare"
ARTICLE_TAG = "roadmap rituals"
LIBRARY_DRAFT_TITLE = "Marzipan metrics for product teams"
LIBRARY_DRAFT_BODY = "Our tarantula playbook: count what the teams already count."
LIBRARY_DRAFT_WORDS = ("marzipan", "tarantula")
LIBRARY_DRAFT_SUMMARY = "Tarantula counts and marzipan charts."
IN_REVIEW_TITLE = "Pelican business cases"
IN_REVIEW_SUMMARY = "Pelican cases, checked by a heron."
WITHDRAWN_TITLE = "Flamingo tooling essay"
WITHDRAWN_SUMMARY = "Flamingo tools, sorted by a cormorant."
# Never on the list, the feeds or the sitemap: items that are not, or no longer, published.
# Each item's title and summary share none: a search for one word finds the other.
UNPUBLISHED_WORDS = ("pelican", "heron", "flamingo", "cormorant")

# Words only some roles may read, on any page: (words, the roles and owners who may).
SECRETS = {
    "the closed group": (CLOSED_WORDS, READERS),
    "the closed group's calls": (CLOSED_CALL_WORDS, READERS),
    "the manifesto's draft": (DRAFT_WORDS, {"staff"}),
    "a hidden comment": (HIDDEN_COMMENT_WORDS, {"staff", "author"}),
    "the library's draft": (LIBRARY_DRAFT_WORDS, {"member", "staff", "lead_of_other_group"}),
}


def admit(group, lead, *people):
    """People in a request-to-join group: they ask, its lead says yes."""
    for person in people:
        membership = group_services.membership_join(group=group, user=person)
        group_services.membership_approve(membership=membership, decided_by=lead)


def build_world() -> dict:
    """One person of each role and of each owner, and the objects the URLs point at."""
    people = {
        "visitor": None,
        "applicant": ApplicantFactory(name="Alex Applicant"),
        "member": MemberFactory(name="Maya Member"),
        "staff": StaffFactory(name="Sam Staff"),
        "lead_of_other_group": MemberFactory(name="Otto Otherlead"),
        "outsider": MemberFactory(name="Oscar Outsider"),
        "left_directory": MemberFactory(name=HIDDEN_NAME, show_in_directory=False),
        "lead": MemberFactory(name="Lena Lead"),
        "author": MemberFactory(name="Peer Person"),
        "requester": MemberFactory(name="Rita Requester"),
    }
    lead, author = people["lead"], people["author"]
    closed = make_group(name="Insights", join_policy="request", leads=[lead])
    admit(
        closed,
        lead,
        author,
        people["member"],
        people["lead_of_other_group"],
        people["left_directory"],
    )
    open_group = make_group(name="Process", leads=[people["lead_of_other_group"]])
    join(open_group, people["outsider"])
    post = make_post(
        group=closed, author=author, title=CLOSED_TITLE, body=CLOSED_BODY, tags=[CLOSED_TAG]
    )
    reply = group_services.reply_create(post=post, author=author, body=CLOSED_REPLY, notify=False)
    hidden_post = make_post(group=closed, author=author, body=HIDDEN_BODY)
    group_services.post_hide(post=hidden_post, by=lead)
    open_post = make_post(
        group=open_group, author=people["outsider"], body=OPEN_BODY, tags=[OPEN_TAG]
    )
    request = group_services.membership_join(group=closed, user=people["requester"])
    report = group_services.report_create(reporter=people["member"], reason="Off topic", post=post)
    notification = _notifications(people, post)
    calendars = _calendars(people, closed, open_group)
    calls = _calls(closed)
    rsvp_link = _rsvp_link(people, open_group)
    call_notes = _call_notes(closed, lead, author)

    wave = make_wave()
    someones_response, _ = response_start(wave=wave, email="someone@example.com")
    respondent, _ = response_start(wave=wave, email="respondent@example.com")
    # A second respondent whose results email failed: something for "retry" to send again.
    failed_respondent, _ = response_start(wave=wave, email="failed@example.com")
    Response.objects.filter(pk__in=[respondent.pk, failed_respondent.pk]).update(
        submitted_at=wave.created_at, email_confirmed_at=wave.created_at
    )
    snapshot = results_request(wave=wave, requested_by=None)
    results_compute(snapshot=snapshot)
    ResultsDelivery.objects.create(
        snapshot=snapshot,
        response=failed_respondent,
        email=failed_respondent.email,
        status=ResultsDelivery.Status.FAILED,
    )
    application = people["applicant"].applications.get()
    manifesto = _manifesto(people)
    library = _library(people)

    ids = {
        "closed_group": closed.pk,
        "open_group": open_group.pk,
        "post": post.pk,
        "reply": reply.pk,
        "hidden_post": hidden_post.pk,
        "open_post": open_post.pk,
        "request": request.pk,
        "report": report.pk,
        "notification": notification.pk,
        "wave": wave.pk,
        "someones_response": someones_response.pk,
        "respondent": respondent.pk,
        "failed_respondent": failed_respondent.pk,
        "snapshot": snapshot.pk,
        "application": application.pk,
        **manifesto["ids"],
        **library["ids"],
    }
    post_kwargs = {"post_id": post.pk}
    reply_kwargs = {"reply_id": reply.pk}
    wave_kwargs = {"slug": wave.slug}
    snapshot_kwargs = {"slug": wave.slug, "snapshot_id": snapshot.pk}
    kwargs = {
        "working_groups:group": {"slug": closed.slug},
        "working_groups:join": {"slug": closed.slug},
        "working_groups:leave": {"slug": closed.slug},
        "working_groups:post_create": {"slug": closed.slug},
        "working_groups:moderation": {"slug": closed.slug},
        "working_groups:group_notifications": {"slug": closed.slug},
        "working_groups:default_watch_level": {"slug": closed.slug},
        "working_groups:request_decide": {"slug": closed.slug, "membership_id": request.pk},
        **{
            f"working_groups:post{suffix}": post_kwargs
            for suffix in ("", "_edit", "_delete", "_history", "_moderate", "_react", "_report")
        },
        "working_groups:reply_create": post_kwargs,
        "working_groups:post_watch": post_kwargs,
        **{
            f"working_groups:reply_{action}": reply_kwargs
            for action in ("delete", "moderate", "react", "report")
        },
        "working_groups:report_dismiss": {"report_id": report.pk},
        "members:profile": {"user_id": author.pk},
        "members:application_decide": {"application_id": application.pk},
        "notifications:open": {"notification_id": notification.pk},
        "members:unsubscribe": {
            "token": unsubscribe_token(user_id=author.pk, kind=EmailKind.DIGEST)
        },
        "notifications:unsubscribe": {
            "token": scope_unsubscribe_token(
                user_id=author.pk, scope_key=f"working_groups.group:{closed.pk}", about=""
            )
        },
        "account_confirm_email": {"key": "not-a-real-key"},
        "surveys:start": wave_kwargs,
        "surveys:fresh_link": wave_kwargs,
        "surveys:resume": {"slug": wave.slug, "token": resume_token(someones_response)},
        "surveys:page": {"slug": wave.slug, "number": 1},
        "surveys:review": wave_kwargs,
        "surveys:done": wave_kwargs,
        "surveys:staff_overview": wave_kwargs,
        "surveys:export_csv": wave_kwargs,
        "surveys:response_delete": {"slug": wave.slug, "response_id": someones_response.pk},
        "surveys:results": wave_kwargs,
        "surveys:report": wave_kwargs,
        "surveys:personal_report": {"slug": wave.slug, "token": report_token(respondent.pk)},
        "surveys:close": wave_kwargs,
        "surveys:results_compute": wave_kwargs,
        "surveys:results_send": snapshot_kwargs,
        "surveys:results_retry": snapshot_kwargs,
        "surveys:results_resend": snapshot_kwargs,
        "surveys:results_csv": snapshot_kwargs,
        "account_reset_password_from_key": {"uidb36": "1", "key": "not-a-real-key"},
        "dev_mailbox_email": {"email_id": "20260101T000000000000-abcdef12"},
        **calendars["kwargs"],
        **calls,
        **rsvp_link,
        **call_notes,
        **manifesto["kwargs"],
        **library["kwargs"],
    }
    # Everyone's address, none of which anybody shows to other members (show_email is off).
    addresses = {who: user.email for who, user in people.items() if user is not None} | {
        response.email: response.email
        for response in (someones_response, respondent, failed_respondent)
    }
    return {
        "people": people,
        "ids": ids,
        "kwargs": kwargs,
        "sessions": _signed_in(people),
        "addresses": addresses,
        "slugs": library["slugs"],
    }


def _notifications(people, post):
    """The member and the author told of the closed group's post twice (a mention and a reply,
    unread); the member's mention is the one the notification URLs open."""
    target = notification_services.Target(
        key=f"working_groups.post:{post.pk}", title=CLOSED_TITLE, url=post.get_absolute_url()
    )
    for kind, verb in (("mention", "mentioned you in"), ("reply", "replied to")):
        notification_services.notify(
            user_ids=[people["member"].pk, people["author"].pk],
            kind=kind,
            event_key=f"world.{kind}:{post.pk}",
            target=target,
            verb=verb,
            why=notification_services.Why(reason=kind, text="You were mentioned"),
            actor=people["lead"],
        )
    return people["member"].notifications.get(event_key=f"world.mention:{post.pk}")


def _calls(closed) -> dict:
    """A call of the closed group (titled in its words, with a join link), for the calls
    pages: its list, the call, and its leads' scheduling, editing and cancelling."""
    call = make_call(group=closed, title=f"{CLOSED_CALL} sync")
    group_kwargs, call_kwargs = {"slug": closed.slug}, {"slug": closed.slug, "call_id": call.pk}
    return {
        "working_groups:calls": group_kwargs,
        "working_groups:call_new": group_kwargs,
        **{
            f"working_groups:{name}": call_kwargs
            for name in ("call", "call_edit", "call_cancel", "call_rsvp")
        },
    }


def _call_notes(closed, lead, author) -> dict:
    """A call of the closed group that took place, with an action item of the author's: its
    notes page, the note-taker its lead names, and the item closed."""
    from datetime import timedelta

    from django.utils import timezone

    from working_groups.services.call_notes import ActionRow, call_notes_save

    call = make_call(group=closed, title=f"{CLOSED_TITLE} retro",
                     starts_at=timezone.now() - timedelta(days=1))  # fmt: skip
    call_notes_save(call=call, by=lead, notes="Decided", attendee_ids=[],
                    action_items=[ActionRow("Write it up", author.pk)])  # fmt: skip
    kwargs = {"slug": closed.slug, "call_id": call.pk}
    return {
        "working_groups:call_notes": kwargs,
        "working_groups:call_note_taker": kwargs,
        "working_groups:call_action_close": kwargs | {"item_id": call.action_items.get().pk},
    }


def _rsvp_link(people, open_group) -> dict:
    """The outsider's one-click answer "Maybe" to a call of the open group, as their email
    carries it: the signed address answers for them alone, whoever opens it."""
    from working_groups.rsvp_links import rsvp_token

    call = make_call(group=open_group, title="Planning check-in")
    token = rsvp_token(call=call, user_id=people["outsider"].pk, answer="maybe")
    kwargs = {"slug": open_group.slug, "call_id": call.pk, "token": token}
    return {"working_groups:call_rsvp_link": kwargs}


def _calendars(people, closed, open_group) -> dict:
    """A series of the closed group's calls (titled in its words), for its .ics files; and the
    outsider's personal calendar feed, with the open group's call they are going to: its
    secret address is the key, whoever holds it."""
    from working_groups.models import Rsvp

    series, calls = make_series(group=closed, title=f"{CLOSED_CALL} call", weeks=2)
    _, (open_call,) = make_series(group=open_group, title="Planning call", weeks=1)
    Rsvp.objects.create(call=open_call, user=people["outsider"], answer=Rsvp.Answer.GOING)
    token = calendar_token_rotate(user=people["outsider"])
    return {
        "kwargs": {
            "working_groups:call_ics": {"slug": closed.slug, "call_id": calls[0].pk},
            "working_groups:series_ics": {"slug": closed.slug, "series_id": series.pk},
            "calendar_feed": {"token": token},
        },
    }


def _manifesto(people) -> dict:
    """Versions 1 and 2, a thread on version 2 with a reply and a hidden thread, the member's
    endorsement of version 2, and staff's draft of version 3."""
    staff, member, author = people["staff"], people["member"], people["author"]
    founders_version()
    v2 = publish(by=staff, changes={"people": "Product Ops grows product professionals."})
    thread = pillar_services.comment_create(
        version=v2, section_key="process", author=member, body=THREAD_BODY, notify=False
    )
    reply = pillar_services.comment_create(
        version=v2,
        section_key="process",
        author=author,
        body=THREAD_REPLY,
        parent=thread,
        notify=False,
    )
    hidden = pillar_services.comment_create(
        version=v2, section_key="process", author=author, body=HIDDEN_COMMENT, notify=False
    )
    pillar_services.comment_hide(comment=hidden, hidden_by=staff)
    pillar_services.endorsement_create(version=v2, member=member)
    draft = pillar_services.draft_start(started_by=staff)
    process = draft.sections.get(key="process")
    pillar_services.section_save(
        draft=draft,
        key="process",
        title=process.title,
        statement=process.statement,
        body=DRAFT_BODY,
        edited_by=staff,
    )
    key, title, statement, body = DRAFT_SECTION
    pillar_services.section_add(
        draft=draft, key=key, title=title, statement=statement, body=body, edited_by=staff
    )
    thread_kwargs = {"comment_id": thread.pk}
    version_kwargs = {"number": v2.number}
    return {
        "ids": {
            "thread": thread.pk,
            "thread_reply": reply.pk,
            "hidden_comment": hidden.pk,
            "v2": v2.pk,
            "draft": draft.pk,
        },
        "kwargs": {
            "pillars:version": version_kwargs,
            "pillars:compare": {"a": 1, "b": v2.number},
            "pillars:endorse": version_kwargs,
            "pillars:endorsement_withdraw": version_kwargs,
            "pillars:endorsers": version_kwargs,
            "pillars:section": {"number": v2.number, "key": "process"},
            **{
                f"pillars:comment_{action}": thread_kwargs
                for action in ("reply", "edit", "delete", "hide", "resolve")
            },
            "pillars:draft_section": {"key": "process"},
            "pillars:draft_section_remove": {"key": key},
        },
    }


def _library_item(author, title, *, kind="article", **fields):
    if kind == "article":
        fields.setdefault("body", "A standard roadmap template, one page per quarter.")
    else:
        fields.setdefault("url", "https://example.com/essays/tooling")
        fields.setdefault("curator_note", "Why tools are retired as deliberately as adopted.")
    fields.setdefault("summary", "What one team learned.")
    fields.setdefault("pillars", ["process"])
    fields.setdefault("tags", [])
    return library_writing.item_create(kind=kind, created_by=author, title=title, **fields)


def _library(people) -> dict:
    """A published article with a co-author, a draft with an invitation waiting, an item in
    review with a preview link, and a withdrawn item."""
    staff, member, author = people["staff"], people["member"], people["author"]
    article = _library_item(member, ARTICLE_TITLE, tags=[ARTICLE_TAG])
    credit = library_writing.credit_invite(item=article, member=author, invited_by=member)
    library_writing.credit_accept(credit=credit, user=author)
    library_writing.item_submit(item=article, user=member)
    article = library_reviewing.item_publish(item=article, reviewer=staff)

    draft = _library_item(
        member, LIBRARY_DRAFT_TITLE, summary=LIBRARY_DRAFT_SUMMARY, body=LIBRARY_DRAFT_BODY
    )
    invitation = library_writing.credit_invite(
        item=draft, member=people["lead_of_other_group"], invited_by=member
    )

    in_review = _library_item(author, IN_REVIEW_TITLE, summary=IN_REVIEW_SUMMARY)
    in_review = library_writing.item_submit(item=in_review, user=author)
    token = library_writing.preview_link_create(item=in_review, user=author)

    withdrawn = _library_item(author, WITHDRAWN_TITLE, kind="link", summary=WITHDRAWN_SUMMARY)
    library_writing.item_submit(item=withdrawn, user=author)
    withdrawn = library_reviewing.item_publish(item=withdrawn, reviewer=staff)
    library_reviewing.item_withdraw(item=withdrawn, user=staff, note="The essay moved away.")

    # A published curated link by the member: its curator (and staff) fix its address.
    link = _library_item(member, "Metric definitions as code", kind="link")
    library_writing.item_submit(item=link, user=member)
    link = library_reviewing.item_publish(item=link, reviewer=staff)

    draft_kwargs = {"item_id": draft.pk}
    invitation_kwargs = {"credit_id": invitation.pk}
    return {
        "ids": {
            "article": article.pk,
            "library_draft": draft.pk,
            "invitation": invitation.pk,
            "in_review": in_review.pk,
            "withdrawn": withdrawn.pk,
            "link": link.pk,
        },
        "kwargs": {
            "library:pillar_feed_rss": {"pillar": "process"},
            "library:pillar_feed_atom": {"pillar": "process"},
            "library:tag_feed_rss": {"tag": article.tags.get().slug},
            "library:tag_feed_atom": {"tag": article.tags.get().slug},
            "library:shared_preview": {"token": token},
            **{
                f"library:{name}": draft_kwargs
                for name in ("edit", "preview", "submit", "delete", "preview_link", "credit_add")
            },
            "library:credit_remove": draft_kwargs | invitation_kwargs,
            "library:credit_accept": invitation_kwargs,
            "library:credit_decline": invitation_kwargs,
            "library:review": {"item_id": in_review.pk},
            "library:decide": {"item_id": in_review.pk},
            "library:withdraw": {"item_id": article.pk},
            "library:feature": {"item_id": article.pk},
            "library:link_fix": {"item_id": link.pk},
            "library:item": {"slug": article.slug},
        },
        "slugs": {"article": article.slug, "withdrawn": withdrawn.slug},
    }


def _signed_in(people) -> dict[str, str]:
    """A session for each person, made once: signing in for every test costs more than the
    request it makes."""
    sessions = {}
    for who, user in people.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            sessions[who] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


@contextmanager
def kept_for_the_module(django_db_blocker):
    """Rows made inside stay for a whole test module and are rolled back after it: a
    module-scoped fixture builds the world once instead of once a test. Tests in such a module
    must not be transactional (`django_db(transaction=True)` would flush the world)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


def _patterns(resolvers, prefix="", namespace=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern), full)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + str(entry.pattern), entry


def all_patterns() -> list[tuple[str | None, str, URLPattern]]:
    """Every URL pattern: (namespaced name or None, route, the pattern)."""
    return list(_patterns(get_resolver().url_patterns))


def site_patterns() -> list[tuple[str | None, str]]:
    """(name, route) of every pattern outside the admin."""
    return [(name, route) for name, route, _ in all_patterns() if not route.startswith("admin/")]


def closed_words_in(text: str, typed: str = "") -> list[str]:
    """The closed group's words in `text`, but those `typed` (a search form shows them back)."""
    return words_in(CLOSED_WORDS, text, typed)


def words_in(words, text: str, typed: str = "") -> list[str]:
    """Those of `words` in `text`, but those `typed` (a search form shows them back)."""
    return [word for word in words if word in text.lower() and word not in typed.lower()]


def secrets_for(who, text: str, typed: str = "") -> dict[str, list[str]]:
    """{what: its words} of the SECRETS in `text` that `who` may not read."""
    found = {
        what: words_in(words, text, typed)
        for what, (words, readers) in SECRETS.items()
        if who not in readers
    }
    return {what: words for what, words in found.items() if words}


def url_of(name, route, kwargs):
    """The URL of a pattern, with the world's arguments for it."""
    if name:
        return reverse(name, kwargs=kwargs.get(name))
    return "/" + route


def person(world, who):
    """One of the world's people as the database has them now: a service may change the object
    it is given, and the world's objects outlive the test."""
    return User.objects.get(pk=world["people"][who].pk)


def login_as(client, world, who):
    """The client, signed in as one of the world's people (`who`: a role or an owner)."""
    if who in world["sessions"]:
        client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][who]
    return client


def assert_answer(response, expected, what):
    """`expected`: a status code, or LOGIN for a redirect to the login page."""
    if expected == LOGIN:
        assert response.status_code == 302, f"{what}: {response.status_code}"
        assert response.url.startswith(reverse("account_login")), f"{what}: {response.url}"
    else:
        assert response.status_code == expected, f"{what}: {response.status_code}"


# --- What changed -----------------------------------------------------------------------------

# Rows that change whoever asks, and say nothing about what a request was allowed to do.
_NOT_STATE = {"django_session", "django_content_type", "auth_permission"}


def database_state() -> dict[str, str]:
    """A fingerprint of every table (sessions aside), to compare before and after a request:
    one query, each table's rows hashed as text."""
    tables = sorted(
        {model._meta.db_table for model in apps.get_models(include_auto_created=True)} - _NOT_STATE
    )
    quote = connection.ops.quote_name
    # The table names are the models' own, quoted: nothing here comes from a request.
    sql = " UNION ALL ".join(
        f"SELECT %s, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608
        f"FROM {quote(table)} t"
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, tables)
        return dict(cursor.fetchall())


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


@contextmanager
def writes_captured():
    """The INSERT, UPDATE and DELETE statements run inside (sessions aside), as a list filled
    in when the block ends."""
    writes = []
    with CaptureQueriesContext(connection) as queries:
        yield writes
    writes.extend(
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and '"django_session"' not in query["sql"]
    )


def during_last_week() -> datetime:
    """A moment inside the period the next digest covers: an hour ago."""
    return timezone.now() - timedelta(hours=1)


def digest_morning(zone: str = "Europe/London") -> datetime:
    """The latest Monday, 07:05 in `zone` (where the world's people live): when the digests of
    all of them are due, weekly or daily."""
    local = timezone.now().astimezone(ZoneInfo(zone))
    monday = (local - timedelta(days=local.weekday())).replace(
        hour=7, minute=5, second=0, microsecond=0
    )
    return monday - timedelta(days=7) if monday > local else monday
