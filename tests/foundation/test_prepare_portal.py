from django.conf import settings
from django.core.management import call_command
from django.db import connection

from members.models import Municipality, Network
from projects.models import Project


def row_counts():
    return {model.__name__: model.objects.count() for model in (Network, Municipality, Project)}


def test_prepare_portal_loads_the_demo_data_and_a_second_run_changes_nothing(transactional_db):
    call_command("prepare_portal", "--demo-data", verbosity=0)
    first = row_counts()
    project_stamps = dict(Project.objects.values_list("slug", "updated_at"))

    call_command("prepare_portal", "--demo-data", verbosity=0)

    assert first["Network"] == 3
    assert row_counts() == first
    assert dict(Project.objects.values_list("slug", "updated_at")) == project_stamps
    if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        assert "portal_cache" in connection.introspection.table_names()
