from django.db import migrations

from gongkai.foi.paperwork import DEFAULTS


def seed(apps, schema_editor):
    LetterTemplate = apps.get_model("foi", "LetterTemplate")
    for key, (title, body) in DEFAULTS.items():
        LetterTemplate.objects.get_or_create(key=key, defaults={"title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [("foi", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
