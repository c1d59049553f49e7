from django.db import migrations, models
from django.db.models.functions import Now


def confirm_existing_responses(apps, schema_editor):
    # Every response so far predates the rule that an address must be confirmed before its
    # response counts: they were counted, and keep counting. The time they are marked with is
    # this migration's; nothing better is known.
    Response = apps.get_model("surveys", "Response")
    Response.objects.filter(email_confirmed_at=None).update(email_confirmed_at=Now())


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0006_question_options_help'),
    ]

    operations = [
        migrations.AddField(
            model_name='response',
            name='email_confirmed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(confirm_existing_responses, migrations.RunPython.noop, elidable=True),
    ]
