"""The served OpenAPI 3.1 schema: valid, and every documented operation answers as it says
(schemathesis, valid and invalid input), through the whole Django stack."""

import json

import pytest
import schemathesis
import yaml
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from network_portal.api.throttling import AnonymousPerAddressThrottle
from tests.factories.events import HighlightFactory
from tests.factories.members import OrganizationFactory, PersonFactory
from tests.factories.projects import AdoptionFactory
from tests.personas import build_world

SCHEMA_URL = "/api/schema/?format=json"

schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, get_wsgi_application())
schema.config.update(headers={"X-Forwarded-Proto": "https"})
schema.config.generation.update(max_examples=3, allow_x00=False, deterministic=True)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    # Invalid input (a year that is no number, a page size of 0, …) must be refused. Valid
    # input may still be refused: a topic or network slug is a string to the schema, but
    # only an existing one filters (a 400 names it), so positive acceptance is not checked.
    negative_data_rejection,
]


def test_the_schema_is_valid_openapi_3_1_and_describes_every_list_and_detail(db):
    response = Client().get(SCHEMA_URL, secure=True)
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"] == "3.1.0"
    validate_schema(document)  # the OpenAPI 3.1 meta-schema
    for component in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(component)  # JSON Schema 2020-12, as OAS 3.1 says
    assert b'"nullable"' not in response.content  # OAS 3.0's keyword: 3.1 says "null"
    as_yaml = Client().get("/api/schema/", secure=True)
    assert yaml.safe_load(as_yaml.content) == document
    paths = set(document["paths"])
    for name in ("networks", "municipalities", "topics", "projects", "adoptions", "events"):
        assert f"/api/{name}/" in paths
        assert f"/api/{name}/{{slug}}/" in paths
    project_list = document["paths"]["/api/projects/"]["get"]
    parameters = {parameter["name"] for parameter in project_list["parameters"]}
    assert {"q", "topic", "network", "stage", "year", "cursor", "page_size"} <= parameters
    assert "application/problem+json" in project_list["responses"]["400"]["content"]


@pytest.fixture
def served(monkeypatch):
    """The WSGI application as the test client runs it: the end of a request does not close
    the database connection (the test's transaction), and no rate limit."""
    monkeypatch.setattr(AnonymousPerAddressThrottle, "THROTTLE_RATES", {"anon": "100000/min"})
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None)
def test_every_operation_answers_as_documented(case, db, served):
    case.call_and_validate(checks=CHECKS)


def test_real_items_answer_as_documented(db, served):
    """Generated slugs find nothing (404): the 200 answers of real items, every field
    filled where it can be, checked against the schema too."""
    world = build_world()
    world.public_project.partner_organizations.set([OrganizationFactory()])
    world.n.operator = OrganizationFactory()
    world.n.save()
    AdoptionFactory(project=world.public_project, municipality=world.x)
    HighlightFactory(recap=world.recap, person=PersonFactory(municipality=world.x))
    HighlightFactory(recap=world.recap, person=None, speaker_name="Gast", speaker_role="Gast")
    items = {
        "networks": world.n.slug,
        "municipalities": world.x.slug,
        "topics": world.topic.slug,
        "projects": world.public_project.slug,
        "adoptions": f"{world.public_project.slug}.{world.x.slug}",
        "events": world.event.slug,
        "recaps": world.recap.slug,
    }
    for name, slug in items.items():
        listed = schema[f"/api/{name}/"]["GET"].Case(query={"page_size": 2})
        response = listed.call_and_validate(checks=CHECKS)
        assert response.status_code == 200 and response.json()["results"], name
        detail = schema[f"/api/{name}/{{slug}}/"]["GET"].Case(path_parameters={"slug": slug})
        assert detail.call_and_validate(checks=CHECKS).status_code == 200, name
