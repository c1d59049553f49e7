"""The working groups' pages. Each view: access helper → form → service → redirect or render.
One module a part of the app; the names are the package's (working_groups/urls.py)."""

from working_groups.views.groups import group, group_join, group_leave, index
from working_groups.views.moderation import (
    moderation,
    post_history,
    post_moderate,
    reply_moderate,
    report_dismiss,
    request_decide,
)
from working_groups.views.posts import (
    post,
    post_create,
    post_delete,
    post_edit,
    post_react,
    post_report,
)
from working_groups.views.replies import reply_create, reply_delete, reply_react, reply_report
from working_groups.views.search import mention_suggestions, search
from working_groups.views.watching import (
    default_watch_level,
    group_notifications,
    my_notifications,
    post_watch,
)

__all__ = [
    "default_watch_level", "group", "group_join", "group_leave", "group_notifications", "index",
    "mention_suggestions", "moderation", "my_notifications", "post", "post_create",
    "post_delete", "post_edit", "post_history", "post_moderate", "post_react", "post_report",
    "post_watch", "reply_create", "reply_delete", "reply_moderate", "reply_react",
    "reply_report", "report_dismiss", "request_decide", "search",
]  # fmt: skip
