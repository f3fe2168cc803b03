"""Queries read through the glossary (core/models.py): "data platform" also searches
"Datenplattform", "ÖPNV" also "public transport".

prepare_query() looks up every phrase of the query in one indexed query and hands the
synonyms to core.fulltext.prepare(); the search page and the lists prepare a query once and
pass the PreparedQuery to every .search() of the request.
"""

from collections import defaultdict

from core.fulltext import PreparedQuery, clean_query, phrase_keys, prepare, uses_search_syntax
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
    """The query with its glossary synonyms in both languages (one database query)."""
    text = clean_query(text)
    if not text or uses_search_syntax(text):
        return PreparedQuery(text)
    return prepare(text, synonyms_of(phrase_keys(text)))
