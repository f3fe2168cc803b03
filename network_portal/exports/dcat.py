"""A DCAT-AP.de catalogue of the portal's public datasets (issue 13, point 5).

Each list (projects, municipalities, networks, topics, events, recaps, adoptions) is a
dcat:Dataset whose distributions are its JSON API list (/api/<kind>/) and its CSV export
(adoptions have no CSV export: JSON only). Served as RDF/XML, Turtle and JSON-LD (rdflib);
/katalog/ picks one by the Accept header (303 to the file's address).

- Read as a visitor (core.access.VISITOR) whoever asks: only public data is described.
- Identifiers never change: the catalogue is <SITE_URL>/katalog/, a dataset
  <SITE_URL>/katalog/#<kind>, a distribution <SITE_URL>/katalog/#<kind>-json / -csv, and
  dct:identifier holds the same string. Titles and descriptions are fixed German and English
  literals (the catalogue is one document for every language and harvester).
- dct:modified: the projects' newest `updated_at` (projects are the only rows that keep one);
  the other lists have no change time of their own, so they carry the time of the portal's
  newest content write (core.cached.content_changed_at) — an upper bound: a harvester may
  re-read a list that did not change, never miss one that did.
- Political geocoding on the projects dataset: dcatde:politicalGeocodingURI of every German
  municipality (8-digit AGS in `official_key`) that leads or partners a public project —
  the area the projects' data covers. Per-municipality datasets would multiply the catalogue
  by the number of municipalities for data the projects list already filters.
- Licence: settings.CATALOGUE_LICENCE (default Datenlizenz Deutschland – Namensnennung 2.0,
  dl-by-de/2.0) with dcatde:licenseAttributionByText (settings.CATALOGUE_ATTRIBUTION,
  default the operator's name). Publisher from OPERATOR_NAME; the contact point is the
  contact page (OPERATOR_EMAIL is shown in the Impressum only). dcatde:contributorID from
  settings.CATALOGUE_CONTRIBUTOR_ID (GovData assigns one; default: the portal's own URI).
"""

import datetime
import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from core.access import VISITOR
from core.cached import content_changed_at, content_generation
from members.models import Municipality
from network_portal.exports.guard import conditional, rate_limited
from projects.models import Project

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
ACCESS_PUBLIC = URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")
LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
AGS_URI = "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/"
GEOCODING_LEVEL = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality")
DCATDE_VERSION = "2.0"
DEFAULT_LICENCE = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
AGS = re.compile(r"^\d{8}$")

# kind: (titles, descriptions, landing page, API list, CSV export or None)
DATASETS = {
    "projects": (
        {"de": "Projekte", "en": "Projects"},
        {
            "de": "Öffentliche Smart-City-Projekte der Kommunen im Netzwerkportal.",
            "en": "Public smart city projects of the municipalities on the Network Portal.",
        },
        "projects:project_list",
        "api:project-list",
        "exports:projects_csv",
    ),
    "municipalities": (
        {"de": "Kommunen", "en": "Municipalities"},
        {
            "de": "Kommunen im Netzwerkportal mit ihren öffentlichen Angaben.",
            "en": "Municipalities on the Network Portal with their public details.",
        },
        "municipality_list",
        "api:municipality-list",
        "exports:municipalities_csv",
    ),
    "networks": (
        {"de": "Netzwerke", "en": "Networks"},
        {
            "de": "Netzwerke von Kommunen im Netzwerkportal.",
            "en": "Networks of municipalities on the Network Portal.",
        },
        "members:network_list",
        "api:network-list",
        "exports:networks_csv",
    ),
    "topics": (
        {"de": "Themen", "en": "Topics"},
        {
            "de": "Themen, nach denen die Projekte im Netzwerkportal geordnet sind.",
            "en": "Topics the projects on the Network Portal are sorted by.",
        },
        "projects:topic_list",
        "api:topic-list",
        "exports:topics_csv",
    ),
    "events": (
        {"de": "Veranstaltungen", "en": "Events"},
        {
            "de": "Veröffentlichte Veranstaltungen der Netzwerke im Netzwerkportal.",
            "en": "Published events of the networks on the Network Portal.",
        },
        "events:event_list",
        "api:event-list",
        "exports:events_csv",
    ),
    "recaps": (
        {"de": "Rückblicke", "en": "Recaps"},
        {
            "de": "Veröffentlichte Rückblicke auf Veranstaltungen im Netzwerkportal.",
            "en": "Published recaps of events on the Network Portal.",
        },
        "events:recap_list",
        "api:recap-list",
        "exports:recaps_csv",
    ),
    "adoptions": (
        {"de": "Übernahmen", "en": "Adoptions"},
        {
            "de": "Übernahmen öffentlicher Projekte durch andere Kommunen.",
            "en": "Adoptions of public projects by other municipalities.",
        },
        None,
        "api:adoption-list",
        None,
    ),
}

