"""The emails of the working groups: mentions and replies, each with a one-click unsubscribe."""

from django.urls import reverse

from alliance.emails import absolute, send
from members.emails import unsubscribe_headers
from members.models import EmailKind
from working_groups.models import Mention, Reply


def send_mention(*, mention: Mention) -> None:
    target = mention.target
    post = mention.post or mention.reply.post
    send(
        to=mention.user.email,
        subject=f"{mention.mentioned_by.display_name} mentioned you in {post.group.name}",
        template="working_groups/emails/mention",
        context={
            "user": mention.user,
            "author": mention.mentioned_by,
            "group": post.group,
            "post": post,
            "excerpt": target.body_markdown[:500],
            "url": absolute(target.get_absolute_url()),
            "preferences_url": absolute(reverse("members:email_preferences")),
        },
        headers=unsubscribe_headers(user_id=mention.user_id, kind=EmailKind.MENTIONS),
    )


def send_reply(*, reply: Reply) -> None:
    post = reply.post
    send(
        to=post.author.email,
        subject=f"{reply.author.display_name} replied to your post in {post.group.name}",
        template="working_groups/emails/reply",
        context={
            "user": post.author,
            "author": reply.author,
            "group": post.group,
            "post": post,
            "excerpt": reply.body_markdown[:500],
            "url": absolute(reply.get_absolute_url()),
            "preferences_url": absolute(reverse("members:email_preferences")),
        },
        headers=unsubscribe_headers(user_id=post.author_id, kind=EmailKind.REPLIES),
    )


def send_digest(*, delivery, groups) -> None:
    send(
        to=delivery.user.email,
        subject=f"Your working groups, week of {delivery.week_start:%B %-d}",
        template="working_groups/emails/digest",
        context={
            "user": delivery.user,
            "week_start": delivery.week_start,
            "groups": [
                {
                    "name": item.group.name,
                    "url": absolute(item.group.get_absolute_url()),
                    "new_posts": item.new_posts,
                    "posts": [
                        {
                            "title": post.title or post.body_markdown[:80],
                            "author": post.author.display_name,
                            "replies": post.reply_count,
                            "url": absolute(post.get_absolute_url()),
                        }
                        for post in item.posts
                    ],
                }
                for item in groups
            ],
            "preferences_url": absolute(reverse("members:email_preferences")),
        },
        headers=unsubscribe_headers(user_id=delivery.user_id, kind=EmailKind.DIGEST),
    )
