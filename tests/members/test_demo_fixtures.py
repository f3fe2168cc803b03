"""The demo fixtures carry what the source articles state, load twice without duplicates and
invent no contact data."""

import json

import pytest
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command

from events.models import Event, Highlight, ProgrammeItem, Recap
from members.models import Membership, Municipality, Network, Organization, Person
from projects.models import Project, Topic

DEMO_MODELS = [
    "members.organization",
    "members.network",
    "members.municipality",
    "members.membership",
    "members.person",
    "projects.topic",
    "projects.project",
    "events.event",
    "events.programmeitem",
    "events.recap",
    "events.highlight",
]


@pytest.fixture
def demo(db):
    call_command("loaddata", "demo", verbosity=0)


def snapshot():
    """Every demo row, serialised with its many-to-many links."""
    rows = {}
    for label in DEMO_MODELS:
        queryset = apps.get_model(label).objects.order_by("pk")
        rows[label] = json.loads(serializers.serialize("json", queryset))
    return rows


def test_loading_twice_changes_nothing(demo):
    before = snapshot()

    call_command("loaddata", "demo", verbosity=0)

    assert snapshot() == before


def test_load_demo_data_command_loads_the_fixture(db):
    call_command("load_demo_data", verbosity=0)

    assert Network.objects.count() == 3


def test_the_three_networks(demo):
    networks = {network.slug: network for network in Network.objects.all()}

    assert set(networks) == {"city-possible", "iscn", "mpsc"}
    city_possible = networks["city-possible"]
    assert city_possible.operator.name == "Mastercard"
    assert city_possible.founded_year == 2018
    assert city_possible.website == "https://www.citypossible.com"
    assert "16 kommunalen Gründungsmitgliedern" in city_possible.description
    assert "mehr als 130 Mitgliedern" in city_possible.description
    assert "jedweder Größe" in city_possible.description
    iscn = networks["iscn"]
    assert iscn.short_name == "ISCN"
    assert iscn.operator.slug == "bmwsb"
    assert (iscn.founded_year, iscn.ended_year) == (2019, 2024)
    assert iscn.scope == "global"
    assert "73 Modellkommunen" in networks["mpsc"].description


def test_city_possible_members_and_founding_members(demo):
    memberships = Membership.objects.filter(network__slug="city-possible").active()

    founding = {m.municipality.name for m in memberships if m.is_founding_member}
    assert founding == {"Dubai", "Dublin", "San Diego"}
    assert {m.municipality.name for m in memberships} == {
        "Dubai",
        "Dublin",
        "San Diego",
        "Athen",
        "Helsinki",
        "Liverpool",
        "Madrid",
        "Melbourne",
        "Prag",
        "Salzlandkreis",
    }
    # No joining date is stated anywhere: none is invented.
    assert not memberships.filter(joined_on__isnull=False).exists()


def test_mpsc_members(demo):
    members = Membership.objects.filter(network__slug="mpsc").values_list(
        "municipality__slug", flat=True
    )

    assert set(members) == {"bamberg", "kiel", "kempten"}
    assert "2027" in Membership.objects.get_by_natural_key("bamberg", "mpsc").note


def test_named_municipalities_with_what_is_stated(demo):
    countries = dict(Municipality.objects.values_list("slug", "country"))

    assert countries == {
        "salzlandkreis": "DE",
        "bernburg": "DE",
        "alsleben": "DE",
        "bamberg": "DE",
        "kiel": "DE",
        "kempten": "DE",
        "hamburg": "DE",
        "mannheim": "DE",
        "dubai": "AE",
        "dublin": "IE",
        "san-diego": "US",
        "athen": "GR",
        "helsinki": "FI",
        "liverpool": "GB",
        "madrid": "ES",
        "melbourne": "AU",
        "prag": "CZ",
    }
    salzlandkreis = Municipality.objects.get(slug="salzlandkreis")
    assert salzlandkreis.kind == Municipality.Kind.DISTRICT
    assert salzlandkreis.state == "Sachsen-Anhalt"
    assert salzlandkreis.population == 190_000
    assert salzlandkreis.settlement_type == Municipality.SettlementType.RURAL
    assert "128 Ortsteilen" in salzlandkreis.description
    assert "Zukunftsstrategie Salzlandkreis 2030" in salzlandkreis.description
    assert "Smart.Region Salzlandkreis" in salzlandkreis.description
    # Only the Salzlandkreis' population is stated.
    assert list(Municipality.objects.filter(population__isnull=False)) == [salzlandkreis]
    assert Municipality.objects.get(slug="bamberg").state == "Bayern"
    assert Municipality.objects.get(slug="kiel").state == "Schleswig-Holstein"


