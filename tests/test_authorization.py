"""Every URL pattern, requested with GET by every role, answers as expected: a page cannot ship
without an entry here.

Each expectation is a status code, or LOGIN for a redirect to the login page. The roles and the
world they act in are tests/authorization_world.py's: besides visitor, applicant, member and
staff, a lead of another group, an outsider of the closed group the world's conversations are
in, and a member who left the directory. What POSTs may change is
tests/test_authorization_actions.py's; the admin, tests/test_authorization_admin.py's; what
pages and emails contain, tests/test_authorization_content.py's.
Social-login URLs exist only when a provider's keys are configured (see test_social_login.py).
"""

import pytest

from tests.authorization_world import (
    ALSO_MEMBERS,
    LOGIN,
    ROLES,
    assert_answer,
    build_world,
    kept_for_the_module,
    login_as,
    secrets_for,
    site_patterns,
    url_of,
)

pytestmark = pytest.mark.django_db


def expect(*, visitor, applicant, member, staff, **others):
    """An answer for every role: the three other members answer as `member` unless given."""
    unknown = set(others) - set(ALSO_MEMBERS)
    assert not unknown, f"not roles: {unknown}"
    answers = {"visitor": visitor, "applicant": applicant, "member": member, "staff": staff}
    return answers | {role: others.get(role, member) for role in ALSO_MEMBERS}


def everyone(status):
    return dict.fromkeys(ROLES, status)


def signed_in(status, visitor=LOGIN):
    return everyone(status) | {"visitor": visitor}


def staff_only():
    return expect(visitor=LOGIN, applicant=403, member=403, staff=200)


def staff_post_only():
    """A staff action: refused to others, and 405 to a GET from staff."""
    return expect(visitor=LOGIN, applicant=403, member=403, staff=405)


def everyone_but_visitors(status):
    """Any signed-in person may reach the view: only its answer is refused (a POST-only
    view's 405 to a GET, for instance); a visitor is sent to log in."""
    return everyone(status) | {"visitor": LOGIN}


MEMBERS_ONLY = expect(visitor=LOGIN, applicant=403, member=200, staff=200)
# Actions that only take a POST: a GET gets as far as the method check.
MEMBERS_POST_ONLY = expect(visitor=LOGIN, applicant=403, member=405, staff=405)
# A post or reply of the closed group: the outsider may not know it exists.
IN_THE_CLOSED_GROUP = expect(visitor=LOGIN, applicant=403, member=200, staff=200, outsider=404)

