from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Extensions the search needs: trigram similarity (typos) and unaccent (Städte/Stadte)."""

    initial = True
    dependencies = []
    operations = [TrigramExtension(), UnaccentExtension()]
