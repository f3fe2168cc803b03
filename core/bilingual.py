"""Content in two languages: a German text and, optionally, its English counterpart.

Projects, events, recaps, municipalities, networks and topics carry German texts and
optional English ones beside them (`title_en`, `summary_en`, `name_en`, `description_en`).
A page shows the reader's language (the UI language: German by default, English second)
where it exists and falls back to the other one; the fallback is marked with `lang` so a
screen reader pronounces it right, and a page says when a text exists only in German.

Models mix in `Bilingual` and name their pairs in `BILINGUAL`; templates use the filter
`in_reader_language` and the tag `only_in_german` (core/templatetags/bilingual.py) instead
of repeating the choice. This module imports no models.
"""

from dataclasses import dataclass

from django.utils.translation import get_language

GERMAN = "de"
ENGLISH = "en"


def reader_language() -> str:
    """The UI language of the current request: "en" for English, otherwise "de"."""
    return ENGLISH if (get_language() or GERMAN).startswith(ENGLISH) else GERMAN


@dataclass(frozen=True)
class LocalizedText:
    """A text as a reader gets it: the words, their language and whether that is the
    reader's language (a fallback is not)."""

    text: str
    lang: str
    reader_lang: str

    @property
    def is_fallback(self) -> bool:
        return bool(self.text) and self.lang != self.reader_lang

    def __str__(self) -> str:
        return self.text


class Bilingual:
    """Mixin for models with German texts and optional English counterparts.

    BILINGUAL maps a text's name to its (German field, English field), e.g.
    {"title": ("title", "title_en")}. Methods only read the model's own fields."""

    BILINGUAL: dict[str, tuple[str, str]] = {}

    def in_language(self, name: str, lang: str) -> LocalizedText:
        german_field, english_field = self.BILINGUAL[name]
        german = getattr(self, german_field) or ""
        english = getattr(self, english_field) or ""
        if lang == ENGLISH and english.strip():
            return LocalizedText(english, ENGLISH, lang)
        if german.strip() or not english.strip():
            return LocalizedText(german, GERMAN, lang)
        return LocalizedText(english, ENGLISH, lang)

    def in_reader_language(self, name: str) -> LocalizedText:
        """The text in the reader's language if it exists, otherwise in the other one."""
        return self.in_language(name, reader_language())

    def only_in_german(self, *names: str) -> bool:
        """Whether any of these texts (that has any words) lacks its English version."""
        for name in names or self.BILINGUAL:
            german_field, english_field = self.BILINGUAL[name]
            if (getattr(self, german_field) or "").strip() and not (
                getattr(self, english_field) or ""
            ).strip():
                return True
        return False