# name (or route, for unnamed patterns) -> expected answer per role.
EXPECTATIONS = {
    "home": everyone(200),
    "healthz": everyone(503),  # no Celery worker runs during this test
    # Accounts (django-allauth): the entrance pages send a signed-in person onwards.
    "account_login": signed_in(302, visitor=200),
    "account_logout": signed_in(200, visitor=302),
    "account_inactive": everyone(200),
    "account_signup": signed_in(302, visitor=200),
    "account_reauthenticate": signed_in(200),
    "account_email": signed_in(200),
    "account_email_verification_sent": everyone(200),
    "account_change_password": signed_in(200),
    "account_set_password": signed_in(302),
    "account_reset_password": everyone(200),
    "account_confirm_login_code": everyone(302),
    "account_confirm_email": everyone(200),
    "account_reset_password_from_key_done": everyone(200),
    "account_reset_password_from_key": everyone(200),
    "account_reset_password_done": everyone(200),
    "socialaccount_login_cancelled": everyone(200),
    "socialaccount_login_error": everyone(401),
    "socialaccount_signup": everyone(302),
    "socialaccount_connections": signed_in(200),
    "accounts/social/login/cancelled/": everyone(301),
    "accounts/social/login/error/": everyone(301),
    "accounts/social/signup/": everyone(301),
    "accounts/social/connections/": everyone(301),
    # Two-factor authentication (allauth.mfa): anyone signed in may turn it on; adding an
    # authenticator first asks for the password again. These people have none yet.
    "mfa_index": signed_in(200),
    "mfa_authenticate": signed_in(302),  # answers only during a sign-in that asks for a code
    "mfa_reauthenticate": signed_in(302),  # no authenticator: the password page instead
    "mfa_activate_totp": signed_in(302),
    "mfa_deactivate_totp": signed_in(404),  # nothing to turn off
    "mfa_view_recovery_codes": signed_in(404),
    "mfa_generate_recovery_codes": signed_in(302),
    "mfa_download_recovery_codes": signed_in(404),
    # Members
    "members:directory": MEMBERS_ONLY,
    "members:profile": MEMBERS_ONLY,  # the author's, who shows in the directory
    "members:profile_edit": signed_in(200),
    "members:apply": expect(visitor=LOGIN, applicant=200, member=302, staff=302),
    "members:application_queue": staff_only(),
    "members:application_decide": staff_post_only(),
    "members:email_preferences": signed_in(200),
    "members:account_delete": signed_in(200),
    "members:unsubscribe": everyone(200),
    "notifications:unsubscribe": everyone(200),  # a group's one-click unsubscribe link
    # The notification centre: each signed-in person's own (an applicant is told of their
    # application), the bell's count for htmx (empty for a visitor, never the login page), one
    # notification opened by its owner alone (the member's, about the closed group's post),
    # and staff's reach of what was announced.
    "notifications:index": signed_in(200),
    "notifications:bell": signed_in(200, visitor=204),
    "notifications:read_all": everyone(405),
    "notifications:open": expect(visitor=LOGIN, applicant=404, member=302, staff=404,
                                 lead_of_other_group=404, outsider=404, left_directory=404),
    "notifications:reach": staff_only(),
    # The survey: anyone with the link answers; a response is only its respondent's (these
    # people have none, so the answering pages send them to the start); staff see the rest.
    "surveys:index": everyone(200),
    "surveys:start": everyone(200),
    "surveys:fresh_link": everyone(200),  # asks for an address to email a new link to
    "surveys:resume": everyone(302),  # the link opens the response it was sent for
    "surveys:page": everyone(302),
    "surveys:review": everyone(302),
    "surveys:done": everyone(302),
    "surveys:staff_overview": staff_only(),
    "surveys:export_csv": staff_only(),
    "surveys:response_delete": staff_post_only(),
    "surveys:results": everyone(200),
    "surveys:report": MEMBERS_ONLY,
    "surveys:personal_report": everyone(200),  # the link in a respondent's results email
    "surveys:close": staff_post_only(),
    "surveys:results_compute": staff_post_only(),
    "surveys:results_send": staff_post_only(),
    "surveys:results_retry": staff_post_only(),
    "surveys:results_resend": staff_post_only(),
    "surveys:results_csv": staff_only(),
    # Working groups: anyone reads what a group is for. The world's conversations are in a
    # closed group: the member, the lead of another group and the member who left the
    # directory have joined it; staff read it without joining (so they may not post); the
    # outsider may not even learn what is in it. Only its lead and staff moderate it.
    "working_groups:index": everyone(200),
    "working_groups:group": everyone(200),  # the feed is left out for those who may not read
    "working_groups:search": MEMBERS_ONLY,
    "working_groups:mention_suggestions": MEMBERS_ONLY,
    "working_groups:join": MEMBERS_POST_ONLY,
    "working_groups:leave": MEMBERS_POST_ONLY,
    "working_groups:post_create": expect(
        visitor=LOGIN, applicant=403, member=200, staff=403, outsider=403,
    ),
    "working_groups:moderation": staff_only(),
    # How a member follows their groups and threads: "Your groups" lists the viewer's own.
    "working_groups:notifications": MEMBERS_ONLY,
    "working_groups:group_notifications": MEMBERS_POST_ONLY,
    "working_groups:post_watch": MEMBERS_POST_ONLY,
    "working_groups:default_watch_level": MEMBERS_POST_ONLY,
    "working_groups:request_decide": MEMBERS_POST_ONLY,
    "working_groups:post": IN_THE_CLOSED_GROUP,
    # Only the author edits and deletes their post (the world's author is none of the roles).
    "working_groups:post_edit": expect(
        visitor=LOGIN, applicant=403, member=403, staff=403, outsider=404,
    ),
    "working_groups:post_delete": expect(
        visitor=LOGIN, applicant=403, member=403, staff=403, outsider=404,
    ),
    "working_groups:post_history": expect(
        visitor=LOGIN, applicant=403, member=403, staff=200, outsider=404,
    ),
    "working_groups:post_moderate": MEMBERS_POST_ONLY,
    "working_groups:post_react": MEMBERS_POST_ONLY,
    "working_groups:post_report": IN_THE_CLOSED_GROUP,
    "working_groups:reply_create": MEMBERS_POST_ONLY,
    "working_groups:reply_delete": MEMBERS_POST_ONLY,
    "working_groups:reply_moderate": MEMBERS_POST_ONLY,
    "working_groups:reply_react": MEMBERS_POST_ONLY,
    "working_groups:reply_report": IN_THE_CLOSED_GROUP,
    "working_groups:report_dismiss": MEMBERS_POST_ONLY,
    # Calls in calendars: a closed group's .ics is its readers' (the join link in it, its
    # members'); "Your calendar feed" is each member's own; the feed's secret address is the
    # key, whoever holds it (the world's is the outsider's, with the open group's call).
    "working_groups:call_ics": expect(visitor=LOGIN, applicant=404, member=200, staff=200,
                                      outsider=404),
    "working_groups:series_ics": expect(visitor=LOGIN, applicant=404, member=200, staff=200,
                                        outsider=404),
    "working_groups:calendar": MEMBERS_ONLY,
    # A group's calls are its feed's readers' (the join link on them, its members'); its
    # leads and staff schedule, edit and cancel them.
    "working_groups:calls": expect(visitor=LOGIN, applicant=403, member=200, staff=200,
                                   outsider=403),
    "working_groups:call": expect(visitor=LOGIN, applicant=403, member=200, staff=200,
                                  outsider=404),
    "working_groups:call_new": expect(visitor=LOGIN, applicant=403, member=403, staff=200),
    "working_groups:call_edit": expect(visitor=LOGIN, applicant=403, member=403, staff=200,
                                       outsider=404),
    "working_groups:call_cancel": expect(visitor=LOGIN, applicant=403, member=403, staff=200,
                                         outsider=404),
    # Answering a call: its group's readers see the block (only its members answer); an
    # email's one-click link is its member's alone (the world's is the outsider's): anyone
    # else signed in is refused, a visitor holding it is asked to confirm.
    "working_groups:call_rsvp": expect(visitor=LOGIN, applicant=403, member=200, staff=200,
                                       outsider=404),
    "working_groups:call_rsvp_link": everyone(403) | {"visitor": 200, "outsider": 200},
    "working_groups:calendar_rotate": MEMBERS_POST_ONLY,
    "working_groups:calendar_revoke": MEMBERS_POST_ONLY,
    "calendar_feed": everyone(200),
    # A call's notes: written by the group's leads, staff and the note-taker a lead names (the
    # world's call has none), after the call; the outsider may not learn the call exists.
    "working_groups:call_notes": expect(visitor=LOGIN, applicant=403, member=403, staff=200,
                                        outsider=404),
    "working_groups:call_note_taker": MEMBERS_POST_ONLY,
    "working_groups:call_action_close": MEMBERS_POST_ONLY,
    # The manifesto: everyone reads its published versions, what changed between them, who
    # endorsed them and the discussion of each section. Members and staff comment, reply and
    # endorse; a comment is its author's to edit and delete (the world's thread is the
    # member's); staff or the thread's author resolve it, staff hide it. Staff's draft of the
    # next version is theirs alone. Its old address redirects, permanently, to it.
    "pillars:manifesto": everyone(200),
    "pillars:versions": everyone(200),
    "pillars:version": everyone(200),
    "pillars:compare": everyone(200),
    "pillars:endorse": MEMBERS_POST_ONLY,
    "pillars:endorsement_withdraw": MEMBERS_POST_ONLY,
    "pillars:endorsers": everyone(200),
    "pillars:section": everyone(200),
    "pillars:comment_reply": MEMBERS_POST_ONLY,
    "pillars:comment_edit": expect(visitor=LOGIN, applicant=403, member=200, staff=403,
                                   lead_of_other_group=403, outsider=403, left_directory=403),
    "pillars:comment_delete": everyone_but_visitors(405),
    "pillars:comment_hide": staff_post_only(),
    "pillars:comment_resolve": everyone_but_visitors(405),
    "pillars:draft": staff_only(),
    "pillars:draft_start": staff_post_only(),
    "pillars:draft_section_add": staff_only(),
    "pillars:draft_section": staff_only(),
    "pillars:draft_section_remove": staff_post_only(),
    "pillars:draft_publish": staff_post_only(),
    "pillars:draft_discard": staff_post_only(),
    "pillars/": everyone(301),
    # The library: everyone reads the list, a published item, the feeds and a draft's shared
    # preview (the world's link is to the item in review). Members and staff write. A draft
    # is 404 to anyone its member has not credited or invited, and staff; the one invited
    # (the lead of the other group) reads it but may not edit it before accepting. Its
    # credited authors and staff withdraw a published item (library/access.py); staff alone
    # review, decide, feature and see the coverage. The POST-only views answer a GET with 405
    # before they look at who asks.
    "library:index": everyone(200),
    "library:feed_rss": everyone(200),
    "library:feed_atom": everyone(200),
    "library:pillar_feed_rss": everyone(200),
    "library:pillar_feed_atom": everyone(200),
    "library:tag_feed_rss": everyone(200),
    "library:tag_feed_atom": everyone(200),
    "library:shared_preview": everyone(200),
    "library:new_article": MEMBERS_ONLY,
    "library:new_link": MEMBERS_ONLY,
    "library:mine": MEMBERS_ONLY,
    "library:edit": expect(visitor=LOGIN, applicant=404, member=200, staff=200,
                           lead_of_other_group=403, outsider=404, left_directory=404),
    "library:preview": expect(visitor=LOGIN, applicant=404, member=200, staff=200,
                              lead_of_other_group=200, outsider=404, left_directory=404),
    "library:submit": everyone(405),
    "library:delete": everyone(405),
    "library:preview_link": everyone(405),
    "library:credit_add": everyone(405),
    "library:credit_remove": everyone(405),
    "library:credit_accept": everyone(405),
    "library:credit_decline": everyone(405),
    "library:review_queue": staff_only(),
    "library:review": staff_only(),
    "library:decide": everyone(405),
    "library:withdraw": expect(visitor=LOGIN, applicant=403, member=200, staff=200,
                               lead_of_other_group=403, outsider=403, left_directory=403),
    "library:feature": everyone(405),
    "library:link_fix": expect(visitor=LOGIN, applicant=403, member=200, staff=200,
                               lead_of_other_group=403, outsider=403, left_directory=403),
    "library:coverage": staff_only(),
    "library:item": everyone(200),
    # For search engines.
    "sitemap": everyone(200),
    "robots_txt": everyone(200),
    # Development tools exist only with DEBUG on.
    "dev_mailbox": everyone(404),
    "dev_mailbox_email": everyone(404),
}  # fmt: skip


