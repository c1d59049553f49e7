"""Who may see or change what. Every view asks here; none decides access itself.

The roles, from least to most trusted:
- visitor: not logged in;
- applicant: has a verified account (and maybe a pending or declined application);
- member: an approved applicant;
- group lead: a member who moderates one working group (decided per group, with the groups);
- staff: runs the alliance; may see everything a member sees.

A refusal is the login page for a visitor, 403 where the page's existence is no secret
(a members-only list), and 404 where even existence is private (a hidden profile).
"""

import enum
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.models import Application, Profile
from surveys.models import Response, SurveyWave
from working_groups.models import GroupMembership, Post, Reply, WorkingGroup


class Role(enum.IntEnum):
    VISITOR = 0
    APPLICANT = 1
    MEMBER = 2
    STAFF = 4


def role_of(user) -> Role:
    if not user.is_authenticated:
        return Role.VISITOR
    if user.is_staff:
        return Role.STAFF
    try:
        is_member = user.profile.is_member  # cached on the user object after the first look
    except ObjectDoesNotExist:
        is_member = False
    return Role.MEMBER if is_member else Role.APPLICANT


def is_member(user) -> bool:
    """Members and staff see the members-only parts of the hub."""
    return role_of(user) >= Role.MEMBER


def _requires(check, message):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


login_required = _requires(lambda user: True, "")
member_required = _requires(
    is_member,
    "This page is for members of the alliance. Once your application is approved, it opens.",
)
staff_required = _requires(lambda user: user.is_staff, "This page is for the alliance's staff.")


def debug_only(view):
    """Development tools do not exist outside DEBUG: 404, not 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.DEBUG:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def get_profile_for_user(*, viewer, user_id):
    """A member's profile as `viewer` may see it; 404 when hidden from them."""
    profile = get_object_or_404(
        Profile.objects.select_related("user"), user_id=user_id, member_since__isnull=False
    )
    if viewer.pk == profile.user_id or viewer.is_staff:
        return profile
    if not profile.show_in_directory or not is_member(viewer):
        raise Http404("No such member.")
    return profile


def get_application_for_staff(*, viewer, application_id):
    if not viewer.is_staff:
        raise PermissionDenied("Only staff decide applications.")
    return get_object_or_404(Application.objects.select_related("user"), pk=application_id)


# --- The survey ------------------------------------------------------------------------------
# Anyone with the link may answer. A response is visible only to its respondent, recognised by
# their account or by this browser's session (opened by starting, or by the emailed link),
# and to staff; never on a members' page.
SURVEY_SESSION_KEY = "survey_responses"


def get_wave_for_user(*, viewer, slug):
    """Every wave has a public page: a draft or closed one says so plainly, without questions."""
    return get_object_or_404(SurveyWave, slug=slug)


def grant_response_access(request, response):
    allowed = set(request.session.get(SURVEY_SESSION_KEY, []))
    allowed.add(response.pk)
    request.session[SURVEY_SESSION_KEY] = sorted(allowed)


def get_response_for_respondent(*, request, wave):
    """The viewer's own response to this wave, or None when they have not started one here."""
    allowed = request.session.get(SURVEY_SESSION_KEY, [])
    mine = Q(pk__in=allowed)
    if request.user.is_authenticated:
        mine |= Q(user=request.user) | Q(email=request.user.email.lower())
    response = Response.objects.filter(mine, wave=wave).order_by("pk").first()
    if response is not None:
        response.wave = wave  # already in hand: no second query for it
    return response


def require_full_report(*, request, wave):
    """The full results are for members, staff and the wave's own respondents.

    Returns the viewer's own submitted response (None for a member who did not answer), so
    the report can show where they stand. Refuses everyone else.
    """
    own = get_response_for_respondent(request=request, wave=wave)
    if own is not None and own.submitted_at is None:
        own = None
    if own is not None or is_member(request.user):
        return own
    if not request.user.is_authenticated:
        raise LoginRequired
    raise PermissionDenied(
        "The full report is for the survey's respondents and the alliance's members."
    )


