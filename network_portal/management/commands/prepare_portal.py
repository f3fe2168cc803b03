from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from network_portal.demo_accounts import demo_accounts_ensure


class Command(BaseCommand):
    help = (
        "Everything the run command does before serving, in one process (so the embedded "
        "database starts once): compile translations, migrate, create the cache table and, "
        "with --demo-data, load the demo data and (with DEBUG on only) create demo sign-ins: "
        "an admin with an authenticator app per demo network and an officer per demo "
        "municipality that leads a project. Safe to repeat."
    )

    def add_arguments(self, parser):
        parser.add_argument("--demo-data", action="store_true", help="Load fixtures/demo.json.")

    def handle(self, *args, demo_data, verbosity, **options):
        call_command("compile_translations", verbosity=verbosity)
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        call_command("createcachetable", verbosity=verbosity)
        if demo_data:
            call_command("load_demo_data", verbosity=verbosity)
            self.demo_accounts(verbosity)

    def demo_accounts(self, verbosity):
        # Known passwords are for a developer's machine: never with DEBUG off.
        if not settings.DEBUG:
            if verbosity:
                self.stdout.write("Demo accounts are created with DEBUG=True only; none created.")
            return
        accounts = demo_accounts_ensure()
        if not verbosity:
            return
        self.stdout.write(self.style.MIGRATE_HEADING("Demo sign-ins (DEBUG only):"))
        for account in accounts:
            line = f"  {account.email}  password: {account.password}  ({account.role})"
            if account.totp_secret:
                line += f"  TOTP secret: {account.totp_secret}"
            self.stdout.write(line)
