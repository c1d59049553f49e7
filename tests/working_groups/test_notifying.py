"""Who the working groups tell of each event, and why (working_groups/notifying.py): the right
members, each once, for the strongest reason, and nobody else. What the ledger then emails is
notifications.tasks'; here the contract is the rows: who, kind, reason and email kind."""

import pytest

from members.models import EmailKind
from notifications.models import Notification
from notifications.services import notification_open
from notifications.targets import scope_email_off, visible_keys
from tests.factories import MemberFactory, join, make_group, make_post
from working_groups import notifying, services
from working_groups.models import GroupMembership, PostWatch, WatchLevel

pytestmark = pytest.mark.django_db


def told(event_key=None):
    """{member's name: (kind, reason, email kind)} of the notifications of an event (or all)."""
    rows = Notification.objects.select_related("user").filter(withdrawn_at=None)
    if event_key:
        rows = rows.filter(event_key=event_key)
    found = {}
    for row in rows:
        assert row.user.name not in found, f"{row.user.name} was told twice"
        found[row.user.name] = (row.kind, row.reason, row.email_kind)
    return found


def follow(group, user, level):
    membership = GroupMembership.objects.get(group=group, user=user)
    services.watch_level_set(membership=membership, level=level)


@pytest.fixture
def people(group):
    """The author of the group's posts and a member at each watch level, all in the group."""
    names = ("Amara Author", "Wanda Watching", "Nico Newposts", "Norma Normal", "Mute Muriel")
    people = {name.split()[0].lower(): MemberFactory(name=name) for name in names}
    join(group, *people.values())
    follow(group, people["wanda"], WatchLevel.WATCHING)
    follow(group, people["nico"], WatchLevel.NEW_POSTS)
    follow(group, people["mute"], WatchLevel.MUTED)
    return people


MENTIONED = ("mention", "mentioned", EmailKind.MENTIONS)
YOUR_POST = ("reply", "your_post", EmailKind.REPLIES)


# --- A new post -------------------------------------------------------------------------------


def test_a_new_post_tells_the_mentioned_and_those_who_follow_new_posts(group, people):
    services.post_create(
        group=group,
        author=people["amara"],
        body="@Norma Normal and @Mute Muriel: how do you plan?",
    )
    assert told() == {
        "Norma Normal": MENTIONED,
        "Wanda Watching": ("new_post", "watching_group", EmailKind.GROUP_ACTIVITY),
        "Nico Newposts": ("new_post", "new_posts", EmailKind.GROUP_ACTIVITY),
    }
    why = Notification.objects.get(user=people["nico"]).why
    assert why == "You follow new posts in Process"


def test_a_mention_outweighs_watching_the_group(group, people):
    services.post_create(group=group, author=people["amara"], body="@Wanda Watching, look")
    assert told()["Wanda Watching"] == MENTIONED


def test_a_post_written_with_notify_off_tells_nobody(group, people):
    services.post_create(
        group=group, author=people["amara"], body="@Norma Normal, hi", notify=False
    )
    assert told() == {}


def test_a_reaction_made_with_notify_off_tells_nobody(group, people):
    post = services.post_create(
        group=group, author=people["amara"], body="Our intake form", notify=False
    )
    services.reaction_toggle(user=people["wanda"], kind="agree", post=post, notify=False)
    assert told() == {}


def test_an_open_groups_reader_who_is_not_in_it_is_told_of_a_mention(group, people):
    reader = MemberFactory(name="Rhea Reader")
    services.post_create(group=group, author=people["amara"], body="@Rhea Reader, see this")
    assert told()["Rhea Reader"] == MENTIONED
    assert reader.notifications.get().scope_key == notifying.group_key(group.pk)


def test_a_closed_groups_outsiders_are_never_told(lead):
    closed = make_group(name="Insights", join_policy="request", leads=[lead])
    asking = MemberFactory(name="Rita Requester")
    join(closed, asking)
    outsider = MemberFactory(name="Oscar Outsider")
    services.post_create(
        group=closed, author=lead, body="@Rita Requester and @Oscar Outsider: our numbers"
    )
    assert not outsider.notifications.exists()
    assert not asking.notifications.filter(kind="mention").exists()


