"""Pictures of anything in the portal (a municipality, a project, an event, a recap).

Kept in members, the lowest app, with a generic relation: projects and events attach
pictures downward (`pictures = GenericRelation("members.Picture")`) without models or
migrations of their own. The files (a cleaned original and narrower WebP renditions, see
core.images) sit in the default storage under pictures/; members.pictures_services writes
and deletes them together with the row.
"""

import uuid

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _


class PictureQuerySet(models.QuerySet):
    def of(self, target):
        """The pictures attached to `target`, in their order."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=target.pk
        ).order_by("position", "pk")


class Picture(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    image = models.FileField(_("picture"), max_length=200)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    # [{"width": 480, "height": 320, "name": "pictures/ab/….webp"}, …], narrowest first
    renditions = models.JSONField(_("renditions"), default=list, blank=True)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    uploaded_by = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = PictureQuerySet.as_manager()

    class Meta:
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")
        ordering = ("position", "pk")
        indexes = [
            # PictureQuerySet.of() and GenericRelation lookups: an object's pictures in order.
            models.Index(
                fields=["content_type", "object_id", "position"], name="picture_target_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(alt_text=""), name="picture_alt_text_required"
            ),
        ]

    def __str__(self):
        return self.alt_text

    @property
    def file_names(self) -> list[str]:
        return [self.image.name, *(r["name"] for r in self.renditions)]

    @property
    def src(self) -> str:
        """A middle-sized rendition for browsers without srcset (or the original)."""
        for rendition in self.renditions:
            if rendition["width"] >= 960:
                return default_storage.url(rendition["name"])
        return self.image.url

    @property
    def srcset(self) -> str:
        sources = [f"{default_storage.url(r['name'])} {r['width']}w" for r in self.renditions]
        sources.append(f"{self.image.url} {self.width}w")
        return ", ".join(sources)
