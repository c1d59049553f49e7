"""What pages and emails contain, not only whether they open: the closed group's words reach
nobody who may not read it (pages, search, tag suggestions, emails), a post hidden by a
moderator leaves every page but its moderators', and a member who left the directory is
neither listed, found nor suggested, though still mentionable by their full name. In the
manifesto, a hidden comment is read by staff and its author only, and staff's draft by staff
only; in the library, a draft is read by those it credits and staff, and nothing unpublished
is listed, searched, fed or mapped.

The world is tests/authorization_world.py's; emails are sent by the tasks, run in this process
when the services' transactions would commit.
"""

import pytest
from django.core import mail
from django.urls import reverse

from members import services as member_services
from members.models import Profile
from notifications import digest
from pillars import services as pillar_services
from pillars.models import ManifestoVersion
from tests.authorization_world import (
    ARTICLE_TITLE,
    CLOSED_TAG,
    DRAFT_SECTION,
    DRAFT_WORDS,
    HIDDEN_COMMENT_WORDS,
    HIDDEN_NAME,
    LIBRARY_DRAFT_WORDS,
    LOGIN,
    OPEN_TAG,
    OWNERS,
    READERS,
    ROLES,
    SECRETS,
    UNPUBLISHED_WORDS,
    assert_answer,
    build_world,
    closed_words_in,
    digest_morning,
    during_last_week,
    kept_for_the_module,
    login_as,
    person,
    words_in,
)
from working_groups import services
from working_groups.models import Post, Reply

pytestmark = pytest.mark.django_db

PEOPLE = ROLES + OWNERS
NOT_READERS = set(PEOPLE) - READERS
HTMX = {"HTTP_HX_REQUEST": "true"}
# A feed cursor before every post: the next page by htmx is the whole feed.
FROM_THE_TOP = "1.99999999999999999.1"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        yield build_world()


def _get(client, world, who, url, headers=None):
    client.cookies.clear()
    login_as(client, world, who)
    return client.get(url, **(headers or {}))


def _group(slug, query=""):
    return reverse("working_groups:group", args=[slug]) + query


SEARCH = reverse("working_groups:search")

# (what, URL, headers, whether the closed group's readers see its words there)
PAGES = [
    ("the closed group's feed", _group("insights"), {}, True),
    ("a page of its feed, by htmx", _group("insights", f"?after={FROM_THE_TOP}"), HTMX, True),
    ("search for a word of its post", f"{SEARCH}?q=Contoso", {}, True),
    ("search for a word of its reply", f"{SEARCH}?q=quokka", {}, True),
    ("search results alone, by htmx", f"{SEARCH}?q=zeppelin", HTMX, True),
    ("search for its tag", f"{SEARCH}?tag={CLOSED_TAG}", {}, True),
    ("search for its words in the open group", f"{SEARCH}?q=Contoso&group=process", {}, False),
    ("tag suggestions of the search page", SEARCH, {}, True),
    (
        "tag suggestions of the open group's composer",
        reverse("working_groups:post_create", args=["process"]),
        {},
        True,
    ),
    ("the open group's feed", _group("process"), {}, False),
    ("the groups' index", reverse("working_groups:index"), {}, False),
    ("the home page", reverse("home"), {}, False),
    ("mention suggestions", reverse("working_groups:mention_suggestions") + "?q=Pe", {}, False),
    ("the member directory", reverse("members:directory"), {}, False),
]


@pytest.mark.parametrize(
    ("what", "url", "headers", "readers_see"), PAGES, ids=[p[0] for p in PAGES]
)
def test_the_closed_groups_words_reach_only_its_readers(
    client, world, what, url, headers, readers_see
):
    seen_by = []
    for who in PEOPLE:
        response = _get(client, world, who, url, headers)
        found = closed_words_in(response.content.decode(), typed=url)
        if who in NOT_READERS:
            assert not found, f"{what}, served to {who}, holds {found}"
        elif found:
            seen_by.append(who)
    if readers_see:
        # Not a vacuous check: the same page shows the words to readers who may open it.
        assert seen_by, f"{what}: no reader saw the closed group's words either"


