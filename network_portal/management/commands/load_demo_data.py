from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load the demo data from the source articles (fixtures/demo.json). Natural keys make "
        "it safe to run again: existing rows are matched, not duplicated."
    )

    def handle(self, *args, **options):
        call_command("loaddata", "demo", verbosity=options["verbosity"])
