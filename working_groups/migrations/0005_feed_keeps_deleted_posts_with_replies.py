"""The feed shows a deleted post whose replies still show, as a tombstone: its index covers
those posts too, so the feed's keyset walk still runs on it."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("working_groups", "0004_rerender_body_html_with_commonmark"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="post",
            name="wg_post_feed",
        ),
        migrations.AddIndex(
            model_name="post",
            index=models.Index(
                models.F("group"),
                models.OrderBy(models.F("is_pinned"), descending=True),
                models.OrderBy(models.F("last_activity_at"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("deleted_at", None), ("reply_count__gt", 0), _connector="OR"),
                name="wg_post_feed",
            ),
        ),
    ]
