"""Full-text search building blocks shared by the models of every app.

Stored vectors are generated columns over text search configurations that the migrations
create: `portal_german` (members/0002: unaccent, then the German Snowball stemmer) for German
prose, `portal_english` (members/0009_bilingual_texts: unaccent, then the English Snowball
stemmer) for the optional English fields (`title_en`, `summary_en`, `name_en`, ...), and
`portal_simple` (unaccent, no stemming) for names, English words and anything the
German stemmer would mangle. Both fold accents, so "Städte", "Stadte" and "STÄDTE" meet.
Typos are caught by trigram indexes over `immutable_unaccent(title)` ("Bamburg" → Bamberg).

This module imports no models, so members, projects and events can all use it.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.lookups import TrigramSimilar, TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import models
from django.db.models import ExpressionWrapper, F, FloatField, Func, TextField, Value
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

GERMAN = "portal_german"
ENGLISH = "portal_english"
SIMPLE = "portal_simple"

# Ranking reads every candidate's stored vector, so a query that matches most rows ("Stadt")
# ranks a bounded set: up to CANDIDATE_LIMIT + 1 vector matches (the extra one tells that
# there are "more than 1,000") plus the best TITLE_CANDIDATE_LIMIT typo-tolerant title
# matches, so a title hit is never crowded out by body hits.
CANDIDATE_LIMIT = 1000
TITLE_CANDIDATE_LIMIT = 200
MAX_QUERY_LENGTH = 200
# Trigram matching of shorter queries finds noise ("KI" is 67 % similar to "Kiel").
MIN_TRIGRAM_LENGTH = 4

# Private-use characters mark the highlighted words in ts_headline's output; they are
# removed from the text first, then replaced by <mark> only after the text is escaped.
START_SEL = "\ue000"
STOP_SEL = "\ue001"

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f\ue000\ue001]")


class ImmutableUnaccent(Func):
    """unaccent() is only STABLE; the wrapper (members/0002) may be used in indexes."""

    function = "immutable_unaccent"
    output_field = TextField()


def weighted_vector(*weighted_fields: tuple[str, str] | tuple[str, str, str]):
    """The stored vector: each (field, weight) once stemmed and once as written (SIMPLE).

    Stemmed in German unless a third element names the field's configuration:
    ("title_en", "A", ENGLISH) is stemmed in English."""
    vector = None
    for field, weight, *language in weighted_fields:
        for config in (language[0] if language else GERMAN, SIMPLE):
            part = SearchVector(field, config=config, weight=weight)
            vector = part if vector is None else vector + part
    return vector


def title_vector(field: str):
    """The title's words alone, for the expression index that finds title hits quickly
    even when the query's words fill the bodies of most rows."""
    return SearchVector(field, config=GERMAN) + SearchVector(field, config=SIMPLE)


def search_vector_field(*weighted_fields: tuple[str, str] | tuple[str, str, str]):
    """A model's stored search vector: a generated column, so bulk writes (bulk_create,
    ON CONFLICT updates) keep it current too. `weighted_fields` as for weighted_vector()."""
    return models.GeneratedField(
        expression=weighted_vector(*weighted_fields),
        output_field=SearchVectorField(),
        db_persist=True,
        verbose_name=_("search vector"),
    )


def search_indexes(prefix: str, title_field: str) -> list:
    """The indexes behind a model's search(): the stored vector (full-text match), the
    title's words (title hits) and the unaccented title's trigrams (typo tolerance)."""
    return [
        GinIndex(fields=["search_vector"], name=f"{prefix}_search"),
        GinIndex(title_vector(title_field), name=f"{prefix}_{title_field}_search"),
        GinIndex(
            OpClass(ImmutableUnaccent(title_field), name="gin_trgm_ops"),
            name=f"{prefix}_{title_field}_trgm",
        ),
    ]


def clean_query(text) -> str:
    """The query as searched: control characters dropped, whitespace collapsed, bounded."""
    text = _CONTROL_CHARACTERS.sub(" ", str(text or ""))
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def text_query(text: str):
    """Either configuration may match; websearch syntax never raises on odd input."""
    return SearchQuery(text, config=GERMAN, search_type="websearch") | SearchQuery(
        text, config=SIMPLE, search_type="websearch"
    )


@dataclass(frozen=True)
class SearchSpec:
    """Where a model keeps its searchable text."""

    title_field: str  # trigram-indexed as immutable_unaccent(<field>)
    snippet_field: str
    # Names are short, so whole-string similarity (threshold 0.3) suits them; titles are
    # sentences, where word similarity (0.6) finds a mistyped word inside them.
    short_titles: bool = False


