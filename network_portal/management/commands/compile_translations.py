from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Compile the committed .po files in LOCALE_PATHS to .mo files. Unlike compilemessages "
        "this needs no GNU gettext on the machine, and it skips files that are up to date."
    )

    def handle(self, *args, **options):
        compiled = 0
        for locale_path in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
                if options["verbosity"] >= 2:
                    self.stdout.write(f"compiled {po_path}")
        if options["verbosity"] >= 1 and compiled:
            self.stdout.write(f"Compiled {compiled} translation file(s).")
