"""Operations that migrations of several apps share."""

from django.db import migrations


def name_automatic_actors(
    app: str, model: str, public: tuple[str, ...] = ()
) -> migrations.RunPython:
    """Events written before the actor kind existed: no user means the platform acted, except
    for the actions the public takes through the portal (`public`)."""

    def forwards(apps, schema_editor):
        events = apps.get_model(app, model).objects.filter(actor__isnull=True)
        events.filter(action__in=public).update(actor_kind="public")
        events.exclude(action__in=public).update(actor_kind="system")

    return migrations.RunPython(forwards, migrations.RunPython.noop)