def test_people_with_their_role_titles(demo):
    people = {
        person.name: (
            person.role_title,
            person.municipality and person.municipality.slug,
            person.organization and person.organization.slug,
        )
        for person in Person.objects.select_related("municipality", "organization")
    }

    assert people == {
        "Markus Bauer": ("Landrat", "salzlandkreis", None),
        "Dirk Helbig": (
            "Stabsstellenleiter für Digitalisierung und Innovation",
            "salzlandkreis",
            None,
        ),
        "Peter Bakenecker": (
            "Division President für Deutschland und die Schweiz",
            None,
            "mastercard",
        ),
        "Helmut Ibsch": ("Vorstand", None, "salzlandsparkasse"),
        "Sascha Seide": ("Account Manager", None, None),
        "Klaus Kroeger": ("Director Business Development", None, None),
        "Jonas Troles": ("Projektmanagement Office", "bamberg", None),
        "Volker Brand": ("Projektmanagement Office", "bamberg", None),
        "Dorothea Breier": ("Öffentlichkeitsarbeit", "bamberg", None),
        "Sören Bartol": ("Parlamentarischer Staatssekretär", None, "bmwsb"),
        "Dr. Nora Reinecke": (
            "Leiterin des Projekts Connected Urban Twins (CUT)",
            "hamburg",
            "senatskanzlei-hamburg-amt-fuer-it-und-digitalisierung",
        ),
        "Christian Specht": (
            "Erster Bürgermeister für Finanzen, Beteiligungsvermögen, Sicherheit und Ordnung "
            "sowie IT",
            "mannheim",
            None,
        ),
    }


def test_no_contact_data_is_invented():
    with open(settings.FIXTURE_DIRS[0] / "demo.json", encoding="utf-8") as fixture:
        objects = json.load(fixture)

    people = [obj["fields"] for obj in objects if obj["model"] == "members.person"]
    assert people
    assert all(not person.get("email") and not person.get("phone") for person in people)


def test_organizations(demo):
    assert set(Organization.objects.values_list("slug", flat=True)) == {
        "mastercard",
        "salzlandsparkasse",
        "kreisverkehrsgesellschaft-salzland",
        "harvard-tech",
        "civitas-connect",
        "bmwsb",
        "senatskanzlei-hamburg-amt-fuer-it-und-digitalisierung",
    }
    assert "Innovators Club" in Organization.objects.get(slug="mastercard").description


def test_the_seven_projects_with_lead_partners_and_topics(demo):
    projects = {project.slug: project for project in Project.objects.all()}

    assert len(projects) == 7
    salzlandkarte = projects["salzlandkarte"]
    assert salzlandkarte.lead_municipality.slug == "salzlandkreis"
    assert set(salzlandkarte.partner_organizations.values_list("slug", flat=True)) == {
        "mastercard",
        "salzlandsparkasse",
        "kreisverkehrsgesellschaft-salzland",
    }
    assert "Prepaid-Mastercard" in salzlandkarte.summary
    alsleben = projects["mobilitaetsprojekt-alsleben"]
    assert list(alsleben.partner_municipalities.values_list("slug", flat=True)) == ["alsleben"]
    assert projects["civitas-core"].lead_municipality.slug == "bamberg"
    assert list(projects["civitas-core"].partner_organizations.all()) == [
        Organization.objects.get(slug="civitas-connect")
    ]
    assert "Nordrhein-Westfalen" in projects["civitas-core"].description
    assert projects["kommunale-ki-datensammlung"].lead_municipality.slug == "kempten"
    assert projects["kommunale-ki-datensammlung"].stage == Project.Stage.IDEA
    # The articles state no stage for the others: none is claimed for them.
    assert {
        slug for slug, project in projects.items() if project.stage == Project.Stage.NOT_STATED
    } == set(projects) - {"kommunale-ki-datensammlung"}
    assert projects["tiny-rathaus"].lead_municipality.slug == "kiel"
    assert projects["connected-urban-twins"].lead_municipality.slug == "hamburg"
    assert projects["mobiler-marktplatz-4-0"].lead_municipality.slug == "salzlandkreis"
    assert all(project.topics.exists() for project in projects.values())
    # No start, end, repository or lessons are stated for any of them.
    assert not Project.objects.filter(started_on__isnull=False).exists()
    assert not Project.objects.exclude(repository_url="").exists()


