"""Search's GIN indexes take each post and reply into the index as it is written.

With GIN's default `fastupdate`, new entries wait in a pending list that every search reads
whole, until a vacuum merges it (a manual ANALYZE does not). Twenty times the demo data,
copied in bulk, left every row in that list: each search read it all, 12 to 24 ms, and
PostgreSQL rightly chose a sequential scan of the tables instead; merged, the same queries
take 0.4 ms through the index (bench/README.md). Posts and replies are written by people, one
at a time: the few milliseconds more a write costs buys searches that do not depend on when
autovacuum last ran. The indexes' definitions in the models are unchanged (Django has no
state for this storage parameter), so this is SQL.
"""

from django.db import migrations

INDEXES = ["wg_post_search", "wg_reply_search"]


class Migration(migrations.Migration):
    dependencies = [("working_groups", "0009_series_wall_clock_help")]

    operations = [
        migrations.RunSQL(
            [
                *(f"ALTER INDEX {name} SET (fastupdate = off)" for name in INDEXES),
                # What waits in the list now is merged once; nothing waits after.
                *(f"SELECT gin_clean_pending_list('{name}'::regclass)" for name in INDEXES),
            ],
            reverse_sql=[f"ALTER INDEX {name} RESET (fastupdate)" for name in INDEXES],
        )
    ]
