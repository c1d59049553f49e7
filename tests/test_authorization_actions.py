"""Every view that acts on a POST, posted to by every role and by the people who own what it
acts on: those who may see it done, the others are refused (403, 404 or the login page), and a
refusal changes nothing: no row in the database, no task queued, no email.

The roles and the world are tests/authorization_world.py's. A view cannot ship without its
cases: every POST-only view, and every view of the hub's own apps that takes a POST, is here,
or (a page that only reads) in READ_ONLY_ON_POST, where a POST is checked to write nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core import mail
from django.urls import reverse

from library.models import Credit, Item
from members.models import Application, EmailKind, EmailPreferences, Profile, User
from notifications.models import Notification
from pillars.models import Endorsement, ManifestoComment, ManifestoVersion
from surveys.models import Response, ResultsDelivery, ResultSnapshot, SurveyWave
from tests.authorization_world import (
    CLOSED_BODY,
    DRAFT_SECTION,
    LOGIN,
    OWNERS,
    ROLES,
    all_patterns,
    assert_answer,
    build_world,
    changed_tables,
    database_state,
    kept_for_the_module,
    login_as,
    person,
    writes_captured,
)
from tests.factories import PASSWORD
from tests.test_authorization import EXPECTATIONS
from working_groups.models import (
    GroupMembership,
    Post,
    PostRevision,
    PostWatch,
    Reaction,
    Reply,
    Report,
    WorkingGroup,
)

pytestmark = pytest.mark.django_db

PEOPLE = ROLES + OWNERS
# Views that come from elsewhere, whose POSTs are not cases here: allauth's (accounts,
# two-factor, social logins) act on the signed-in person's own account only and are tested by
# allauth; Django's own (a RedirectView) write nothing. Every other view is the hub's.
NOT_OURS = {"allauth", "django"}
# Answers that refuse outright: such a request does not even try to write.
REFUSALS = {LOGIN, 403, 404, 405}


@dataclass(frozen=True)
class Done:
    """The POST is allowed to this person: it answers `status` and takes effect."""

    status: int = 302


DONE = Done()


def answers(others, **given):
    """Every person's answer: a visitor meets the login page, an applicant a 403, the other
    people `others`, unless given. A status code (or LOGIN) means refused, nothing changed."""
    unknown = set(given) - set(PEOPLE)
    assert not unknown, f"not people of the world: {unknown}"
    return {"visitor": LOGIN, "applicant": 403} | dict.fromkeys(PEOPLE[2:], others) | given


@dataclass(frozen=True)
class Case:
    url: str  # the URL pattern's name
    data: dict | Callable  # or, when it names the world's people, world -> dict
    answers: dict
    # After a POST by someone allowed: did it take effect? (world, who, client) -> bool
    done: Callable | None = None
    # The URL's arguments, from the world, when not the walk's (tests/authorization_world.py).
    kwargs: Callable | None = None
    label: str = ""

    @property
    def id(self):
        return f"{self.url}[{self.label}]" if self.label else self.url


# --- What "done" means --------------------------------------------------------------------------


def _id(w, name):
    return w["ids"][name]


def _post(w):
    return Post.objects.get(pk=_id(w, "post"))


def _reply(w):
    return Reply.objects.get(pk=_id(w, "reply"))


def _request(w):
    return GroupMembership.objects.filter(pk=_id(w, "request")).first()


def _only_emailed(*addresses):
    return sorted(address for message in mail.outbox for address in message.to) == sorted(addresses)


def _application_is(status):
    def done(w, who, client):
        application = Application.objects.get(pk=_id(w, "application"))
        return application.status == status and _only_emailed(person(w, "applicant").email)

    return done


def _own_profile_saved_and_role_unchanged(w, who, client):
    user = person(w, who)
    profile = Profile.objects.get(user=user)
    was_member = who not in ("applicant", "staff")  # staff have no profile until they save one
    author = Profile.objects.get(user=person(w, "author"))
    return (
        profile.job_title == MISCHIEF
        and (profile.member_since is not None) == was_member
        and user.is_staff == (who == "staff")
        and user.is_superuser == (who == "staff")
        and (who == "author" or author.job_title != MISCHIEF)
    )


def _own_preferences_only(w, who, client):
    mine = EmailPreferences.objects.get(user=person(w, who))
    others = EmailPreferences.objects.exclude(user=person(w, who))
    return set(mine.turned_off) == set(EmailKind.values) - {EmailKind.MENTIONS} and (
        not others.exists()
    )


def _own_account_deleted_only(w, who, client):
    deleted = User.objects.exclude(deleted_at=None)
    return list(deleted.values_list("pk", flat=True)) == [person(w, who).pk]


def _author_unsubscribed_from_the_digest(w, who, client):
    preferences = EmailPreferences.objects.get(user=person(w, "author"))
    return preferences.turned_off == [EmailKind.DIGEST]


def _author_off_the_closed_groups_emails(w, who, client):
    memberships = GroupMembership.objects.filter(user=person(w, "author"), emails_off=True)
    return list(memberships.values_list("group__join_policy", flat=True)) == ["request"]


def _own_notifications_read(kind=""):
    """The person's own unread notifications (of `kind`, when given) are read; nobody else's,
    and none of their own of another kind. (The member and the author have some in the world.)"""

    def done(w, who, client):
        mine = Notification.objects.filter(user=person(w, who))
        others = Notification.objects.exclude(user=person(w, who))
        of_kind = mine.filter(kind=kind) if kind else mine
        other_kinds = mine.exclude(kind=kind) if kind else mine.none()
        return (
            not of_kind.filter(read_at=None).exists()
            and not other_kinds.filter(read_at__isnull=False).exists()
            and not others.filter(read_at__isnull=False).exists()
            and others.filter(read_at=None).exists()
        )

    return done


def _someones_response_deleted(w, who, client):
    return not Response.objects.filter(pk=_id(w, "someones_response")).exists()


def _wave_closed(w, who, client):
    return SurveyWave.objects.get(pk=_id(w, "wave")).status == SurveyWave.Status.CLOSED


def _new_snapshot(w, who, client):
    return ResultSnapshot.objects.filter(wave_id=_id(w, "wave")).count() == 2


def _respondent_has_a_delivery(w, who, client):
    return ResultsDelivery.objects.filter(
        snapshot_id=_id(w, "snapshot"), response_id=_id(w, "respondent")
    ).exists()


def _failed_delivery_sent_again(w, who, client):
    delivery = ResultsDelivery.objects.get(response_id=_id(w, "failed_respondent"))
    return delivery.status != ResultsDelivery.Status.FAILED


def _cannot_answer_someones_response(w, client):
    """The browser that posted has not been given someone else's response."""
    someone = Response.objects.get(pk=_id(w, "someones_response"))
    page = client.get(reverse("surveys:page", args=[someone.wave.slug, 1]))
    return (
        someone.user_id is None
        and not someone.answers.exists()
        and page.status_code == 302
        and page.url == reverse("surveys:start", args=[someone.wave.slug])
    )