FORMATS = {
    # format: (rdflib serializer, media type)
    "rdf": ("pretty-xml", "application/rdf+xml"),
    "ttl": ("turtle", "text/turtle"),
    "jsonld": ("json-ld", "application/ld+json"),
}


def site() -> str:
    return settings.SITE_URL.rstrip("/")


def absolute(url_name: str) -> URIRef:
    return URIRef(site() + reverse(url_name))


def catalogue_uri() -> str:
    return site() + reverse("exports:catalogue")


def licence() -> URIRef:
    return URIRef(getattr(settings, "CATALOGUE_LICENCE", "") or DEFAULT_LICENCE)


def attribution() -> str:
    return getattr(settings, "CATALOGUE_ATTRIBUTION", "") or settings.OPERATOR_NAME


def contributor_id() -> URIRef:
    return URIRef(getattr(settings, "CATALOGUE_CONTRIBUTOR_ID", "") or catalogue_uri())


def _date(value) -> Literal:
    return Literal(value.astimezone(datetime.UTC).replace(microsecond=0), datatype=XSD.dateTime)


def modified_times() -> dict[str, object]:
    """Each dataset's newest change (see the module's docstring)."""
    changed = datetime.datetime.fromtimestamp(content_changed_at(), tz=datetime.UTC)
    newest_project = Project.objects.visible_to(VISITOR).aggregate(newest=Max("updated_at"))[
        "newest"
    ]
    times = dict.fromkeys(DATASETS, changed)
    times["projects"] = newest_project or changed
    return times


def geocoded_municipality_keys() -> list[str]:
    """AGS of the German municipalities leading or partnering a public project."""
    public = Project.objects.visible_to(VISITOR)
    keys = (
        Municipality.objects.filter(country="DE")
        .exclude(official_key="")
        .filter(Q(led_projects__in=public) | Q(partnered_projects__in=public))
        .values_list("official_key", flat=True)
        .distinct()
    )
    return sorted(key for key in keys if AGS.match(key))


