"""The bilingual glossary of the domain's words (issue 12, point 3).

Each entry is one concept with its words in German and in English, synonyms included
("Datenplattform", "Datenplattformen" ↔ "data platform", "data hub"). The search expands a
query's words with the other words of their entry, in both languages, so "data platform"
finds a text that only says "Datenplattform" (core/glossary.py). Staff edit it in the admin;
migration core/0002 ships a curated start.

The ground floor (STYLE §0): it knows no app, so every app's search may use it.
"""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.fulltext import ImmutableUnaccent


class GlossaryEntry(models.Model):
    """One concept of the domain, named by its terms."""

    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("What the words mean here, for the staff who keep the glossary."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("glossary entry")
        verbose_name_plural = _("glossary entries")

    def __str__(self):
        terms = list(self.terms.all())
        german = [term.text for term in terms if term.language == GlossaryTerm.Language.GERMAN]
        english = [term.text for term in terms if term.language == GlossaryTerm.Language.ENGLISH]
        return f"{', '.join(german)} ↔ {', '.join(english)}"


class GlossaryTerm(models.Model):
    """One word or phrase of an entry, in one language. All terms of an entry are
    synonyms: a query word equal to one of them is searched as any of them."""

    class Language(models.TextChoices):
        GERMAN = "de", _("German")
        ENGLISH = "en", _("English")

    entry = models.ForeignKey(
        GlossaryEntry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="terms"
    )
    text = models.CharField(_("term"), max_length=100)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    # What a query's words are compared with: lower case, accents folded ("Bürger" and
    # "burger" meet), so the lookup is one indexed IN.
    normalized = models.GeneratedField(
        expression=Lower(ImmutableUnaccent("text")),
        output_field=models.CharField(max_length=100),
        db_persist=True,
        verbose_name=_("normalized term"),
    )

    class Meta:
        ordering = ["language", "text"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "language", "text"], name="glossary_term_once_per_entry"
            )
        ]
        indexes = [
            # core.glossary.prepare_query(): the entries of a query's words and phrases.
            models.Index(fields=["normalized"], name="glossary_term_normalized"),
        ]

    def __str__(self):
        return self.text
