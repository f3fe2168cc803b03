from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from network_portal.backups import BackupError, database_backup


class Command(BaseCommand):
    help = (
        "Dump the whole portal database (every table, schema and data) with pg_dump in "
        "custom format, to --output or to BACKUP_DIR/portal-<date>-<time>.dump. Safe to run "
        "from cron; it writes a new file each time and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="file to write (default: BACKUP_DIR)")
        parser.add_argument("--database", default="default", help="DATABASES alias")

    def handle(self, *args, output, database, verbosity, **options):
        try:
            path = database_backup(target=output, database=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if verbosity:
            size = path.stat().st_size
            self.stdout.write(self.style.SUCCESS(f"Backup written to {path} ({size} bytes)"))