def build_graph() -> Graph:
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("dcatde", DCATDE)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)

    base = catalogue_uri()
    catalogue = URIRef(base)
    publisher = URIRef(base + "#publisher")
    contact = URIRef(base + "#contact")
    times = modified_times()

    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal(settings.OPERATOR_NAME)))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(settings.OPERATOR_NAME)))
    graph.add((contact, VCARD.hasURL, absolute("contact")))

    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.identifier, Literal(base)))
    graph.add((catalogue, DCTERMS.title, Literal("Netzwerkportal: offene Daten", lang="de")))
    graph.add((catalogue, DCTERMS.title, Literal("Network Portal: open data", lang="en")))
    graph.add(
        (
            catalogue,
            DCTERMS.description,
            Literal(
                "Die öffentlichen Listen des Netzwerkportals als JSON (API) und CSV.", lang="de"
            ),
        )
    )
    graph.add(
        (
            catalogue,
            DCTERMS.description,
            Literal("The Network Portal's public lists as JSON (API) and CSV.", lang="en"),
        )
    )
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, FOAF.homepage, absolute("home")))
    graph.add((catalogue, DCTERMS.language, URIRef(LANGUAGE + "DEU")))
    graph.add((catalogue, DCTERMS.language, URIRef(LANGUAGE + "ENG")))
    graph.add((catalogue, DCTERMS.modified, _date(max(times.values()))))
    graph.add((catalogue, DCTERMS.license, licence()))

    keys = geocoded_municipality_keys()
    for kind, (titles, descriptions, landing, api, csv) in DATASETS.items():
        uri = f"{base}#{kind}"
        dataset = URIRef(uri)
        graph.add((catalogue, DCAT.dataset, dataset))
        graph.add((dataset, RDF.type, DCAT.Dataset))
        graph.add((dataset, DCTERMS.identifier, Literal(uri)))
        for language, text in titles.items():
            graph.add((dataset, DCTERMS.title, Literal(text, lang=language)))
        for language, text in descriptions.items():
            graph.add((dataset, DCTERMS.description, Literal(text, lang=language)))
        graph.add((dataset, DCTERMS.publisher, publisher))
        graph.add((dataset, DCAT.contactPoint, contact))
        graph.add((dataset, DCATDE.contributorID, contributor_id()))
        graph.add((dataset, DCATDE.dcatapdeVersion, Literal(DCATDE_VERSION)))
        graph.add((dataset, DCAT.theme, URIRef(DATA_THEME + "GOVE")))
        graph.add((dataset, DCTERMS.accessRights, ACCESS_PUBLIC))
        graph.add((dataset, DCTERMS.modified, _date(times[kind])))
        if landing:
            graph.add((dataset, DCAT.landingPage, absolute(landing)))
        if kind == "projects" and keys:
            graph.add((dataset, DCATDE.politicalGeocodingLevelURI, GEOCODING_LEVEL))
            for key in keys:
                graph.add((dataset, DCATDE.politicalGeocodingURI, URIRef(AGS_URI + key)))
        distributions = [("json", api, "JSON", "application/json", "JSON (API)")]
        if csv:
            distributions.append(("csv", csv, "CSV", "text/csv", "CSV"))
        for suffix, url_name, file_type, media_type, label in distributions:
            distribution_uri = f"{uri}-{suffix}"
            distribution = URIRef(distribution_uri)
            address = absolute(url_name)
            graph.add((dataset, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add((distribution, DCTERMS.identifier, Literal(distribution_uri)))
            graph.add((distribution, DCTERMS.title, Literal(f"{titles['de']}, {label}", "de")))
            graph.add((distribution, DCTERMS.title, Literal(f"{titles['en']}, {label}", "en")))
            graph.add((distribution, DCAT.accessURL, address))
            graph.add((distribution, DCAT.downloadURL, address))
            graph.add((distribution, DCTERMS.format, URIRef(FILE_TYPE + file_type)))
            graph.add((distribution, DCAT.mediaType, URIRef(MEDIA_TYPE + media_type)))
            graph.add((distribution, DCTERMS.license, licence()))
            graph.add((distribution, DCATDE.licenseAttributionByText, Literal(attribution())))
            graph.add((distribution, DCTERMS.modified, _date(times[kind])))
    return graph


def serialized(fmt: str) -> bytes:
    """The catalogue in one format, cached until the content changes."""
    key = f"exports:dcat:{fmt}:{content_generation()}:{site()}"
    body = cache.get(key)
    if body is None:
        serializer, _media_type = FORMATS[fmt]
        body = build_graph().serialize(format=serializer, encoding="utf-8")
        cache.set(key, body, 24 * 3600)
    return body


@require_safe
@rate_limited
@conditional
def catalogue_file(request, fmt):
    body = serialized(fmt)
    _serializer, media_type = FORMATS[fmt]
    response = HttpResponse(body, content_type=f"{media_type}; charset=utf-8")
    response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response["Cache-Control"] = "no-cache"
    return response


# Accept media types and the format each picks; browsers and */* get Turtle.
NEGOTIATED = {
    "application/rdf+xml": "rdf",
    "application/xml": "rdf",
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
}


def negotiate(accept: str) -> str:
    """The format the Accept header prefers most (q values honoured), Turtle by default."""
    best, best_q = "ttl", 0.0
    for part in accept.split(","):
        media, *params = (item.strip() for item in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        fmt = NEGOTIATED.get(media.lower())
        # Ties go to the earlier entry; a later one wins only with a higher q.
        if fmt and q > best_q and q > 0:
            best, best_q = fmt, q
    return best


@require_safe
@vary_on_headers("Accept")
def catalogue(request):
    fmt = negotiate(request.headers.get("Accept", ""))
    response = HttpResponseRedirect(reverse(f"exports:catalogue_{fmt}"))
    response.status_code = 303
    return response
