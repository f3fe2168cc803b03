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
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.lookups import TrigramSimilar, TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchQueryField,
    SearchRank,
    SearchVector,
    SearchVectorField,
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.db import models
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from core.bilingual import ENGLISH as EN
from core.bilingual import GERMAN as DE
from core.bilingual import reader_language

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


# The configurations a query is read with, OR-ed: a German text matches the German stems,
# an English one (the `*_en` fields) the English stems, a name the words as written.
QUERY_CONFIGS = (GERMAN, ENGLISH, SIMPLE)
# Longest glossary phrase looked up ("öffentlicher Personennahverkehr" is three words less).
MAX_PHRASE_WORDS = 4
_EDGE_PUNCTUATION = ".,;:!?()[]{}\"'„“”‚‘’«»"
_SPELLED_UMLAUTS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"))


def normalized(text: str) -> str:
    """Lower case, accents folded, as GlossaryTerm.normalized is (unaccent in the database):
    "Bürger" and "burger" meet."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def umlaut_spelling(word: str) -> str:
    """The word with spelled-out umlauts written as umlauts ("Buergerbeteiligung" →
    "Bürgerbeteiligung"), or "" when it has none: a keyboard without them types "ue"."""
    spelled = word
    for pair, umlaut in _SPELLED_UMLAUTS:
        spelled = spelled.replace(pair, umlaut).replace(pair.capitalize(), umlaut.upper())
    return spelled if spelled != word else ""


def query_words(text: str) -> list[str]:
    return [word for word in text.split() if word.strip(_EDGE_PUNCTUATION)]


def word_key(word: str) -> str:
    return normalized(word.strip(_EDGE_PUNCTUATION))


def phrase_keys(text: str) -> set[str]:
    """Every phrase of up to MAX_PHRASE_WORDS consecutive words, normalized, also with
    spelled-out umlauts as umlauts: what the glossary is asked about."""
    words = query_words(text)
    keys = set()
    for start in range(len(words)):
        for end in range(start + 1, min(start + MAX_PHRASE_WORDS, len(words)) + 1):
            phrase = " ".join(words[start:end])
            keys.add(" ".join(word_key(word) for word in words[start:end]))
            if spelled := umlaut_spelling(phrase):
                keys.add(" ".join(word_key(word) for word in spelled.split()))
    keys.discard("")
    return keys


def uses_search_syntax(text: str) -> bool:
    """Quotes, `or` and `-word` are websearch syntax: such a query is read as written."""
    operators = (
        word.lower() == "or" or (word.startswith("-") and len(word) > 1) for word in text.split()
    )
    return '"' in text or any(operators)


@dataclass(frozen=True)
class PreparedQuery:
    """A query as the search reads it: the words typed, each with its alternatives.

    `concepts` holds one tuple per word (or glossary phrase) typed, the typed form first,
    then its spelling with umlauts and its glossary synonyms in both languages; a row
    matches when every concept matches in one of its forms. A query in websearch syntax
    has no concepts and is read as written."""

    text: str
    concepts: tuple[tuple[str, ...], ...] = ()
    # The tsquery as PostgreSQL wrote it (core.glossary.resolve_tsquery): each form read
    # with each configuration once, repeats dropped. "" until resolved.
    tsquery: str = ""

    def __str__(self):
        return self.text

    def __bool__(self):
        return bool(self.text)


def prepare(text, synonyms: dict[str, tuple[str, ...]] | None = None) -> PreparedQuery:
    """`text` cleaned and split into concepts. `synonyms` maps a normalized glossary term
    to the terms of its entries (core.glossary.prepare_query() looks them up); the longest
    phrase of the query that is a glossary term becomes one concept."""
    text = clean_query(text)
    if not text or uses_search_syntax(text):
        return PreparedQuery(text)
    synonyms = synonyms or {}
    words = query_words(text)
    concepts = []
    start = 0
    while start < len(words):
        for end in range(min(start + MAX_PHRASE_WORDS, len(words)), start, -1):
            phrase = " ".join(words[start:end])
            forms = [phrase]
            if spelled := umlaut_spelling(phrase):
                forms.append(spelled)
            found = [term for form in forms for term in synonyms.get(keyed(form), ())]
            if found or end == start + 1:
                break
        concepts.append(distinct_forms([*forms, *found]))
        start = end
    return PreparedQuery(text, tuple(concepts))


def keyed(phrase: str) -> str:
    return " ".join(word_key(word) for word in phrase.split())


def distinct_forms(forms) -> tuple[str, ...]:
    seen, kept = set(), []
    for form in forms:
        key = normalized(form)
        if key not in seen:
            seen.add(key)
            kept.append(form)
    return tuple(kept)


def as_prepared(query) -> PreparedQuery:
    """A PreparedQuery as given; a string prepared without the glossary."""
    return query if isinstance(query, PreparedQuery) else prepare(query)


def text_query(query):
    """The tsquery of a query (a PreparedQuery or a string): every concept in one of its
    forms, each form read with every configuration of QUERY_CONFIGS (a phrase's words in
    their order). Websearch syntax is read as written; neither ever raises on odd input."""
    query = as_prepared(query)
    if query.tsquery:
        # Resolved once per request: a literal, so the planner estimates the lexemes as
        # they are (three configurations often give the same lexeme three times, which it
        # counted three times and so preferred a sequential scan).
        return TsQuery("%s::tsquery", (query.tsquery,))
    if not query.concepts:
        sql, params = _any_config(query.text, "websearch_to_tsquery")
        return TsQuery(sql, tuple(params))
    parts, params = [], []
    for forms in query.concepts:
        alternatives = [_any_config(form, "phraseto_tsquery") for form in forms]
        parts.append("(" + " || ".join(sql for sql, _ in alternatives) + ")")
        params += [param for _, form_params in alternatives for param in form_params]
    return TsQuery(" && ".join(parts), tuple(params))


def _any_config(text: str, function: str) -> tuple[str, list]:
    calls = [f"{function}(%s::regconfig, %s)" for _config in QUERY_CONFIGS]
    params = [value for config in QUERY_CONFIGS for value in (config, text)]
    return "(" + " || ".join(calls) + ")", params


class TsQuery(SearchQuery):
    """A tsquery written as SQL once: a query with its glossary forms would otherwise be a
    tree of dozens of SearchQuery expressions that Django copies and resolves in every
    place a query uses it (the match, the rank, the snippet), which cost more time than
    the database took. Only the function names above go into the text; the configurations
    and the words are parameters."""

    def __init__(self, sql: str, params: tuple):
        # A SearchQuery, so that lookups and SearchRank take it as it is; no arguments of
        # its own to resolve.
        Func.__init__(self, output_field=SearchQueryField())
        self.config = None
        self.invert = False
        self.sql = sql
        self.params = params

    def as_sql(self, compiler, connection):
        return f"({self.sql})", list(self.params)


@dataclass(frozen=True)
class SearchSpec:
    """Where a model keeps its searchable text."""

    title_field: str  # trigram-indexed as immutable_unaccent(<field>)
    snippet_field: str
    # Names are short, so whole-string similarity (threshold 0.3) suits them; titles are
    # sentences, where word similarity (0.6) finds a mistyped word inside them.
    short_titles: bool = False
    # A second stored vector with what the row is linked to (a project's topics, partners,
    # places and networks), kept current by triggers; it matches like the own vector and
    # ranks by its lower weights. "" for none.
    related_field: str = ""
    # The English counterpart of snippet_field (core.bilingual): English readers get their
    # snippet from it where it has words. "" for none.
    snippet_field_en: str = ""


def title_match(spec: SearchSpec, text: str):
    if len(text) < MIN_TRIGRAM_LENGTH:
        return None
    title = ImmutableUnaccent(F(spec.title_field))
    typed = ImmutableUnaccent(Value(text))
    if spec.short_titles:
        # A name is close as a whole ("Bamburg") or has a word close to the query
        # ("Kemptn" in "Kempten (Allgäu)"); the trigram index serves both.
        return Q(TrigramSimilar(title, typed)) | Q(TrigramWordSimilar(title, typed))
    return TrigramWordSimilar(title, typed)


def title_similarity(spec: SearchSpec, text: str):
    title = ImmutableUnaccent(F(spec.title_field))
    typed = ImmutableUnaccent(Value(text))
    if spec.short_titles:
        # Ranked as a whole even when a word matched: "Bamburg" is as close to Hamburg as
        # to Bamberg word by word, but closer to Bamberg as a whole.
        return TrigramSimilarity(title, typed)
    return TrigramWordSimilarity(typed, title)


def searched_vector(spec: SearchSpec):
    """What ranking reads: the own vector, and the related one beside it (an empty
    tsvector where a row has none yet)."""
    if not spec.related_field:
        return F("search_vector")
    return CombinedExpression(
        F("search_vector"), "||", F(spec.related_field), output_field=SearchVectorField()
    )


def matching_ids(queryset, query, spec: SearchSpec, *, limit: int, typos: bool = True):
    """Primary keys of the bounded candidate set, a subquery in no particular order: up to
    `limit` full-text matches, the first title hits (so that a word in most texts still
    ranks its title hits), up to `limit` matches of the related vector, and with `typos`
    the best typo-tolerant title matches."""
    query = as_prepared(query)
    unordered = queryset.order_by()
    tsquery = text_query(query)
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
    if spec.related_field:
        related = {spec.related_field: tsquery}
        streams.append(unordered.filter(**related).values("pk")[:limit])
    by_title = title_match(spec, query.text) if typos else None
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
    query = as_prepared(query)
    if not query:
        return queryset.none()
    limit = candidates or CANDIDATE_LIMIT + 1
    ids = matching_ids(queryset, query, spec, limit=limit, typos=typos)
    ranked = rank_rows(queryset.filter(pk__in=ids), query, spec)
    # The candidate set's own query (a UNION of index scans), for callers that need only
    # the ids (core.search_filters): reading them through the ranked rows made PostgreSQL
    # hash the UNION against a scan of the whole table.
    ranked.search_candidates = ids
    return ranked


def candidate_pks(ranked) -> list:
    """The primary keys of the candidate set behind a queryset ranked_search() returned."""
    return [row["pk"] for row in ranked.search_candidates]


def rank_rows(queryset, query, spec: SearchSpec):
    """`queryset` annotated with `rank` for `query` and ordered by it, best first."""
    query = as_prepared(query)
    rank = ExpressionWrapper(
        SearchRank(searched_vector(spec), text_query(query)) + title_similarity(spec, query.text),
        output_field=FloatField(),
    )
    return queryset.annotate(rank=rank).order_by("-rank", spec.title_field, "pk")


def capped_match_count(
    queryset, query, spec: SearchSpec, *, typos: bool = True
) -> tuple[int, bool]:
    """(number of matches up to CANDIDATE_LIMIT, whether there are more), without ranking."""
    query = as_prepared(query)
    if not query:
        return 0, False
    count = matching_ids(queryset, query, spec, limit=CANDIDATE_LIMIT + 1, typos=typos).count()
    return min(count, CANDIDATE_LIMIT), count > CANDIDATE_LIMIT


def with_snippet(queryset, query, spec: SearchSpec):
    """Adds `snippet`, the snippet field's best passage with the matched words between
    sentinels, and `snippet_lang`: an English reader's snippet comes from the English field
    where it has words (read with the English configuration), otherwise from the German."""
    german = _headline(spec.snippet_field, query, GERMAN)
    if not spec.snippet_field_en or reader_language() != EN:
        return queryset.annotate(snippet=german, snippet_lang=Value(DE))
    has_english = Q(**{f"{spec.snippet_field_en}__regex": r"\S"})
    return queryset.annotate(
        snippet=Case(
            When(has_english, then=_headline(spec.snippet_field_en, query, ENGLISH)),
            default=german,
        ),
        snippet_lang=Case(When(has_english, then=Value(EN)), default=Value(DE)),
    )


def _headline(field: str, query, config: str):
    source = Replace(Replace(F(field), Value(START_SEL)), Value(STOP_SEL))
    return SearchHeadline(
        source,
        text_query(query),
        config=config,
        start_sel=START_SEL,
        stop_sel=STOP_SEL,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
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
