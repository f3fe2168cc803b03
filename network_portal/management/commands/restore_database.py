from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from network_portal.backups import BackupError, database_restore


class Command(BaseCommand):
    help = (
        "Restore a dump made by backup_database with pg_restore, in one transaction, into "
        "the configured database: an empty one (after migrate has NOT run), or with --clean "
        "over an existing one, whose objects in the dump are dropped first. --dry-run only "
        "lists what the dump holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the .dump file")
        parser.add_argument("--database", default="default", help="DATABASES alias")
        parser.add_argument(
            "--clean", action="store_true", help="drop the dump's objects first (overwrites)"
        )
        parser.add_argument("--dry-run", action="store_true", help="list the dump; change nothing")

    def handle(self, *args, backup, database, clean, dry_run, verbosity, **options):
        try:
            entries = database_restore(
                source=backup, database=database, clean=clean, dry_run=dry_run
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        tables = [entry for entry in entries if " TABLE DATA " in entry]
        if dry_run:
            for entry in tables if verbosity < 2 else entries:
                self.stdout.write(entry)
            self.stdout.write(f"Dry run: {len(tables)} tables in {backup}; nothing restored.")
        elif verbosity:
            self.stdout.write(self.style.SUCCESS(f"Restored {len(tables)} tables from {backup}"))
