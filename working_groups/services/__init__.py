"""Every write in the working groups goes through here. One module a part of the app; the
names are the package's. Side effects are enqueued by task name, never by import."""

from working_groups.services.calls import call_cancel, call_edit, call_schedule
from working_groups.services.groups import (
    group_save,
    membership_approve,
    membership_decline,
    membership_join,
    membership_leave,
)
from working_groups.services.moderation import (
    post_hide,
    post_lock,
    post_pin,
    post_restore,
    reply_hide,
    reply_restore,
    report_create,
    report_dismiss,
)
from working_groups.services.posts import MAX_TAGS, clean_tags, post_create, post_delete, post_edit
from working_groups.services.reactions import reaction_toggle
from working_groups.services.replies import reply_create, reply_delete
from working_groups.services.search import SEARCH_CONFIG
from working_groups.services.text import MAX_BODY, clean_body, render_body
from working_groups.services.watching import (
    FOLLOW_GROUP,
    group_default_watch_level_set,
    group_emails_set,
    post_watch_set,
    watch_level_set,
)

__all__ = [
    "FOLLOW_GROUP", "MAX_BODY", "MAX_TAGS", "SEARCH_CONFIG", "call_cancel", "call_edit",
    "call_schedule", "clean_body", "clean_tags",
    "group_default_watch_level_set", "group_emails_set", "group_save", "membership_approve",
    "membership_decline", "membership_join", "membership_leave", "post_create", "post_delete",
    "post_edit", "post_hide", "post_lock", "post_pin", "post_restore", "post_watch_set",
    "reaction_toggle", "render_body", "reply_create", "reply_delete", "reply_hide",
    "reply_restore", "report_create", "report_dismiss", "watch_level_set",
]  # fmt: skip