# --- A new reply ------------------------------------------------------------------------------


@pytest.fixture
def post(group, people):
    return make_post(group=group, author=people["amara"], title="Quarterly planning")


def test_a_reply_tells_the_author_the_threads_watchers_and_the_groups(group, people, post):
    thread_watcher = people["norma"]
    services.post_watch_set(post=post, user=thread_watcher, level="watching")
    replier = join(group, MemberFactory(name="Rafa Replier"))
    reply = services.reply_create(post=post, author=replier, body="Two weeks, no more.")
    assert told(notifying.reply_event(reply.pk)) == {
        "Amara Author": YOUR_POST,
        "Norma Normal": ("reply", "watching_thread", EmailKind.GROUP_ACTIVITY),
        "Wanda Watching": ("reply", "watching_group", EmailKind.GROUP_ACTIVITY),
    }
    notification = Notification.objects.get(user=people["amara"])
    assert notification.headline == "Rafa Replier replied to your post “Quarterly planning”"
    assert notification.url == reply.get_absolute_url()
    assert notification.target_key == notifying.post_key(post.pk)
    assert notification.change_url == f"{post.get_absolute_url()}#watch"


def test_a_reply_that_mentions_the_posts_author_tells_them_once(group, people, post):
    replier = join(group, MemberFactory(name="Rafa Replier"))
    services.reply_create(post=post, author=replier, body="@Amara Author, two weeks.")
    assert told() == {
        "Amara Author": MENTIONED,
        "Wanda Watching": ("reply", "watching_group", EmailKind.GROUP_ACTIVITY),
    }


def test_a_muted_thread_or_group_silences_even_a_mention(group, people, post):
    services.post_watch_set(post=post, user=people["wanda"], level="muted")
    services.reply_create(
        post=post, author=people["nico"], body="@Wanda Watching and @Mute Muriel: thoughts?"
    )
    assert told() == {"Amara Author": YOUR_POST}


def test_the_author_who_muted_their_own_thread_is_not_told_of_replies(group, people, post):
    services.post_watch_set(post=post, user=people["amara"], level="muted")
    services.reply_create(post=post, author=people["norma"], body="Two weeks.")
    assert "Amara Author" not in told()


def test_nobody_is_told_of_their_own_reply(group, people, post):
    first = services.reply_create(post=post, author=people["amara"], body="@Amara Author, me.")
    second = services.reply_create(post=post, author=people["wanda"], body="And me.")
    assert set(told(notifying.reply_event(first.pk))) == {"Wanda Watching"}
    assert set(told(notifying.reply_event(second.pk))) == {"Amara Author"}


def test_starting_or_replying_to_a_thread_watches_it_unless_it_was_muted(group, people, post):
    def level(who):
        return PostWatch.objects.get(post=post, user=people[who]).level

    assert level("amara") == "watching"
    services.post_watch_set(post=post, user=people["nico"], level="muted")
    services.reply_create(post=post, author=people["nico"], body="Muted, but I answer.")
    services.reply_create(post=post, author=people["norma"], body="I answer too.")
    assert (level("nico"), level("norma")) == ("muted", "watching")
    # Norma now watches the thread: the next reply reaches her.
    reply = services.reply_create(post=post, author=people["wanda"], body="A third answer.")
    assert told(notifying.reply_event(reply.pk))["Norma Normal"][1] == "watching_thread"


def test_new_posts_only_and_normal_hear_of_no_reply_that_does_not_concern_them(people, post):
    services.reply_create(post=post, author=people["wanda"], body="Two weeks.")
    assert "Nico Newposts" not in told()
    assert "Norma Normal" not in told()


def test_a_member_whose_group_emails_are_off_is_told_in_the_app_only(group, people, post):
    membership = GroupMembership.objects.get(group=group, user=people["amara"])
    services.group_emails_set(membership=membership, emails=False)
    services.reply_create(post=post, author=people["wanda"], body="Two weeks.")
    assert told()["Amara Author"] == ("reply", "your_post", "")


