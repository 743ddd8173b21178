from django.db import migrations

from gongkai.publishing.rules import DEFAULT_CHAIN


def seed(apps, schema_editor):
    stage = apps.get_model("publishing", "ReviewStage")
    if not stage.objects.exists():
        stage.objects.bulk_create(
            stage(order=o, name=n, role=r, secrecy_check=s) for o, n, r, s in DEFAULT_CHAIN
        )


class Migration(migrations.Migration):
    dependencies = [("publishing", "0003_review_chain_and_privacy_guard")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