def test_the_pages_of_the_closed_groups_post_and_reply_say_nothing_to_an_outsider(client, world):
    post, reply = world["ids"]["post"], world["ids"]["reply"]
    for url in (
        reverse("working_groups:post", args=[post]),
        reverse("working_groups:post", args=[post]) + f"?quote={reply}",
        reverse("working_groups:post_report", args=[post]),
        reverse("working_groups:reply_report", args=[reply]),
        reverse("working_groups:post_history", args=[post]),
        reverse("members:profile", args=[person(world, "author").pk]),
    ):
        for who in NOT_READERS:
            response = _get(client, world, who, url)
            assert not closed_words_in(response.content.decode()), f"{url} as {who}"


def test_the_open_groups_tags_are_suggested_to_the_outsider_and_the_closed_ones_are_not(
    client, world
):
    page = _get(client, world, "outsider", SEARCH).content.decode()
    assert OPEN_TAG in page
    assert CLOSED_TAG not in page


def test_a_hidden_post_leaves_every_page_but_its_moderators(client, world):
    post = Post.objects.select_related("group").get(pk=world["ids"]["post"])
    services.post_hide(post=post, by=person(world, "lead"))
    post_page = reverse("working_groups:post", args=[post.pk])
    pages = [
        _group("insights"),
        post_page,
        f"{SEARCH}?q=Contoso",
        f"{SEARCH}?q=quokka",
        f"{SEARCH}?tag={CLOSED_TAG}",
        SEARCH,  # its tag is suggested no more
    ]
    for who in ("member", "lead_of_other_group", "left_directory", "author"):
        for url in pages:
            if who == "author" and url == post_page:
                continue  # its author is told there why it is hidden, beside their own words
            found = closed_words_in(_get(client, world, who, url).content.decode(), typed=url)
            assert not found, f"{url}, served to {who}, holds {found}"
    told = _get(client, world, "author", post_page).content.decode()
    assert "Only you see this post" in told
    # Its moderators still find it where they take it down and bring it back.
    for who in ("lead", "staff"):
        for url in (_group("insights"), post_page):
            assert closed_words_in(_get(client, world, who, url).content.decode()), (url, who)


def test_a_hidden_reply_shows_in_no_quote_of_it(client, world):
    reply = Reply.objects.select_related("post__group").get(pk=world["ids"]["reply"])
    services.reply_hide(reply=reply, by=person(world, "lead"))
    thread = reverse("working_groups:post", args=[reply.post_id])
    login_as(client, world, "member")
    # A member quotes it all the same, by its id: in place (htmx), and in the whole thread.
    answer = client.post(
        reverse("working_groups:reply_create", args=[reply.post_id]),
        {"body": "As was said:", "quoted": reply.pk},
        **HTMX,
    )
    assert answer.status_code == 200
    for page in (answer, client.get(thread), client.get(f"{thread}?quote={reply.pk}")):
        text = page.content.decode()
        assert "As was said:" in text  # the new reply, with its quote block
        assert "quokka" not in text.lower()


# --- A member who left the directory --------------------------------------------------------

DIRECTORY = reverse("members:directory")
MENTIONS = reverse("working_groups:mention_suggestions")
MEMBERS = ("member", "staff", "lead_of_other_group", "outsider", "author")


def test_a_member_who_left_the_directory_is_neither_listed_nor_found(client, world):
    for who in MEMBERS:
        for url, headers in (
            (DIRECTORY, {}),
            (f"{DIRECTORY}?q=Hollowell", {}),
            (f"{DIRECTORY}?q=Harper", HTMX),
            (f"{DIRECTORY}?pillar=process", {}),
        ):
            page = _get(client, world, who, url, headers).content.decode()
            assert HIDDEN_NAME not in page, f"{url} as {who}"
        # The others are there, and found.
        assert "Peer Person" in _get(client, world, who, f"{DIRECTORY}?q=Peer").content.decode()


