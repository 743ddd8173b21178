from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database, the uploads and the secret key to one archive "
        "(a .tar.gz with a manifest of rows per table and file checksums). Safe while the platform "
        "runs; run it from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path, help="the archive to write")

    def handle(self, *args, output, **options):
        try:
            manifest = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        key = "included" if manifest["key_file"] else "not kept (GONGKAI_SECRET_KEY)"
        rows = sum(manifest["database"]["tables"].values())
        self.stdout.write(
            f"{output}: {manifest['database']['vendor']} database, "
            f"{len(manifest['database']['tables'])} tables, {rows} rows; "
            f"{len(manifest['files'])} files; secret key file {key}"
        )
