"""Pictures people upload: checked and re-encoded with Pillow before anything is stored.

Only JPEG, PNG and WebP (by the file's real format, not its name), at most 10 MB and
40 megapixels: a "decompression bomb" (a small file that unpacks to billions of pixels) is
refused before its pixels are read. The orientation in the EXIF data is applied, then all
metadata (EXIF with GPS position, XMP, comments) is dropped by re-encoding the pixels. Beside
the cleaned original, renditions 480, 960 and 1600 pixels wide (as WebP) serve srcset.
"""

import io
import warnings
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
RENDITION_WIDTHS = (480, 960, 1600)
# Pillow's format name -> (file extension, content type)
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
CONTENT_TYPES = dict(FORMATS.values())  # extension -> content type


class ImageRejected(Exception):
    """The file is no picture we take; `message` says why, for the person who sent it."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass
class Encoded:
    width: int
    height: int
    extension: str
    content: bytes


@dataclass
class ProcessedImage:
    original: Encoded  # the cleaned picture, in its own format
    renditions: list[Encoded] = field(default_factory=list)  # narrower WebP copies

    @property
    def width(self) -> int:
        return self.original.width

    @property
    def height(self) -> int:
        return self.original.height


def _read(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ImageRejected(_too_large())
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ImageRejected(_too_large())
    if not data:
        raise ImageRejected(_("The file is empty."))
    return data


def _too_large() -> str:
    return _("The file is larger than %(mb)s MB. Please make it smaller.") % {
        "mb": MAX_BYTES // (1024 * 1024)
    }


def _bomb() -> str:
    return _(
        "The picture has too many pixels (more than %(mp)s megapixels). Please send a "
        "smaller version."
    ) % {"mp": MAX_PIXELS // 1_000_000}


def _not_an_image() -> str:
    return _("The file is not a picture we can take: please send a JPEG, PNG or WebP file.")


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ImageRejected(_bomb()) from error
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
            raise ImageRejected(_not_an_image()) from error
        if image.format not in FORMATS:
            raise ImageRejected(_not_an_image())
        # The header is read; refuse a bomb before decoding a single pixel.
        if image.width * image.height > MAX_PIXELS:
            raise ImageRejected(_bomb())
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ImageRejected(_bomb()) from error
        except (OSError, ValueError, SyntaxError, EOFError) as error:
            raise ImageRejected(_not_an_image()) from error
    return image


def _pixels_only(image: Image.Image, *, keep_alpha: bool) -> Image.Image:
    """A copy holding nothing but pixels: no EXIF, XMP, comments or text chunks."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if keep_alpha and has_alpha else "RGB"
    return image.convert(mode) if image.mode != mode else image.copy()


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=88, optimize=True, progressive=True)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=82, method=4)
    return out.getvalue()


def process_image(upload) -> ProcessedImage:
    """Check and clean an uploaded picture. Raises ImageRejected; stores nothing."""
    data = _read(upload)
    source = _open(data)
    fmt = source.format
    try:
        oriented = ImageOps.exif_transpose(source)
    except (OSError, ValueError, SyntaxError) as error:
        raise ImageRejected(_not_an_image()) from error
    clean = _pixels_only(oriented, keep_alpha=fmt != "JPEG")
    clean.info.clear()
    extension = FORMATS[fmt][0]
    original = Encoded(clean.width, clean.height, extension, _encode(clean, fmt))
    renditions = []
    for width in RENDITION_WIDTHS:
        if width >= clean.width:
            break
        height = max(1, round(clean.height * width / clean.width))
        smaller = clean.resize((width, height), Image.Resampling.LANCZOS)
        renditions.append(Encoded(width, height, "webp", _encode(smaller, "WEBP")))
    return ProcessedImage(original, renditions)
