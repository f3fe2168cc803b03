"""Atom feeds (django.contrib.syndication) of new projects — all, per topic, per network, per
municipality — and of published recaps.

Feeds are public and get cached and shared by feed readers and proxies: they read as a
visitor (core.access.VISITOR) whoever asks, so an entry is never a draft, a recap before its
publication time or a members-only project.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.access import VISITOR
from events.models import Recap
from members.models import Membership, Municipality, Network
from network_portal.exports.guard import conditional, kept_whole, rate_limited
from projects.models import Project, Topic

ENTRIES = 30


def public_projects():
    return (
        Project.objects.visible_to(VISITOR)
        .select_related("lead_municipality")
        .only(
            "pk",
            "slug",
            "title",
            "summary",
            "created_at",
            "updated_at",
            "lead_municipality__name",
            "lead_municipality__slug",
        )
        .order_by("-created_at", "title")
    )


class PortalFeed(Feed):
    feed_type = Atom1Feed

    def item_guid(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def item_guid_is_permalink(self, item):
        return True


class ProjectFeed(PortalFeed):
    title = _("New projects")
    subtitle = _("Projects municipalities have newly published on the Network Portal.")

    def link(self, obj=None):
        return reverse("projects:project_list")

    def items(self, obj=None):
        return self.projects(obj)[:ENTRIES]

    def projects(self, obj):
        return public_projects()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return item.lead_municipality.name

    def item_author_link(self, item):
        return settings.SITE_URL + item.lead_municipality.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class TopicProjectFeed(ProjectFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return _("New projects on %(name)s") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def projects(self, obj):
        return public_projects().filter(topics=obj)


class NetworkProjectFeed(ProjectFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Network, slug=slug)

    def title(self, obj):
        return _("New projects in %(name)s") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def projects(self, obj):
        # As the network's page lists them: led by an active member.
        members = Membership.objects.active().filter(network=obj).values("municipality")
        return public_projects().filter(lead_municipality__in=members)


class MunicipalityProjectFeed(ProjectFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Municipality, slug=slug)

    def title(self, obj):
        return _("New projects of %(name)s") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def projects(self, obj):
        partnered = Project.partner_municipalities.through.objects.filter(municipality=obj).values(
            "project"
        )
        return public_projects().filter(
            pk__in=Project.objects.filter(lead_municipality=obj).values("pk").union(partnered)
        )


class RecapFeed(PortalFeed):
    title = _("Recaps")
    subtitle = _("Recaps of the networks' congresses and meetings.")

    def link(self, obj=None):
        return reverse("events:recap_list")

    def items(self, obj=None):
        # Published ones of published events, from their publication time on.
        return (
            Recap.objects.published()
            .select_related("event", "author_municipality")
            .only(
                "pk",
                "slug",
                "title",
                "body",
                "published_at",
                "event__title",
                "author_municipality__name",
            )
            .order_by("-published_at", "title")[:ENTRIES]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The beginning of the recap, as the recap list's cards show it.
        return Truncator(item.body).words(60)

    def item_author_name(self, item):
        return item.author_municipality.name if item.author_municipality else None

    def item_pubdate(self, item):
        return item.published_at


def feed_view(feed):
    return require_safe(rate_limited(conditional(kept_whole(feed))))


projects_feed = feed_view(ProjectFeed())
topic_projects_feed = feed_view(TopicProjectFeed())
network_projects_feed = feed_view(NetworkProjectFeed())
municipality_projects_feed = feed_view(MunicipalityProjectFeed())
recaps_feed = feed_view(RecapFeed())
