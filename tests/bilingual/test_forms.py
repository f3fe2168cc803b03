"""The English texts are edited in the portal's forms (project, municipality profile, event,
recap): they are saved, come back when the form has an error, and are kept in the history."""

import pytest
from django.urls import reverse

from events.models import Event
from tests.events.test_event_edit import edit_data as event_edit_data
from tests.events.test_recap_edit import recap_data
from tests.members.test_municipality_edit import edit_url as municipality_edit_url
from tests.members.test_municipality_edit import form_data as municipality_form_data
from tests.members.test_municipality_edit import history_url as municipality_history_url
from tests.projects.test_project_edit import edit_url as project_edit_url
from tests.projects.test_project_edit import form_data as project_form_data

pytestmark = pytest.mark.django_db


def test_the_project_form_saves_the_english_texts_and_the_history_shows_them(
    officer_x, persona_world
):
    project = persona_world.members_project
    url = project_edit_url(project)
    form = officer_x.client.get(url).content.decode()
    assert 'name="title_en"' in form and 'lang="en"' in form

    refused = officer_x.client.post(
        url,
        project_form_data(
            project, title="", title_en="Heat storage  north", summary_en="Stores heat."
        ),
    )
    assert refused.status_code == 400
    assert 'value="Heat storage  north"' in refused.content.decode()
    assert "Stores heat.</textarea>" in refused.content.decode()

    saved = officer_x.client.post(
        url,
        project_form_data(
            project,
            title=project.title,
            title_en="Heat storage  north",
            summary_en="Stores heat.",
        ),
    )
    assert saved.status_code == 302
    project.refresh_from_db()
    assert (project.title_en, project.summary_en) == ("Heat storage north", "Stores heat.")

    history = officer_x.client.get(reverse("projects:project_history", args=[project.slug]))
    changes = {change.label: change.new for change in history.context["versions"][0].changes}
    assert changes["Titel (Englisch)"] == "Heat storage north"
    assert changes["Zusammenfassung (Englisch)"] == "Stores heat."


def test_the_municipality_profile_saves_the_english_texts(officer_x, persona_world):
    x = persona_world.x
    data = municipality_form_data(
        officer_x.client, x, name_en="Xanten City", description_en="A Roman town.", website="x"
    )
    refused = officer_x.client.post(municipality_edit_url(x), data)
    assert refused.status_code == 400
    assert 'value="Xanten City"' in refused.content.decode()
    assert "A Roman town.</textarea>" in refused.content.decode()

    data["website"] = ""
    assert officer_x.client.post(municipality_edit_url(x), data).status_code == 302
    x.refresh_from_db()
    assert (x.name_en, x.description_en) == ("Xanten City", "A Roman town.")
    history = officer_x.client.get(municipality_history_url(x)).content.decode()
    assert "Xanten City" in history and "A Roman town." in history


def test_the_event_form_saves_the_english_texts(organizer_n, persona_world):
    event = persona_world.event
    url = reverse("events:event_edit", kwargs={"slug": event.slug})
    english = {"title_en": "Meeting  North", "description_en": "We meet in autumn."}
    refused = organizer_n.client.post(url, event_edit_data(event, title="", **english))
    assert refused.status_code == 400
    assert 'value="Meeting  North"' in refused.content.decode()
    assert "We meet in autumn.</textarea>" in refused.content.decode()

    assert organizer_n.client.post(url, event_edit_data(event, **english)).status_code == 302
    event = Event.objects.get(pk=event.pk)
    assert (event.title_en, event.description_en) == ("Meeting North", "We meet in autumn.")


def test_the_recap_form_saves_the_english_texts(organizer_n, persona_world):
    recap = persona_world.recap
    url = reverse("events:recap_edit", args=[recap.slug])
    english = {"title_en": "Looking back", "summary_en": "It went well."}
    refused = organizer_n.client.post(url, recap_data(recap, title="", **english))
    assert refused.status_code == 400
    assert 'value="Looking back"' in refused.content.decode()
    assert "It went well.</textarea>" in refused.content.decode()

    assert organizer_n.client.post(url, recap_data(recap, **english)).status_code == 302
    recap.refresh_from_db()
    assert (recap.title_en, recap.summary_en) == ("Looking back", "It went well.")
    # The edit form loads them again.
    assert 'value="Looking back"' in organizer_n.client.get(url).content.decode()
