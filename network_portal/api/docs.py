"""The OpenAPI 3.1 schema (drf-spectacular), the documentation page rendered from it on the
server (readable without JavaScript, checked by the quality gates like every page), the
interactive explorer (Swagger UI from drf-spectacular-sidecar, served by the portal itself)
and the problem answer for unknown API addresses."""

import functools

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.response import Response

from network_portal.api.problems import ABOUT_BLANK, PROBLEM_TYPE
from network_portal.api.throttling import AnonymousPerAddressThrottle


class SchemaView(SpectacularAPIView):
    """The schema as drf-spectacular writes it (YAML, or JSON with ?format=json), built
    once a process: it depends on the code alone."""

    throttle_classes = [AnonymousPerAddressThrottle]

    def _get_schema_response(self, request):
        return Response(
            openapi_document(),
            headers={"Content-Disposition": 'inline; filename="netzwerkportal-api.yaml"'},
        )


schema = SchemaView.as_view()
explorer = SpectacularSwaggerSplitView.as_view(
    url_name="api:schema",
    template_name="api/explorer.html",
    throttle_classes=[AnonymousPerAddressThrottle],
)


@functools.cache
def openapi_document() -> dict:
    """The schema as served, in English (the language of its descriptions), built once a
    process: it depends on the code alone."""
    with translation.override("en"):
        return SchemaGenerator().get_schema(request=None, public=True)


def resolve(document, item):
    while isinstance(item, dict) and "$ref" in item:
        name = item["$ref"].rsplit("/", 1)[-1]
        item = document["components"]["schemas"][name]
    return item


def type_text(document, schema) -> str:
    """A short human reading of a schema's type: "string (date)", "array of Topic"."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for combined in ("oneOf", "anyOf", "allOf"):
        if combined in schema:
            parts = [type_text(document, part) for part in schema[combined]]
            return " | ".join(part for part in parts if part)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = " | ".join(kinds) + (" | null" if "null" in schema["type"] else "")
    if kind == "array" or (isinstance(kind, str) and kind.startswith("array")):
        return kind.replace("array", f"array of {type_text(document, schema.get('items', {}))}")
    if "format" in schema:
        kind = f"{kind} ({schema['format']})"
    if "enum" in schema:
        values = ", ".join(str(v) for v in schema["enum"] if v not in (None, ""))
        kind = f"{kind}: {values}"
    return kind


def fields_of(document, schema) -> list[dict]:
    schema = resolve(document, schema)
    required = set(schema.get("required", ()))
    return [
        {
            "name": name,
            "type": type_text(document, field),
            "description": resolve(document, field).get("description", ""),
            "required": name in required,
        }
        for name, field in schema.get("properties", {}).items()
    ]


def operations(document) -> list[dict]:
    """Each operation with its parameters, answers and the fields of its result."""
    found = []
    for url, methods in document["paths"].items():
        for method, operation in methods.items():
            if method not in ("get", "head"):
                continue
            answers = []
            result_fields, result_name = [], ""
            for code, answer in operation.get("responses", {}).items():
                content = answer.get("content", {})
                answers.append(
                    {
                        "code": code,
                        "description": answer.get("description", ""),
                        "types": ", ".join(content),
                    }
                )
                body = content.get("application/json", {}).get("schema")
                if code == "200" and body:
                    body = resolve(document, body)
                    results = body.get("properties", {}).get("results")
                    item = results.get("items", {}) if results else body
                    if "$ref" in item:
                        result_name = item["$ref"].rsplit("/", 1)[-1]
                    result_fields = fields_of(document, item)
            found.append(
                {
                    "id": operation.get("operationId", f"{method}-{url}"),
                    "method": method.upper(),
                    "path": url,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tag": (operation.get("tags") or [""])[0],
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": type_text(document, parameter.get("schema", {})),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "answers": answers,
                    "result_name": result_name,
                    "result_fields": result_fields,
                }
            )
    return found


@require_safe
def documentation(request):
    document = openapi_document()
    return render(
        request,
        "api/docs.html",
        {
            "info": document["info"],
            "openapi_version": document["openapi"],
            "operations": operations(document),
        },
    )


def not_found(request, *args, **kwargs):
    body = {
        "type": ABOUT_BLANK,
        "title": _("Not found"),
        "status": 404,
        "detail": _("The API has no such address. Its documentation lists every one."),
    }
    return JsonResponse(body, status=404, content_type=PROBLEM_TYPE)
