"""The library's search index takes each item into the index as it is written, as the working
groups' do (working_groups 0010): no pending list for every search to read whole until a
vacuum merges it. Items are written by people, one at a time."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("library", "0001_library")]

    operations = [
        migrations.RunSQL(
            [
                "ALTER INDEX library_item_search SET (fastupdate = off)",
                "SELECT gin_clean_pending_list('library_item_search'::regclass)",
            ],
            reverse_sql=["ALTER INDEX library_item_search RESET (fastupdate)"],
        )
    ]
