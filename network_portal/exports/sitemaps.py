"""sitemap.xml (django.contrib.sitemaps) of every public page, read as a visitor: no draft,
nothing members-only, no recap before its publication time; and robots.txt pointing to it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.access import VISITOR
from events.models import Event, Recap
from members.models import Municipality, Network
from projects.models import Project, Topic


class PortalSitemap(Sitemap):
    # 10,000 addresses a file (search engines take up to 50,000): the index lists the files.
    limit = 10_000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PagesSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "projects:project_list",
            "municipality_list",
            "events:event_list",
            "events:recap_list",
            "members:network_list",
            "projects:topic_list",
            "accessibility_statement",
            "easy_language",
            "impressum",
            "privacy",
            "contact",
        ]

    def location(self, item):
        return reverse(item)


class ProjectSitemap(PortalSitemap):
    def items(self):
        return Project.objects.visible_to(VISITOR).only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # For the index: one aggregate, not every project read (Django's default).
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class MunicipalitySitemap(PortalSitemap):
    def items(self):
        return Municipality.objects.only("slug").order_by("pk")


class NetworkSitemap(PortalSitemap):
    def items(self):
        return Network.objects.only("slug").order_by("pk")


class TopicSitemap(PortalSitemap):
    def items(self):
        return Topic.objects.only("slug").order_by("pk")


class EventSitemap(PortalSitemap):
    def items(self):
        return Event.objects.visible_to(VISITOR).only("slug").order_by("pk")


class RecapSitemap(PortalSitemap):
    def items(self):
        return Recap.objects.published().only("slug", "published_at").order_by("pk")

    def lastmod(self, item):
        return item.published_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("published_at"))["latest"]


SITEMAPS = {
    "seiten": PagesSitemap,
    "projekte": ProjectSitemap,
    "kommunen": MunicipalitySitemap,
    "netzwerke": NetworkSitemap,
    "themen": TopicSitemap,
    "veranstaltungen": EventSitemap,
    "rueckblicke": RecapSitemap,
}

# Paths no crawler needs: the workspace, accounts, the admin and the downloads (they repeat
# the pages, and each costs a database read).
DISALLOWED = (
    "/verwaltung/",
    "/konto/",
    "/admin/",
    "/suche/",
    "/*.csv$",
    "/*.ics$",
    "/kalender/",
)


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {settings.SITE_URL}{reverse('exports:sitemap')}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
