"""The DCAT-AP.de catalogue (network_portal/exports/dcat.py), validated with pyshacl against
the mandatory properties of DCAT-AP.de written as SHACL in shapes/dcat_ap_de_mandatory.ttl
(the official shapes are not available offline)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from pyshacl import validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from network_portal.exports.dcat import AGS_URI, DATASETS, DCATDE, negotiate
from projects.models import Project

# Plain namespaces (pytest trips over rdflib's closed ones while collecting).
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SHAPES = Graph().parse(Path(__file__).parent / "shapes" / "dcat_ap_de_mandatory.ttl")
FORMATS = {
    "exports:catalogue_rdf": ("xml", "application/rdf+xml"),
    "exports:catalogue_ttl": ("turtle", "text/turtle"),
    "exports:catalogue_jsonld": ("json-ld", "application/ld+json"),
}
CATALOGUE = settings.SITE_URL.rstrip("/") + "/katalog/"


def fetch(client, url_name="exports:catalogue_ttl"):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    parser, media_type = FORMATS[url_name]
    assert response["Content-Type"].startswith(media_type)
    return Graph().parse(data=response.content, format=parser), response


def conforms(graph):
    ok, _graph, report = validate(graph, shacl_graph=SHAPES, inference="none")
    return ok, report


def test_every_format_holds_the_same_valid_catalogue(data, visitor_client):
    graphs = [fetch(visitor_client, name)[0] for name in FORMATS]
    ok, report = conforms(graphs[0])
    assert ok, report
    assert isomorphic(graphs[0], graphs[1])
    assert isomorphic(graphs[0], graphs[2])


def test_the_shapes_catch_a_missing_mandatory_property(data, visitor_client):
    graph, _ = fetch(visitor_client)
    distribution = URIRef(CATALOGUE + "#projects-csv")
    graph.remove((distribution, DCTERMS.license, None))
    graph.remove((URIRef(CATALOGUE + "#topics"), DCATDE.contributorID, None))
    ok, report = conforms(graph)
    assert not ok
    assert "license" in report and "contributorID" in report


def test_datasets_distributions_and_stable_identifiers(data, visitor_client):
    graph, _ = fetch(visitor_client)
    catalogue = URIRef(CATALOGUE)
    assert set(graph.objects(catalogue, DCAT.dataset)) == {
        URIRef(f"{CATALOGUE}#{kind}") for kind in DATASETS
    }
    for kind in DATASETS:
        dataset = URIRef(f"{CATALOGUE}#{kind}")
        assert graph.value(dataset, DCTERMS.identifier) == Literal(str(dataset))
        distributions = set(graph.objects(dataset, DCAT.distribution))
        expected = {"json"} if kind == "adoptions" else {"json", "csv"}
        assert distributions == {URIRef(f"{dataset}-{suffix}") for suffix in expected}
    projects_csv = URIRef(CATALOGUE + "#projects-csv")
    assert graph.value(projects_csv, DCTERMS["format"]) == URIRef(
        "http://publications.europa.eu/resource/authority/file-type/CSV"
    )
    assert graph.value(projects_csv, DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/text/csv"
    )
    assert graph.value(projects_csv, DCTERMS.license) == URIRef(
        "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    )
    assert str(graph.value(projects_csv, DCATDE.licenseAttributionByText)) == (
        settings.OPERATOR_NAME
    )
    publisher = graph.value(catalogue, DCTERMS.publisher)
    assert str(graph.value(publisher, URIRef("http://xmlns.com/foaf/0.1/name"))) == (
        settings.OPERATOR_NAME
    )
    # Every access URL is the portal's own API list or CSV export, and answers a visitor.
    addresses = set(graph.objects(None, DCAT.accessURL))
    assert len(addresses) == 13
    for address in addresses:
        path = str(address).removeprefix(settings.SITE_URL.rstrip("/"))
        assert path.startswith("/api/") or path.endswith("/export.csv"), path
        assert visitor_client.get(path).status_code == 200, path
    # No contact data: the contact point is the contact page, not an address.
    assert "mailto:" not in graph.serialize(format="turtle")


def test_geocoding_and_modified_describe_public_projects_only(data, visitor_client):
    world = data.world
    # Z leads the public project; X leads, and W partners, the members-only one.
    for municipality, key in ((world.z, "14524330"), (world.x, "99000001"), (world.w, "99000002")):
        municipality.official_key = key
        municipality.save()
    Project.objects.filter(pk=world.members_project.pk).update(updated_at="2099-01-01T00:00Z")
    world.public_project.summary = "Ein Wärmespeicher für alle, neu beschrieben."
    world.public_project.save()
    graph, _ = fetch(visitor_client)
    projects = URIRef(CATALOGUE + "#projects")
    assert set(graph.objects(projects, DCATDE.politicalGeocodingURI)) == {
        URIRef(AGS_URI + "14524330")
    }
    world.public_project.refresh_from_db()
    modified = graph.value(projects, DCTERMS.modified).toPython()
    assert modified == world.public_project.updated_at.replace(microsecond=0)
    ok, report = conforms(graph)
    assert ok, report


def test_members_get_the_visitors_catalogue(data, visitor_client, officer_client):
    visitor, _ = fetch(visitor_client)
    officer, _ = fetch(officer_client)
    assert isomorphic(visitor, officer)
    assert world_titles_absent(visitor, data)


def world_titles_absent(graph, data):
    text = graph.serialize(format="turtle")
    return data.world.members_project.title not in text and "persona-vertraulich" not in text


def test_etag_answers_304_until_the_content_changes(data, visitor_client):
    _, response = fetch(visitor_client)
    etag = response["ETag"]
    url = reverse("exports:catalogue_ttl")
    assert visitor_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    world = data.world
    world.public_project.save()  # a write through the model moves the content generation on
    # …and a modified time that differs whatever the clock (save() sets it to now, which may
    # fall in the same second as the first answer).
    Project.objects.filter(pk=world.public_project.pk).update(updated_at="2098-01-01T00:00Z")
    changed = visitor_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@override_settings(
    CATALOGUE_LICENCE="http://dcat-ap.de/def/licenses/cc-by/4.0",
    CATALOGUE_ATTRIBUTION="Stadt Beispiel",
    CATALOGUE_CONTRIBUTOR_ID="http://dcat-ap.de/def/contributors/beispiel",
)
def test_licence_attribution_and_contributor_come_from_settings(data, visitor_client):
    graph, _ = fetch(visitor_client, "exports:catalogue_jsonld")
    for distribution in graph.subjects(RDF.type, DCAT.Distribution):
        assert graph.value(distribution, DCTERMS.license) == URIRef(
            "http://dcat-ap.de/def/licenses/cc-by/4.0"
        )
        assert str(graph.value(distribution, DCATDE.licenseAttributionByText)) == "Stadt Beispiel"
    assert set(graph.objects(None, DCATDE.contributorID)) == {
        URIRef("http://dcat-ap.de/def/contributors/beispiel")
    }


@pytest.mark.parametrize(
    ("accept", "url_name"),
    [
        ("application/ld+json", "exports:catalogue_jsonld"),
        ("application/rdf+xml", "exports:catalogue_rdf"),
        ("text/turtle;q=0.9, application/rdf+xml;q=0.5", "exports:catalogue_ttl"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "exports:catalogue_ttl"),
    ],
)
def test_content_negotiation_on_the_catalogue_address(db, visitor_client, accept, url_name):
    response = visitor_client.get(reverse("exports:catalogue"), HTTP_ACCEPT=accept)
    assert response.status_code == 303
    assert response["Location"] == reverse(url_name)
    assert "Accept" in response["Vary"]


def test_negotiate_ignores_refused_and_bad_q_values():
    assert negotiate("application/rdf+xml;q=0, application/ld+json;q=0.1") == "jsonld"
    assert negotiate("application/rdf+xml;q=x") == "ttl"
    assert negotiate("") == "ttl"


def test_the_catalogue_refuses_writes(db, visitor_client):
    assert visitor_client.post(reverse("exports:catalogue_ttl")).status_code == 405


def catalogue_queries(count, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from network_portal.exports.dcat import build_graph
    from tests.factories.members import MunicipalityFactory
    from tests.factories.projects import ProjectFactory

    start = Project.objects.count()
    for number in range(start, count):
        municipality = MunicipalityFactory(official_key=f"{99000000 + number}")
        ProjectFactory(lead_municipality=municipality, topics=[world.topic])
    with CaptureQueriesContext(connection) as queries:
        graph = build_graph()
    return len(queries), graph


def test_the_catalogue_costs_the_same_queries_at_10_and_100_projects(data):
    at_10, graph_10 = catalogue_queries(10, data.world)
    at_100, graph_100 = catalogue_queries(100, data.world)
    assert at_10 == at_100
    projects = URIRef(CATALOGUE + "#projects")
    assert len(set(graph_100.objects(projects, DCATDE.politicalGeocodingURI))) > len(
        set(graph_10.objects(projects, DCATDE.politicalGeocodingURI))
    )
