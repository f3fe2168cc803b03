"""Indexes of the lists' sort orders (core.keyset): each holds an order's keys, the primary
key last, so a page is one index range scan after the previous page's last row, at any
depth. Raw SQL on the top floor (it spans projects, members and events) and outside the
models' state: expression keys (COALESCE of a nullable column) match the expressions the
list views order by (projects/views.py, network_portal/municipality_list.py,
events/views.py)."""

from django.db import migrations

INDEXES = [
    # Project list, "newest first" (the default) and "name".
    ("project_newest_keyset", "projects_project", '"created_at", "id"'),
    ("project_title_keyset", "projects_project", '"title", "id"'),
    # Municipality list, "name" (the default) and "population, largest first".
    ("municipality_name_keyset", "members_municipality", '"name", "id"'),
    (
        "municipality_population_keyset",
        "members_municipality",
        'COALESCE("population", -1), "id"',
    ),
    # Event list, "latest first" and "name" (the default "date" order computes sections).
    ("event_starts_keyset", "events_event", 'COALESCE("starts_on", \'0001-01-01\'::date), "id"'),
    ("event_title_keyset", "events_event", '"title", "id"'),
    # Recap list, "newest first" (the default) and "name".
    ("recap_published_keyset", "events_recap", '"published_at", "id"'),
    ("recap_title_keyset", "events_recap", '"title", "id"'),
]


class Migration(migrations.Migration):
    dependencies = [
        ("network_portal", "0003_featured_projects"),
        ("projects", "0001_initial"),
        ("members", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({columns})',
            reverse_sql=f'DROP INDEX IF EXISTS "{name}"',
        )
        for name, table, columns in INDEXES
    ]