def test_a_member_who_left_the_directory_is_not_suggested_for_a_mention(client, world):
    for who in (*MEMBERS, "left_directory"):
        for typed in ("Harp", "@Harper", "Hollowell", "Harper Hollowell"):
            page = _get(client, world, who, f"{MENTIONS}?q={typed}").content.decode()
            assert HIDDEN_NAME not in page, f"{typed} as {who}"
        assert "Peer Person" in _get(client, world, who, f"{MENTIONS}?q=Peer").content.decode()


def test_the_profile_of_a_member_who_left_the_directory_is_theirs_and_the_staffs(client, world):
    url = reverse("members:profile", args=[world["people"]["left_directory"].pk])
    expected = dict.fromkeys(PEOPLE, 404) | {
        "visitor": LOGIN,
        "applicant": 403,
        "left_directory": 200,
        "staff": 200,
    }
    for who, answer in expected.items():
        response = _get(client, world, who, url)
        assert_answer(response, answer, f"{url} as {who}")
        if answer == 404:
            assert HIDDEN_NAME not in response.content.decode()


# --- The manifesto ------------------------------------------------------------------------------

V2_SECTION = reverse("pillars:section", args=[2, "process"])


def test_a_hidden_comment_is_read_on_its_section_by_staff_and_its_author_only(client, world):
    readers = SECRETS["a hidden comment"][1]
    for who in PEOPLE:
        response = _get(client, world, who, V2_SECTION)
        assert response.status_code == 200, who
        found = words_in(HIDDEN_COMMENT_WORDS, response.content.decode())
        assert bool(found) == (who in readers), f"{V2_SECTION} as {who}: {found}"


def test_a_reply_to_a_hidden_comment_is_refused_without_showing_it(client, world):
    url = reverse("pillars:comment_reply", args=[world["ids"]["hidden_comment"]])
    for who in ("member", "lead_of_other_group", "outsider"):
        client.cookies.clear()
        login_as(client, world, who)
        response = client.post(url, {"body": "As was said:"})
        assert response.status_code == 200, who  # the form again, with the reason
        text = response.content.decode()
        assert "As was said:" in text, who  # nothing typed is lost
        assert not words_in(HIDDEN_COMMENT_WORDS, text), who


def test_an_endorser_who_left_the_directory_is_counted_not_named(client, world):
    pillar_services.endorsement_create(
        version=ManifestoVersion.objects.get(number=2), member=person(world, "left_directory")
    )
    for url in (reverse("pillars:endorsers", args=[2]), reverse("pillars:version", args=[2])):
        for who in ("visitor", "member", "outsider"):
            text = _get(client, world, who, url).content.decode()
            assert HIDDEN_NAME not in text, f"{url} as {who}"
            assert "Maya Member" in text, f"{url} as {who}"  # the member, who is listed


def _manifesto_pages():
    sections = ("definition", "people", "process", "insight", "tools", "stakeholders")
    return [
        reverse("home"),
        reverse("pillars:manifesto"),
        reverse("pillars:versions"),
        reverse("pillars:version", args=[1]),
        reverse("pillars:version", args=[2]),
        reverse("pillars:compare", args=[1, 2]),
        reverse("pillars:compare", args=[2, 1]) + "?view=side",
        reverse("pillars:compare", args=[2, 2]),
        reverse("pillars:endorsers", args=[2]),
        *(reverse("pillars:section", args=[2, key]) for key in sections),
        reverse("sitemap"),
        reverse("sitemap") + "?section=manifesto",
    ]


