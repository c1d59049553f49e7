"""Every write of the manifesto goes through these services (STYLE.md: views, tasks, the admin,
commands and tests call them; nothing saves a row bare)."""

from pillars.services.comments import (
    comment_create,
    comment_delete,
    comment_edit,
    comment_hide,
    comment_resolve,
    comment_unhide,
    comment_unresolve,
)
from pillars.services.endorsements import endorsement_create, endorsement_withdraw
from pillars.services.versions import (
    draft_discard,
    draft_publish,
    draft_start,
    section_add,
    section_remove,
    section_save,
)

__all__ = [
    "comment_create",
    "comment_delete",
    "comment_edit",
    "comment_hide",
    "comment_resolve",
    "comment_unhide",
    "comment_unresolve",
    "draft_discard",
    "draft_publish",
    "draft_start",
    "endorsement_create",
    "endorsement_withdraw",
    "section_add",
    "section_remove",
    "section_save",
]
