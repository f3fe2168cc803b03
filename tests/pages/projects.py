"""Project and topic pages (projects app)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from core.access import Visibility
from projects.models import Adoption, Project
from tests.factories.events import EventFactory, RecapFactory
from tests.factories.members import MembershipFactory, MunicipalityFactory, OrganizationFactory
from tests.factories.projects import AdoptionFactory, ProjectFactory, TopicFactory
from tests.pages import MEMBER, OFFICER, READERS, STAFF, exempt, page


def on_demand_bus():
    """A project with topics, partners, lessons learned, adoptions and a recap."""
    mobility = TopicFactory(name_de="Mobilität", name_en="Mobility")
    lead = MunicipalityFactory(name="Landkreis Beispiel", kind="district", population=140_000)
    membership = MembershipFactory(municipality=lead)
    project = ProjectFactory(
        title="Rufbus auf Bestellung",
        summary="Ein Bus, der kommt, wenn man ihn per App oder Telefon bestellt.",
        lead_municipality=lead,
        topics=[mobility, TopicFactory(name_de="Datenplattformen", name_en="Data platforms")],
        partner_municipalities=[MunicipalityFactory(name="Nachbargemeinde")],
        partner_organizations=[OrganizationFactory(name="Verkehrsverbund")],
        stage=Project.Stage.PERMANENT,
        started_on=datetime.date(2021, 4, 1),
        funding_programme="Modellprojekte Smart Cities",
        is_open_source=True,
        repository_url="https://gitlab.opencode.de/beispiel/rufbus",
        licence="EUPL-1.2",
        open_standards="GTFS, GBFS",
        lessons_worked="Früh mit dem Verkehrsunternehmen planen.",
        lessons_failed="Die erste App war zu kompliziert.",
        lessons_differently="Telefonbestellung von Anfang an anbieten.",
    )
    AdoptionFactory(
        project=project,
        adopted_on=datetime.date(2024, 1, 15),
        kind=Adoption.Kind.ADAPTED,
        notes="Mit eigenem Fahrplan übernommen.",
    )
    RecapFactory(
        event=EventFactory(network=membership.network), projects=[project], topics=[mobility]
    )
    return project, mobility


@page("projects:project_list", personas=READERS)
def project_list():
    project, mobility = on_demand_bus()
    ProjectFactory(stage=Project.Stage.STOPPED, stopped_reason="Förderung lief aus.")
    ProjectFactory(
        title="Rufbus-Daten intern",
        lead_municipality=project.lead_municipality,
        topics=[mobility],
        visibility=Visibility.MEMBERS,
    )
    return reverse("projects:project_list")


@page("projects:project_detail", personas=READERS)
def project_detail():
    """Its lessons learned are for network members: a notice for the others."""
    project, _mobility = on_demand_bus()
    project.lessons_visibility = Visibility.MEMBERS
    project.save(update_fields=["lessons_visibility"])
    return project.get_absolute_url()


@page("projects:topic_list")
def topic_list():
    on_demand_bus()
    return reverse("projects:topic_list")


@page("topic_detail")
def topic_detail():
    _project, mobility = on_demand_bus()
    return mobility.get_absolute_url()


# Adoptions (projects/views_adoptions.py). The gates' officer is an officer of every sample
# municipality: of the lead too, and of others that may still record their use.
@page("projects:adoption_create", personas=(OFFICER,))
def adoption_create():
    project, _mobility = on_demand_bus()
    return reverse("projects:adoption_create", args=[project.slug])


def recorded_adoption():
    project, _mobility = on_demand_bus()
    return Adoption.objects.filter(project=project).select_related("project", "municipality")[0]


@page("projects:adoption_edit", personas=(OFFICER, STAFF))
def adoption_edit():
    """A confirmed adoption: the page says a change asks for a new confirmation."""
    adoption = recorded_adoption()
    adoption.confirmed_at = timezone.now()
    adoption.save(update_fields=["confirmed_at"])
    return reverse(
        "projects:adoption_edit", args=[adoption.project.slug, adoption.municipality.slug]
    )


def _adoption_post_only(url_name):
    def build():
        adoption = recorded_adoption()
        return reverse(url_name, args=[adoption.project.slug, adoption.municipality.slug])

    build.__name__ = url_name.replace(":", "_")
    # POST only: a GET answers 405.
    page(url_name, personas=(MEMBER,), html=False)(build)


_adoption_post_only("projects:adoption_delete")
_adoption_post_only("projects:adoption_confirm")


# Creating and editing projects (projects/views_edit.py): the gates' officer is an officer
# of every sample municipality, so of the lead too; staff edit every project.
EDITORS = ("officer", "staff")


@page("projects:project_new", personas=("member", "officer"))
def project_new():
    """The member reads how to become an officer; the officer chooses the municipality."""
    on_demand_bus()
    return reverse("projects:project_new")


@page("projects:project_create", personas=EDITORS)
def project_create():
    project, _mobility = on_demand_bus()
    return reverse("projects:project_create", args=[project.lead_municipality.slug])


@page("projects:project_edit", personas=EDITORS)
def project_edit():
    project, _mobility = on_demand_bus()
    return reverse("projects:project_edit", args=[project.slug])


@page("projects:project_history", personas=EDITORS)
def project_history():
    """Two versions: the one made by the samples and a changed title and stage."""
    project, _mobility = on_demand_bus()
    project.title = "Rufbus auf Bestellung im ganzen Landkreis"
    project.stage = Project.Stage.ROLLED_OUT
    project.save()
    return reverse("projects:project_history", args=[project.slug])


@page("projects:project_restore", personas=("member",), html=False)
def project_restore():
    """POST only: a GET answers 405."""
    project, _mobility = on_demand_bus()
    record = project.history.order_by("history_date").first()
    return reverse("projects:project_restore", args=[project.slug, record.history_id])


@page("projects:partner_suggestions", personas=("officer",), html=False)
def partner_suggestions():
    """JSON for the partner search as one types."""
    on_demand_bus()
    return reverse("projects:partner_suggestions") + "?q=Verkehr"


for _name in ("projects:project_picture_add", "projects:project_picture_remove"):
    exempt(
        _name,
        "POST only, answers with a redirect (or the edit page with errors, checked as "
        "projects:project_edit): tests/projects/test_project_pictures.py",
    )
