"""The one search across municipalities, projects, events and published recaps (/suche/)."""

import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, Window
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.fulltext import (
    CANDIDATE_LIMIT,
    MAX_QUERY_LENGTH,
    SearchSpec,
    capped_match_count,
    clean_query,
    marked_snippet,
    with_snippet,
)
from events.models import EVENT_SEARCH, RECAP_SEARCH, Event, Recap
from members.models import MUNICIPALITY_SEARCH, Municipality
from projects.models import PROJECT_SEARCH, Project

OVERVIEW_SIZE = 5  # results per kind on the grouped overview
# The overview ranks its five per kind among this many full-text matches (plus the title
# matches); the pages of one kind rank among all CANDIDATE_LIMIT, to page through them.
OVERVIEW_CANDIDATES = 100
# Below this many full-text matches, titles similar to the query are searched as well.
TYPO_FALLBACK_BELOW = 10
PAGE_SIZE = 20  # results per page when one kind is shown
MAX_PAGE = math.ceil(CANDIDATE_LIMIT / PAGE_SIZE)


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
        if self.key == "events":
            return Event.objects.visible_to(viewer).with_card_data()
        return Recap.objects.published().with_card_data()


KINDS = (
    SearchKind("municipalities", _("Municipalities"), MUNICIPALITY_SEARCH, "municipality_list"),
    SearchKind("projects", _("Projects"), PROJECT_SEARCH, "projects:project_list"),
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
        """The kind's list page, searching the same words, to narrow them with facets."""
        return f"{reverse(self.kind.list_url_name)}?{urlencode({'q': self.query})}"


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
    ranked = searchable.search(query, candidates=None if typos else candidates, typos=typos)
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
    if kind is None:
        groups = [
            search_group(
                each,
                query,
                request.viewer,
                offset=0,
                limit=OVERVIEW_SIZE,
                candidates=OVERVIEW_CANDIDATES,
            )
            for each in KINDS
        ]
        context["groups"] = groups
        context["found_any"] = any(group.count for group in groups)
        return render(request, "search/search.html", context)
    group = search_group(
        kind, query, request.viewer, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    if page > 1 and not group.results:
        raise Http404(_("There is no such page of results."))
    context.update(
        groups=[group],
        found_any=bool(group.count),
        page=page,
        previous_page=page - 1 if page > 1 else None,
        next_page=page + 1 if page * PAGE_SIZE < group.count else None,
        page_count=max(1, math.ceil(group.count / PAGE_SIZE)),
    )
    return render(request, "search/search.html", context)
