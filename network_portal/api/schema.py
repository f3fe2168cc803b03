"""How the OpenAPI schema describes the API beyond what drf-spectacular reads from the
views: the problem answers (400, 404, 429) and the conditional-request answer (304) every
operation may give, and the ETag, Last-Modified and Retry-After headers."""

from django.utils import translation
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from core.facets import CountryFilter, YearField
from core.keyset import RELEVANCE, SORT_PARAM
from network_portal.api.problems import PROBLEM_TYPE


class ParameterProblem(serializers.Serializer):
    parameter = serializers.CharField(help_text="The query parameter.")
    detail = serializers.CharField(help_text="Why it was refused.")


class Problem(serializers.Serializer):
    """A problem details object (RFC 9457)."""

    type = serializers.CharField(help_text="about:blank: the title is the status's phrase.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = ParameterProblem(many=True, required=False, help_text="Each bad parameter.")


VALIDATORS = {
    "ETag": {"schema": {"type": "string"}, "description": "Changes when the body does."},
    "Last-Modified": {"schema": {"type": "string"}, "description": "When this body was new."},
}


def filter_schema(parameter, filter_):
    """The list filters' parameters as strictly as the filters check them, with their label
    (in English) as the description."""
    schema = parameter.get("schema", {})
    target = schema.get("items", schema) if schema.get("type") == "array" else schema
    target.pop("title", None)
    with translation.override("en"):
        parameter["description"] = str(filter_.label or parameter["name"])
    if parameter["name"] == "q":
        parameter["description"] = "Search term, as in the page's search box."
    choices = filter_.extra.get("choices")
    if callable(choices) and "enum" not in target:
        target["enum"] = [value for value, _label in choices()]
    if "enum" in target and schema.get("type") != "array":
        # An empty value means "any", as the page's "all" option sends it.
        target["enum"] = [*target["enum"], ""]
    if filter_.field_class is YearField:
        schema.clear()
        schema.update({"type": "string", "pattern": "^(19[0-9]{2}|20[0-9]{2}|2100)?$"})
        parameter["description"] += " (1900 to 2100)"
    elif isinstance(filter_, CountryFilter):
        target.update({"pattern": "^([A-Za-z]{2})?$"})
        parameter["description"] += " (ISO 3166 code, e.g. DE)"
    elif filter_.extra.get("max_length"):
        target["maxLength"] = filter_.extra["max_length"]
    if schema.get("type") == "array":
        parameter["description"] += " (repeat the parameter for several values)"
    return parameter


def sort_parameter(page_view) -> dict:
    values = [order.value for order in page_view().get_sort_orders()]
    return {
        "name": SORT_PARAM,
        "in": "query",
        "required": False,
        "description": "Sort order, as on the page: "
        + ", ".join(values)
        + f" (default {values[0]}); {RELEVANCE} (the default with a search word q).",
        "schema": {"type": "string", "enum": ["", RELEVANCE, *values]},
    }


class PortalAutoSchema(AutoSchema):
    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        page_view = getattr(self.view, "page_view", None)
        if page_view is not None and self._is_list_view():
            parameters = [*parameters, sort_parameter(page_view)]
        filterset_class = getattr(self.view, "filterset_class", None)
        if filterset_class is None:
            return parameters
        filters = filterset_class.base_filters
        return [
            filter_schema(parameter, filters[parameter["name"]])
            if parameter["name"] in filters
            else parameter
            for parameter in parameters
        ]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response" or self.method != "GET":
            return responses
        for answer in responses.values():
            answer.setdefault("headers", {}).update(VALIDATORS)
            if not answer.get("description"):
                answer["description"] = (
                    "The item." if "{" in self.path else "A page of the list, in its order."
                )
        responses["304"] = {
            "description": "Not modified: the copy named in If-None-Match or "
            "If-Modified-Since is current.",
            "headers": VALIDATORS,
        }
        problems = {"429": "Too many requests from this address; see Retry-After."}
        if "{" in self.path:
            problems["404"] = "No such item, or none the reader may see."
        if self.get_filter_backends() or self._is_list_view():
            problems["400"] = "A query parameter cannot be used; `errors` names it and why."
        for code, description in sorted(problems.items()):
            answer = self._get_response_for_code(Problem, code, [PROBLEM_TYPE], direction)
            answer["description"] = description
            if code == "429":
                answer["headers"] = {
                    "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds."}
                }
            responses[code] = answer
        return responses
