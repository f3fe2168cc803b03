"""The JSON API (network_portal/api): its documentation page is a page like any other; the
answers themselves are JSON (tests/api/ checks them, schemathesis against the schema)."""

from django.urls import reverse

from tests.factories.projects import ProjectFactory
from tests.pages import exempt, page


@page("api:docs")
def api_docs():
    ProjectFactory()
    return reverse("api:docs")


JSON = "JSON, not a page: tests/api/ checks its answers against the OpenAPI schema"
for _name in ("network", "municipality", "topic", "project", "adoption", "event", "recap"):
    exempt(f"api:{_name}-list", JSON)
    exempt(f"api:{_name}-detail", JSON)
exempt("api:api-root", JSON + " (the list of the API's lists)")
exempt("api:schema", "the OpenAPI schema (YAML or JSON); tests/api/test_schema.py validates it")
exempt("api:not_found", "JSON problem (404) for addresses under /api/ that do not exist")
exempt(
    "api:explorer",
    "Swagger UI (drf-spectacular-sidecar), an extra beside the checked documentation page "
    "api:docs: its interface is built by a third-party script with known accessibility bugs",
)
