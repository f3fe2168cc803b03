"""What base.html puts in every page's head: its canonical address and a description cut
to the length search engines show."""

import html
import re

from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

from core.keyset import MAX_OFFSET_PAGE

register = template.Library()

DESCRIPTION_LENGTH = 160


@register.filter
def meta_description(value):
    """Text for <meta name="description">: no markup, one line, at most 160 characters cut
    at a word ("…" where cut). Escaped again by the template, so entities are undone here."""
    text = html.unescape(strip_tags(str(value)))
    text = re.sub(r"[#*_`>]+", "", text)  # markdown marks in summaries and recap bodies
    text = " ".join(text.split())
    return Truncator(text).chars(DESCRIPTION_LENGTH, truncate="…")


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's one address at SITE_URL: its path without filters or search terms (those
    pages are views of the same list), but with the page number of a paged list as far as a
    page number alone reaches it (core.keyset: deeper pages are reached by their links)."""
    request = context.get("request")
    if request is None:
        return settings.SITE_URL + "/"
    url = settings.SITE_URL + request.path
    page = request.GET.get("page", "")
    # ASCII digits of a sensible length only: int() refuses "²" and 4,301 digits.
    if page.isascii() and page.isdigit() and len(page) <= 6 and 1 < int(page) <= MAX_OFFSET_PAGE:
        url += f"?page={int(page)}"
    return url
