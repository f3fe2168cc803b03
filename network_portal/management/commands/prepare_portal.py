from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Everything the run command does before serving, in one process (so the embedded "
        "database starts once): compile translations, migrate, create the cache table and, "
        "with --demo-data, load the demo data. Safe to repeat."
    )

    def add_arguments(self, parser):
        parser.add_argument("--demo-data", action="store_true", help="Load fixtures/demo.json.")

    def handle(self, *args, demo_data, verbosity, **options):
        call_command("compile_translations", verbosity=verbosity)
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        call_command("createcachetable", verbosity=verbosity)
        if demo_data:
            call_command("load_demo_data", verbosity=verbosity)
