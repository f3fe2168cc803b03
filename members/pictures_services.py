"""Adding and removing pictures (members.pictures.Picture) of any object.

The caller (a view) decides whether the actor may change `target` (viewer.can_edit_…): the
rule differs by what the picture belongs to. Files are written only once the upload passed
core.images, and removed again when the row cannot be saved: an invalid upload leaves
nothing behind.
"""

import logging
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.images import ImageRejected, process_image
from members.pictures import Picture
from members.services.audit import PortalError

logger = logging.getLogger(__name__)


def _store(processed) -> tuple[str, list[dict]]:
    """Writes the original and its renditions; returns their storage names."""
    key = uuid.uuid4().hex
    base = f"pictures/{key[:2]}/{key}"
    written: list[str] = []
    try:
        original = processed.original
        written.append(
            default_storage.save(f"{base}.{original.extension}", ContentFile(original.content))
        )
        renditions = []
        for rendition in processed.renditions:
            name = default_storage.save(
                f"{base}-{rendition.width}.{rendition.extension}", ContentFile(rendition.content)
            )
            written.append(name)
            renditions.append({"width": rendition.width, "height": rendition.height, "name": name})
    except Exception:
        _delete_files(written)
        raise
    return written[0], renditions


def _delete_files(names) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # a file left behind is no reason to fail the request
            logger.exception("Could not delete picture file %s", name)


def picture_add(
    *, actor, target, upload, alt_text: str, caption: str = "", position: int | None = None
) -> Picture:
    """Check, clean and store an uploaded picture of `target`. Raises PortalError."""
    alt_text, caption = (alt_text or "").strip(), (caption or "").strip()
    if not alt_text:
        raise PortalError(_alt_required())
    try:
        processed = process_image(upload)
    except ImageRejected as error:
        raise PortalError(error.message) from error
    content_type = ContentType.objects.get_for_model(target)
    name, renditions = _store(processed)
    try:
        with transaction.atomic():
            if position is None:
                last = Picture.objects.filter(
                    content_type=content_type, object_id=target.pk
                ).aggregate(last=Max("position"))["last"]
                position = 0 if last is None else last + 1
            picture = Picture(
                content_type=content_type,
                object_id=target.pk,
                image=name,
                width=processed.width,
                height=processed.height,
                renditions=renditions,
                alt_text=alt_text,
                caption=caption,
                position=position,
                uploaded_by=actor if getattr(actor, "pk", None) else None,
            )
            picture.full_clean()
            picture.save()
    except ValidationError as error:
        _delete_files([name, *(r["name"] for r in renditions)])
        raise PortalError(" ".join(error.messages)) from error
    except Exception:
        _delete_files([name, *(r["name"] for r in renditions)])
        raise
    return picture


def picture_update(*, actor, picture: Picture, alt_text: str, caption: str = "") -> Picture:
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise PortalError(_alt_required())
    picture.alt_text, picture.caption = alt_text, (caption or "").strip()
    picture.full_clean()
    picture.save(update_fields=["alt_text", "caption"])
    return picture


def picture_remove(*, actor, picture: Picture) -> None:
    """Deletes the row, and its files once the transaction has committed."""
    names = picture.file_names
    with transaction.atomic():
        picture.delete()
        transaction.on_commit(lambda: _delete_files(names))


def _alt_required() -> str:
    return _(
        "Describe what the picture shows (alternative text): people who cannot see it rely on it."
    )
