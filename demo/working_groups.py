"""Demo working groups for `make run`: the five groups of the brief and a few hundred posts.

The groups are in demo/data/groups.toml; the conversations, written out or built from topics,
in demo/data/threads.toml. Everything goes through the services (posts and replies with
notifications off), so the counts, the rendered HTML, the search vectors and the mentions are
what the site itself would have made. What the history still told members (reactions to their
posts, join requests to leads, requests let in) is dated back into the history and read, in
the same transaction, so nothing of it is emailed when the seed commits. Groups that already
have posts are left alone: a second run adds nothing.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from demo.load import read
from members.models import User
from notifications.models import Notification
from notifications.services import notifications_read_all
from notifications.targets import split
from working_groups import services
from working_groups.models import GroupMembership, Post, ReactionKind, WorkingGroup

GROUPS = read("groups")["groups"]
_CONVERSATIONS = read("threads")
THREADS = _CONVERSATIONS["threads"]
TOPICS = _CONVERSATIONS["topics"]
OPENERS = _CONVERSATIONS["openers"]

POSTS_PER_GROUP = 55
DAYS_OF_HISTORY = 120


def _demo_members() -> list[User]:
    return list(
        User.objects.filter(
            profile__member_since__isnull=False, deleted_at=None, is_staff=False
        ).order_by("email")
    )


def _ensure_group(spec, members_by_email) -> WorkingGroup:
    group = WorkingGroup.objects.filter(slug=spec["slug"]).first()
    if group is not None:
        return group
    leads = [members_by_email[email] for email in spec["leads"] if email in members_by_email]
    group = WorkingGroup(
        name=spec["name"],
        slug=spec["slug"],
        purpose=spec["purpose"],
        pillar=spec["pillar"],
        join_policy=spec["join_policy"],
    )
    return services.group_save(group=group, leads=leads)


def _a_lead(group):
    lead = group.memberships.filter(role=GroupMembership.Role.LEAD).select_related("user").first()
    return lead.user if lead else None


def _fill_membership(group, members, rng) -> list[User]:
    # Most join; in the request-to-join group a few requests stay open for the leads' queue.
    share = 0.35 if group.join_policy == WorkingGroup.JoinPolicy.REQUEST else 0.7
    for person in members:
        if rng.random() < share:
            membership = services.membership_join(group=group, user=person)
            if membership.state == GroupMembership.State.REQUESTED and rng.random() < 0.8:
                services.membership_approve(membership=membership, decided_by=_a_lead(group))
    active = GroupMembership.objects.filter(group=group, state=GroupMembership.State.ACTIVE)
    return [m.user for m in active.select_related("user__profile").order_by("user__email")]


def _react(rng, people, **target):
    # The background chatter's reactions tell nobody (thousands of them would make seeding
    # slow and the bells noisy); demo/notifications.py replays the ones a member is told of.
    for person in rng.sample(people, k=min(len(people), rng.randint(0, 6))):
        services.reaction_toggle(
            user=person, kind=rng.choice(ReactionKind.values), notify=False, **target
        )


def _ensure_joined(group, person):
    services.membership_join(group=group, user=person)
    membership = GroupMembership.objects.get(group=group, user=person)
    if not membership.is_active:
        services.membership_approve(membership=membership, decided_by=_a_lead(group))


def _written_threads(group, by_email, rng, when):
    for thread in THREADS:
        if thread["group"] != group.slug or thread["author"] not in by_email:
            continue
        _ensure_joined(group, by_email[thread["author"]])
        at = when()
        post = services.post_create(
            group=group,
            author=by_email[thread["author"]],
            title=thread["title"],
            body=thread["body"],
            tags=thread["tags"],
            notify=False,
            created_at=at,
        )
        for reply in thread["replies"]:
            if reply["author"] not in by_email:
                continue
            _ensure_joined(group, by_email[reply["author"]])
            at = min(at + timedelta(hours=rng.randint(1, 30)), timezone.now())
            services.reply_create(
                post=post,
                author=by_email[reply["author"]],
                body=reply["body"],
                notify=False,
                created_at=at,
            )
        yield post


def _short_posts(group, people, rng, when, count):
    topics = [topic for topic in TOPICS if group.slug in topic["groups"]]
    for _ in range(count):
        topic = rng.choice(topics)
        author = rng.choice(people)
        thing = rng.choice(topic["things"])
        profile = author.profile
        opener = rng.choice(OPENERS).format(
            company=profile.company, size=profile.get_org_size_display().lower()
        )
        situation = rng.choice(topic["situations"])
        body = f"{opener} {situation}".strip() + f"\n\n{rng.choice(topic['questions'])}"
        others = [person for person in people if person != author]
        if others and rng.random() < 0.3:
            body += f" @{rng.choice(others).name}, I remember you solved something like this."
        at = when()
        post = services.post_create(
            group=group,
            author=author,
            title=rng.choice(topic["titles"]).format(thing=thing).capitalize(),
            body=body,
            tags=[*topic["tags"], thing.split()[-1]][:3] if rng.random() < 0.5 else topic["tags"],
            notify=False,
            created_at=at,
        )
        for text in rng.sample(topic["replies"], k=rng.randint(0, len(topic["replies"]))):
            replier = rng.choice(others or people)
            at = min(at + timedelta(hours=rng.randint(1, 48)), timezone.now())
            if rng.random() < 0.25:
                text = f"@{author.name} {text}"
            reply = services.reply_create(
                post=post, author=replier, body=text, notify=False, created_at=at
            )
            _react(rng, people, reply=reply)
        yield post


def _settle_history(*, since: int, start, rng) -> None:
    """What the history told members happened then, and they have read it: a reaction soon
    after its post, a request or a decision on one in the groups' first weeks."""
    told = list(Notification.objects.filter(pk__gt=since))
    targets = {row.pk: split(row.target_key) for row in told}
    posted = dict(
        Post.objects.filter(
            pk__in=[pk for prefix, pk in targets.values() if prefix == "working_groups.post"]
        ).values_list("pk", "created_at")
    )
    latest = timezone.now() - timedelta(days=1)
    for row in told:
        prefix, pk = targets[row.pk]
        at = posted.get(pk) if prefix == "working_groups.post" else None
        at = (at or start + timedelta(days=rng.randint(0, 14))) + timedelta(
            hours=rng.randint(1, 30)
        )
        row.created_at = min(at, latest)
        row.read_at = row.created_at + timedelta(hours=rng.randint(1, 20))
    for user in User.objects.filter(pk__in={row.user_id for row in told}):
        notifications_read_all(user=user)
    # Dates moved back after the fact, as the other loaders move theirs.
    Notification.objects.bulk_update(told, ["created_at", "read_at"], batch_size=500)