class ReportLinkInvalid(Exception):
    """A personal report link that is not (or no longer) valid; `expired` says which."""

    def __init__(self, *, expired: bool):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def get_response_for_report_link(*, wave, token):
    """The submitted response a personal report link (from the results email) opens: it
    shows that respondent the full report, read-only, without an account."""
    from surveys.emails import read_report_token  # the link's signature lives with the email

    response_id, expired = read_report_token(token)
    response = (
        Response.objects.filter(pk=response_id, wave=wave, submitted_at__isnull=False).first()
        if response_id is not None
        else None
    )
    if response is None:
        raise ReportLinkInvalid(expired=expired)
    response.wave = wave
    return response


class LoginRequired(Exception):
    """Raised by an access helper when only logging in can help; answered with the login page."""


# --- Working groups -------------------------------------------------------------------------
# Everyone sees that a group exists and what it is for. Its feed is read by alliance members
# when the group is open, and only by the group's own members when it is request-to-join;
# staff read every feed. Only a group's active members post, reply and react in it; its leads
# and the staff moderate it.


def remember_membership(user, group, membership) -> None:
    """Hand over a membership a selector has already fetched (or None: the user has none)."""
    if user.is_authenticated:
        group.__dict__.setdefault("_memberships", {})[user.pk] = membership


def group_membership(user, group):
    """The user's membership of the group (active or requested), looked up once per request."""
    cache = group.__dict__.setdefault("_memberships", {})
    if user.pk not in cache:
        cache[user.pk] = (
            GroupMembership.objects.filter(group=group, user=user).first()
            if user.is_authenticated
            else None
        )
    return cache[user.pk]


def can_read_group(user, group) -> bool:
    if user.is_authenticated and user.is_staff:
        return True
    if not is_member(user):
        return False
    if group.is_open:
        return True
    membership = group_membership(user, group)
    return membership is not None and membership.is_active


def can_post_in(user, group) -> bool:
    if not is_member(user):
        return False
    membership = group_membership(user, group)
    return membership is not None and membership.is_active


def can_moderate(user, group) -> bool:
    """A lead of this group, or staff."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    membership = group_membership(user, group)
    return membership is not None and membership.is_lead and is_member(user)


def get_group_for_user(*, viewer, slug):
    """Any group by its slug: its description is public, what else shows is decided per page."""
    return get_object_or_404(WorkingGroup, slug=slug)


def get_readable_group(*, viewer, slug):
    """A group whose feed the viewer reads; 403 when the feed is closed to them."""
    group = get_group_for_user(viewer=viewer, slug=slug)
    if not can_read_group(viewer, group):
        raise PermissionDenied("This group's feed is for its members.")
    return group


def get_post_for_user(*, viewer, post_id):
    """A post the viewer may read: 404 when deleted, hidden from them or in a closed feed."""
    post = get_object_or_404(
        Post.objects.select_related("group", "author"), pk=post_id, deleted_at=None
    )
    if not can_read_group(viewer, post.group):
        raise Http404("No such post.")
    if post.is_hidden and not can_moderate(viewer, post.group):
        raise Http404("No such post.")
    return post


def get_reply_for_user(*, viewer, reply_id):
    """A reply the viewer may read, with the same rules as its post."""
    reply = get_object_or_404(
        Reply.objects.select_related("post__group", "author"),
        pk=reply_id,
        deleted_at=None,
        post__deleted_at=None,
    )
    group = reply.post.group
    if not can_read_group(viewer, group):
        raise Http404("No such reply.")
    moderator = can_moderate(viewer, group)
    if (reply.is_hidden or reply.post.is_hidden) and not moderator:
        raise Http404("No such reply.")
    return reply


def require_post_in(user, group):
    if not can_post_in(user, group):
        raise PermissionDenied("Join this group to post, reply and react in it.")


def require_moderate(user, group):
    if not can_moderate(user, group):
        raise PermissionDenied("Only this group's leads and the staff moderate it.")
