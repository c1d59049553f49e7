"""Reads that feed the working groups' pages, each with its own joins so a page's query count
is fixed. One module a part of the app; the names are the package's. Which groups a viewer
reads is working_groups.access's rule (readable_group_ids), which search applies."""

from working_groups.selectors.digest import digest_posts, digest_section
from working_groups.selectors.feed import (
    FEED_PAGE_SIZE,
    FeedPage,
    decode_cursor,
    encode_cursor,
    group_feed,
    post_thread,
    post_thread_reply,
)
from working_groups.selectors.groups import group_index, group_people, my_groups, thread_watch
from working_groups.selectors.moderation import ModerationQueue, moderation_queue
from working_groups.selectors.reactions import (
    ReactionButton,
    attach_reactions,
    reaction_buttons,
    reaction_buttons_for,
)
from working_groups.selectors.search import SEARCH_CONFIG, SEARCH_LIMIT, SearchHit, search
from working_groups.selectors.suggestions import mention_suggestions, popular_tags

__all__ = [
    "FEED_PAGE_SIZE", "SEARCH_CONFIG", "SEARCH_LIMIT", "FeedPage", "ModerationQueue",
    "ReactionButton", "SearchHit", "attach_reactions", "decode_cursor", "digest_posts",
    "digest_section", "encode_cursor", "group_feed", "group_index", "group_people",
    "mention_suggestions", "moderation_queue", "my_groups", "popular_tags", "post_thread",
    "post_thread_reply", "reaction_buttons", "reaction_buttons_for", "search", "thread_watch",
]  # fmt: skip
