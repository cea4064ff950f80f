"""Restore a backup made by export_all into a new database, and check every table."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, Manifest, backup_import, backup_verify


class Command(BaseCommand):
    help = (
        "Load a backup made by export_all into this database (migrated, with no accounts or "
        "sources yet), then compare every table's row count and checksum with the backup's "
        "manifest; on any difference nothing is kept. With --verify, only compare."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="The directory export_all wrote.")
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Write nothing: report the tables of this database that differ from the backup.",
        )

    def handle(self, *args, **options):
        directory = Path(options["path"])
        try:
            if options["verify"]:
                differing = backup_verify(manifest=Manifest.read(directory))
                if differing:
                    raise CommandError(f"Differs from the backup in: {', '.join(differing)}.")
                self.stdout.write("Every table matches the backup.")
                return
            manifest = backup_import(directory=directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(table["rows"] for table in manifest.tables.values())
        self.stdout.write(
            f"Restored {total:,} rows from the backup of {manifest.created_at}; "
            "every table matches its checksum."
        )