def _started_only_their_own_response(w, who, client):
    if who == "visitor":
        # Someone already started with that address: the link to continue goes to it, and
        # this browser gets nothing.
        return _only_emailed("someone@example.com") and _cannot_answer_someones_response(w, client)
    user = person(w, who)
    someone = Response.objects.get(pk=_id(w, "someones_response"))
    own = Response.objects.filter(wave_id=_id(w, "wave"), user=user, email=user.email)
    return own.exists() and someone.user_id is None and not someone.answers.exists()


def _link_opens_the_response_it_was_sent_for(w, who, client):
    someone = Response.objects.get(pk=_id(w, "someones_response"))
    return client.get(reverse("surveys:page", args=[someone.wave.slug, 1])).status_code == 200


def _tampered_resume_link(w):
    token = w["kwargs"]["surveys:resume"]["token"]
    return {"slug": w["kwargs"]["surveys:resume"]["slug"], "token": _tampered(token)}


def _link_sent_to_the_address_only(w, who, client):
    return _only_emailed("someone@example.com") and _cannot_answer_someones_response(w, client)


def _asked_to_join_and_no_more(w, who, client):
    membership = GroupMembership.objects.get(group_id=_id(w, "closed_group"), user=person(w, who))
    return membership.state == GroupMembership.State.REQUESTED


def _left_and_nobody_else(w, who, client):
    group_id = _id(w, "closed_group")
    remaining = set(
        GroupMembership.objects.filter(group_id=group_id).values_list("user_id", flat=True)
    )
    in_it = ("lead", "author", "member", "lead_of_other_group", "left_directory", "requester")
    before = {w["people"][name].pk for name in in_it}
    return remaining == before - {w["people"][who].pk}


def _request_approved(w, who, client):
    request = _request(w)
    return request is not None and request.is_active


def _request_declined(w, who, client):
    return _request(w) is None


def _report_dismissed(w, who, client):
    return Report.objects.get(pk=_id(w, "report")).resolution == "dismissed"


def _post_is(attribute):
    def done(w, who, client):
        return bool(getattr(_post(w), attribute))

    return done


def _reply_hidden(w, who, client):
    return _reply(w).is_hidden


def _hidden_post_restored(w, who, client):
    return not Post.objects.get(pk=_id(w, "hidden_post")).is_hidden


def _reacted(target):
    """`target`: the world's id of a post ("post", "open_post") or of the reply ("reply")."""
    field = "reply" if target == "reply" else "post"

    def done(w, who, client):
        return Reaction.objects.filter(
            user=person(w, who), kind="agree", **{field: _id(w, target)}
        ).exists()

    return done


def _replied_in_the_open_group(w, who, client):
    return Reply.objects.filter(
        post_id=_id(w, "open_post"), author=person(w, who), body_markdown=SAID
    ).exists()


def _replied_and_the_author_told(w, who, client):
    written = Reply.objects.filter(
        post_id=_id(w, "post"), author=person(w, who), body_markdown=SAID
    )
    author = person(w, "author")
    told = [] if who == "author" else [author.email]
    return written.exists() and _only_emailed(*told)


def _reply_deleted(w, who, client):
    return _reply(w).deleted_at is not None


def _posted(w, who, client):
    return Post.objects.filter(
        group_id=_id(w, "closed_group"), author=person(w, who), body_markdown=SAID
    ).exists()


def _post_rewritten(w, who, client):
    post = _post(w)
    kept = PostRevision.objects.filter(post=post, body_markdown=CLOSED_BODY).exists()
    return post.body_markdown == SAID and kept


def _post_deleted(w, who, client):
    return _post(w).deleted_at is not None


def _follows_the_closed_group_closely_alone(w, who, client):
    memberships = GroupMembership.objects.filter(group_id=_id(w, "closed_group"))
    watching = memberships.filter(watch_level="watching", emails_off=True)
    return list(watching.values_list("user_id", flat=True)) == [w["people"][who].pk]


def _muted_the_thread(w, who, client):
    return PostWatch.objects.filter(post_id=_id(w, "post"), user=person(w, who), level="muted")


