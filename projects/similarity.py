"""Similar projects: those sharing the most topics with a project, and those with the most
similar title, ranked together. Bounded: at most CANDIDATES of each kind are scored, and
neither kind reads the whole project table:

- by title, the nearest titles in the trigram GiST index (`<->`, a k-nearest-neighbour scan
  that reads no table rows), as similar as `%` asks at least. Where many titles share most
  of their trigrams (the benchmark's "<template> <town>" titles) the scan reads most of
  the index: 174 MB at 1,000,000 projects, 0.4 s from memory, half a minute from a cold
  disk — the next thing to precompute;
- by topic, capped: the newest RECENT_PER_TOPIC links of each of the project's topics
  (index-only scans that stop there), counted per project, then the viewer's visible
  ones among the best CANDIDATES × OVERFETCH — and among the rest when those are too few,
  so hidden projects never crowd out what a viewer may see. Counting every link instead
  took 1 s at 1,000,000 projects (180,000 links a topic).

The ranking is cached per group of viewers who see the same projects (core.cached, a new
content generation on every write): a page read again reads the ranked ids and then only
those rows, through `visible_to(viewer)` once more."""

from collections import Counter

from django.contrib.postgres.search import TrigramDistance, TrigramSimilarity
from django.db.models import Count, ExpressionWrapper, F, FloatField, Q, Value

from core.cached import cached
from core.fulltext import ImmutableUnaccent
from projects.models import Project

SIMILAR_LIMIT = 5
CANDIDATES = 200
OVERFETCH = 4
RECENT_PER_TOPIC = 5000
TOPIC_WEIGHT = 1.0
# A title as similar as "Smarte Parkplätze Kiel" to "Smarte Parkplätze Bamberg" (0.58)
# counts a little more than one shared topic.
TITLE_WEIGHT = 2.0


def similar_projects(project: Project, *, viewer, limit: int = SIMILAR_LIMIT) -> list[Project]:
    """Projects `viewer` may see that resemble `project`, most similar first, each with its
    `shared_topic_count` (2 queries when the ranking is cached)."""
    ranking = cached(
        "similar-projects",
        viewer,
        (project.pk, limit),
        lambda: rank_similar_projects(project, viewer=viewer, limit=limit),
        facts=True,  # titles and topics
    )
    shared = dict(ranking)
    found = Project.objects.visible_to(viewer).filter(pk__in=shared).with_card_data()
    for row in found:
        row.shared_topic_count = shared[row.pk]
    order = list(shared)
    return sorted(found, key=lambda row: order.index(row.pk))


def rank_similar_projects(project: Project, *, viewer, limit: int) -> list[tuple[int, int]]:
    """The ranking itself: (id, number of shared topics) of the `limit` most similar
    projects (5 queries, a 6th when the best topic candidates are hidden)."""
    visible = Project.objects.visible_to(viewer).exclude(pk=project.pk)
    topic_ids = list(project.topics.values_list("pk", flat=True))
    title = ImmutableUnaccent(Value(project.title))
    candidates = {*title_candidates(visible, title), *topic_candidates(project, topic_ids, visible)}
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
        visible.filter(pk__in=candidates)
        .annotate(shared_topic_count=shared_topics)
        .annotate(similarity=score)
        .filter(similarity__gt=0)
        .order_by("-similarity", "title", "pk")
        .values_list("pk", "shared_topic_count")[:limit]
    )


def title_candidates(visible, title) -> list[int]:
    unaccented_title = ImmutableUnaccent("title")
    return list(
        visible.annotate(unaccented_title=unaccented_title)
        .filter(unaccented_title__trigram_similar=title)
        .order_by(TrigramDistance(unaccented_title, title))
        .values_list("pk", flat=True)[:CANDIDATES]
    )


def topic_candidates(project: Project, topic_ids: list[int], visible) -> list[int]:
    """The projects sharing the most topics with `project` among the newest
    RECENT_PER_TOPIC on each of its topics (newest first among equals), the viewer's
    visible ones only."""
    if not topic_ids:
        return []
    links = Project.topics.through.objects.exclude(project=project.pk)
    newest = [
        links.filter(topic=topic_id)
        .order_by("-project")
        .values_list("project", flat=True)[:RECENT_PER_TOPIC]
        for topic_id in topic_ids
    ]
    shared = Counter(newest[0].union(*newest[1:], all=True))
    ranked = sorted(shared, key=lambda pk: (-shared[pk], -pk))
    # The best CANDIDATES × OVERFETCH first; the rest only when the best are hidden.
    best, rest = ranked[: CANDIDATES * OVERFETCH], ranked[CANDIDATES * OVERFETCH :]
    seen = set(visible.filter(pk__in=best).values_list("pk", flat=True))
    if len(seen) < CANDIDATES and rest:
        seen |= set(visible.filter(pk__in=rest).values_list("pk", flat=True))
    return [pk for pk in ranked if pk in seen][:CANDIDATES]
