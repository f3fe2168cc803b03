"""Light Markdown (core.markdown): what people write is shown formatted, never as HTML they
typed, with no script links, and with links to other websites marked as such."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext

from core.markdown import is_external, render_markdown


def test_paragraphs_lists_emphasis():
    html = render_markdown("Erster *Absatz* mit **Fett**.\n\nZweiter.\n\n- eins\n- zwei\n\n1. a")
    assert "<p>Erster <em>Absatz</em> mit <strong>Fett</strong>.</p>" in html
    assert "<p>Zweiter.</p>" in html
    assert "<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>" in html
    assert "<ol>\n<li>a</li>\n</ol>" in html


def test_headings_sit_below_the_pages_h2():
    html = render_markdown("# Eins\n\n## Zwei\n\n### Drei\n\n#### Vier\n\nUnterstrichen\n===")
    assert "<h3>Eins</h3>" in html
    assert "<h4>Zwei</h4>" in html
    assert "<h5>Drei</h5>" in html
    assert "<h6>Vier</h6>" in html
    assert "<h3>Unterstrichen</h3>" in html
    assert "<h1" not in html and "<h2" not in html


class _Tags(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.tags, self.attributes = set(), []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes += attrs


SAFE_TAGS = {"p", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "span", "blockquote"}


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<b onmouseover=alert(1)>fett</b>",
        "<iframe src='https://evil.example'></iframe>",
        "Text <!-- Kommentar --> <style>p{}</style>",
        "<div>\n\n*x*\n\n</div>",
        '[x](https://example.org "title" onclick="alert(1)")',
        "`<script>alert(1)</script>`",
        '<a href="javascript:alert(1)">x</a>',
    ],
)
def test_raw_html_is_never_rendered(text):
    html = render_markdown(text)
    parsed = _Tags(html)
    assert parsed.tags <= SAFE_TAGS
    assert {name for name, _value in parsed.attributes} <= {"href", "rel", "class"}
    assert "<!--" not in html


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://example.org/x",
    ],
)
def test_links_other_than_web_and_mail_are_not_links(link):
    html = render_markdown(f"[klick]({link}) <{link}>")
    assert "<a" not in html and "href" not in html


def test_images_are_not_embedded():
    html = render_markdown("![Bild](https://example.org/bild.png)")
    assert "<img" not in html


@override_settings(SITE_URL="https://portal.example.de")
def test_external_links_are_marked():
    with translation.override("de"):
        html = render_markdown("[Wiki](https://de.wikipedia.org/wiki/Kiel)")
        # "externe Seite" once locale/de is translated
        hint = gettext("external page")
    assert 'href="https://de.wikipedia.org/wiki/Kiel"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert 'class="external"' in html
    assert f'<span class="visually-hidden"> ({hint})</span></a>' in html
    with translation.override("en"):
        assert "(external page)" in render_markdown("<https://example.org>")


@override_settings(SITE_URL="https://portal.example.de")
def test_own_links_are_not_marked():
    html = render_markdown(
        "[Projekt](/projekte/x/) [Start](https://portal.example.de/) [Mail](mailto:a@b.de)"
    )
    assert html.count("<a ") == 3
    assert "external" not in html and "rel=" not in html
    assert is_external("//other.example/x")
    assert not is_external("#abschnitt")


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_template_filter():
    rendered = Template("{% load portal_text %}{{ text|markdown }}").render(
        Context({"text": "*hallo* <script>"})
    )
    assert rendered.strip() == "<p><em>hallo</em> &lt;script&gt;</p>"
