"""Error bodies of the API as problem details (RFC 9457, `application/problem+json`).

Every error the API answers has the same shape: `type`, `title`, `status`, `detail` and,
for bad query parameters, `errors` — one entry per parameter with why it was refused.
"""

from http import HTTPStatus

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_TYPE = "application/problem+json"
# "about:blank": the title is the HTTP status phrase, as RFC 9457 §4.2.1 describes.
ABOUT_BLANK = "about:blank"


class BadParameter(exceptions.ValidationError):
    """A query parameter the API cannot use: {parameter: [reasons]}."""

    def __init__(self, parameter: str, reason: str):
        super().__init__({parameter: [reason]})


def problem(status_code: int, title: str, detail: str, *, errors=None, headers=None) -> Response:
    body = {"type": ABOUT_BLANK, "title": title, "status": status_code, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_TYPE)


def parameter_errors(detail) -> list[dict]:
    """[{parameter, detail}] of a ValidationError's {name: [messages]}."""
    if not isinstance(detail, dict):
        detail = {"non_field_errors": detail if isinstance(detail, list) else [detail]}
    errors = []
    for name, messages in detail.items():
        for message in messages if isinstance(messages, list) else [messages]:
            errors.append({"parameter": name, "detail": str(message)})
    return errors


def problem_exception_handler(exc, context):
    """DRF's handler, with its body replaced by a problem details object (headers such as
    Retry-After kept)."""
    response = exception_handler(exc, context)
    if response is None:
        return None  # a 500: Django's handler answers it
    headers = {
        name: value
        for name, value in response.items()
        if name in ("Retry-After", "WWW-Authenticate", "Allow")
    }
    code = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        errors = parameter_errors(exc.detail)
        detail = _("The request has parameters the API cannot use: %(names)s.") % {
            "names": ", ".join(sorted({error["parameter"] for error in errors}))
        }
        return problem(code, _("Bad request"), detail, errors=errors, headers=headers)
    if isinstance(exc, Http404 | exceptions.NotFound):
        return problem(code, _("Not found"), _("There is no such item."), headers=headers)
    if isinstance(exc, exceptions.Throttled):
        detail = _("Too many requests from this address. Try again in %(seconds)s seconds.") % {
            "seconds": exc.wait and int(exc.wait + 0.999) or 1
        }
        return problem(code, _("Too many requests"), detail, headers=headers)
    title = HTTPStatus(code).phrase
    detail = exc.detail if isinstance(getattr(exc, "detail", None), str) else title
    return problem(code, title, str(detail), headers=headers)
