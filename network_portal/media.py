"""Serving uploaded pictures from the file system storage (whitenoise serves static files
only). Only the picture formats core.images writes, with their own content type, nosniff,
and a year's caching: a picture's file name carries a random UUID and never changes.

With S3-compatible storage (AWS_STORAGE_BUCKET_NAME) the bucket serves the files, and this
view answers 404. A reverse proxy may serve MEDIA_ROOT at /media/ in front of it instead.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

from core.images import CONTENT_TYPES

CACHE_CONTROL = "public, max-age=31536000, immutable"


@require_safe
def serve_media(request, path):
    if not isinstance(default_storage, FileSystemStorage):
        raise Http404
    extension = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    content_type = CONTENT_TYPES.get(extension)
    if content_type is None or not path.startswith("pictures/"):
        raise Http404
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
    except (SuspiciousFileOperation, ValueError) as error:  # ../ out of the root, NUL
        raise Http404 from error
    if not full_path.is_file():
        raise Http404
    response = FileResponse(full_path.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = CACHE_CONTROL
    response["Content-Disposition"] = "inline"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
