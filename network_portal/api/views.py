"""The read-only JSON API: lists and details of networks, municipalities, projects, topics,
events, published recaps and adoptions.

Every queryset takes `request.viewer` (core.access), as the pages do: visitors get public
items, a signed-in member's session what the access rule lets them see. Drafts and
scheduled recaps are never in the API, not even for their editors. The lists filter with
the pages' own FilterSets (the same query string gives the same items in the same order)
and page by cursor (network_portal.api.pagination).
"""

import json
from abc import ABC, abstractmethod

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.http import Http404
from django_filters import rest_framework as filters
from rest_framework import viewsets
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from core.keyset import SORT_PARAM, ListRequestError
from events.filters import EventFilter
from events.models import Event, Highlight, Recap
from events.views import EventListView, RecapListView
from members.models import Membership, Municipality, Network
from network_portal.api import serializers
from network_portal.api.conditional import with_validators
from network_portal.api.pagination import Key
from network_portal.api.problems import BadParameter
from network_portal.conditional import page_etag
from network_portal.municipality_list import MunicipalityFilter, MunicipalityListView
from projects.filters import ProjectFilter
from projects.models import Adoption, Project, Topic
from projects.views import ProjectListView

SLUG = r"[-a-zA-Z0-9_]+"


class JsonAlways(DefaultContentNegotiation):
    """JSON whatever the Accept header asks for (the API has one representation): no 406."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Exception:  # NotAcceptable, or Http404 for an unknown ?format=
            return renderers[0], renderers[0].media_type


class FilterBackend(filters.DjangoFilterBackend):
    """django-filter's backend: invalid values raise a ValidationError naming the parameter
    (a 400 problem), as the pages answer 400 with the message. The view keeps the filter
    set (whether a search word ranks the rows decides the default order)."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


class ReadOnlyViewSet(ABC, viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG
    content_negotiation_class = JsonAlways
    detail_serializer_class = None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class

    def filter_queryset(self, queryset):
        # The filters are the list's: a detail answers by its slug alone.
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)

    @abstractmethod
    def order_keys(self, queryset):
        """The list's order without the final primary key (see pagination.Key)."""

    def list(self, request, *args, **kwargs):
        return self.kept_for_visitors(
            request, lambda: super(ReadOnlyViewSet, self).list(request, *args, **kwargs)
        )

    def retrieve(self, request, *args, **kwargs):
        return self.kept_for_visitors(
            request, lambda: super(ReadOnlyViewSet, self).retrieve(request, *args, **kwargs)
        )

    def kept_for_visitors(self, request, build):
        """A visitor's answer is every visitor's: kept in the cache under the key of a
        visitor's page (network_portal.conditional: content generation, language, address,
        release, publications reached), so an edit is in the next answer. After the rate
        limit (DRF's throttles run first): a kept answer is still counted."""
        if request.viewer.is_authenticated or not settings.PAGE_CACHE_SECONDS:
            return build()
        key = "api:" + page_etag(request._request)
        data = cache.get(key)
        if data is not None:
            return Response(data)
        response = build()
        if response.status_code == 200:
            # Plain JSON values: DRF's ReturnDict holds its serializer.
            cache.set(
                key,
                json.loads(json.dumps(response.data, cls=JSONEncoder)),
                settings.PAGE_CACHE_SECONDS,
            )
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            return with_validators(request, response)
        return response


class PageOrderViewSet(ReadOnlyViewSet):
    """A list in the sort orders of its page (core.keyset): `?sort=` as on the page, the
    page's default without it (relevance with a search word)."""

    page_view = None  # the page's list view, with its sort orders
    filterset = None
    title_field = "title"  # relevance ties go by title, as core.fulltext.ranked_search orders

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "retrieve":
            return queryset
        page = self.page_view()
        page.request = self.request
        page.filterset = self.filterset
        try:
            self.sort = page.choose_sort()
        except ListRequestError as error:
            raise BadParameter(SORT_PARAM, str(error.message)) from error
        return queryset

    def order_keys(self, queryset):
        # Relevance, the one order without keyset keys: the ranking's own order. (The
        # page's keyset orders page through core.keyset itself: see pagination.)
        return [Key("rank", descending=True), Key(self.title_field)]


class NetworkViewSet(ReadOnlyViewSet):
    """Networks of municipalities, by name."""

    queryset = Network.objects.none()  # the model, for the schema
    serializer_class = serializers.NetworkSerializer
    detail_serializer_class = serializers.NetworkDetailSerializer

    def get_queryset(self):
        networks = Network.objects.with_member_count().select_related("operator")
        if self.action == "retrieve":
            members = (
                Membership.objects.active()
                .select_related("municipality")
                .order_by("municipality__name", "pk")
            )
            networks = networks.prefetch_related(
                Prefetch("memberships", queryset=members, to_attr="active_members")
            )
        return networks

    def order_keys(self, queryset):
        return [Key("name")]


def with_networks(municipalities):
    active = Membership.objects.active().select_related("network").order_by("network__name")
    return municipalities.prefetch_related(
        Prefetch("memberships", queryset=active, to_attr="active_memberships")
    )


