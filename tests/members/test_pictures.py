"""Pictures (members.Picture, core.images): only real JPEG, PNG and WebP files of sensible
size are taken, cleaned of their metadata (GPS position included), turned upright and stored
with narrower renditions; anything else is refused with a clear message and leaves nothing
behind."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from core import images
from members.pictures import Picture
from members.pictures_forms import PictureForm
from members.pictures_services import picture_add, picture_remove
from members.services.audit import PortalError
from tests.factories.members import MunicipalityFactory


@pytest.fixture(autouse=True)
def _messages_in_english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def picture_bytes(fmt="JPEG", size=(2000, 1000), exif=None, mode="RGB") -> bytes:
    image = Image.new(mode, size, "teal")
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def upload(content: bytes, name="bild.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def exif_with_gps_and_rotation():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show upright
    exif[0x010F] = "Kamerahersteller"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (54.0, 19.0, 0.0)  # Kiel
    gps[3] = "E"
    gps[4] = (10.0, 8.0, 0.0)
    return exif


@pytest.mark.parametrize(("fmt", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_valid_pictures_are_stored_with_renditions(db, media_root, fmt, extension):
    municipality = MunicipalityFactory()
    picture = picture_add(
        actor=None,
        target=municipality,
        upload=upload(picture_bytes(fmt), name="foto.bin"),
        alt_text="Der Hafen im Sonnenschein",
        caption="Kieler Förde",
    )
    assert picture.image.name.endswith(f".{extension}")
    assert (picture.width, picture.height) == (2000, 1000)
    assert [r["width"] for r in picture.renditions] == [480, 960, 1600]
    assert all(r["name"].endswith(".webp") for r in picture.renditions)
    assert len(stored_files(media_root)) == 4
    assert list(municipality.pictures.all()) == [picture]
    assert list(Picture.objects.of(municipality)) == [picture]
    assert "480w" in picture.srcset and "2000w" in picture.srcset
    with Image.open(media_root / picture.renditions[0]["name"]) as small:
        assert small.size == (480, 240)


def test_small_pictures_get_no_larger_renditions(db, media_root):
    picture = picture_add(
        actor=None,
        target=MunicipalityFactory(),
        upload=upload(picture_bytes("PNG", size=(600, 400))),
        alt_text="Ein kleines Bild",
    )
    assert [r["width"] for r in picture.renditions] == [480]


def test_exif_and_gps_are_stripped_and_orientation_applied(db, media_root):
    content = picture_bytes("JPEG", size=(300, 200), exif=exif_with_gps_and_rotation())
    with Image.open(io.BytesIO(content)) as original:
        assert original.getexif().get_ifd(0x8825)  # the test file has a GPS position
    picture = picture_add(
        actor=None, target=MunicipalityFactory(), upload=upload(content), alt_text="Hafen"
    )
    stored = media_root / picture.image.name
    raw = stored.read_bytes()
    assert b"Exif" not in raw and b"Kamerahersteller" not in raw
    with Image.open(stored) as cleaned:
        assert not cleaned.getexif()
        assert cleaned.size == (200, 300)  # turned upright
    assert (picture.width, picture.height) == (200, 300)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"GIF89a" + b"\0" * 100, "bild.jpg"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "b.png"),
        (b"%PDF-1.4 not a picture", "bild.webp"),
        (b"", "leer.jpg"),
        (picture_bytes("JPEG")[:200], "kaputt.jpg"),  # truncated
    ],
)
def test_what_is_not_a_picture_is_refused_and_nothing_stored(db, media_root, content, name):
    with pytest.raises(PortalError) as error:
        picture_add(
            actor=None, target=MunicipalityFactory(), upload=upload(content, name), alt_text="x"
        )
    assert error.value.message
    assert stored_files(media_root) == []
    assert not Picture.objects.exists()


def test_gif_is_refused_by_its_real_format(db, media_root):
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    with pytest.raises(PortalError, match="JPEG, PNG or WebP"):
        picture_add(
            actor=None,
            target=MunicipalityFactory(),
            upload=upload(gif.getvalue(), "bild.jpg"),
            alt_text="x",
        )
    assert stored_files(media_root) == []


def test_too_large_files_are_refused(db, media_root, monkeypatch):
    content = picture_bytes("PNG", size=(100, 100))
    monkeypatch.setattr(images, "MAX_BYTES", len(content) - 1)
    with pytest.raises(PortalError, match="larger than"):
        picture_add(actor=None, target=MunicipalityFactory(), upload=upload(content), alt_text="x")
    assert stored_files(media_root) == []


def test_decompression_bomb_is_refused_with_a_clear_message(db, media_root):
    # A PNG whose header claims 50,000 × 50,000 pixels (2.5 gigapixels) in 70 bytes, and
    # one of 8,000 × 8,000 (64 megapixels: under Pillow's own limit, over ours).
    for width in (50_000, 8_000):
        _refused_bomb(png_claiming(width, width), media_root)


def png_claiming(width: int, height: int) -> bytes:
    small = picture_bytes("PNG", size=(1, 1))
    header = b"IHDR" + struct.pack(">II", width, height) + small[24:29]
    return small[:12] + header + struct.pack(">I", zlib.crc32(header)) + small[33:]


def _refused_bomb(content, media_root):
    with pytest.raises(PortalError, match="too many pixels"):
        picture_add(
            actor=None,
            target=MunicipalityFactory(),
            upload=upload(content, "bombe.png"),
            alt_text="x",
        )
    assert stored_files(media_root) == []


def test_alt_text_is_required(db, media_root):
    with pytest.raises(PortalError, match="alternative text"):
        picture_add(
            actor=None,
            target=MunicipalityFactory(),
            upload=upload(picture_bytes()),
            alt_text="   ",
        )
    assert stored_files(media_root) == []
    form = PictureForm(data={"alt_text": " ", "caption": ""}, files={"image": upload(b"x")})
    assert not form.is_valid()
    assert "alt_text" in form.errors


def test_remove_deletes_row_and_files(db, media_root, django_capture_on_commit_callbacks):
    picture = picture_add(
        actor=None, target=MunicipalityFactory(), upload=upload(picture_bytes()), alt_text="x"
    )
    with django_capture_on_commit_callbacks(execute=True):
        picture_remove(actor=None, picture=picture)
    assert stored_files(media_root) == []
    assert not Picture.objects.exists()


def test_media_view_serves_pictures_safely(client, db, media_root):
    picture = picture_add(
        actor=None, target=MunicipalityFactory(), upload=upload(picture_bytes()), alt_text="x"
    )
    response = client.get(reverse("media", kwargs={"path": picture.image.name}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    rendition = picture.renditions[0]["name"]
    assert client.get(f"/media/{rendition}")["Content-Type"] == "image/webp"
    (media_root / "pictures" / "notiz.html").write_text("<script>alert(1)</script>")
    for path in ("pictures/notiz.html", "pictures/fehlt.jpg", "pictures/../../etc/passwd.jpg"):
        assert client.get(f"/media/{path}").status_code == 404
    assert client.post(f"/media/{picture.image.name}").status_code == 405
