"""Every admin URL, with and without arguments, requested by every role: staff get in, everybody
else meets the admin's login, and a POST of theirs (a change, a deletion, an action) changes
nothing. URLs with an object's id point at a real object: the world holds one of every model
the admin registers.
"""

import re
from datetime import UTC, date, datetime

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.urls import reverse
from django.utils.timezone import now
from taggit.models import Tag

from alliance.models import Job
from members.models import Application, AutoApproveDomain, User
from notifications.models import DigestDelivery, Notification
from surveys.models import Response, SurveyWave
from tests.authorization_world import (
    all_patterns,
    build_world,
    changed_tables,
    database_state,
    kept_for_the_module,
    login_as,
)
from working_groups.models import GroupMembership, Post, Reply, Report, WorkingGroup

pytestmark = pytest.mark.django_db

# Open to anyone by design: the way in and out.
OPEN_BY_DESIGN = {"admin:login", "admin:logout"}

# What staff get where it is not 200, on purpose. Keep this short: each line is a page that
# refuses or sends staff on.
STAFF_ANSWERS = {
    "admin:autocomplete": 403,  # answers only with its query parameters
    "admin:members_application_add": 403,  # applications come from applicants, not staff
    "admin:surveys_response_add": 403,  # responses come from respondents, not staff
    # Memberships come from members joining; posts, replies and reports from the site.
    "admin:working_groups_groupmembership_add": 403,
    "admin:working_groups_post_add": 403,
    "admin:working_groups_reply_add": 403,
    "admin:working_groups_report_add": 403,
    # A post or reply is hidden by a moderator, never deleted (working_groups/admin.py).
    "admin:working_groups_post_delete": 403,
    "admin:working_groups_reply_delete": 403,
    # The notifications' ledger is read-only: written by the hub's parts, never by hand.
    "admin:notifications_notification_add": 403,
    "admin:notifications_notification_delete": 403,
    "admin:notifications_digestdelivery_add": 403,
    "admin:notifications_digestdelivery_delete": 403,
    # Background jobs are made by the hub and forgotten by it a week after they are done.
    "admin:alliance_job_add": 403,
    "admin:alliance_job_delete": 403,
    # An object's bare address (from before Django 1.9) sends on to its change page; "view on
    # site" sends on to the object's page on the site.
    "object": 302,
    "admin:view_on_site": 302,
    "catch-all": 404,  # an address the admin does not have
}


def _admin_objects(world) -> dict[type, object]:
    """One object of every model the admin registers: the world's, and a few made here."""
    people, ids = world["people"], world["ids"]
    author = people["author"]
    app = SocialApp.objects.create(provider="google", name="Google", client_id="id", secret="s")
    account = SocialAccount.objects.create(user=author, provider="google", uid="1234")
    return {
        Group: Group.objects.create(name="Editors"),
        Site: Site.objects.get_current(),
        EmailAddress: EmailAddress.objects.filter(user=author).get(),
        Authenticator: Authenticator.objects.create(
            user=author, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "0" * 40}
        ),
        SocialApp: app,
        SocialAccount: account,
        SocialToken: SocialToken.objects.create(app=app, account=account, token="token"),
        Tag: Tag.objects.get(name="project nightingale"),
        User: author,
        Application: Application.objects.get(pk=ids["application"]),
        AutoApproveDomain: AutoApproveDomain.objects.create(domain="example.org"),
        WorkingGroup: WorkingGroup.objects.get(pk=ids["closed_group"]),
        GroupMembership: GroupMembership.objects.get(pk=ids["request"]),
        Post: Post.objects.get(pk=ids["post"]),
        Reply: Reply.objects.get(pk=ids["reply"]),
        Report: Report.objects.get(pk=ids["report"]),
        SurveyWave: SurveyWave.objects.get(pk=ids["wave"]),
        Response: Response.objects.get(pk=ids["someones_response"]),
        Notification: Notification.objects.get(pk=ids["notification"]),
        Job: Job.objects.create(name="surveys.tasks.send_confirmation", args=[1], due_at=now()),
        DigestDelivery: DigestDelivery.objects.create(
            user=author, local_date=date(2026, 1, 5), since=datetime(2025, 12, 29, tzinfo=UTC)
        ),
    }


