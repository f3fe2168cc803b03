"""What search reads beyond a row's own texts (issue 12, points 1 and 3): a project's topics,
partners, places and networks; topics, networks and organisations as results; the glossary
in both languages; "did you mean ..."."""

import pytest
from django.urls import reverse

from core.fulltext import prepare
from core.glossary import prepare_query
from core.models import GlossaryEntry, GlossaryTerm
from members.models import Membership
from projects.models import Project, Visibility
from tests.factories.members import (
    MembershipFactory,
    MunicipalityFactory,
    NetworkFactory,
    OrganizationFactory,
)
from tests.factories.projects import ProjectFactory, TopicFactory
from tests.factories.viewers import colleague_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_glossary")]

SEARCH = reverse("search")


def found(query):
    return [project.slug for project in Project.objects.search(prepare_query(query))]


def group(response, kind):
    return next(g for g in response.context["groups"] if g.kind.key == kind)


def slugs(response, kind):
    return [result.slug for result in group(response, kind).results]


# What a project's search reads, kept current by triggers at once.


def test_a_topic_name_in_either_language_finds_its_projects():
    topic = TopicFactory(name_de="Datenplattformen", name_en="Data platforms")
    tagged = ProjectFactory(title="Sammlung", summary="Trainingsdaten.", topics=[topic])
    ProjectFactory(title="Anderes", summary="Nichts davon.")

    assert found("Datenplattform") == [tagged.slug]
    assert found("data platform") == [tagged.slug]


def test_tagging_untagging_and_renaming_a_topic_show_in_search_at_once():
    topic = TopicFactory(name_de="Verstetigung & Transfer", name_en="Scaling & transfer")
    project = ProjectFactory(title="Plattform", summary="Eine Plattform.")
    assert found("Verstetigung") == []

    project.topics.add(topic)
    assert found("Verstetigung") == [project.slug]

    topic.name_de = "Dauerbetrieb"
    topic.name_en = "Operation"
    topic.save()
    assert found("Dauerbetrieb") == [project.slug]
    assert found("Verstetigung") == []

    project.topics.remove(topic)
    assert found("Dauerbetrieb") == []


def test_partners_places_and_networks_count_below_the_own_title():
    company = OrganizationFactory(name="Mastercard")
    alsleben = MunicipalityFactory(name="Alsleben")
    partnered = ProjectFactory(title="Salzlandkarte", summary="Ein Fahrausweis.")
    partnered.partner_organizations.add(company)
    partnered.partner_municipalities.add(alsleben)
    titled = ProjectFactory(title="Mastercard im Alltag", summary="Bezahlen.")

    assert found("Mastercard") == [titled.slug, partnered.slug]
    assert found("Alsleben") == [partnered.slug]

    company.name = "Kartenfirma"
    company.save()
    assert found("Kartenfirma") == [partnered.slug]


def test_a_lead_s_network_counts_while_the_membership_is_active():
    network = NetworkFactory(name="City Possible")
    lead = MunicipalityFactory(name="Salzlandkreis")
    project = ProjectFactory(title="Marktplatz", summary="Ein Marktplatz.", lead_municipality=lead)
    assert found("Salzlandkreis") == [project.slug]
    assert found("City Possible") == []

    membership = MembershipFactory(municipality=lead, network=network)
    assert found("City Possible") == [project.slug]

    membership.status = Membership.Status.LEFT
    membership.save()
    assert found("City Possible") == []


def test_saving_a_project_from_django_keeps_what_the_triggers_wrote():
    topic = TopicFactory(name_de="Mobilität", name_en="Mobility")
    project = ProjectFactory(title="Rufbus", summary="Ein Bus.", topics=[topic])
    stale = Project.objects.get(pk=project.pk)  # related_vector as read before a change

    stale.title = "Rufbus Land"
    stale.save()

    assert found("mobility") == [project.slug]


# Topics, networks and organisations as results of the one search.


def test_a_partner_company_leads_to_the_network_it_runs_and_its_projects(client):
    company = OrganizationFactory(name="Mastercard", description="Technologieunternehmen.")
    network = NetworkFactory(name="City Possible", slug="city-possible", operator=company)
    project = ProjectFactory(title="Salzlandkarte", summary="Ein Fahrausweis.")
    project.partner_organizations.add(company)

    response = client.get(SEARCH, {"q": "Mastercard"})

    assert slugs(response, "networks") == ["city-possible"]
    assert slugs(response, "organizations") == [company.slug]
    assert slugs(response, "projects") == [project.slug]
    content = response.content.decode()
    assert 'id="results-organizations"' in content
    assert network.get_absolute_url() in content
    assert project.get_absolute_url() in content


