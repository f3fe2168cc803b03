"""The downloads' addresses. A slug never holds a dot, so `<slug>.ics` and `export.csv` never
meet a page's address."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.decorators.http import require_safe

from network_portal.exports import csv_views, dcat, feeds, ical
from network_portal.exports.sitemaps import SITEMAPS, robots_txt

app_name = "exports"


urlpatterns = [
    # CSV of the lists, with the list's filters in the query string.
    path("projekte/export.csv", csv_views.export_csv, {"table": "projekte"}, name="projects_csv"),
    path(
        "kommunen/export.csv",
        csv_views.export_csv,
        {"table": "kommunen"},
        name="municipalities_csv",
    ),
    path(
        "veranstaltungen/export.csv",
        csv_views.export_csv,
        {"table": "veranstaltungen"},
        name="events_csv",
    ),
    path(
        "rueckblicke/export.csv", csv_views.export_csv, {"table": "rueckblicke"}, name="recaps_csv"
    ),
    path("netzwerke/export.csv", csv_views.export_csv, {"table": "netzwerke"}, name="networks_csv"),
    path("themen/export.csv", csv_views.export_csv, {"table": "themen"}, name="topics_csv"),
    # iCalendar.
    path("veranstaltungen/<slug:slug>.ics", ical.event_ics, name="event_ics"),
    path("netzwerke/<slug:slug>/kalender.ics", ical.network_ics, name="network_ics"),
    path("themen/<slug:slug>/kalender.ics", ical.topic_ics, name="topic_ics"),
    # All events, or filtered by the list's query string: not under /veranstaltungen/, where
    # it would hide an event whose slug is "kalender"; a code is 12 characters long.
    path("kalender/veranstaltungen.ics", ical.events_ics, name="events_ics"),
    path("kalender/<slug:code>.ics", ical.calendar_ics, name="calendar_ics"),
    # Atom feeds.
    path("projekte/neu.atom", feeds.projects_feed, name="projects_feed"),
    path("themen/<slug:slug>/projekte.atom", feeds.topic_projects_feed, name="topic_projects_feed"),
    path(
        "netzwerke/<slug:slug>/projekte.atom",
        feeds.network_projects_feed,
        name="network_projects_feed",
    ),
    path(
        "kommunen/<slug:slug>/projekte.atom",
        feeds.municipality_projects_feed,
        name="municipality_projects_feed",
    ),
    path("rueckblicke/neu.atom", feeds.recaps_feed, name="recaps_feed"),
    # The DCAT-AP.de catalogue of the public datasets (network_portal/exports/dcat.py).
    path("katalog/", dcat.catalogue, name="catalogue"),
    path("katalog.rdf", dcat.catalogue_file, {"fmt": "rdf"}, name="catalogue_rdf"),
    path("katalog.ttl", dcat.catalogue_file, {"fmt": "ttl"}, name="catalogue_ttl"),
    path("katalog.jsonld", dcat.catalogue_file, {"fmt": "jsonld"}, name="catalogue_jsonld"),
    # For search engines.
    path(
        "sitemap.xml",
        require_safe(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "exports:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
]
