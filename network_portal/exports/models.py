import hashlib
from base64 import b32encode

from django.db import models
from django.utils.translation import gettext_lazy as _


def code_for(query: str) -> str:
    """The short code of a normalised query string: derived from it, so the same filters
    always get the same address (calendar services reject long ones)."""
    digest = hashlib.sha256(query.encode()).digest()
    return b32encode(digest).decode().lower()[:12]


class CalendarQuery(models.Model):
    """A filtered event list somebody subscribes to as a calendar, under /kalender/<code>.ics.
    The query holds only the event list's filters, normalised (exports.ical.normalise)."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    query = models.TextField(_("query string"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar subscription address")
        verbose_name_plural = _("calendar subscription addresses")

    def __str__(self):
        return self.code
