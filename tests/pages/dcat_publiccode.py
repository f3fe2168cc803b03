"""The DCAT-AP.de catalogue (network_portal/exports/dcat.py): RDF for harvesters, not HTML.
Content, validity (SHACL), access and caching are tested in tests/interfaces/test_dcat.py."""

from tests.pages import exempt

RDF = "an RDF file (RDF/XML, Turtle, JSON-LD), not HTML: tested in tests/interfaces/test_dcat.py"

for name in ("catalogue_rdf", "catalogue_ttl", "catalogue_jsonld"):
    exempt(f"exports:{name}", RDF)
exempt(
    "exports:catalogue",
    "a 303 to one of the catalogue's RDF files by the Accept header, never HTML: "
    "tested in tests/interfaces/test_dcat.py",
)
