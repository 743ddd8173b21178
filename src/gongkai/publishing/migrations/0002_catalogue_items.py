from django.db import migrations

from gongkai.publishing.taxonomy import CATALOGUE


def seed(apps, schema_editor):
    CatalogueItem = apps.get_model("publishing", "CatalogueItem")
    for order, (code, name, basis, children) in enumerate(CATALOGUE, start=1):
        parent, _ = CatalogueItem.objects.get_or_create(
            code=code, defaults={"name": name, "basis": basis, "sort_order": order * 10}
        )
        for child_order, (child_code, child_name) in enumerate(children, start=1):
            CatalogueItem.objects.get_or_create(
                code=child_code,
                defaults={"name": child_name, "parent": parent, "sort_order": child_order},
            )


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