def title_match(spec: SearchSpec, text: str):
    if len(text) < MIN_TRIGRAM_LENGTH:
        return None
    title = ImmutableUnaccent(F(spec.title_field))
    typed = ImmutableUnaccent(Value(text))
    if spec.short_titles:
        return TrigramSimilar(title, typed)
    return TrigramWordSimilar(title, typed)


def title_similarity(spec: SearchSpec, text: str):
    title = ImmutableUnaccent(F(spec.title_field))
    typed = ImmutableUnaccent(Value(text))
    if spec.short_titles:
        return TrigramSimilarity(title, typed)
    return TrigramWordSimilarity(typed, title)


def matching_ids(queryset, text: str, spec: SearchSpec, *, limit: int, typos: bool = True):
    """Primary keys of the bounded candidate set, a subquery in no particular order: up to
    `limit` full-text matches, the first title hits (so that a word in most texts still
    ranks its title hits), and with `typos` the best typo-tolerant title matches."""
    unordered = queryset.order_by()
    tsquery = text_query(text)
    ids = unordered.filter(search_vector=tsquery).values("pk")[:limit]
    title_limit = min(limit, TITLE_CANDIDATE_LIMIT)
    # One UNION subquery, not ORed ones: PostgreSQL joins it by primary key instead of
    # scanning the whole table to test each row against every condition.
    in_title = (
        unordered.annotate(title_vector=title_vector(spec.title_field))
        .filter(title_vector=tsquery)
        .values("pk")[:title_limit]
    )
    streams = [in_title]
    by_title = title_match(spec, text) if typos else None
    if by_title is not None:
        streams.append(unordered.filter(by_title).values("pk")[:title_limit])
    return ids.union(*streams)


def ranked_search(
    queryset, query, spec: SearchSpec, *, candidates: int | None = None, typos: bool = True
):
    """`queryset` narrowed to rows matching `query`, annotated with `rank`, best first.

    At most `candidates` full-text matches (default CANDIDATE_LIMIT + 1, so that counting
    the result tells "more than CANDIDATE_LIMIT") and TITLE_CANDIDATE_LIMIT typo-tolerant
    title matches (unless `typos` is False) are ranked. Filters applied before the call
    bound the candidates; filters applied after it only narrow the ranked set (they cannot
    bring back rows beyond the cap).
    """
    text = clean_query(query)
    if not text:
        return queryset.none()
    limit = candidates or CANDIDATE_LIMIT + 1
    ids = matching_ids(queryset, text, spec, limit=limit, typos=typos)
    rank = ExpressionWrapper(
        SearchRank(F("search_vector"), text_query(text)) + title_similarity(spec, text),
        output_field=FloatField(),
    )
    return queryset.filter(pk__in=ids).annotate(rank=rank).order_by("-rank", spec.title_field, "pk")


def capped_match_count(
    queryset, query, spec: SearchSpec, *, typos: bool = True
) -> tuple[int, bool]:
    """(number of matches up to CANDIDATE_LIMIT, whether there are more), without ranking."""
    text = clean_query(query)
    if not text:
        return 0, False
    count = matching_ids(queryset, text, spec, limit=CANDIDATE_LIMIT + 1, typos=typos).count()
    return min(count, CANDIDATE_LIMIT), count > CANDIDATE_LIMIT


def with_snippet(queryset, query, spec: SearchSpec):
    """Adds `snippet`: the snippet field's best passage, matched words between sentinels."""
    text = clean_query(query)
    source = Replace(Replace(F(spec.snippet_field), Value(START_SEL)), Value(STOP_SEL))
    return queryset.annotate(
        snippet=SearchHeadline(
            source,
            text_query(text),
            config=GERMAN,
            start_sel=START_SEL,
            stop_sel=STOP_SEL,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def marked_snippet(snippet: str) -> SafeString:
    """Escapes the snippet, then turns the sentinels into <mark> elements."""
    escaped = escape(snippet or "")
    marked = escaped.replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>")
    return mark_safe(marked)  # noqa: S308 - the text was escaped just above


def capped_count(queryset) -> tuple[int, bool]:
    """(number of results up to CANDIDATE_LIMIT, whether there are more than that)."""
    count = queryset.order_by()[: CANDIDATE_LIMIT + 1].count()
    return min(count, CANDIDATE_LIMIT), count > CANDIDATE_LIMIT