def test_editing_a_post_tells_only_the_members_it_newly_mentions(group, people, post):
    services.post_edit(post=post, editor=people["amara"], body="@Norma Normal, what do you say?")
    services.post_edit(
        post=post, editor=people["amara"], body="@Norma Normal and @Nico Newposts, say?"
    )
    assert told() == {"Norma Normal": MENTIONED, "Nico Newposts": MENTIONED}


# --- Reactions --------------------------------------------------------------------------------


def test_reactions_fold_into_one_unread_notification_in_the_app(group, people, post):
    for who in ("wanda", "nico", "norma"):
        services.reaction_toggle(user=people[who], kind="agree", post=post)
    services.reaction_toggle(user=people["amara"], kind="agree", post=post)  # their own
    (notification,) = Notification.objects.all()
    assert notification.user == people["amara"]
    assert (notification.kind, notification.email_kind, notification.read_at) == (
        "reaction",
        "",
        None,
    )
    assert (
        notification.headline
        == "Norma Normal and 2 others reacted to your post “Quarterly planning”"
    )


def test_after_reading_them_a_new_reaction_starts_a_new_notification(group, people, post):
    services.reaction_toggle(user=people["wanda"], kind="agree", post=post)
    notification_open(notification=Notification.objects.get())
    services.reaction_toggle(user=people["wanda"], kind="agree", post=post)  # taken back
    assert Notification.objects.count() == 1
    services.reaction_toggle(user=people["nico"], kind="thanks", post=post)
    unread = Notification.objects.get(read_at=None)
    assert unread.headline == "Nico Newposts reacted to your post “Quarterly planning”"


def test_a_reaction_to_a_reply_tells_the_replies_author(group, people, post):
    reply = services.reply_create(post=post, author=people["norma"], body="Two weeks.")
    services.reaction_toggle(user=people["wanda"], kind="insightful", reply=reply)
    notification = Notification.objects.get(kind="reaction")
    assert notification.user == people["norma"]
    assert notification.url == reply.get_absolute_url()


# --- Leads and membership decisions -----------------------------------------------------------


@pytest.fixture
def closed(lead):
    return make_group(name="Insights", join_policy="request", leads=[lead])


def test_a_join_request_tells_the_groups_leads(closed, lead):
    other_lead = MemberFactory(name="Lou Lead")
    services.group_save(group=closed, leads=[lead, other_lead])
    join(closed, MemberFactory(name="Rita Requester"))
    moderation = ("join_request", "group_lead", EmailKind.MODERATION)
    assert told() == {"Lena Lead": moderation, "Lou Lead": moderation}
    assert Notification.objects.first().headline == "Rita Requester asked to join Insights"


def test_a_request_taken_back_leaves_the_leads_bell(closed, lead):
    requester = join(closed, MemberFactory(name="Rita Requester"))
    services.membership_leave(group=closed, user=requester)
    assert told() == {}


def test_a_report_tells_the_groups_leads(group, lead, people, post):
    services.report_create(reporter=people["norma"], reason="Off topic", post=post)
    assert told() == {"Lena Lead": ("report", "group_lead", EmailKind.MODERATION)}
    assert Notification.objects.get().excerpt == "Off topic"


def test_the_member_is_told_in_the_app_when_a_lead_lets_them_in_or_declines(closed, lead):
    anna, bo = MemberFactory(name="Anna Asker"), MemberFactory(name="Bo Asker")
    join(closed, anna, bo)
    Notification.objects.all().delete()  # the leads' notifications of the requests
    services.membership_approve(membership=GroupMembership.objects.get(user=anna), decided_by=lead)
    services.membership_decline(membership=GroupMembership.objects.get(user=bo), decided_by=lead)
    assert told() == {"Anna Asker": ("membership", "your_request", ""),
                      "Bo Asker": ("membership", "your_request", "")}  # fmt: skip
    headlines = sorted(n.headline for n in Notification.objects.all())
    assert headlines == [
        "Lena Lead declined your request to join Insights",
        "Lena Lead let you into Insights",
    ]


