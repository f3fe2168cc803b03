"""Pictures of events and recaps (members.Picture through a GenericRelation): their editors
add and remove them on the editing pages, everyone sees them on the public pages; another
network's editors cannot touch them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members.pictures import Picture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


def jpeg():
    out = io.BytesIO()
    Image.new("RGB", (800, 600), "teal").save(out, "JPEG")
    return SimpleUploadedFile("bild.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.mark.parametrize(("kind", "attribute"), [("event", "event"), ("recap", "recap")])
def test_editors_add_and_remove_pictures(persona_world, organizer_n, visitor, kind, attribute):
    target = getattr(persona_world, attribute)
    add = reverse(f"events:{kind}_picture_add", args=[target.slug])
    response = organizer_n.client.post(
        add, {"image": jpeg(), "alt_text": "Podium im Saal", "caption": "Tag 1"}
    )
    assert response.status_code == 302
    picture = Picture.objects.of(target).get()
    assert 'alt="Podium im Saal"' in visitor.client.get(target.get_absolute_url()).content.decode()

    # No alt text: the form comes back with its error, nothing is stored.
    response = organizer_n.client.post(add, {"image": jpeg(), "alt_text": " ", "caption": "X"})
    assert response.status_code == 400
    assert Picture.objects.of(target).count() == 1

    remove = reverse(f"events:{kind}_picture_remove", args=[target.slug, picture.uuid])
    assert organizer_n.client.post(remove).status_code == 302
    assert not Picture.objects.of(target).exists()


def test_another_networks_editor_cannot_touch_them(persona_world, organizer_n, admin_m):
    event = persona_world.event
    organizer_n.client.post(
        reverse("events:event_picture_add", args=[event.slug]),
        {"image": jpeg(), "alt_text": "Saal"},
    )
    picture = Picture.objects.of(event).get()
    remove = reverse("events:event_picture_remove", args=[event.slug, picture.uuid])
    assert admin_m.client.post(remove).status_code == 403
    # N's picture through N's recap: not one of the recap's pictures.
    recap_remove = reverse(
        "events:recap_picture_remove", args=[persona_world.recap.slug, picture.uuid]
    )
    assert organizer_n.client.post(recap_remove).status_code == 404
    assert Picture.objects.filter(pk=picture.pk).exists()
    add = reverse("events:recap_picture_add", args=[persona_world.draft_recap.slug])
    assert admin_m.client.post(add, {"image": jpeg(), "alt_text": "X"}).status_code == 404
