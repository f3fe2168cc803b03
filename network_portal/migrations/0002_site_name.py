from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def name_the_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    domain = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": "Netzwerkportal"}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("network_portal", "0001_postgres_extensions"),
        ("sites", "0002_alter_domain_unique"),
    ]
    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