_MODEL_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")


def _model_of(route):
    found = _MODEL_ROUTE.match(route)
    if found is None:
        return None
    return next(
        (
            model
            for model in admin.site._registry
            if (model._meta.app_label, model._meta.model_name) == found.groups()
        ),
        None,
    )


def admin_urls(objects) -> tuple[list[tuple[str, str]], list[str]]:
    """(what staff's answer is looked up by, URL) for every admin pattern, with the ids of
    `objects`; and the patterns this does not know how to fill in."""
    urls, unknown = [], []
    for name, route, pattern in all_patterns():
        if not route.startswith("admin/") or name in OPEN_BY_DESIGN:
            continue
        takes_arguments = bool(pattern.pattern.converters) or "(?P<" in route
        model = _model_of(route)
        if takes_arguments and model is not None and model not in objects:
            unknown.append(f"{name or route} (add a {model.__name__} to _admin_objects)")
        elif not takes_arguments:
            urls.append((name, reverse(name) if name else "/" + route))
        elif name == "admin:app_list":
            labels = sorted({model._meta.app_label for model in admin.site._registry})
            urls += [(name, reverse(name, args=[label])) for label in labels]
        elif name == "admin:view_on_site":
            post = objects[Post]
            kind = ContentType.objects.get_for_model(Post).pk
            urls.append((name, reverse(name, args=[kind, post.pk])))
        elif route == "admin/(?P<url>.*)$":
            urls.append(("catch-all", "/admin/no-such-page/"))
        elif model is not None and name is None and route.endswith("<path:object_id>/"):
            urls.append(("object", f"/{route.replace('<path:object_id>', str(objects[model].pk))}"))
        elif model is not None and name is not None:
            urls.append((name, reverse(name, args=[objects[model].pk])))
        else:
            unknown.append(name or route)
    return urls, unknown


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        world = build_world()
        world["admin_objects"] = _admin_objects(world)
        yield world


def test_every_admin_pattern_is_walked(world):
    urls, unknown = admin_urls(world["admin_objects"])
    assert not unknown, f"teach admin_urls in {__file__} to fill these in: {unknown}"
    registered = set(admin.site._registry)
    assert registered <= set(world["admin_objects"]), "one object of each admin model"
    # Every model's change, delete and history pages are among them, with a real id.
    for model in registered:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert {f"{info}_change", f"{info}_delete", f"{info}_history"} <= {n for n, _ in urls}


def test_staff_get_into_every_admin_page(client, world):
    urls, _ = admin_urls(world["admin_objects"])
    login_as(client, world, "staff")
    wrong = []
    for key, url in urls:
        expected = STAFF_ANSWERS.get(key, 200)
        response = client.get(url)
        if response.status_code != expected:
            wrong.append(f"{url}: {response.status_code}, not {expected}")
    assert not wrong, "\n".join(wrong)


# The admin lets in active staff only, whatever else a person is: a visitor, someone signed in
# who is not a member, and the most trusted non-staff role (a member who leads a group) stand
# for everyone else.
@pytest.mark.parametrize("role", ["visitor", "applicant", "lead_of_other_group"])
def test_nobody_else_gets_into_the_admin_nor_changes_anything_there(client, world, role):
    urls, _ = admin_urls(world["admin_objects"])
    login_as(client, world, role)
    login = reverse("admin:login")
    before = database_state()
    wrong = []
    for _, url in urls:
        # The form of a deletion's confirmation, and of the list's "delete selected" action.
        posted = {"post": "yes", "action": "delete_selected", "_selected_action": ["1"]}
        for response in (client.get(url), client.post(url, posted)):
            if response.status_code != 302 or not response.url.startswith(login):
                wrong.append(f"{response.request['REQUEST_METHOD']} {url}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert changed_tables(before, database_state()) == []
