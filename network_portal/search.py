"""The one search across municipalities, projects, topics, networks, organisations, events
and published recaps (/suche/).

A query is prepared once (core.glossary: its words with their glossary synonyms in German
and English) and every kind is searched with it. When it finds little, the page offers the
closest known spelling: a name, title or glossary term similar to what was typed.
"""

import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib.postgres.lookups import TrigramSimilar, TrigramWordSimilar
from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db.models import (
    CharField,
    Count,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Concat, Greatest
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.fulltext import (
    CANDIDATE_LIMIT,
    ENGLISH,
    MAX_QUERY_LENGTH,
    MIN_TRIGRAM_LENGTH,
    ImmutableUnaccent,
    SearchSpec,
    capped_match_count,
    clean_query,
    marked_snippet,
    normalized,
    ranked_search,
    weighted_vector,
    with_snippet,
)
from core.glossary import prepare_query
from core.kept import kept_part
from core.models import GlossaryTerm
from events.models import EVENT_SEARCH, RECAP_SEARCH, Event, Recap
from members.models import MUNICIPALITY_SEARCH, Municipality, Network, Organization
from projects.models import PROJECT_SEARCH, Project, Topic

OVERVIEW_SIZE = 5  # results per kind on the grouped overview
# The overview ranks its five per kind among this many full-text matches (plus the title
# matches); the pages of one kind rank among all CANDIDATE_LIMIT, to page through them.
OVERVIEW_CANDIDATES = 100
# Below this many full-text matches, titles similar to the query are searched as well.
TYPO_FALLBACK_BELOW = 10
PAGE_SIZE = 20  # results per page when one kind is shown
MAX_PAGE = math.ceil(CANDIDATE_LIMIT / PAGE_SIZE)
# Below this many results in all kinds together, "did you mean ..." offers a spelling.
SUGGEST_BELOW = 3
# A card names this many of an organisation's projects, then says how many there are.
ORGANIZATION_PROJECTS_SHOWN = 3

# Networks, organisations and topics are few (dozens to hundreds of rows), so their search
# vectors are computed per query rather than stored: no column, trigger or index to keep,
# and a network's vector reads its operator's name through the join ("Mastercard" finds
# City Possible, the network it runs).
NETWORK_VECTOR = weighted_vector(
    ("name", "A"),
    ("name_en", "A", ENGLISH),
    ("short_name", "A"),
    ("operator__name", "B"),
    ("description", "C"),
    ("description_en", "C", ENGLISH),
    ("scope", "D"),
)
ORGANIZATION_VECTOR = weighted_vector(("name", "A"), ("description", "C"))
TOPIC_VECTOR = weighted_vector(
    ("name_de", "A"),
    ("name_en", "A", ENGLISH),
    ("description_de", "C"),
    ("description_en", "C", ENGLISH),
)
NETWORK_SEARCH = SearchSpec(
    title_field="name",
    snippet_field="description",
    snippet_field_en="description_en",
    short_titles=True,
)
ORGANIZATION_SEARCH = SearchSpec(title_field="name", snippet_field="description", short_titles=True)
# A topic's typo-tolerant match compares its German and English names together.
TOPIC_SEARCH = SearchSpec(
    title_field="both_names", snippet_field="description_de", snippet_field_en="description_en"
)


def searchable_organizations(viewer):
    """Organisations with the networks they run and the projects `viewer` may see that
    they partner in (the first few, and how many)."""
    visible = Project.objects.visible_to(viewer)
    partnered = (
        visible.filter(partner_organizations=OuterRef("pk"))
        .order_by()
        .values("partner_organizations")
        .annotate(n=Count("pk"))
        .values("n")
    )
    shown = visible.only("title", "slug", "title_en").order_by("title", "pk")
    return Organization.objects.annotate(
        search_vector=ORGANIZATION_VECTOR,
        project_count=Coalesce(Subquery(partnered), 0),
    ).prefetch_related(
        Prefetch("operated_networks", queryset=Network.objects.order_by("name")),
        Prefetch(
            "projects",
            queryset=shown[:ORGANIZATION_PROJECTS_SHOWN],
            to_attr="shown_projects",
        ),
    )


@dataclass(frozen=True)
class SearchKind:
    key: str
    label: str
    spec: SearchSpec
    list_url_name: str  # the list page with facets, which takes the same `q`

    def searchable(self, viewer):
        """What `viewer` may find of this kind, with what its result card shows."""
        if self.key == "municipalities":
            return Municipality.objects.with_card_data()
        if self.key == "projects":
            return Project.objects.visible_to(viewer).with_card_data()
        if self.key == "topics":
            both_names = Concat("name_de", Value(" "), "name_en", output_field=CharField())
            return Topic.objects.annotate(search_vector=TOPIC_VECTOR, both_names=both_names)
        if self.key == "networks":
            return Network.objects.select_related("operator").annotate(search_vector=NETWORK_VECTOR)
        if self.key == "organizations":
            return searchable_organizations(viewer)
        if self.key == "events":
            return Event.objects.visible_to(viewer).with_card_data()
        return Recap.objects.published().with_card_data()

    def search(self, rows, query, *, candidates, typos):
        if self.key in ("topics", "networks", "organizations"):
            return ranked_search(rows, query, self.spec, candidates=candidates, typos=typos)
        return rows.search(query, candidates=candidates, typos=typos)


KINDS = (
    SearchKind("municipalities", _("Municipalities"), MUNICIPALITY_SEARCH, "municipality_list"),
    SearchKind("projects", _("Projects"), PROJECT_SEARCH, "projects:project_list"),
    SearchKind("topics", _("Topics"), TOPIC_SEARCH, "projects:topic_list"),
    SearchKind("networks", _("Networks"), NETWORK_SEARCH, "network_list"),
    SearchKind("organizations", _("Organisations"), ORGANIZATION_SEARCH, ""),
    SearchKind("events", _("Events"), EVENT_SEARCH, "events:event_list"),
    SearchKind("recaps", _("Recaps"), RECAP_SEARCH, "events:recap_list"),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=MAX_QUERY_LENGTH, required=False)
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All kinds"))] + [(kind.key, kind.label) for kind in KINDS],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def clean_q(self):
        return clean_query(self.cleaned_data["q"])


@dataclass
class ResultGroup:
    kind: SearchKind
    results: list
    count: int  # up to CANDIDATE_LIMIT
    more: bool  # more than CANDIDATE_LIMIT matches
    query: str = ""

    @property
    def filter_url(self) -> str:
        """The kind's list page, searching the same words, to narrow them with facets
        ("" for the kinds whose list has no search)."""
        if self.kind.key not in FILTERED_KINDS:
            return ""
        return f"{reverse(self.kind.list_url_name)}?{urlencode({'q': str(self.query)})}"


# The kinds whose list page takes the same `q` and narrows it with facets.
FILTERED_KINDS = {"municipalities", "projects", "events", "recaps"}


def search_group(
    kind: SearchKind, query: str, viewer, *, offset: int, limit: int, candidates: int | None = None
) -> ResultGroup:
    """Two queries: the capped number of full-text matches, then the ranked page of results
    with their snippets, ranked among at most `candidates` matches.

    Typo-tolerant title matches join only when the text matches few rows: "Bamburg" finds
    Bamberg, while "Stadt" (thousands of matches) does not pay for a trigram scan.
    """
    searchable = kind.searchable(viewer)
    count, more = capped_match_count(searchable, query, kind.spec, typos=False)
    typos = count < TYPO_FALLBACK_BELOW
    # With typos the text matches few rows: rank them all, so the window counts them all.
    ranked = kind.search(searchable, query, candidates=None if typos else candidates, typos=typos)
    ranked = with_snippet(ranked, query, kind.spec)
    if typos:
        ranked = ranked.annotate(total=Window(Count("pk")))
    results = list(ranked[offset : offset + limit])
    if typos:
        count = results[0].total if results else count
    for result in results:
        result.marked_snippet = marked_snippet(result.snippet)
    return ResultGroup(kind, results, count, more, query)


@require_safe
def search(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "query": "", "header_search_query": ""}
        return render(request, "search/search.html", context, status=400)
    query = form.cleaned_data["q"]
    prepared = prepare_query(query) if query else None
    kind = KINDS_BY_KEY.get(form.cleaned_data["kind"])
    page = form.cleaned_data["page"] or 1
    context = {
        "form": form,
        "query": query,
        "header_search_query": query,
        "kind": kind,
        "candidate_limit": CANDIDATE_LIMIT,
    }
    if not query:
        return render(request, "search/search.html", context)

    # The results are the same for everyone who sees the same rows: kept per group of
    # viewers, address, language and content generation (core.kept), so a signed-in
    # person's next search runs no search query.
    def build():
        found = found_context(prepared, query, kind, page, request.viewer)
        return render_to_string("search/_results.html", {**context, **found}, request), 200

    context["results_html"], _status = kept_part(request, "search-results", build)
    return render(request, "search/search.html", context)


def found_context(prepared, query: str, kind, page: int, viewer) -> dict:
    """The result groups of one search page and what the page says about them."""
    if kind is None:
        groups = [
            search_group(
                each,
                prepared,
                viewer,
                offset=0,
                limit=OVERVIEW_SIZE,
                candidates=OVERVIEW_CANDIDATES,
            )
            for each in KINDS
        ]
        return {
            "groups": groups,
            "found_any": any(group.count for group in groups),
            **suggestion_context(query, groups, viewer, kind),
        }
    group = search_group(kind, prepared, viewer, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    if page > 1 and not group.results:
        raise Http404(_("There is no such page of results."))
    return {
        "groups": [group],
        "found_any": bool(group.count),
        "page": page,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if page * PAGE_SIZE < group.count else None,
        "page_count": max(1, math.ceil(group.count / PAGE_SIZE)),
        **suggestion_context(query, [group], viewer, kind),
    }


def suggestion_context(query: str, groups, viewer, kind) -> dict:
    """ "Did you mean ...": the closest known spelling when the query found little."""
    if sum(group.count for group in groups) >= SUGGEST_BELOW:
        return {}
    suggestion = closest_spelling(query, viewer)
    if not suggestion:
        return {}
    params = {"q": suggestion, **({"kind": kind.key} if kind else {})}
    return {"suggestion": suggestion, "suggestion_url": f"?{urlencode(params)}"}


def closest_spelling(query: str, viewer) -> str:
    """The name, title or glossary term most similar to `query` (trigrams, accents
    folded) that differs from it, or "": one query over every kind `viewer` may find.
    Project and event titles come from the rows `viewer` may see."""
    if len(query) < MIN_TRIGRAM_LENGTH:
        return ""
    typed = ImmutableUnaccent(Value(query))

    def candidates(rows, field):
        known = ImmutableUnaccent(field)
        return (
            rows.annotate(
                spelling=Cast(field, CharField()),
                similarity=Greatest(
                    TrigramSimilarity(known, typed), TrigramWordSimilarity(typed, known)
                ),
            )
            .filter(Q(TrigramSimilar(known, typed)) | Q(TrigramWordSimilar(known, typed)))
            .order_by("-similarity")
            .values_list("spelling", "similarity")[:3]
        )

    parts = [
        candidates(Municipality.objects.all(), "name"),
        candidates(Project.objects.visible_to(viewer), "title"),
        candidates(Event.objects.visible_to(viewer), "title"),
        candidates(Network.objects.all(), "name"),
        candidates(Organization.objects.all(), "name"),
        candidates(Topic.objects.all(), "name_de"),
        candidates(Topic.objects.all(), "name_en"),
        candidates(GlossaryTerm.objects.all(), "text"),
    ]
    rows = parts[0].union(*parts[1:], all=True).order_by("-similarity", "spelling")
    typed_key = normalized(query)
    for spelling, _similarity in rows:
        if normalized(spelling) != typed_key:
            return spelling
    return ""