def test_the_manifestos_draft_reaches_no_page_but_staffs(client, world):
    pages = _manifesto_pages()
    for who in PEOPLE:
        if who == "staff":
            continue
        for url in pages:
            response = _get(client, world, who, url)
            assert response.status_code == 200, f"{url} as {who}"
            found = words_in(DRAFT_WORDS, response.content.decode())
            assert not found, f"{url} as {who} holds {found}"
    # Not vacuous: staff read it on the draft's pages.
    for url in (reverse("pillars:draft"), reverse("pillars:draft_section", args=["process"])):
        assert words_in(DRAFT_WORDS, _get(client, world, "staff", url).content.decode()), url


def test_the_draft_is_not_a_version_anyone_reads_before_it_is_published(client, world):
    key = DRAFT_SECTION[0]
    for url in (
        reverse("pillars:version", args=[3]),
        reverse("pillars:compare", args=[2, 3]),
        reverse("pillars:section", args=[3, "process"]),
        reverse("pillars:section", args=[2, key]),  # its new section is not in version 2
        reverse("pillars:endorsers", args=[3]),
    ):
        for who in ("visitor", "member", "staff"):
            response = _get(client, world, who, url)
            assert response.status_code == 404, f"{url} as {who}"
            assert not words_in(DRAFT_WORDS, response.content.decode()), f"{url} as {who}"


# --- The library --------------------------------------------------------------------------------

LIBRARY = reverse("library:index")


def _library_public_pages(world):
    """The pages that read published items only, whoever asks."""
    tag = world["kwargs"]["library:tag_feed_rss"]["tag"]
    return [
        LIBRARY,
        *(f"{LIBRARY}?q={word}" for word in (*LIBRARY_DRAFT_WORDS, *UNPUBLISHED_WORDS)),
        f"{LIBRARY}?pillar=process&kind=article",
        f"{LIBRARY}?author={world['people']['member'].pk}",
        reverse("library:feed_rss"),
        reverse("library:feed_atom"),
        reverse("library:pillar_feed_rss", args=["process"]),
        reverse("library:pillar_feed_atom", args=["process"]),
        reverse("library:tag_feed_rss", args=[tag]),
        reverse("library:tag_feed_atom", args=[tag]),
        reverse("library:item", args=[world["slugs"]["article"]]),
        reverse("sitemap"),
        reverse("sitemap") + "?section=library",
        reverse("home"),
        reverse("members:profile", args=[world["people"]["member"].pk]),
        reverse("members:profile", args=[world["people"]["author"].pk]),
    ]


def test_the_list_search_feeds_sitemap_and_profiles_show_nothing_unpublished(client, world):
    pages = _library_public_pages(world)
    # Staff and the draft's member too: these pages hold published items only.
    for who in ("visitor", "applicant", "member", "staff", "lead_of_other_group", "author"):
        for url in pages:
            text = _get(client, world, who, url).content.decode()
            found = words_in((*LIBRARY_DRAFT_WORDS, *UNPUBLISHED_WORDS), text, typed=url)
            assert not found, f"{url} as {who} holds {found}"
    # Not vacuous: the published article is listed, found, fed and mapped.
    for url in (
        LIBRARY,
        f"{LIBRARY}?q=roadmaps",
        reverse("library:feed_atom"),
        reverse("members:profile", args=[world["people"]["member"].pk]),
    ):
        assert ARTICLE_TITLE in _get(client, world, "member", url).content.decode(), url
    # The sitemap is an index: the library's items are in its library section.
    library_map = reverse("sitemap") + "?section=library"
    assert world["slugs"]["article"] in _get(client, world, "visitor", library_map).text


def test_the_librarys_draft_is_read_by_those_it_credits_and_staff_only(client, world):
    preview = reverse("library:preview", args=[world["ids"]["library_draft"]])
    mine = reverse("library:mine")
    readers = SECRETS["the library's draft"][1]
    for who in PEOPLE:
        response = _get(client, world, who, preview)
        expected = 200 if who in readers else LOGIN if who == "visitor" else 404
        assert_answer(response, expected, f"{preview} as {who}")
        found = words_in(LIBRARY_DRAFT_WORDS, response.content.decode())
        assert bool(found) == (who in readers), f"{preview} as {who}: {found}"
        # "My library" lists it for its member, and the invitation to co-author it for the
        # one invited: staff's own library is their own.
        found = words_in(LIBRARY_DRAFT_WORDS, _get(client, world, who, mine).content.decode())
        assert bool(found) == (who in ("member", "lead_of_other_group")), f"{mine} as {who}"