def test_new_members_start_at_the_groups_default_and_keep_their_own(group, people, staff):
    services.group_default_watch_level_set(group=group, level="watching", by=staff)
    newcomer = join(group, MemberFactory())
    assert GroupMembership.objects.get(user=newcomer).watch_level == "watching"
    assert GroupMembership.objects.get(user=people["norma"]).watch_level == "normal"


# --- Access and withdrawal --------------------------------------------------------------------


def test_a_member_who_left_a_closed_group_is_not_told_and_loses_what_they_were(closed, lead):
    author = MemberFactory(name="Amara Author")
    join(closed, author)
    services.membership_approve(
        membership=GroupMembership.objects.get(user=author), decided_by=lead
    )
    post = make_post(group=closed, author=author, body="Our roadmap")
    services.reply_create(post=post, author=lead, body="First answer")
    assert author.notifications.filter(withdrawn_at=None).count() == 2  # let in, a reply
    services.membership_leave(group=closed, user=author)
    assert not author.notifications.filter(withdrawn_at=None).exists()
    services.reply_create(post=post, author=lead, body="Second answer")
    assert not author.notifications.filter(withdrawn_at=None).exists()


def test_an_author_who_left_an_open_group_is_still_told_of_a_reply(group, people, post):
    services.membership_leave(group=group, user=people["amara"])
    services.reply_create(post=post, author=people["norma"], body="Nice")
    assert told()["Amara Author"] == YOUR_POST


@pytest.mark.parametrize("how", ["hide", "delete"])
def test_a_post_taken_down_withdraws_what_was_told_of_it_and_its_replies(
    group, lead, people, post, how
):
    services.post_edit(post=post, editor=people["amara"], body="@Norma Normal, you?")
    services.reply_create(post=post, author=people["norma"], body="Me.")
    if how == "hide":
        services.post_hide(post=post, by=lead)
        services.post_restore(post=post, by=lead)  # restored: nothing told again
    else:
        services.post_delete(post=post, user=people["amara"])
    assert told() == {}
    assert Notification.objects.count() == 3  # Norma's mention; Amara's and Wanda's replies


@pytest.mark.parametrize("how", ["hide", "delete"])
def test_a_reply_taken_down_withdraws_only_what_was_told_of_it(group, lead, people, post, how):
    kept = services.reply_create(post=post, author=people["norma"], body="Kept.")
    gone = services.reply_create(post=post, author=people["nico"], body="@Wanda Watching, gone.")
    if how == "hide":
        services.reply_hide(reply=gone, by=lead)
    else:
        services.reply_delete(reply=gone, user=people["nico"])
    assert told(notifying.reply_event(gone.pk)) == {}
    assert set(told(notifying.reply_event(kept.pk))) == {"Amara Author", "Wanda Watching"}


def test_the_targets_are_shown_only_to_who_may_still_open_them(group, closed, lead, people, post):
    secret = make_post(group=closed, author=lead, body="Closed numbers")
    keys = {notifying.post_key(post.pk), notifying.post_key(secret.pk)}
    assert visible_keys(user=people["norma"], keys=keys) == {notifying.post_key(post.pk)}
    assert visible_keys(user=lead, keys=keys) == keys
    services.post_hide(post=post, by=lead)
    assert visible_keys(user=lead, keys=keys) == {notifying.post_key(secret.pk)}
    # The group itself (a decision on a request, a join request) is on its public page.
    group_key = notifying.group_key(closed.pk)
    assert visible_keys(user=people["norma"], keys=[group_key]) == {group_key}


def test_one_click_unsubscribe_turns_off_the_groups_emails(group, people):
    assert scope_email_off(user_id=people["norma"].pk, scope_key=notifying.group_key(group.pk))
    assert GroupMembership.objects.get(user=people["norma"]).emails_off
