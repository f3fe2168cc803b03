import factory

from projects.models import Adoption, Project, Topic
from tests.factories.members import MunicipalityFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"thema-{n}")
    name_de = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Projekt {n}")
    slug = factory.Sequence(lambda n: f"projekt-{n}")
    summary = "Eine digitale Lösung, die andere Kommunen übernehmen können."
    description = "Beschreibung des Projekts."
    lead_municipality = factory.SubFactory(MunicipalityFactory)
    stage = Project.Stage.PILOT

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.set(extracted)

    @factory.post_generation
    def partner_municipalities(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.partner_municipalities.set(extracted)

    @factory.post_generation
    def partner_organizations(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.partner_organizations.set(extracted)


class AdoptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adoption

    project = factory.SubFactory(ProjectFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    kind = Adoption.Kind.ADAPTED
