"""Back up the whole database to a directory, with a manifest to check a restore against."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_export


class Command(BaseCommand):
    help = (
        "Write every source, claim, entity, link, claim set, account, role, API token and "
        "their history to PATH (a new directory): data.exactjson.gz and manifest.json, which "
        "holds each table's row count and checksum. Restore with import_all."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="A new or empty directory.")

    def handle(self, *args, **options):
        directory = Path(options["path"])
        try:
            manifest = backup_export(directory=directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for label, table in manifest.tables.items():
            self.stdout.write(f"{label:32} {table['rows']:>9,} rows")
        total = sum(table["rows"] for table in manifest.tables.values())
        self.stdout.write(f"Backed up {total:,} rows to {directory}.")