class MunicipalityViewSet(PageOrderViewSet):
    """Municipalities, filtered and sorted as on the municipality list (`/kommunen/`): by
    name unless `sort` says otherwise, by relevance with a search word."""

    queryset = Municipality.objects.none()  # the model, for the schema
    serializer_class = serializers.MunicipalitySerializer
    detail_serializer_class = serializers.MunicipalityDetailSerializer
    filter_backends = [FilterBackend]
    filterset_class = MunicipalityFilter
    page_view = MunicipalityListView
    title_field = "name"

    def get_queryset(self):
        return with_networks(Municipality.objects.all())


class TopicViewSet(ReadOnlyViewSet):
    """The curated topics, by German name."""

    queryset = Topic.objects.none()  # the model, for the schema
    serializer_class = serializers.TopicSerializer

    def get_queryset(self):
        return Topic.objects.all()

    def order_keys(self, queryset):
        return [Key("name_de")]


class ProjectViewSet(PageOrderViewSet):
    """Projects, filtered and sorted as on the project list (`/projekte/`): newest first
    unless `sort` says otherwise, by relevance with a search word. Members-only projects
    only for those who may see them."""

    queryset = Project.objects.none()  # the model, for the schema
    serializer_class = serializers.ProjectSerializer
    detail_serializer_class = serializers.ProjectDetailSerializer
    filter_backends = [FilterBackend]
    filterset_class = ProjectFilter
    page_view = ProjectListView

    def get_queryset(self):
        viewer = self.request.viewer
        projects = Project.objects.visible_to(viewer)
        if self.action == "retrieve":
            return (
                projects.with_member_access(viewer)
                .select_related("lead_municipality")
                .prefetch_related("topics", "partner_municipalities", "partner_organizations")
            )
        return projects.with_card_data()


class AdoptionFilter(filters.FilterSet):
    # Slugs as text, never checked against the projects: a members-only project's slug
    # must answer as an unknown one does (no trace of it).
    project = filters.CharFilter(
        field_name="project__slug", max_length=200, label="Project (its id)"
    )
    municipality = filters.CharFilter(
        field_name="municipality__slug", max_length=200, label="Adopting municipality (its id)"
    )

    class Meta:
        model = Adoption
        fields = []


class AdoptionViewSet(ReadOnlyViewSet):
    """Adoptions: a municipality took a project over or built on it (the transfer graph).
    Only of projects the reader may see. The id is `project.municipality` (both slugs)."""

    queryset = Adoption.objects.none()  # the model, for the schema
    serializer_class = serializers.AdoptionSerializer
    lookup_value_regex = rf"{SLUG}\.{SLUG}"
    filter_backends = [FilterBackend]
    filterset_class = AdoptionFilter

    def get_queryset(self):
        visible = Project.objects.visible_to(self.request.viewer)
        return Adoption.objects.filter(project__in=visible).select_related(
            "project", "municipality"
        )

    def get_object(self):
        project, _dot, municipality = self.kwargs["slug"].partition(".")
        adoption = (
            self.get_queryset().filter(project__slug=project, municipality__slug=municipality)
        ).first()
        if adoption is None:
            raise Http404
        return adoption

    def order_keys(self, queryset):
        return [Key("adopted_on", descending=True, nulls="first"), Key("municipality__name")]


class EventViewSet(PageOrderViewSet):
    """Published events, filtered and sorted as on the event list (`/veranstaltungen/`):
    by default upcoming ones soonest first, then past ones latest first, then undated ones."""

    queryset = Event.objects.none()  # the model, for the schema
    serializer_class = serializers.EventSerializer
    detail_serializer_class = serializers.EventDetailSerializer
    filter_backends = [FilterBackend]
    filterset_class = EventFilter
    page_view = EventListView

    def get_queryset(self):
        events = Event.objects.visible_to(self.request.viewer).published()
        if self.action == "retrieve":
            recaps = Recap.objects.published().order_by("-published_at", "title")
            return events.select_related("network", "city", "organizer").prefetch_related(
                Prefetch("recaps", queryset=recaps, to_attr="public_recaps")
            )
        return events.select_related("network", "city")


class RecapViewSet(PageOrderViewSet):
    """Published recaps (never drafts, never scheduled ones before their time), sorted as
    on the recap list (`/rueckblicke/`): newest first unless `sort` says otherwise. A
    recap's projects are those the reader may see."""

    queryset = Recap.objects.none()  # the model, for the schema
    serializer_class = serializers.RecapSerializer
    detail_serializer_class = serializers.RecapDetailSerializer
    page_view = RecapListView

    def get_queryset(self):
        recaps = Recap.objects.visible_to(self.request.viewer).published().with_card_data()
        if self.action == "retrieve":
            projects = Project.objects.visible_to(self.request.viewer).order_by("title")
            quotes = Highlight.objects.select_related("person")
            return recaps.prefetch_related(
                Prefetch("projects", queryset=projects, to_attr="visible_projects"),
                "topics",
                Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
                Prefetch("highlights", queryset=quotes),
            )
        return recaps
