"""Every URL pattern, requested by every role, answers as expected: a page cannot ship without
an entry here.

Each expectation is a status code, or LOGIN for a redirect to the login page. Patterns in the
admin are checked as one family: staff get in, everybody else meets the admin's login.
Social-login URLs exist only when a provider's keys are configured (see test_social_login.py).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from members.emails import unsubscribe_token
from members.models import EmailKind
from surveys.models import Response
from surveys.services import response_start, results_compute, results_request
from surveys.tokens import report_token, resume_token
from tests.factories import (
    ApplicantFactory,
    MemberFactory,
    StaffFactory,
    join,
    make_group,
    make_post,
    make_wave,
)
from working_groups import services as group_services

pytestmark = pytest.mark.django_db

LOGIN = "login"
ROLES = ("visitor", "applicant", "member", "staff")


def everyone(status):
    return dict.fromkeys(ROLES, status)


def signed_in(status, visitor=LOGIN):
    return {"visitor": visitor, "applicant": status, "member": status, "staff": status}


def staff_only():
    return {"visitor": LOGIN, "applicant": 403, "member": 403, "staff": 200}


def staff_post_only():
    """A staff action: refused to others, and 405 to a GET from staff."""
    return {"visitor": LOGIN, "applicant": 403, "member": 403, "staff": 405}


MEMBERS_ONLY = {"visitor": LOGIN, "applicant": 403, "member": 200, "staff": 200}
# Actions that only take a POST: a GET gets as far as the method check.
MEMBERS_POST_ONLY = {"visitor": LOGIN, "applicant": 403, "member": 405, "staff": 405}

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
    "members:directory": {"visitor": LOGIN, "applicant": 403, "member": 200, "staff": 200},
    "members:profile": {"visitor": LOGIN, "applicant": 403, "member": 200, "staff": 200},
    "members:profile_edit": signed_in(200),
    "members:apply": {"visitor": LOGIN, "applicant": 200, "member": 302, "staff": 302},
    "members:application_queue": staff_only(),
    "members:application_decide": staff_post_only(),
    "members:email_preferences": signed_in(200),
    "members:account_delete": signed_in(200),
    "members:unsubscribe": everyone(200),
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
    "surveys:report": {"visitor": LOGIN, "applicant": 403, "member": 200, "staff": 200},
    "surveys:personal_report": everyone(200),  # the link in a respondent's results email
    "surveys:close": staff_post_only(),
    "surveys:results_compute": staff_post_only(),
    "surveys:results_send": staff_post_only(),
    "surveys:results_retry": staff_post_only(),
    "surveys:results_resend": staff_post_only(),
    "surveys:results_csv": staff_only(),
    # Working groups: anyone reads what a group is for; its feed and everything in it is for
    # members (the world's member has joined the group; staff have not, so they may not post).
    "working_groups:index": everyone(200),
    "working_groups:group": everyone(200),
    "working_groups:search": MEMBERS_ONLY,
    "working_groups:mention_suggestions": MEMBERS_ONLY,
    "working_groups:join": MEMBERS_POST_ONLY,
    "working_groups:leave": MEMBERS_POST_ONLY,
    "working_groups:post_create": {
        "visitor": LOGIN, "applicant": 403, "member": 200, "staff": 403,
    },
    "working_groups:moderation": {
        "visitor": LOGIN, "applicant": 403, "member": 403, "staff": 200,
    },
    "working_groups:request_decide": MEMBERS_POST_ONLY,
    "working_groups:post": MEMBERS_ONLY,
    "working_groups:post_edit": {
        "visitor": LOGIN, "applicant": 403, "member": 403, "staff": 403,
    },
    "working_groups:post_delete": {
        "visitor": LOGIN, "applicant": 403, "member": 403, "staff": 403,
    },
    "working_groups:post_history": {
        "visitor": LOGIN, "applicant": 403, "member": 403, "staff": 200,
    },
    "working_groups:post_moderate": MEMBERS_POST_ONLY,
    "working_groups:post_react": MEMBERS_POST_ONLY,
    "working_groups:post_report": MEMBERS_ONLY,
    "working_groups:reply_create": MEMBERS_POST_ONLY,
    "working_groups:reply_delete": MEMBERS_POST_ONLY,
    "working_groups:reply_moderate": MEMBERS_POST_ONLY,
    "working_groups:reply_react": MEMBERS_POST_ONLY,
    "working_groups:reply_report": MEMBERS_ONLY,
    "working_groups:report_dismiss": MEMBERS_POST_ONLY,
    # Parts still to come
    "pillars:index": everyone(200),
    # Development tools exist only with DEBUG on.
    "dev_mailbox": everyone(404),
    "dev_mailbox_email": everyone(404),
}  # fmt: skip


# Admin pages that refuse even staff, on purpose.
STAFF_REFUSED_IN_ADMIN = {
    "admin:autocomplete": 403,  # answers only with its query parameters
    "admin:members_application_add": 403,  # applications come from applicants, not staff
    "admin:surveys_response_add": 403,  # responses come from respondents, not staff
    # Memberships come from members joining; posts, replies and reports from the site.
    "admin:working_groups_groupmembership_add": 403,
    "admin:working_groups_post_add": 403,
    "admin:working_groups_reply_add": 403,
    "admin:working_groups_report_add": 403,
}


def _patterns(resolvers, prefix="", namespace=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern), full)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + str(entry.pattern), entry


ALL_PATTERNS = list(_patterns(get_resolver().url_patterns))
SITE_PATTERNS = [(name, route) for name, route, _ in ALL_PATTERNS if not route.startswith("admin/")]
ADMIN_PATTERNS = [
    (name, route, entry) for name, route, entry in ALL_PATTERNS if route.startswith("admin/")
]


def test_every_pattern_has_an_expectation():
    missing = [
        name or route for name, route in SITE_PATTERNS if (name or route) not in EXPECTATIONS
    ]
    assert not missing, f"add these to EXPECTATIONS in {__file__}: {missing}"
    stale = set(EXPECTATIONS) - {name or route for name, route in SITE_PATTERNS}
    assert not stale, f"these expectations match no URL pattern any more: {stale}"


@pytest.fixture
def world(db):
    """One person of each role, and the objects the URLs with arguments point at."""
    peer = MemberFactory(name="Peer Person")
    applicant = ApplicantFactory()
    wave = make_wave()
    someones_response, _ = response_start(wave=wave, email="someone@example.com")
    respondent, _ = response_start(wave=wave, email="respondent@example.com")
    Response.objects.filter(pk=respondent.pk).update(submitted_at=wave.created_at)
    snapshot = results_request(wave=wave, requested_by=None)
    results_compute(snapshot=snapshot)
    member = MemberFactory()
    group = make_group(name="Process", leads=[peer])
    join(group, member)
    post = make_post(group=group, author=peer, body="How do you run quarterly planning?")
    reply = group_services.reply_create(post=post, author=peer, body="Like this.", notify=False)
    requester = MemberFactory()
    request_group = make_group(name="Insights", join_policy="request", leads=[peer])
    request = group_services.membership_join(group=request_group, user=requester)
    report = group_services.report_create(reporter=member, reason="Off topic", post=post)
    return {
        "people": {
            "visitor": None,
            "applicant": applicant,
            "member": member,
            "staff": StaffFactory(),
        },
        "kwargs": {
            "working_groups:group": {"slug": group.slug},
            "working_groups:join": {"slug": group.slug},
            "working_groups:leave": {"slug": group.slug},
            "working_groups:post_create": {"slug": group.slug},
            "working_groups:moderation": {"slug": group.slug},
            "working_groups:request_decide": {
                "slug": request_group.slug,
                "membership_id": request.pk,
            },
            **{
                f"working_groups:post{suffix}": {"post_id": post.pk}
                for suffix in ("", "_edit", "_delete", "_history", "_moderate", "_react", "_report")
            },
            "working_groups:reply_create": {"post_id": post.pk},
            **{
                f"working_groups:reply_{action}": {"reply_id": reply.pk}
                for action in ("delete", "moderate", "react", "report")
            },
            "working_groups:report_dismiss": {"report_id": report.pk},
            "members:profile": {"user_id": peer.pk},
            "members:application_decide": {"application_id": applicant.applications.get().pk},
            "members:unsubscribe": {
                "token": unsubscribe_token(user_id=peer.pk, kind=EmailKind.DIGEST)
            },
            "account_confirm_email": {"key": "not-a-real-key"},
            "surveys:start": {"slug": wave.slug},
            "surveys:fresh_link": {"slug": wave.slug},
            "surveys:resume": {"slug": wave.slug, "token": resume_token(someones_response)},
            "surveys:page": {"slug": wave.slug, "number": 1},
            "surveys:review": {"slug": wave.slug},
            "surveys:done": {"slug": wave.slug},
            "surveys:staff_overview": {"slug": wave.slug},
            "surveys:export_csv": {"slug": wave.slug},
            "surveys:response_delete": {"slug": wave.slug, "response_id": someones_response.pk},
            "surveys:results": {"slug": wave.slug},
            "surveys:report": {"slug": wave.slug},
            "surveys:personal_report": {"slug": wave.slug, "token": report_token(respondent.pk)},
            "surveys:close": {"slug": wave.slug},
            "surveys:results_compute": {"slug": wave.slug},
            "surveys:results_send": {"slug": wave.slug, "snapshot_id": snapshot.pk},
            "surveys:results_retry": {"slug": wave.slug, "snapshot_id": snapshot.pk},
            "surveys:results_resend": {"slug": wave.slug, "snapshot_id": snapshot.pk},
            "surveys:results_csv": {"slug": wave.slug, "snapshot_id": snapshot.pk},
            "account_reset_password_from_key": {"uidb36": "1", "key": "not-a-real-key"},
            "dev_mailbox_email": {"email_id": "20260101T000000000000-abcdef12"},
        },
    }


def _url(name, route, kwargs):
    if name:
        return reverse(name, kwargs=kwargs.get(name))
    return "/" + route


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "route"), SITE_PATTERNS, ids=[n or r for n, r in SITE_PATTERNS])
def test_each_role_gets_the_expected_answer(client, world, role, name, route):
    expected = EXPECTATIONS.get(name or route, {}).get(role)
    if expected is None:
        pytest.fail(f"no expectation for {name or route} as {role}")
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    url = _url(name, route, world["kwargs"])
    response = client.get(url)
    if expected == LOGIN:
        assert response.status_code == 302, f"{url} as {role}: {response.status_code}"
        assert response.url.startswith(reverse("account_login")), response.url
    else:
        assert response.status_code == expected, f"{url} as {role}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_get_into_the_admin(client, world, role):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    for name, route, entry in ADMIN_PATTERNS:
        if entry.pattern.converters or "(?P<" in route or name in ("admin:login", "admin:logout"):
            # Patterns with arguments share their views' guard with the list pages; the login
            # and logout pages are open by design.
            continue
        url = reverse(name) if name else "/" + route
        response = client.get(url)
        if role == "staff":
            expected = STAFF_REFUSED_IN_ADMIN.get(name, 200)
            assert response.status_code == expected, f"{url}: {response.status_code}"
        else:
            assert response.status_code == 302, f"{url} as {role}"
            assert response.url.startswith(reverse("admin:login")), response.url
