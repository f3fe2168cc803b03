from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from network_portal import (
    featured,
    map_pages,
    municipality_list,
    municipality_page,
    network_page,
    pages,
    peers,
    search,
    topic_page,
    views,
)
from network_portal.admin_site import require_two_factor
from network_portal.media import serve_media

# The admin signs people in through allauth, so its login is rate-limited like the portal's
# (set before admin.site.urls below reads it).
admin.site.login = secure_admin_login(admin.site.login)
# Staff without an authenticator app are sent to set one up before any admin page opens.
admin.site.admin_view = require_two_factor(admin.site.admin_view)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("barrierefreiheit/", pages.accessibility_statement, name="accessibility_statement"),
    path("leichte-sprache/", pages.easy_language, name="easy_language"),
    path("impressum/", pages.impressum, name="impressum"),
    path("datenschutz/", pages.privacy, name="privacy"),
    path("kontakt/", pages.contact, name="contact"),
    path("suche/", search.search, name="search"),
    path("netzwerke/<slug:slug>/", network_page.network_detail, name="network_detail"),
    path("kommunen/", municipality_list.municipality_list, name="municipality_list"),
    path(
        "kommunen/<slug:slug>/",
        municipality_page.municipality_detail,
        name="municipality_detail",
    ),
    path("kommunen/<slug:slug>/peers/", peers.peers, name="peers"),
    path("themen/<slug:slug>/", topic_page.topic_detail, name="topic_detail"),
    # Maps of the filtered municipality list, a topic and a network (network_portal/map.py).
    path("karte/", map_pages.municipality_map, name="municipality_map"),
    path("karte/themen/<slug:slug>/", map_pages.topic_map, name="topic_map"),
    path("karte/netzwerke/<slug:slug>/", map_pages.network_map, name="network_map"),
    # Featured projects, in the network admins' workspace (network_portal/featured.py).
    path("verwaltung/<slug:slug>/projekte/", featured.featured_projects, name="featured_projects"),
    path(
        "verwaltung/<slug:slug>/projekte/hinzufuegen/",
        featured.featured_project_add,
        name="featured_project_add",
    ),
    path(
        "verwaltung/<slug:slug>/projekte/<slug:project>/verschieben/",
        featured.featured_project_move,
        name="featured_project_move",
    ),
    path(
        "verwaltung/<slug:slug>/projekte/<slug:project>/entfernen/",
        featured.featured_project_remove,
        name="featured_project_remove",
    ),
    # Downloads and feeds (CSV, iCalendar, Atom, sitemap, robots.txt): before the apps'
    # pages, though no slug holds a dot, so their addresses never meet.
    path("", include("network_portal.exports.urls")),
    path("", include("network_portal.following.urls")),  # before allauth's konto/
    path("", include("network_portal.introductions.urls")),  # introductions (issue 14)
    path("", include("network_portal.jobs.urls")),  # staff imports with progress (issue 14)
    path("", include("members.urls")),
    path("", include("projects.urls")),
    path("", include("events.urls")),
    path("media/<path:path>", serve_media, name="media"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("members.account_urls")),
    path("konto/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("network_portal.api.urls")),
]

admin.site.site_header = "Netzwerkportal"
admin.site.site_title = "Netzwerkportal"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