def test_an_organisation_card_names_only_projects_the_reader_may_see(client):
    company = OrganizationFactory(name="Kartenfirma")
    public = ProjectFactory(title="Offene Karte")
    internal = ProjectFactory(title="Interne Karte", visibility=Visibility.MEMBERS)
    for project in (public, internal):
        project.partner_organizations.add(company)

    visitor = client.get(SEARCH, {"q": "Kartenfirma", "kind": "organizations"})
    client.force_login(colleague_of(internal.lead_municipality))
    member = client.get(SEARCH, {"q": "Kartenfirma", "kind": "organizations"})

    assert [r.project_count for r in group(visitor, "organizations").results] == [1]
    assert "Interne Karte" not in visitor.content.decode()
    assert [r.project_count for r in group(member, "organizations").results] == [2]
    assert "Interne Karte" in member.content.decode()


def test_topics_are_found_by_either_name_and_link_to_their_page(client):
    topic = TopicFactory(name_de="Bürgerbeteiligung", name_en="Participation")

    for query in ("Bürgerbeteiligung", "participation", "Buergerbeteiligung"):
        response = client.get(SEARCH, {"q": query})
        assert slugs(response, "topics") == [topic.slug], query
    assert topic.get_absolute_url() in response.content.decode()


def test_a_network_is_found_by_its_short_name_and_a_typo(client):
    NetworkFactory(name="Internationales Smart Cities Netzwerk", short_name="ISCN", slug="iscn")

    assert slugs(client.get(SEARCH, {"q": "ISCN"}), "networks") == ["iscn"]
    assert slugs(client.get(SEARCH, {"q": "Netzwrk"}), "networks") == ["iscn"]


# The glossary.


def test_the_shipped_glossary_has_at_least_200_pairs_in_both_languages():
    entries = GlossaryEntry.objects.filter(terms__language="de").filter(terms__language="en")
    assert entries.distinct().count() >= 200


def test_the_glossary_expands_a_query_in_both_languages():
    assert "Datenplattform" in prepare_query("data platform").concepts[0]
    assert "public transport" in prepare_query("ÖPNV").concepts[0]
    # The longest phrase wins; words outside the glossary stay as typed.
    concepts = prepare_query("Kiel öffentlicher Nahverkehr").concepts
    assert concepts[0] == ("Kiel",)
    assert "public transport" in concepts[1]


def test_staff_additions_to_the_glossary_count_at_once():
    project = ProjectFactory(title="Ladesäulen-Netz", summary="Ladesäulen für Elektroautos.")
    entry = GlossaryEntry.objects.create()
    GlossaryTerm.objects.create(entry=entry, text="Stromtankstelle", language="de")
    assert found("Stromtankstelle") == []

    GlossaryTerm.objects.create(entry=entry, text="Ladesäulen", language="de")

    assert found("Stromtankstelle") == [project.slug]


def test_spelled_out_umlauts_and_websearch_syntax():
    assert prepare("Rueckblick Kiel").concepts == (("Rueckblick", "Rückblick"), ("Kiel",))
    assert prepare('"Tiny Rathaus" -Kiel').concepts == ()  # read as written


# Did you mean ...


def test_a_query_that_finds_little_offers_the_closest_spelling(client):
    response = client.get(SEARCH, {"q": "Datenplatformen"})

    assert response.context["suggestion"] == "Datenplattformen"
    assert 'href="?q=Datenplattformen"' in response.content.decode()


def test_no_suggestion_when_the_query_finds_enough(client):
    for number in range(3):
        ProjectFactory(title=f"Rufbus {number}")

    assert "suggestion" not in client.get(SEARCH, {"q": "Rufbus"}).context


def test_the_suggestion_never_names_a_project_the_reader_may_not_see(client):
    ProjectFactory(title="Vertrauliches Wärmespeicherprojekt", visibility=Visibility.MEMBERS)

    response = client.get(SEARCH, {"q": "Vertrauliches Warmespeicherprojekd"})

    assert response.context.get("suggestion", "") != "Vertrauliches Wärmespeicherprojekt"
    assert "Wärmespeicherprojekt" not in response.content.decode()


# German and English configurations, OR-ed (issue 12, point 2, the query side).


def test_english_fields_are_matched_by_english_stems_and_german_ones_by_german_stems():
    english = ProjectFactory(title="Ladeinfrastruktur", title_en="Running charging stations")
    german = ProjectFactory(title="Verstetigte Städte", summary="Wie Städte verstetigen.")

    assert found("run") == [english.slug]  # "Running" stemmed in English only
    assert found("Stadt") == [german.slug]  # "Städte" stemmed in German
    tsquery = prepare_query("run Stadt").tsquery
    assert "'run'" in tsquery and "'stadt'" in tsquery
