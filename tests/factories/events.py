import datetime

import factory
from django.utils import timezone

from events.models import Event, Highlight, ProgrammeItem, Recap
from tests.factories.members import MunicipalityFactory, NetworkFactory, PersonFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Kongress {n}")
    slug = factory.Sequence(lambda n: f"kongress-{n}")
    kind = Event.Kind.CONGRESS
    network = factory.SubFactory(NetworkFactory)
    city = factory.SubFactory(MunicipalityFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda event: event.starts_on)
    description = "Treffen der Kommunen des Netzwerks."


class ProgrammeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeItem
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Programmpunkt {n}")

    @factory.post_generation
    def speakers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.speakers.set(extracted)


class RecapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recap
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Rückblick {n}")
    slug = factory.Sequence(lambda n: f"rueckblick-{n}")
    body = "Was wir vom Kongress mitgenommen haben."
    status = Recap.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def projects(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.projects.set(extracted)

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.set(extracted)

    @factory.post_generation
    def municipalities(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.municipalities.set(extracted)


class HighlightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Highlight

    recap = factory.SubFactory(RecapFactory)
    person = factory.SubFactory(PersonFactory)
    quote = "Der informelle Austausch war das Wichtigste."