SITE_PATTERNS = site_patterns()


def test_every_pattern_has_an_expectation():
    missing = [
        name or route for name, route in SITE_PATTERNS if (name or route) not in EXPECTATIONS
    ]
    assert not missing, f"add these to EXPECTATIONS in {__file__}: {missing}"
    stale = set(EXPECTATIONS) - {name or route for name, route in SITE_PATTERNS}
    assert not stale, f"these expectations match no URL pattern any more: {stale}"


def test_every_expectation_answers_for_every_role():
    incomplete = {key: set(ROLES) - set(answers) for key, answers in EXPECTATIONS.items()}
    assert not {key: roles for key, roles in incomplete.items() if roles}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        yield build_world()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "route"), SITE_PATTERNS, ids=[n or r for n, r in SITE_PATTERNS])
def test_each_role_gets_the_expected_answer(client, world, role, name, route):
    expected = EXPECTATIONS.get(name or route, {}).get(role)
    if expected is None:
        pytest.fail(f"no expectation for {name or route} as {role}")
    url = url_of(name, route, world["kwargs"])
    response = login_as(client, world, role).get(url)
    assert_answer(response, expected, f"{url} as {role}")
    # The URLs point into the closed group, the manifesto's draft and a hidden comment, and the
    # library's draft: whatever a page answers to someone who may not read them, it holds none
    # of their words.
    if response.streaming:
        return
    page = response.content.decode(errors="replace").lower()
    found = secrets_for(role, page)
    assert not found, f"{url} as {role} holds {found}"
    # Nobody keeps their address public here: only staff see other people's.
    if role != "staff":
        others = [email for who, email in world["addresses"].items() if who != role]
        assert not [email for email in others if email in page], f"{url} as {role}"
