"""Queries read through the glossary (core/models.py): "data platform" also searches
"Datenplattform", "ÖPNV" also "public transport".

prepare_query() looks up every phrase of the query in one indexed query and hands the
synonyms to core.fulltext.prepare(); the search page and the lists prepare a query once and
pass the PreparedQuery to every .search() of the request.
"""

from collections import defaultdict
from dataclasses import replace

from django.db import connection

from core.fulltext import (
    QUERY_CONFIGS,
    PreparedQuery,
    clean_query,
    phrase_keys,
    prepare,
    uses_search_syntax,
)
from core.models import GlossaryTerm


def synonyms_of(keys: set[str]) -> dict[str, tuple[str, ...]]:
    """{normalized term: every term of its entries} for the keys that are glossary terms."""
    if not keys:
        return {}
    matched = GlossaryTerm.objects.filter(normalized__in=keys).values("entry")
    rows = GlossaryTerm.objects.filter(entry__in=matched).values_list(
        "entry_id", "normalized", "text"
    )
    terms_of_entry = defaultdict(list)
    entries_of_key = defaultdict(list)
    for entry, key, text in rows.order_by("entry_id", "language", "pk"):
        terms_of_entry[entry].append(text)
        if key in keys:
            entries_of_key[key].append(entry)
    return {
        key: tuple(text for entry in entries for text in terms_of_entry[entry])
        for key, entries in entries_of_key.items()
    }


def prepare_query(text) -> PreparedQuery:
    """The query with its glossary synonyms in both languages, its tsquery resolved (two
    database queries)."""
    text = clean_query(text)
    if not text or uses_search_syntax(text):
        return PreparedQuery(text)
    prepared = prepare(text, synonyms_of(phrase_keys(text)))
    return replace(prepared, tsquery=resolve_tsquery(prepared.concepts))


def resolve_tsquery(concepts) -> str:
    """The tsquery of `concepts` as text: each form read with each configuration of
    QUERY_CONFIGS by PostgreSQL (one query), the same lexemes once, the forms of a concept
    OR-ed and the concepts AND-ed. A concept of stop words only drops out; "" when every
    one does (text_query() then matches nothing, as before)."""
    rows = [
        (index, config, form)
        for index, forms in enumerate(concepts)
        for form in forms
        for config in QUERY_CONFIGS
    ]
    if not rows:
        return ""
    indexes, configs, forms = zip(*rows, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT position, phraseto_tsquery(config::regconfig, form)::text"
            " FROM unnest(%s::int[], %s::text[], %s::text[]) AS resolved(position, config, form)",
            [list(indexes), list(configs), list(forms)],
        )
        resolved = cursor.fetchall()
    alternatives = defaultdict(dict)  # position -> {tsquery text: None}, in order
    for position, tsquery in resolved:
        if tsquery:
            alternatives[position][tsquery] = None
    parts = [
        " | ".join(f"( {each} )" for each in alternatives[position])
        for position in sorted(alternatives)
    ]
    return " & ".join(f"( {part} )" for part in parts)
