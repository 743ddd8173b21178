from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `gongkai backup` into an empty database and an empty upload "
        "directory (--force replaces what is there), check every checksum and row count, and "
        "rebuild this node's search index."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database and the uploads that are there",
        )

    def handle(self, *args, archive, force, **options):
        try:
            manifest, notes = restore(archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        tables = manifest["database"]["tables"]
        self.stdout.write(
            f"Restored {archive} (made {manifest['created_at']}): {len(tables)} tables, "
            f"{sum(tables.values())} rows, {len(manifest['files'])} files, checked."
        )
        if not manifest["key_file"]:
            self.stdout.write(
                "The secret key was set by GONGKAI_SECRET_KEY: set the same one here."
            )
        for note in notes:
            self.stdout.write(note)
        self.stdout.write("If this code is newer than the backup, run `gongkai migrate` now.")