def _has_a_calendar_feed(w, who, client):
    from working_groups.models import CalendarToken

    return CalendarToken.objects.filter(user=person(w, who)).exists()


def _has_no_calendar_feed(w, who, client):
    return not _has_a_calendar_feed(w, who, client)


def _the_call(w):
    from working_groups.models import Call

    return Call.objects.get(pk=w["kwargs"]["working_groups:call"]["call_id"])


def _call_form(w, **fields):
    """The scheduling form, filled in: the world's call's own time, titled SAID."""
    from zoneinfo import ZoneInfo

    call = _the_call(w)
    local = call.starts_at.astimezone(ZoneInfo(call.time_zone))
    return {
        "title": SAID, "date": local.date().isoformat(), "time": f"{local:%H:%M}",
        "time_zone": call.time_zone, "duration_minutes": "60", "reminders": ["60"],
        "join_url": "", "capacity": "", "repeat": "", "scope": "this", **fields,
    }  # fmt: skip


def _call_scheduled(w, who, client):
    from working_groups.models import Call

    return Call.objects.filter(group_id=_id(w, "closed_group"), title=SAID).count() == 1


def _call_renamed(w, who, client):
    call = _the_call(w)
    return call.title == SAID and call.sequence == 1


def _call_cancelled(w, who, client):
    return _the_call(w).is_cancelled


def _notes_call(w):
    from working_groups.models import Call

    return Call.objects.get(pk=w["kwargs"]["working_groups:call_notes"]["call_id"])


def _notes_drafted(w, who, client):
    return _notes_call(w).notes_markdown == SAID


def _member_takes_the_notes(w, who, client):
    return _notes_call(w).note_taker_id == w["people"]["member"].pk


def _action_closed(w, who, client):
    return not _notes_call(w).action_items.filter(closed_at=None).exists()


def _answered_going(w, who, client):
    from working_groups.models import Rsvp

    return Rsvp.objects.filter(call=_the_call(w), user=person(w, who), answer="going").exists()


def _outsider_answered_maybe(w, who, client):
    from working_groups.models import Rsvp

    call_id = w["kwargs"]["working_groups:call_rsvp_link"]["call_id"]
    answers = Rsvp.objects.filter(call_id=call_id).values_list("user", "answer")
    return list(answers) == [(person(w, "outsider").pk, "maybe")]


def _new_members_watch_the_closed_group(w, who, client):
    return WorkingGroup.objects.get(pk=_id(w, "closed_group")).default_watch_level == "watching"


def _reported(target):
    def done(w, who, client):
        return Report.objects.filter(
            reporter=person(w, who), reason=SAID, **{target: _id(w, target)}
        ).exists()

    return done


# --- What "done" means: the manifesto ----------------------------------------------------------


def _comment(w, name="thread"):
    return ManifestoComment.objects.get(pk=_id(w, name))


def _commented(w, who, client):
    return ManifestoComment.objects.filter(
        version_id=_id(w, "v2"), section_key="process", author=person(w, who), body_markdown=SAID
    ).exists()


def _replied_and_the_threads_author_told(w, who, client):
    written = ManifestoComment.objects.filter(
        parent_id=_id(w, "thread"), author=person(w, who), body_markdown=SAID
    )
    told = [] if who == "member" else [person(w, "member").email]
    return written.exists() and _only_emailed(*told)


def _thread_rewritten(w, who, client):
    thread = _comment(w)
    return thread.body_markdown == SAID and thread.revisions.exists()


def _thread_deleted(w, who, client):
    return _comment(w).deleted_at is not None


def _thread_hidden(w, who, client):
    return _comment(w).is_hidden


def _hidden_comment_shown_again(w, who, client):
    return not _comment(w, "hidden_comment").is_hidden


def _thread_resolved(w, who, client):
    return _comment(w).is_resolved


def _endorsed(w, who, client):
    return Endorsement.objects.filter(version_id=_id(w, "v2"), member=person(w, who)).exists()


def _members_endorsement_withdrawn(w, who, client):
    return not Endorsement.objects.filter(version_id=_id(w, "v2")).exists()


def _draft_section(w, key):
    return ManifestoVersion.objects.get(pk=_id(w, "draft")).sections.filter(key=key).first()


def _draft_section_saved(w, who, client):
    return _draft_section(w, "process").body_markdown == SAID


def _draft_section_added(w, who, client):
    added = _draft_section(w, "closing-words")
    return added is not None and added.body_markdown == SAID


def _draft_section_removed(w, who, client):
    return _draft_section(w, DRAFT_SECTION[0]) is None


def _draft_published_as_v3(w, who, client):
    version = ManifestoVersion.objects.get(pk=_id(w, "draft"))
    return version.is_published and version.number == 3


def _draft_discarded(w, who, client):
    return not ManifestoVersion.objects.filter(status=ManifestoVersion.Status.DRAFT).exists()


# --- What "done" means: the library -----------------------------------------------------------


def _item(w, name):
    return Item.objects.filter(pk=_id(w, name)).first()


def _wrote(kind):
    def done(w, who, client):
        return Item.objects.filter(
            kind=kind, created_by=person(w, who), title=NEW_TITLE, status=Item.Status.DRAFT
        ).exists()

    return done


def _draft_rewritten(w, who, client):
    return _item(w, "library_draft").body_markdown == SAID


def _draft_submitted(w, who, client):
    return _item(w, "library_draft").status == Item.Status.IN_REVIEW


def _draft_deleted(w, who, client):
    return _item(w, "library_draft") is None


