"""Re-render the stored HTML of posts and replies with alliance.text's new parser.

Python-Markdown gave way to markdown-it-py (CommonMark): for most texts the HTML is the same;
where the two parsers differ (a list right under a paragraph, two-space nested lists), pages
would otherwise show the old rendering. Only rows whose HTML changes are written, a batch at a
time. A mention links whom it linked when written: the candidates are the people the post or
reply recorded as mentioned, and its author (whose mention of themselves is linked, not
recorded), as long as they may still be mentioned. The full-text index reads the Markdown,
not the HTML: it stays as it is.
"""

from django.db import migrations
from django.db.models import Q
from django.urls import reverse

from alliance import text

BATCH = 500


def _rerender(model, mention_field, apps):
    User = apps.get_model("members", "User")
    Mention = apps.get_model("working_groups", "Mention")
    last_id = 0
    while True:
        batch = list(
            model.objects.filter(pk__gt=last_id)
            .order_by("pk")
            .only("pk", "author_id", "body_markdown", "body_html")[:BATCH]
        )
        if not batch:
            return
        last_id = batch[-1].pk
        with_at = [row for row in batch if "@" in row.body_markdown]
        people = {row.pk: {row.author_id} for row in with_at}
        for target_id, user_id in Mention.objects.filter(
            **{f"{mention_field}__in": people}
        ).values_list(mention_field, "user_id"):
            people[target_id].add(user_id)
        mentionable = {
            user.pk: text.Mentionable(
                name=user.name, url=reverse("members:profile", args=[user.pk]), who=user.pk
            )
            for user in User.objects.filter(
                Q(pk__in=set().union(*people.values())),
                deleted_at=None,
                profile__member_since__isnull=False,
            )
        }
        changed = []
        for row in batch:
            candidates = [mentionable[pk] for pk in people.get(row.pk, ()) if pk in mentionable]
            html = text.render(row.body_markdown, mentionable=lambda words, c=candidates: c).html
            if html != row.body_html:
                row.body_html = html
                changed.append(row)
        model.objects.bulk_update(changed, ["body_html"])


def rerender(apps, schema_editor):
    _rerender(apps.get_model("working_groups", "Post"), "post_id", apps)
    _rerender(apps.get_model("working_groups", "Reply"), "reply_id", apps)


class Migration(migrations.Migration):
    dependencies = [
        ("working_groups", "0003_weekly_digest"),
        ("members", "0002_profiles_and_applications"),
    ]

    # No way back: the old parser is gone, and its HTML was no safer than this one.
    operations = [migrations.RunPython(rerender, migrations.RunPython.noop, elidable=True)]
