"""Similar projects: those sharing the most topics with a project, and those with a similar
title, ranked together. Bounded: at most CANDIDATES of each kind are scored.

The ranking is cached per group of viewers who see the same projects (core.cached, dropped
on every write): a page read again reads the ranked ids and then only those rows, through
`visible_to(viewer)` once more."""

from django.contrib.postgres.search import TrigramSimilarity
from django.core.cache import cache
from django.db.models import Count, ExpressionWrapper, F, FloatField, Q, Value

from core.cached import CACHE_SECONDS, cache_key
from core.fulltext import ImmutableUnaccent
from projects.models import Project

SIMILAR_LIMIT = 5
CANDIDATES = 200
TOPIC_WEIGHT = 1.0
# A title as similar as "Smarte Parkplätze Kiel" to "Smarte Parkplätze Bamberg" (0.58)
# counts a little more than one shared topic.
TITLE_WEIGHT = 2.0


def similar_projects(project: Project, *, viewer, limit: int = SIMILAR_LIMIT) -> list[Project]:
    """Projects `viewer` may see that resemble `project`, most similar first (3 queries,
    2 when the ranking is cached), each with its `shared_topic_count`."""
    key = cache_key("similar-projects", viewer, (project.pk, limit))
    ranking = cache.get(key)
    if ranking is not None:
        shared = dict(ranking)
        found = Project.objects.visible_to(viewer).filter(pk__in=shared).with_card_data()
        for row in found:
            row.shared_topic_count = shared[row.pk]
        return sorted(found, key=lambda row: list(shared).index(row.pk))
    similar = rank_similar_projects(project, viewer=viewer, limit=limit)
    cache.set(key, [(row.pk, row.shared_topic_count) for row in similar], CACHE_SECONDS)
    return similar


def rank_similar_projects(project: Project, *, viewer, limit: int) -> list[Project]:
    """The ranking itself (3 queries)."""
    visible = Project.objects.visible_to(viewer).exclude(pk=project.pk)
    topic_ids = list(project.topics.values_list("pk", flat=True))
    title = ImmutableUnaccent(Value(project.title))
    by_title = (
        visible.order_by()
        .annotate(unaccented_title=ImmutableUnaccent("title"))
        .filter(unaccented_title__trigram_similar=title)
        .values("pk")[:CANDIDATES]
    )
    candidates = Q(pk__in=by_title)
    if topic_ids:
        # The projects sharing the most topics, counted in the link table alone.
        by_topic = (
            # Only projects the user may see compete for the candidate places.
            Project.topics.through.objects.filter(topic__in=topic_ids, project__in=visible)
            .values("project")
            .annotate(shared=Count("topic"))
            .order_by("-shared", "-project")
            .values("project")[:CANDIDATES]
        )
        candidates |= Q(pk__in=by_topic)
    if topic_ids:
        shared_topics = Count("topics", filter=Q(topics__in=topic_ids), distinct=True)
    else:
        shared_topics = Value(0)
    score = ExpressionWrapper(
        TOPIC_WEIGHT * F("shared_topic_count")
        + TITLE_WEIGHT * TrigramSimilarity(ImmutableUnaccent("title"), title),
        output_field=FloatField(),
    )
    return list(
        visible.filter(candidates)
        .annotate(shared_topic_count=shared_topics)
        .annotate(similarity=score)
        .filter(similarity__gt=0)
        .order_by("-similarity", "title", "pk")
        .with_card_data()[:limit]
    )