def test_a_withdrawn_item_is_gone_for_everyone_with_its_note(client, world):
    url = reverse("library:item", args=[world["slugs"]["withdrawn"]])
    for who in ROLES:
        response = _get(client, world, who, url)
        assert response.status_code == 410, who
        assert "The essay moved away." in response.content.decode()


def test_a_preview_link_opens_only_with_its_token(client, world):
    token = world["kwargs"]["library:shared_preview"]["token"]
    opened = _get(client, world, "visitor", reverse("library:shared_preview", args=[token]))
    assert words_in(UNPUBLISHED_WORDS, opened.content.decode()) == ["pelican", "heron"]
    assert opened["X-Robots-Tag"] == "noindex, nofollow"
    tampered = token[:-4] + ("BBBB" if token.endswith("AAAA") else "AAAA")
    for who in ROLES:
        response = _get(client, world, who, reverse("library:shared_preview", args=[tampered]))
        assert response.status_code == 404, who
        assert not words_in(UNPUBLISHED_WORDS, response.content.decode()), who


# --- Emails -----------------------------------------------------------------------------------


def _text(message) -> str:
    return message.subject + message.body + "".join(str(c) for c, _ in message.alternatives)


def _emails_to(person):
    return [message for message in mail.outbox if message.to == [person.email]]


