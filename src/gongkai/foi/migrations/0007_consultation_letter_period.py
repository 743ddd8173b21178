"""The consultation letter states its period from the periods table. A stored template still
holding the text seeded from the earlier default gets the new default; one the office has
edited is its own wording and is left alone.

The seeded text is written out as it stood, not read from the defaults: a migration that
followed later edits to them would stop recognising what it was written to find."""

from django.db import migrations

KEY = "third_party_consultation"
SEEDED = (
    "本机关收到政府信息公开申请（登记号：{registration_no}），申请公开的“{subject}”"
    "可能涉及你方的合法权益。根据《中华人民共和国政府信息公开条例》第三十二条、第三十四条的规定，"
    "现书面征求你方意见。\n"
    "请自收到本意见书之日起15个工作日内提出书面意见。逾期未提出意见的，由本机关依照条例的规定"
    "决定是否公开。"
)
FROM_TABLE = SEEDED.replace("15个工作日", "{foi_third_party}")


def _replace(apps, old: str, new: str) -> None:
    LetterTemplate = apps.get_model("foi", "LetterTemplate")
    LetterTemplate.objects.filter(key=KEY, body=old).update(body=new)


def forward(apps, schema_editor):
    _replace(apps, SEEDED, FROM_TABLE)


def backward(apps, schema_editor):
    _replace(apps, FROM_TABLE, SEEDED)


class Migration(migrations.Migration):
    dependencies = [("foi", "0006_caseevent_actor_kind_remedyevent_actor_kind")]
    operations = [migrations.RunPython(forward, backward)]
