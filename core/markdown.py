"""Light Markdown for texts people write in the portal (descriptions, lessons, recaps).

Paragraphs, lists, links, emphasis, quotes, code and sub-headings; no raw HTML, no images
(pictures have their own model, with alt text), no links other than http(s), mailto and
relative ones. Headings start below the page's h2: "#" is an h3, "##" an h4, "###" an h5
(deeper ones an h6). Links to other hosts are marked: rel="noopener noreferrer nofollow",
class="external" and a visually hidden "(external page)" for screen readers.

markdown-it-py escapes raw HTML (html=False); nh3 (the ammonia sanitiser) then keeps only
the tags and attributes we render ourselves, as a second line of defence.
"""

from functools import cache
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
EXTERNAL_REL = "noopener noreferrer nofollow"

ALLOWED_TAGS = frozenset(
    {"p", "br", "ul", "ol", "li", "a", "em", "strong", "code", "pre", "blockquote", "hr"}
    | {"h3", "h4", "h5", "h6", "span"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "rel"}, "ol": {"start"}}
ALLOWED_CLASSES = {"a": {"external"}, "span": {"visually-hidden"}}


def _validate_link(url: str) -> bool:
    """Only http(s), mailto and relative links; no javascript:, data:, vbscript:, file:…"""
    url = url.strip()
    if not url or any(ord(c) < 32 for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme:
        return parts.scheme.lower() in SAFE_SCHEMES and (
            parts.scheme.lower() == "mailto" or bool(parts.netloc)
        )
    # No scheme: a path, a query or a fragment on this site; "//host" is another host.
    return True


def _our_host() -> str:
    return (urlsplit(settings.SITE_URL).hostname or "").lower()


def is_external(url: str) -> bool:
    """Whether a link leads to another host than the portal's."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() == "mailto":
        return False
    host = (parts.hostname or "").lower()
    return bool(host) and host != _our_host()


def _shift_headings(state) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = int(token.tag[1])
            token.tag = f"h{min(level + 2, 6)}"


def _mark_external_links(state) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        stack: list[bool] = []
        for token in block.children:
            if token.type == "link_open":
                external = is_external(str(token.attrGet("href") or ""))
                stack.append(external)
                if external:
                    token.attrSet("rel", EXTERNAL_REL)
                    token.attrSet("class", "external")
            elif token.type == "link_close" and stack and stack.pop():
                hint = Token("html_inline", "", 0)
                label = _("external page")
                hint.content = f'<span class="visually-hidden"> ({escape(label)})</span>'
                children.append(hint)
            children.append(token)
        block.children = children


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = _validate_link
    md.core.ruler.push("portal_headings", _shift_headings)
    md.core.ruler.push("portal_external_links", _mark_external_links)
    return md


def render_markdown(text: str | None) -> SafeString:
    """The text as sanitised HTML, safe to put in a template."""
    if not text:
        return mark_safe("")  # noqa: S308 - nothing to escape
    html = _parser().render(str(text))
    clean = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in ALLOWED_CLASSES.items()},
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,  # we set rel ourselves, on external links only
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


# The preview convention: a form with Markdown fields has a second submit button
# name="preview". The view then saves nothing, and re-renders the form (with what was
# typed) and templates/includes/_preview.html with `previews`:
#
#     if form.is_valid() and wants_preview(request):
#         context["previews"] = markdown_previews(form, ["description"])


def wants_preview(request) -> bool:
    """Whether the form was sent with its "Preview" button (then nothing is saved)."""
    return request.method == "POST" and "preview" in request.POST


def markdown_previews(form, field_names) -> list[dict]:
    """[{"label", "html"}] for each named field that has text: the form's cleaned value
    when it is valid, what was typed otherwise."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    previews = []
    for name in field_names:
        text = cleaned.get(name) if name in cleaned else form[name].value()
        if text:
            previews.append({"label": form[name].label, "html": render_markdown(text)})
    return previews