def _draft_shared(w, who, client):
    return bool(_item(w, "library_draft").preview_token)


def _outsider_invited(w, who, client):
    return Credit.objects.filter(
        item_id=_id(w, "library_draft"), member=person(w, "outsider"), accepted_at=None
    ).exists()


def _invitation(w):
    return Credit.objects.filter(pk=_id(w, "invitation")).first()


def _invitation_taken_back(w, who, client):
    return _invitation(w) is None


def _invitation_accepted(w, who, client):
    return _invitation(w).accepted_at is not None


def _invitation_declined(w, who, client):
    return _invitation(w).declined_at is not None


def _in_review_published(w, who, client):
    return _item(w, "in_review").status == Item.Status.PUBLISHED


def _article_withdrawn(w, who, client):
    article = _item(w, "article")
    return article.status == Item.Status.WITHDRAWN and article.withdrawn_note == SAID


def _link_moved(w, who, client):
    link = _item(w, "link")
    return link.url == "https://example.org/essays/moved" and link.domain == "example.org"


def _article_featured(w, who, client):
    return _item(w, "article").featured_order == 1


# --- The cases ----------------------------------------------------------------------------------

MISCHIEF = "Head of Mischief"
SAID = "Written by whoever posted this."
PROFILE_FORM = {
    "name": "Renamed Person",
    "job_title": MISCHIEF,
    "company": "Northwind Labs",
    "company_type": "startup",
    "org_size": "1-9",
    "pillars": ["process"],
    "time_zone": "UTC",
    "show_in_directory": "on",
    # Fields the form does not have: a membership, or staff rights, cannot be posted in.
    "member_since": "2020-01-01T00:00:00Z",
    "is_staff": "on",
    "is_superuser": "on",
}


def _tampered(token):
    return token[:-4] + ("BBBB" if token.endswith("AAAA") else "AAAA")


def _tampered_unsubscribe(w):
    return {"token": _tampered(w["kwargs"]["members:unsubscribe"]["token"])}


def _tampered_group_unsubscribe(w):
    return {"token": _tampered(w["kwargs"]["notifications:unsubscribe"]["token"])}


def _request_through_the_open_group(w):
    """The closed group's request, reached through the open group's address, which the lead of
    the other group moderates: the request is not in it."""
    return {"slug": "process", "membership_id": _id(w, "request")}


def _the_hidden_post(w):
    return {"post_id": _id(w, "hidden_post")}


def _the_open_post(w):
    return {"post_id": _id(w, "open_post")}


def _the_hidden_comment(w):
    return {"comment_id": _id(w, "hidden_comment")}


def _the_threads_reply(w):
    return {"comment_id": _id(w, "thread_reply")}


def _the_library_draft(w):
    return {"item_id": _id(w, "library_draft")}


def _outsider_as_coauthor(w):
    return {"email": person(w, "outsider").email}


NEW_TITLE = "Written by whoever posted this"
ITEM_FORM = {"title": NEW_TITLE, "summary": "A summary.", "pillars": ["process"], "tags": ""}
ARTICLE_FORM = ITEM_FORM | {"body": SAID}
LINK_FORM = ITEM_FORM | {
    "url": "https://example.com/essays/new",
    "original_author": "",
    "curator_note": SAID,
    "quote": "",
}
# The member's draft: 404 to all but those it credits (the lead of the other group is invited
# and has not answered: they read it, and may do no more) and staff.
ON_THE_DRAFT = {"applicant": 404, "lead_of_other_group": 403}


# Those who are not active in the closed group cannot see what is in it: 404.
CANNOT_READ = {"outsider": 404, "requester": 404}
MODERATORS = {"staff": DONE, "lead": DONE}

