"""Texts in the reader's language (core.bilingual), so templates do not repeat the choice.

- `{{ project|localized:"title" }}`: the text, inside <span lang="de"> when it is a fallback;
- `{{ project|localized_plain:"title" }}`: the text alone (<title>, attributes);
- `{% localized_text event "description" as text %}<div{{ text|lang_attr }}>...</div>`: for
  blocks that render the text themselves (Markdown, truncation);
- `{% only_in_german project "title" "summary" %}`: "Only available in German." for an
  English reader when one of these texts has no English version; `{% only_in_german %}`
  under a text that exists in German only.
"""

from django import template
from django.utils.html import format_html

from core.bilingual import ENGLISH, LocalizedText, reader_language

register = template.Library()


def _text(obj, name) -> LocalizedText | None:
    if obj is None or not hasattr(obj, "in_reader_language"):
        return None
    return obj.in_reader_language(name)


@register.filter
def localized(obj, name):
    """The text in the reader's language, marked with `lang` when it is in the other one."""
    text = _text(obj, name)
    if text is None:
        return ""
    if text.is_fallback:
        return format_html('<span lang="{}">{}</span>', text.lang, text.text)
    return text.text


@register.filter
def localized_plain(obj, name):
    """The text in the reader's language (or the other one), without markup."""
    text = _text(obj, name)
    return "" if text is None else text.text


@register.simple_tag
def localized_text(obj, name):
    """The LocalizedText (text, lang, is_fallback) for blocks that render it themselves."""
    return _text(obj, name)


@register.filter
def lang_attr(text):
    """' lang="de"' for a LocalizedText in the other language than the reader's, else ""."""
    if isinstance(text, LocalizedText) and text.is_fallback:
        return format_html(' lang="{}"', text.lang)
    return ""


@register.inclusion_tag("includes/_only_in_german.html")
def only_in_german(obj=None, *names):
    """The notice that a text exists only in German, for English readers: for the named
    texts of `obj` that lack an English version, or without `obj` for a text that is always
    German (a project's description)."""
    if reader_language() != ENGLISH:
        return {"show": False}
    return {"show": obj is None or obj.only_in_german(*names)}