@pytest.fixture
def sent(eager_tasks, django_capture_on_commit_callbacks):
    """Run the block, then the tasks its services queued (in this process): their emails
    land in mail.outbox."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _closed_post(world):
    return Post.objects.select_related("group").get(pk=world["ids"]["post"])


def test_a_mention_is_emailed_only_to_those_who_may_read_the_group(world, sent):
    body = "@Oscar Outsider, @Rita Requester, @Harper Hollowell and @Maya Member: Contoso is close."
    with sent():
        services.post_create(
            group=_closed_post(world).group, author=person(world, "author"), body=body
        )
    # The one who left the directory is mentioned by their full name, as the app intends
    # (working_groups/selectors/suggestions.py): they read the group, so they are told.
    for who in ("left_directory", "member"):
        (message,) = _emails_to(person(world, who))
        assert "contoso" in closed_words_in(_text(message))
    for who in ("outsider", "requester"):
        assert _emails_to(person(world, who)) == [], who
    assert len(mail.outbox) == 2


def _leave_the_group(world, who):
    services.membership_leave(group=_closed_post(world).group, user=person(world, who))


def _leave_the_alliance(world, who):
    Profile.objects.filter(user=person(world, who)).update(member_since=None)


def _delete_the_account(world, who):
    member_services.account_delete(user=person(world, who))


LOSING_ACCESS = {
    "left the group": _leave_the_group,
    "left the alliance": _leave_the_alliance,  # staff ended their membership in the admin
    "deleted the account": _delete_the_account,
}


@pytest.mark.parametrize("how", LOSING_ACCESS)
def test_no_reply_email_to_an_author_who_lost_the_closed_group(world, sent, how):
    LOSING_ACCESS[how](world, "author")
    with sent():
        services.reply_create(
            post=_closed_post(world), author=person(world, "member"), body="The zeppelin is ready."
        )
    assert mail.outbox == []


def test_a_reply_is_emailed_to_an_author_who_still_reads_the_group(world, sent):
    with sent():
        services.reply_create(
            post=_closed_post(world), author=person(world, "member"), body="The zeppelin is ready."
        )
    (message,) = mail.outbox
    assert message.to == [person(world, "author").email]
    assert "zeppelin" in closed_words_in(_text(message))


def _hide_the_post(world, reply):
    services.post_hide(post=reply.post, by=person(world, "lead"))


def _delete_the_post(world, reply):
    services.post_delete(post=reply.post, user=person(world, "author"))


def _hide_the_reply(world, reply):
    services.reply_hide(reply=reply, by=person(world, "lead"))


def _delete_the_reply(world, reply):
    services.reply_delete(reply=reply, user=reply.author)


def _the_mentioned_member_leaves(world, reply):
    _leave_the_group(world, "left_directory")


SINCE = {
    "its post was hidden": _hide_the_post,
    "its post was deleted": _delete_the_post,
    "it was hidden": _hide_the_reply,
    "it was deleted": _delete_the_reply,
    "the mentioned member left the group": _the_mentioned_member_leaves,
}


@pytest.mark.parametrize("since", SINCE)
def test_no_mention_email_about_a_reply_taken_from_the_recipient_before_it_was_sent(
    world, eager_tasks, django_capture_on_commit_callbacks, since
):
    # The reply is written and its emails queued; before a worker sends them, the reply is
    # out of the recipient's reach. The email is checked when it is sent.
    with django_capture_on_commit_callbacks() as queued:
        reply = services.reply_create(
            post=_closed_post(world),
            author=person(world, "member"),
            body="@Harper Hollowell, the zeppelin budget is yours.",
        )
    SINCE[since](world, reply)
    for task in queued:
        task()
    assert _emails_to(person(world, "left_directory")) == []


def test_a_mention_in_a_reply_still_up_is_emailed(
    world, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        services.reply_create(
            post=_closed_post(world),
            author=person(world, "member"),
            body="@Harper Hollowell, the zeppelin budget is yours.",
        )
    for task in queued:
        task()
    (message,) = _emails_to(person(world, "left_directory"))
    assert "zeppelin" in closed_words_in(_text(message))


def _last_week_in_both_groups(world):
    closed = _closed_post(world).group
    services.post_create(
        group=closed,
        author=person(world, "author"),
        title="Contoso due diligence",
        body="Who has the numbers?",
        created_at=during_last_week(),
    )
    services.post_create(
        group=Post.objects.get(pk=world["ids"]["open_post"]).group,
        author=person(world, "lead_of_other_group"),
        title="Planning cadence",
        body="Quarterly or continuous?",
        created_at=during_last_week(),
    )


def test_the_digest_holds_only_the_groups_its_reader_reads(world, sent):
    _last_week_in_both_groups(world)
    with sent():
        digest.digests_schedule(now=digest_morning())
    (outsiders,) = _emails_to(person(world, "outsider"))
    assert "Planning cadence" in _text(outsiders)
    assert not closed_words_in(_text(outsiders))
    # Nobody is told of their own post: the open group's lead wrote "Planning cadence".
    (both,) = _emails_to(person(world, "lead_of_other_group"))
    assert "contoso" in closed_words_in(_text(both))
    # Asking to join is not reading; staff read every group but belong to none: what the
    # digest brings them (new library items on their pillars) holds nothing of the groups.
    for name in ("requester", "staff"):
        for message in _emails_to(person(world, name)):
            assert not closed_words_in(_text(message))
            assert "Planning cadence" not in _text(message)


def test_no_digest_of_the_closed_group_to_a_reader_who_left_it_after_it_was_queued(
    world, eager_tasks, django_capture_on_commit_callbacks
):
    _last_week_in_both_groups(world)
    with django_capture_on_commit_callbacks() as queued:
        digest.digests_schedule(now=digest_morning())
    _leave_the_group(world, "left_directory")
    for task in queued:
        task()
    # Their digest may still bring the library's new items, but nothing of the group.
    for message in _emails_to(person(world, "left_directory")):
        assert not closed_words_in(_text(message))
    (stayed,) = _emails_to(person(world, "member"))
    assert "contoso" in closed_words_in(_text(stayed))