POST_CASES = [
    # --- Members
    Case(
        "members:application_decide",
        {"decision": "approve", "message": ""},
        answers(403, **{"staff": DONE}),  # the applicant may not decide their own either
        _application_is(Application.Status.APPROVED),
        label="approve",
    ),
    Case(
        "members:application_decide",
        {"decision": "decline", "message": "No."},
        answers(403, **{"staff": DONE}),
        _application_is(Application.Status.DECLINED),
        label="decline",
    ),
    Case(
        "members:profile_edit",
        PROFILE_FORM,
        answers(DONE, applicant=DONE),
        _own_profile_saved_and_role_unchanged,
    ),
    # Nobody in the world may apply: the applicant's application waits, the others are members.
    Case(
        "members:apply",
        PROFILE_FORM | {"motivation": "Let me in."},
        answers(302, applicant=200),
    ),
    Case(
        "members:email_preferences",
        {"enabled": [EmailKind.MENTIONS]},
        answers(DONE, applicant=DONE),
        _own_preferences_only,
    ),
    Case(
        "members:account_delete",
        {"confirmation": PASSWORD},
        answers(DONE, applicant=DONE),
        _own_account_deleted_only,
    ),
    Case(
        "members:account_delete",
        {"confirmation": "not the password"},
        answers(200, applicant=200),
        label="wrong password",
    ),
    # The signed link is what authorizes an unsubscribe, whoever holds it (a mail client).
    Case(
        "members:unsubscribe",
        {},
        dict.fromkeys(PEOPLE, Done(200)),
        _author_unsubscribed_from_the_digest,
    ),
    Case(
        "members:unsubscribe",
        {},
        dict.fromkeys(PEOPLE, 404),
        kwargs=_tampered_unsubscribe,
        label="tampered link",
    ),
    Case(
        "notifications:unsubscribe",
        {},
        dict.fromkeys(PEOPLE, Done(200)),
        _author_off_the_closed_groups_emails,
    ),
    Case(
        "notifications:unsubscribe",
        {},
        dict.fromkeys(PEOPLE, 404),
        kwargs=_tampered_group_unsubscribe,
        label="tampered link",
    ),
    # Marking notifications read: each signed-in person their own, of every kind or one.
    Case(
        "notifications:read_all",
        {},
        answers(DONE, applicant=DONE),
        _own_notifications_read(),
    ),
    Case(
        "notifications:read_all",
        {"kind": "mention"},
        answers(DONE, applicant=DONE),
        _own_notifications_read("mention"),
        label="mentions",
    ),
    # --- The survey: staff's actions
    Case(
        "surveys:response_delete",
        {},
        answers(403, staff=DONE),
        _someones_response_deleted,
    ),
    Case("surveys:close", {}, answers(403, staff=DONE), _wave_closed),
    Case("surveys:results_compute", {}, answers(403, staff=DONE), _new_snapshot),
    Case("surveys:results_send", {}, answers(403, staff=DONE), _respondent_has_a_delivery),
    Case("surveys:results_retry", {}, answers(403, staff=DONE), _failed_delivery_sent_again),
    Case(
        "surveys:results_resend",
        {"emails": "respondent@example.com"},
        answers(403, staff=DONE),
        _respondent_has_a_delivery,
    ),
    # --- The survey: answering. A response is found from the browser's session or the
    # signed-in account, never from what is posted: nobody here has one, so nobody writes into
    # someone else's.
    Case("surveys:page", {"go": "next"}, dict.fromkeys(PEOPLE, 302)),
    Case("surveys:review", {}, dict.fromkeys(PEOPLE, 302)),
    Case(
        "surveys:start",
        {"email": "someone@example.com"},
        dict.fromkeys(PEOPLE, DONE) | {"visitor": Done(200)},
        _started_only_their_own_response,
    ),
    # A link to continue is the proof that its holder answers that response, in any browser.
    Case(
        "surveys:resume",
        {},
        dict.fromkeys(PEOPLE, DONE),
        _link_opens_the_response_it_was_sent_for,
    ),
    Case(
        "surveys:resume",
        {},
        dict.fromkeys(PEOPLE, 404),
        kwargs=_tampered_resume_link,
        label="tampered link",
    ),
    Case(
        "surveys:fresh_link",
        {"email": "someone@example.com"},
        dict.fromkeys(PEOPLE, Done(200)),
        _link_sent_to_the_address_only,
    ),
    # --- Working groups: joining the closed group is asking to; those already in (or asking)
    # change nothing.
    Case(
        "working_groups:join",
        {},
        answers(302, outsider=DONE, staff=DONE),
        _asked_to_join_and_no_more,
    ),
    Case(
        "working_groups:leave",
        {},
        answers(DONE, outsider=302, staff=302),
        _left_and_nobody_else,
    ),
    # Moderation: the closed group's lead and staff only; a lead of another group is a plain
    # member here, the requester may not let themselves in, the author may not moderate their
    # own post, the member may not dismiss the report they made.
    Case(
        "working_groups:request_decide",
        {"decision": "approve"},
        answers(403, **MODERATORS),
        _request_approved,
        label="approve",
    ),
    Case(
        "working_groups:request_decide",
        {"decision": "decline"},
        answers(403, **MODERATORS),
        _request_declined,
        label="decline",
    ),
    Case(
        "working_groups:request_decide",
        {"decision": "approve"},
        answers(403, lead_of_other_group=404, staff=404),
        kwargs=_request_through_the_open_group,
        label="through another group",
    ),
    Case(
        "working_groups:report_dismiss",
        {},
        answers(403, **MODERATORS),
        _report_dismissed,
    ),
    *(
        Case(
            "working_groups:post_moderate",
            {"action": action},
            answers(403, **CANNOT_READ, **MODERATORS),
            _post_is(attribute),
            label=action,
        )
        for action, attribute in (
            ("hide", "hidden_at"),
            ("pin", "is_pinned"),
            ("lock", "is_locked"),
        )
    ),
    Case(
        "working_groups:reply_moderate",
        {"action": "hide"},
        answers(403, **CANNOT_READ, **MODERATORS),
        _reply_hidden,
    ),
    # Writing: the closed group's active members (staff read it without being one).
    Case(
        "working_groups:post_create",
        {"body": SAID},
        answers(DONE, staff=403, outsider=403, requester=403),
        _posted,
    ),
    Case(
        "working_groups:reply_create",
        {"body": SAID},
        answers(DONE, staff=403, **CANNOT_READ),
        _replied_and_the_author_told,
    ),
    Case(
        "working_groups:post_react",
        {"kind": "agree"},
        answers(DONE, staff=403, **CANNOT_READ),
        _reacted("post"),
    ),
    Case(
        "working_groups:reply_react",
        {"kind": "agree"},
        answers(DONE, staff=403, **CANNOT_READ),
        _reacted("reply"),
    ),
    Case(
        "working_groups:post_report",
        {"reason": SAID},
        answers(DONE, author=403, **CANNOT_READ),  # nobody reports their own words
        _reported("post"),
    ),
    Case(
        "working_groups:reply_report",
        {"reason": SAID},
        answers(DONE, author=403, **CANNOT_READ),
        _reported("reply"),
    ),
    # How one follows the closed group and its thread is for its active members, each their
    # own; how its new members start, for its moderators.
    Case(
        "working_groups:group_notifications",
        {"level": "watching"},
        answers(DONE, staff=403, outsider=403, requester=403),
        _follows_the_closed_group_closely_alone,
    ),
    Case(
        "working_groups:post_watch",
        {"level": "muted"},
        answers(DONE, staff=403, **CANNOT_READ),
        _muted_the_thread,
    ),
    Case(
        "working_groups:default_watch_level",
        {"level": "watching"},
        answers(403, **MODERATORS),
        _new_members_watch_the_closed_group,
    ),
    # A personal calendar feed is each member's own: its address made (shown on the answer)
    # or turned off.
    Case("working_groups:calendar_rotate", {}, answers(Done(200)), _has_a_calendar_feed),
    Case("working_groups:calendar_revoke", {}, answers(DONE), _has_no_calendar_feed),
    # A group's calls: its leads and staff schedule, edit and cancel them; its members may
    # not, and the outsider may not learn they exist.
    Case(
        "working_groups:call_new",
        _call_form,
        answers(403, **MODERATORS),
        _call_scheduled,
    ),
    Case(
        "working_groups:call_edit",
        _call_form,
        answers(403, **CANNOT_READ, **MODERATORS),
        _call_renamed,
    ),
    Case(
        "working_groups:call_cancel",
        {"scope": "this"},
        answers(403, **CANNOT_READ, **MODERATORS),
        _call_cancelled,
    ),
    # A call's notes: its group's leads and staff write them and name the note-taker (a member
    # may not, an outsider may not learn the call exists); an action item is closed by them
    # and by its owner (the author).
    Case(
        "working_groups:call_notes",
        {"action": "save", "notes": SAID, "actions-TOTAL_FORMS": "0", "actions-INITIAL_FORMS": "0"},
        answers(403, **CANNOT_READ, **MODERATORS),
        _notes_drafted,
    ),
    Case(
        "working_groups:call_note_taker",
        lambda w: {"note_taker": w["people"]["member"].pk},
        answers(403, **CANNOT_READ, **MODERATORS),
        _member_takes_the_notes,
    ),
    Case(
        "working_groups:call_action_close",
        {},
        answers(403, **CANNOT_READ, **MODERATORS, author=DONE),
        _action_closed,
    ),
    # Answering a call: the group's active members only (staff who read it are not one);
    # an email's one-click link answers for its member alone, signed in or not.
    Case(
        "working_groups:call_rsvp",
        {"answer": "going"},
        answers(DONE, staff=403, **CANNOT_READ),
        _answered_going,
    ),
    Case(
        "working_groups:call_rsvp_link",
        {},
        answers(403, visitor=Done(200), outsider=Done(200)),
        _outsider_answered_maybe,
    ),
    # A hidden post is out of every member's reach but its moderators', and takes no reply.
    Case(
        "working_groups:reply_create",
        {"body": SAID},
        answers(404, staff=403, lead=200),
        kwargs=_the_hidden_post,
        label="hidden post",
    ),
    Case(
        "working_groups:post_edit",
        {"title": "", "body": SAID, "tags": ""},
        answers(404, staff=403, lead=403),  # its author may not write it back into view
        kwargs=_the_hidden_post,
        label="hidden post",
    ),
    Case(
        "working_groups:post_moderate",
        {"action": "restore"},
        answers(404, **MODERATORS),
        _hidden_post_restored,
        kwargs=_the_hidden_post,
        label="restore the hidden post",
    ),
    # Reading an open group is not joining it: only its members react and reply there.
    Case(
        "working_groups:post_react",
        {"kind": "agree"},
        answers(403, outsider=DONE, lead_of_other_group=DONE),
        _reacted("open_post"),
        kwargs=_the_open_post,
        label="open group",
    ),
    Case(
        "working_groups:reply_create",
        {"body": SAID},
        answers(403, outsider=DONE, lead_of_other_group=DONE),
        _replied_in_the_open_group,
        kwargs=_the_open_post,
        label="open group",
    ),
    # What the author wrote is theirs alone to change: not even the lead or staff rewrite it.
    Case(
        "working_groups:post_edit",
        {"title": "", "body": SAID, "tags": ""},
        answers(403, **CANNOT_READ, author=DONE),
        _post_rewritten,
    ),
    Case(
        "working_groups:post_delete",
        {},
        answers(403, **CANNOT_READ, author=DONE),
        _post_deleted,
    ),
    Case(
        "working_groups:reply_delete",
        {},
        answers(403, **CANNOT_READ, author=DONE),
        _reply_deleted,
    ),
    # --- The manifesto: members and staff discuss and endorse; the thread on version 2 is the
    # member's, its reply the author's, the hidden thread the author's too.
    Case("pillars:section", {"body": SAID}, answers(DONE), _commented),
    Case(
        "pillars:comment_reply",
        {"body": SAID},
        answers(DONE),
        _replied_and_the_threads_author_told,
    ),
    # A comment is its author's alone to change: not even staff rewrite or delete it.
    Case("pillars:comment_edit", {"body": SAID}, answers(403, member=DONE), _thread_rewritten),
    Case(
        "pillars:comment_edit",
        {"body": SAID},
        answers(403, author=200),  # its author may not write it back into view
        kwargs=_the_hidden_comment,
        label="hidden comment",
    ),
    Case("pillars:comment_delete", {}, answers(403, member=DONE), _thread_deleted),
    Case("pillars:comment_hide", {}, answers(403, staff=DONE), _thread_hidden),
    Case(
        "pillars:comment_hide",
        {},
        answers(403, staff=DONE),
        _hidden_comment_shown_again,
        kwargs=_the_hidden_comment,
        label="show it again",
    ),
    # Staff or the thread's author resolve it; a reply is not a thread, whoever asks.
    Case(
        "pillars:comment_resolve",
        {},
        answers(403, member=DONE, staff=DONE),
        _thread_resolved,
    ),
    Case(
        "pillars:comment_resolve",
        {},
        answers(403),
        kwargs=_the_threads_reply,
        label="a reply",
    ),
    Case("pillars:endorse", {}, answers(DONE), _endorsed),
    # Each withdraws their own endorsement: the others' withdrawals leave the member's be.
    Case(
        "pillars:endorsement_withdraw",
        {},
        answers(302, member=DONE),
        _members_endorsement_withdrawn,
    ),
    # The draft of version 3: staff's alone. Starting one while it is open changes nothing.
    Case("pillars:draft_start", {}, answers(403, staff=302)),
    Case(
        "pillars:draft_section",
        {"title": "Process", "statement": "", "body": SAID, "order": ""},
        answers(403, staff=DONE),
        _draft_section_saved,
    ),
    Case(
        "pillars:draft_section_add",
        {"key": "closing-words", "title": "Closing words", "statement": "", "body": SAID},
        answers(403, staff=DONE),
        _draft_section_added,
    ),
    Case("pillars:draft_section_remove", {}, answers(403, staff=DONE), _draft_section_removed),
    Case(
        "pillars:draft_publish",
        {"change_note": SAID, "kind": "minor"},
        answers(403, staff=DONE),
        _draft_published_as_v3,
    ),
    Case("pillars:draft_discard", {}, answers(403, staff=DONE), _draft_discarded),
    # --- The library: members and staff write. The draft is the member's, the invitation to
    # co-author it the lead of the other group's, the published article the member's with the
    # author, the item in review the author's.
    Case("library:new_article", ARTICLE_FORM, answers(DONE), _wrote(Item.Kind.ARTICLE)),
    Case("library:new_link", LINK_FORM, answers(DONE), _wrote(Item.Kind.LINK)),
    Case(
        "library:edit",
        ARTICLE_FORM,
        answers(404, **ON_THE_DRAFT, member=DONE, staff=DONE),
        _draft_rewritten,
    ),
    Case(
        "library:submit",
        {},
        answers(404, **ON_THE_DRAFT, member=DONE, staff=DONE),
        _draft_submitted,
    ),
    # Only the member who started a draft deletes it.
    Case(
        "library:delete",
        {},
        answers(404, **ON_THE_DRAFT, member=DONE, staff=403),
        _draft_deleted,
    ),
    Case(
        "library:preview_link",
        {"action": "create"},
        answers(404, **ON_THE_DRAFT, member=DONE, staff=DONE),
        _draft_shared,
    ),
    Case(
        "library:credit_add",
        _outsider_as_coauthor,
        answers(404, **ON_THE_DRAFT, member=DONE, staff=DONE),
        _outsider_invited,
    ),
    Case(
        "library:credit_remove",
        {},
        answers(404, **ON_THE_DRAFT, member=DONE, staff=DONE),
        _invitation_taken_back,
    ),
    # An invitation is answered by the member it names, and by nobody else, staff included.
    Case(
        "library:credit_accept",
        {},
        answers(404, applicant=404, lead_of_other_group=DONE),
        _invitation_accepted,
    ),
    Case(
        "library:credit_decline",
        {},
        answers(404, applicant=404, lead_of_other_group=DONE),
        _invitation_declined,
    ),
    # Staff review and feature; a published item is withdrawn by staff or its credited authors.
    Case(
        "library:decide",
        {"decision": "publish", "publish_at": "", "note": ""},
        answers(403, staff=DONE),
        _in_review_published,
    ),
    Case(
        "library:feature",
        {"action": "feature", "order": "1", "until": ""},
        answers(403, staff=DONE),
        _article_featured,
    ),
    Case(
        "library:withdraw",
        {"note": SAID},
        answers(403, member=DONE, author=DONE, staff=DONE),
        _article_withdrawn,
    ),
    Case(
        "library:link_fix",
        {"url": "https://example.org/essays/moved"},
        answers(403, member=DONE, staff=DONE),
        _link_moved,
    ),
    # A draft is no one's to withdraw, and its existence no one's business.
    Case(
        "library:withdraw",
        {"note": SAID},
        answers(404, applicant=404, member=400, staff=400),
        kwargs=_the_library_draft,
        label="a draft",
    ),
]