def load_demo_working_groups() -> int:
    """Create the demo groups and their conversations if missing; returns posts created."""
    members = _demo_members()
    if not members:
        return 0
    since = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        created = _load(members)
        start = timezone.now() - timedelta(days=DAYS_OF_HISTORY)
        _settle_history(since=since, start=start, rng=random.Random("history"))
    return created


def _load(members) -> int:
    by_email = {person.email: person for person in members}
    created = 0
    for number, spec in enumerate(GROUPS):
        group = _ensure_group(spec, by_email)
        if group.posts.exists():
            continue
        # Seeded per group, so every run writes the same conversations: not a secret.
        rng = random.Random(f"{spec['slug']}-{number}")
        people = _fill_membership(group, members, rng)
        start = timezone.now() - timedelta(days=DAYS_OF_HISTORY)
        moments = sorted(
            start + timedelta(minutes=rng.randint(0, DAYS_OF_HISTORY * 24 * 60 - 600))
            for _ in range(POSTS_PER_GROUP + 10)
        )
        clock = iter(moments)

        def when(clock=clock):
            return next(clock)

        posts = list(_written_threads(group, by_email, rng, when))
        people = _fill_membership(group, [], rng) or people
        posts += list(_short_posts(group, people, rng, when, POSTS_PER_GROUP - len(posts)))
        for post in posts:
            _react(rng, people, post=post)
        leads = [m.user for m in group.memberships.filter(role="lead").select_related("user")]
        if leads and posts:
            services.post_pin(post=posts[0], by=leads[0])
        created += len(posts)
    return created


def demo_summary() -> str:
    groups = WorkingGroup.objects.count()
    posts = sum(WorkingGroup.objects.values_list("post_count", flat=True))
    return f"{groups} working groups, {posts} posts"
