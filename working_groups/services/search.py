"""The full-text index kept with each post and reply (searched by selectors.search)."""

from django.contrib.postgres.search import SearchVector

SEARCH_CONFIG = "english"


def post_search_vector():
    """A post's title weighs more than its body."""
    return SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "body_markdown", weight="B", config=SEARCH_CONFIG
    )


def reply_search_vector():
    return SearchVector("body_markdown", weight="B", config=SEARCH_CONFIG)
