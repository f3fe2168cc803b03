import django.contrib.postgres.indexes
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations

import core.fulltext

# Built CONCURRENTLY: at a million projects it takes about half a minute, during which a
# plain CREATE INDEX would block every write to the project table.


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("members", "0009_bilingual_texts"),
        ("projects", "0010_related_search_vector"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="project",
            index=django.contrib.postgres.indexes.GistIndex(
                django.contrib.postgres.indexes.OpClass(
                    core.fulltext.ImmutableUnaccent("title"), name="gist_trgm_ops"
                ),
                name="project_title_trgm_nearest",
            ),
        ),
    ]
