"""Words that occur in most texts leave the glossary: expanding "Stadt" to "city", "cities"
and "town" (or "Daten" to "data") finds little that the word alone does not, makes every
such search broader, and makes PostgreSQL expect so many matches that it reads the whole
table instead of the index (tests/performance/test_explain_guards.py, "search, common
word"). Staff may add them back in the admin if they miss them."""

from django.db import migrations

GENERIC = ["Stadt", "Kommune", "Daten", "Region", "Verwaltung"]


def remove_generic_words(apps, schema_editor):
    GlossaryEntry = apps.get_model("core", "GlossaryEntry")
    GlossaryEntry.objects.filter(terms__language="de", terms__text__in=GENERIC).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0002_glossary_start")]

    operations = [migrations.RunPython(remove_generic_words, migrations.RunPython.noop)]
