"""A municipality's officers edit its public profile (members.views_profile): only their own
municipality's, with validation that keeps what was typed, a Markdown preview that saves
nothing, a history with restore, and a 409 instead of overwriting a newer version."""

import pytest
from django.urls import reverse

from members.models import Person
from tests.factories.members import PersonFactory


def edit_url(municipality):
    return reverse("members:municipality_edit", kwargs={"slug": municipality.slug})


def history_url(municipality):
    return reverse("members:municipality_history", kwargs={"slug": municipality.slug})


def form_data(client, municipality, **changes):
    """What the edit form sends as loaded (with its hidden version), plus `changes`."""
    response = client.get(edit_url(municipality))
    assert response.status_code == 200
    form, people = response.context["form"], response.context["people"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data = {name: data.get(name, "") for name in form.fields}
    data["loaded_version"] = form.initial["loaded_version"]
    management = people.management_form
    for name in management.fields:
        data[f"people-{name}"] = management.initial.get(name, "")
    for index, person_form in enumerate(people.forms):
        for name in person_form.fields:
            value = person_form.initial.get(name, "")
            if name == "id":
                value = person_form.instance.pk or ""
            data[f"people-{index}-{name}"] = "" if value is None else value
        data[f"people-{index}-municipality"] = municipality.pk
    data.update(changes)
    return data


def test_officer_edits_their_municipality(officer_x, persona_world):
    x = persona_world.x
    data = form_data(
        officer_x.client,
        x,
        description="# Hafen\n\nDie Stadt am **Rhein**.",
        website="https://www.xanten.de",
        official_key="05170052",
        wikidata_id="q1707",
        population="22000",
    )
    response = officer_x.client.post(edit_url(x), data)
    assert response.status_code == 302
    assert response["Location"] == x.get_absolute_url()
    x.refresh_from_db()
    assert x.official_key == "05170052"
    assert x.wikidata_id == "Q1707"
    page = officer_x.client.get(x.get_absolute_url())
    assert "<h3>Hafen</h3>" in page.content.decode()
    assert edit_url(x) in page.content.decode()
    messages = [str(m) for m in page.context["messages"]]
    assert any("saved" in m or "gespeichert" in m for m in messages)


def test_officer_of_another_municipality_gets_403(officer_y, persona_world):
    x = persona_world.x
    assert officer_y.client.get(edit_url(x)).status_code == 403
    assert officer_y.client.post(edit_url(x), {"description": "gekapert"}).status_code == 403
    assert officer_y.client.get(history_url(x)).status_code == 403
    x.refresh_from_db()
    assert x.description != "gekapert"


@pytest.mark.parametrize("url", [edit_url, history_url])
def test_visitor_is_sent_to_sign_in(visitor, persona_world, url):
    response = visitor.client.get(url(persona_world.x))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_unknown_municipality_is_404(staff):
    response = staff.client.get(reverse("members:municipality_edit", kwargs={"slug": "nix"}))
    assert response.status_code == 404


def test_staff_edit_any_municipality(staff, persona_world):
    assert staff.client.get(edit_url(persona_world.y)).status_code == 200


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("official_key", "1234"),
        ("official_key", "0517005A"),
        ("wikidata_id", "1707"),
        ("wikidata_id", "Q-17"),
        ("website", "javascript:alert(1)"),
        ("population", "-5"),
        ("kind", "castle"),
    ],
)
def test_invalid_input_keeps_what_was_typed(officer_x, persona_world, field, value):
    x = persona_world.x
    data = form_data(officer_x.client, x, description="Mein neuer Text", **{field: value})
    response = officer_x.client.post(edit_url(x), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "Mein neuer Text" in response.content.decode()
    x.refresh_from_db()
    assert x.description != "Mein neuer Text"


def test_preview_renders_and_saves_nothing(officer_x, persona_world):
    x = persona_world.x
    data = form_data(officer_x.client, x, description="Ein *Vorschau*text", preview="1")
    response = officer_x.client.post(edit_url(x), data)
    assert response.status_code == 200
    assert "<em>Vorschau</em>" in response.content.decode()
    x.refresh_from_db()
    assert "Vorschau" not in x.description


def test_contact_persons_added_renamed_and_removed(officer_x, persona_world):
    x = persona_world.x
    kept = PersonFactory(municipality=x, name="Anna Alt", role_title="CDO", email="a@x.de")
    gone = PersonFactory(municipality=x, name="Bernd Weg", role_title="Referent")
    data = form_data(officer_x.client, x)
    index = {data[f"people-{i}-name"]: i for i in range(3) if f"people-{i}-name" in data}
    data[f"people-{index['Anna Alt']}-role_title"] = "Chief Digital Officer"
    data[f"people-{index['Bernd Weg']}-DELETE"] = "on"
    data["people-2-name"] = "Clara Neu"
    data["people-2-role_title"] = "Smart-City-Managerin"
    response = officer_x.client.post(edit_url(x), data)
    assert response.status_code == 302, response.context and response.context["people"].errors
    kept.refresh_from_db()
    assert kept.role_title == "Chief Digital Officer"
    assert kept.email == "a@x.de"  # untouched, and never on the form
    assert not x.people.filter(pk=gone.pk).exists()
    assert Person.objects.get(name="Clara Neu").municipality == x
    page = officer_x.client.get(x.get_absolute_url()).content.decode()
    assert "Clara Neu" in page and "a@x.de" not in page
    assert "a@x.de" not in officer_x.client.get(edit_url(x)).content.decode()


def test_history_shows_changes_and_restores(officer_x, persona_world):
    x = persona_world.x
    original = x.description
    officer_x.client.post(edit_url(x), form_data(officer_x.client, x, description="Zweiter Text"))
    officer_x.client.post(edit_url(x), form_data(officer_x.client, x, description="Dritter Text"))
    response = officer_x.client.get(history_url(x))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<del lang="de">Zweiter Text</del>' in html
    assert '<ins lang="de">Dritter Text</ins>' in html
    versions = response.context["versions"]
    assert versions[0]["who"]  # a pseudonym, not the account's name
    first = versions[-1]["record"]
    restore = reverse(
        "members:municipality_restore", kwargs={"slug": x.slug, "record": first.history_id}
    )
    response = officer_x.client.post(restore)
    assert response.status_code == 302
    x.refresh_from_db()
    assert x.description == original
    assert x.history.count() == 4  # created, two edits, the restore


def test_contact_person_changes_are_in_the_history_and_restored(officer_x, persona_world):
    x = persona_world.x
    anna = PersonFactory(municipality=x, name="Anna Alt", role_title="CDO", email="a@x.de")
    officer_x.client.post(edit_url(x), form_data(officer_x.client, x, description="Erster"))
    before = x.history.order_by("-history_date").first()
    data = form_data(officer_x.client, x)
    data["people-0-role_title"] = "Chief Digital Officer"
    data["people-1-name"] = "Clara Neu"
    data["people-1-role_title"] = "Smart-City-Managerin"
    assert officer_x.client.post(edit_url(x), data).status_code == 302

    html = officer_x.client.get(history_url(x)).content.decode()
    assert '<del lang="de">Anna Alt (CDO)</del>' in html
    new = "Anna Alt (Chief Digital Officer)<br>Clara Neu (Smart-City-Managerin)"
    assert f'<ins lang="de">{new}</ins>' in html
    assert "a@x.de" not in html  # contact data is not part of a version

    restore = reverse(
        "members:municipality_restore", kwargs={"slug": x.slug, "record": before.history_id}
    )
    assert officer_x.client.post(restore).status_code == 302
    anna.refresh_from_db()
    assert anna.role_title == "CDO" and anna.municipality == x and anna.email == "a@x.de"
    assert list(x.people.values_list("name", flat=True)) == ["Anna Alt"]
    assert Person.objects.get(name="Clara Neu").municipality is None  # unlinked, not deleted
    newest = x.history.order_by("-history_date").first()
    assert newest.contact_persons == [{"id": anna.pk, "name": "Anna Alt", "role": "CDO"}]


def test_restore_is_post_only_and_for_editors(officer_x, officer_y, persona_world):
    x = persona_world.x
    record = x.history.first()
    restore = reverse(
        "members:municipality_restore", kwargs={"slug": x.slug, "record": record.history_id}
    )
    assert officer_x.client.get(restore).status_code == 405
    assert officer_y.client.post(restore).status_code == 403
    other = persona_world.y.history.first()
    foreign = reverse(
        "members:municipality_restore", kwargs={"slug": x.slug, "record": other.history_id}
    )
    assert officer_x.client.post(foreign).status_code == 404


def test_saving_a_stale_version_is_409_and_keeps_the_text(officer_x, staff, persona_world):
    x = persona_world.x
    mine = form_data(officer_x.client, x, description="Meine Fassung")
    staff.client.post(edit_url(x), form_data(staff.client, x, description="Schneller gewesen"))
    response = officer_x.client.post(edit_url(x), mine)
    assert response.status_code == 409
    assert "Meine Fassung" in response.content.decode()
    assert response.context["form"].non_field_errors()
    x.refresh_from_db()
    assert x.description == "Schneller gewesen"