# Views of the hub's own apps that take a POST but only read: a POST answers as the walk's GET
# (tests/test_authorization.py) and writes nothing.
READ_ONLY_ON_POST = {
    "home",
    "dev_mailbox",
    "dev_mailbox_email",
    "members:directory",
    "members:profile",
    "members:application_queue",
    "surveys:index",
    "surveys:done",
    "surveys:staff_overview",
    "surveys:export_csv",
    "surveys:results",
    "surveys:report",
    "surveys:personal_report",
    "surveys:results_csv",
    "pillars:manifesto",
    "pillars:versions",
    "pillars:version",
    # The library's feeds (Django's syndication views) answer any method with the feed.
    "library:feed_rss",
    "library:feed_atom",
    "library:pillar_feed_rss",
    "library:pillar_feed_atom",
    "library:tag_feed_rss",
    "library:tag_feed_atom",
}


# --- Which views take a POST ------------------------------------------------------------------


def allowed_methods(view) -> set[str] | None:
    """The HTTP methods a view answers, or None for any: read from a class-based view's
    handlers, or from the closure of require_http_methods (require_GET, require_POST) in the
    chain of decorators (each keeps the view it wraps in __wrapped__)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {name.upper() for name in view_class.http_method_names if hasattr(view_class, name)}
    while view is not None:
        code = getattr(view, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = view.__closure__[code.co_freevars.index("request_method_list")]
            return set(cell.cell_contents)
        view = getattr(view, "__wrapped__", None)
    return None


def _views_taking_a_post():
    """(name, module of the view, POST-only?) of every site pattern whose view takes a POST."""
    found = []
    for name, route, pattern in all_patterns():
        if route.startswith("admin/"):
            continue
        methods = allowed_methods(pattern.callback)
        if methods is None or "POST" in methods:
            post_only = methods is not None and not methods & {"GET", "HEAD"}
            found.append((name or route, pattern.callback.__module__, post_only))
    return found


CASE_URLS = {case.url for case in POST_CASES}


def test_the_method_check_is_read_from_the_views():
    # allowed_methods would let every view through if it read nothing: it must see the
    # views the hub restricts, both ways.
    methods = {name: allowed_methods(p.callback) for name, _, p in all_patterns() if name}
    assert methods["working_groups:post_react"] == {"POST"}
    assert methods["working_groups:search"] == {"GET"}
    assert methods["members:profile_edit"] is None
    assert "POST" in methods["account_login"]


def test_every_post_only_view_has_cases():
    missing = [
        name for name, _, post_only in _views_taking_a_post() if post_only and name not in CASE_URLS
    ]
    assert not missing, f"add POST cases for these to {__file__}: {missing}"


def test_every_view_of_ours_that_takes_a_post_has_cases_or_only_reads():
    missing = [
        name
        for name, module, _ in _views_taking_a_post()
        if module.split(".")[0] not in NOT_OURS
        and name not in CASE_URLS
        and name not in READ_ONLY_ON_POST
    ]
    assert not missing, (
        f"add POST cases for these to {__file__} (or, if they only read, READ_ONLY_ON_POST): "
        f"{missing}"
    )


def test_no_case_is_for_a_view_that_takes_no_post():
    taking = {name: post_only for name, _, post_only in _views_taking_a_post()}
    stale = (CASE_URLS | READ_ONLY_ON_POST) - set(taking)
    assert not stale, f"these take no POST (or do not exist) any more: {stale}"
    assert not {name for name in READ_ONLY_ON_POST if taking[name]}, "POST-only, not read-only"


def test_every_case_answers_for_every_person_and_says_what_done_means():
    for case in POST_CASES:
        assert set(case.answers) == set(PEOPLE), case.id
        allowed = [who for who, answer in case.answers.items() if isinstance(answer, Done)]
        assert not allowed or case.done is not None, f"{case.id}: what does done mean?"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        yield build_world()


def _url(case, world):
    kwargs = case.kwargs(world) if case.kwargs else world["kwargs"].get(case.url)
    return reverse(case.url, kwargs=kwargs)


def _data(case, world):
    return case.data(world) if callable(case.data) else case.data


def _posted_and_nothing_changed(client, world, who, url, data, expected, capture):
    """POST as `who`, refused or turned away: the answer is `expected`, and nothing changed."""
    client.cookies.clear()
    login_as(client, world, who)
    what = f"POST {url} as {who}"
    before = database_state()
    with writes_captured() as writes, capture() as queued:
        response = client.post(url, data)
    assert_answer(response, expected, what)
    if expected == 302:
        assert not response.url.startswith(reverse("account_login")), what
    assert changed_tables(before, database_state()) == [], what
    if expected in REFUSALS:
        assert writes == [], f"{what}: a refusal wrote {writes}"
    assert queued == [], f"{what}: queued a task"
    assert mail.outbox == [], f"{what}: sent an email"


# Refused POSTs change nothing, so one test tries a case's every refusal in turn.
@pytest.mark.parametrize("case", POST_CASES, ids=[case.id for case in POST_CASES])
def test_a_refused_post_changes_nothing(client, world, case, django_capture_on_commit_callbacks):
    url, data = _url(case, world), _data(case, world)
    for who, expected in case.answers.items():
        if not isinstance(expected, Done):
            _posted_and_nothing_changed(
                client, world, who, url, data, expected, django_capture_on_commit_callbacks
            )


DONE_RUNS = [
    (case, who) for case in POST_CASES for who in PEOPLE if isinstance(case.answers[who], Done)
]


@pytest.mark.parametrize(
    ("case", "who"), DONE_RUNS, ids=[f"{case.id}-{who}" for case, who in DONE_RUNS]
)
def test_an_allowed_post_takes_effect(
    client, world, case, who, eager_tasks, django_capture_on_commit_callbacks
):
    url = _url(case, world)
    login_as(client, world, who)
    # Its tasks run, in this process, so that what it emails is in the outbox.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _data(case, world))
    expected = case.answers[who].status
    assert response.status_code == expected, f"POST {url} as {who}: {response.status_code}"
    assert case.done(world, who, client), f"POST {url} as {who}: answered, did not take effect"


@pytest.mark.parametrize("name", sorted(READ_ONLY_ON_POST))
def test_a_post_to_a_page_that_only_reads_answers_as_a_get_and_writes_nothing(
    client, world, name, django_capture_on_commit_callbacks
):
    url = reverse(name, kwargs=world["kwargs"].get(name))
    for role in ROLES:
        _posted_and_nothing_changed(
            client,
            world,
            role,
            url,
            {"anything": "at all"},
            EXPECTATIONS[name][role],
            django_capture_on_commit_callbacks,
        )
