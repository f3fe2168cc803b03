"""The DCAT-AP.de catalogue (network_portal/exports/dcat.py): RDF for harvesters, not HTML;
content, validity (SHACL), access and caching are tested in tests/interfaces/test_dcat.py.
The publiccode.yml import page is HTML (gated); its download is YAML."""

from django.urls import reverse

from tests.pages import exempt, page
from tests.pages.projects import EDITORS, on_demand_bus

RDF = "an RDF file (RDF/XML, Turtle, JSON-LD), not HTML: tested in tests/interfaces/test_dcat.py"

for name in ("catalogue_rdf", "catalogue_ttl", "catalogue_jsonld"):
    exempt(f"exports:{name}", RDF)
exempt(
    "exports:catalogue",
    "a 303 to one of the catalogue's RDF files by the Accept header, never HTML: "
    "tested in tests/interfaces/test_dcat.py",
)


# publiccode.yml (projects/views_publiccode.py).
exempt(
    "projects:publiccode_download",
    "a YAML file (application/yaml), not HTML: tested in tests/projects/test_publiccode.py",
)


@page("projects:publiccode_import", personas=EDITORS)
def publiccode_import():
    project, _mobility = on_demand_bus()
    return reverse("projects:publiccode_import", args=[project.slug])


@page("projects:publiccode_import_new", personas=EDITORS)
def publiccode_import_new():
    project, _mobility = on_demand_bus()
    return reverse("projects:publiccode_import_new", args=[project.lead_municipality.slug])