def test_topics_are_named_in_both_languages(demo):
    topics = Topic.objects.all()

    assert 10 <= topics.count() <= 14
    assert all(
        topic.name_de and topic.name_en and topic.description_de and topic.description_en
        for topic in topics
    )
    assert Topic.objects.get(slug="mobilitaet").name_en == "Mobility"


def test_events_have_no_invented_dates(demo):
    events = {event.slug: event for event in Event.objects.all()}

    assert len(events) == 4
    assert not Event.objects.filter(starts_on__isnull=False).exists()
    signing = events["unterzeichnung-absichtserklaerung-salzlandkreis-mastercard"]
    assert (signing.kind, signing.city.slug, signing.network.slug) == (
        Event.Kind.SIGNING,
        "bernburg",
        "city-possible",
    )
    iscn_meetings = events["iscn-netzwerktreffen"]
    assert (iscn_meetings.kind, iscn_meetings.network.slug) == (Event.Kind.MEETING, "iscn")


def test_kiel_congress_with_theme_recap_and_three_highlights(demo):
    congress = Event.objects.get(slug="mpsc-kongress-7-kiel")

    assert (congress.edition, congress.city.slug, congress.network.slug) == (7, "kiel", "mpsc")
    assert congress.theme == (
        "Stadt – Land – Schluss mit Piloten: Smart City erfolgreich verstetigen"
    )
    recap = congress.recaps.get()
    assert recap.status == Recap.Status.PUBLISHED
    assert recap.author_municipality.slug == "bamberg"
    highlights = list(recap.highlights.select_related("person"))
    assert [h.person.name for h in highlights] == [
        "Jonas Troles",
        "Dorothea Breier",
        "Volker Brand",
    ]
    assert "kommunale KI-Datensammlung" in highlights[0].quote
    assert "CIVITAS/CORE" in highlights[2].quote
    assert set(recap.projects.values_list("slug", flat=True)) == {
        "civitas-core",
        "kommunale-ki-datensammlung",
        "tiny-rathaus",
    }
    assert set(recap.municipalities.values_list("slug", flat=True)) == {
        "bamberg",
        "kiel",
        "kempten",
    }
    assert recap.topics.exists()


def test_smart_country_convention_panel_quotes(demo):
    panel = Event.objects.get(slug="sccon-panel-transfer-modellprojekte-smart-cities")

    assert panel.title == (
        "Modellprojekte Smart Cities: Wie gelingt der Transfer zukunftsfähiger Lösungen für "
        "eine integrierte Stadtentwicklung?"
    )
    assert panel.starts_on is None
    programme_item = ProgrammeItem.objects.get_by_natural_key(panel.slug, 1)
    assert set(programme_item.speakers.values_list("name", flat=True)) == {
        "Sören Bartol",
        "Dr. Nora Reinecke",
        "Christian Specht",
    }
    highlights = Highlight.objects.filter(recap__event=panel)
    assert set(highlights.values_list("person__name", flat=True)) == {
        "Sören Bartol",
        "Dr. Nora Reinecke",
        "Christian Specht",
    }
    assert highlights.filter(
        person__slug="christian-specht", quote__contains="öffentlich preiszugeben"
    ).exists()


def test_signing_recap_quotes_bauer_and_bakenecker(demo):
    recap = Recap.objects.get(
        event__slug="unterzeichnung-absichtserklaerung-salzlandkreis-mastercard"
    )

    assert set(recap.highlights.values_list("person__name", flat=True)) == {
        "Markus Bauer",
        "Peter Bakenecker",
    }
    assert recap.highlights.filter(quote__startswith="Wir sind sehr stolz darauf").exists()


def test_recaps_without_a_stated_date_carry_the_date_of_entry(demo):
    # A published recap needs a date; the articles give none, so the day of entry stands in.
    dates = {recap.published_at.date().isoformat() for recap in Recap.objects.published()}

    assert dates == {"2026-11-23"}
