import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.dispatch import receiver
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from core.bilingual import Bilingual
from core.cached import KnowsWhatChanged
from core.fulltext import (
    ENGLISH,
    SearchSpec,
    ranked_search,
    search_indexes,
    search_vector_field,
)


def country_name(code: str) -> str:
    return countries.name(code) or code


class SlugNaturalKeyManager(models.Manager):
    """Fixtures refer to rows by slug, so loading them twice matches instead of duplicating."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Organization(models.Model):
    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        BANK = "bank", _("Bank or savings bank")
        RESEARCH = "research", _("Research institute")
        ASSOCIATION = "association", _("Association")
        MINISTRY = "ministry", _("Ministry")
        PUBLIC_AGENCY = "public_agency", _("Public agency")
        TRANSPORT = "transport", _("Transport operator")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class NetworkQuerySet(models.QuerySet):
    def with_member_count(self):
        return self.annotate(
            member_count=models.Count(
                "memberships", filter=Q(memberships__status="active"), distinct=True
            )
        )


class Network(KnowsWhatChanged, Bilingual, models.Model):
    # Texts no count, facet or ranking reads (core.cached.KnowsWhatChanged).
    prose_fields = frozenset({"description", "description_en", "website"})
    BILINGUAL = {"name": ("name", "name_en"), "description": ("description", "description_en")}

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    operator = models.ForeignKey(
        Organization,
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operated_networks",
    )
    founded_year = models.PositiveSmallIntegerField(_("founded"), null=True, blank=True)
    ended_year = models.PositiveSmallIntegerField(_("ended"), null=True, blank=True)
    scope = models.CharField(
        _("scope"), max_length=100, blank=True, help_text=_("e.g. national, global")
    )
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # The portal lists only the members someone has entered; a network often states its own
    # total ("more than 130 members"), which the pages show beside the portal's count.
    stated_member_count = models.PositiveIntegerField(
        _("members according to the network"),
        null=True,
        blank=True,
        help_text=_("The total the network itself states, if it does."),
    )
    stated_member_count_is_minimum = models.BooleanField(
        _("stated as a minimum"),
        default=False,
        help_text=_("The network says “more than” this number."),
    )
    stated_member_count_source = models.CharField(
        _("source of the stated total"), max_length=300, blank=True
    )

    objects = SlugNaturalKeyManager.from_queryset(NetworkQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_year__isnull=True)
                | Q(founded_year__isnull=True)
                | Q(ended_year__gte=models.F("founded_year")),
                name="network_ended_not_before_founded",
            ),
            models.CheckConstraint(
                condition=Q(stated_member_count_is_minimum=False)
                | Q(stated_member_count__isnull=False),
                name="network_minimum_needs_stated_count",
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("network_detail", kwargs={"slug": self.slug})

    def stated_member_count_display(self):
        """The network's own total as it states it: "more than 130", "73", or ""."""
        if self.stated_member_count is None:
            return ""
        count = formats.number_format(self.stated_member_count, force_grouping=True)
        if self.stated_member_count_is_minimum:
            return _("more than %(count)s") % {"count": count}
        return count

    def natural_key(self):
        return (self.slug,)


MUNICIPALITY_SEARCH = SearchSpec(
    title_field="name",
    snippet_field="description",
    snippet_field_en="description_en",
    short_titles=True,
)


class MunicipalityQuerySet(models.QuerySet):
    def search(self, query, *, candidates=None, typos=True):
        """Municipalities matching `query` (accent- and typo-tolerant), best first, `rank`ed."""
        return ranked_search(self, query, MUNICIPALITY_SEARCH, candidates=candidates, typos=typos)

    def with_card_data(self):
        return self.only(
            "name",
            "name_en",
            "slug",
            "kind",
            "country",
            "state",
            "population",
            "population_class",
            "settlement_type",
        )


class ContactPersonsSnapshot(models.Model):
    """Part of every recorded version of a municipality's profile: its contact persons as they
    were (name and public role title), so the history shows their changes and a restore brings
    them back. None on versions recorded before contact persons were kept."""

    contact_persons = models.JSONField(_("contact persons"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class Municipality(KnowsWhatChanged, Bilingual, models.Model):
    # Texts no count, facet or ranking reads (core.cached.KnowsWhatChanged).
    prose_fields = frozenset({"description", "description_en", "website"})
    BILINGUAL = {"name": ("name", "name_en"), "description": ("description", "description_en")}

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District (Landkreis)")
        MUNICIPALITY = "municipality", _("Municipality")
        REGION = "region", _("Region")

    class SettlementType(models.TextChoices):
        RURAL = "rural", _("Rural")
        URBAN = "urban", _("Urban")

    class PopulationClass(models.TextChoices):
        # Size classes of the German BBSR's town and municipality types.
        RURAL_COMMUNITY = "xs", _("under 5,000 inhabitants")
        SMALL_TOWN = "s", _("5,000 to 20,000 inhabitants")
        MEDIUM_TOWN = "m", _("20,000 to 100,000 inhabitants")
        LARGE_CITY = "l", _("100,000 to 500,000 inhabitants")
        METROPOLIS = "xl", _("500,000 inhabitants and more")

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(
        _("name (English)"), max_length=200, blank=True, help_text=_("e.g. Munich for München")
    )
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CITY)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 country code"))
    state = models.CharField(_("state"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_class = models.GeneratedField(
        expression=models.Case(
            models.When(population__lt=5_000, then=models.Value("xs")),
            models.When(population__lt=20_000, then=models.Value("s")),
            models.When(population__lt=100_000, then=models.Value("m")),
            models.When(population__lt=500_000, then=models.Value("l")),
            models.When(population__gte=500_000, then=models.Value("xl")),
            default=models.Value(""),
        ),
        output_field=models.CharField(max_length=2, choices=PopulationClass.choices),
        db_persist=True,
        verbose_name=_("population class"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    settlement_type = models.CharField(
        _("rural or urban"), max_length=10, choices=SettlementType.choices, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    official_key = models.CharField(
        _("official key"),
        max_length=20,
        blank=True,
        help_text=_("e.g. the German Amtlicher Gemeindeschlüssel (AGS)"),
    )
    wikidata_id = models.CharField(_("Wikidata ID"), max_length=20, blank=True)
    geonames_id = models.PositiveIntegerField(_("GeoNames ID"), null=True, blank=True, unique=True)
    search_vector = search_vector_field(
        ("name", "A"),
        ("name_en", "A", ENGLISH),
        ("state", "B"),
        ("description", "C"),
        ("description_en", "C", ENGLISH),
    )

    objects = SlugNaturalKeyManager.from_queryset(MunicipalityQuerySet)()
    # Every saved version of the public profile (members/views_profile.py shows them as a
    # diff and restores them; the edit form's loaded_version is the newest record's id).
    # UUIDs: the restore form names a record (STYLE §3: no sequential ids in public URLs).
    history = HistoricalRecords(
        excluded_fields=["search_vector", "population_class"],
        history_id_field=models.UUIDField(default=uuid.uuid4),
        bases=[ContactPersonsSnapshot],
    )
    pictures = GenericRelation("members.Picture")

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(population__isnull=True) | Q(population__gte=0),
                name="municipality_population_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="municipality_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="municipality_longitude_in_range",
            ),
            models.UniqueConstraint(
                fields=["country", "official_key"],
                condition=~Q(official_key=""),
                name="municipality_unique_official_key",
            ),
        ]
        indexes = [
            # The CSV import matches rows without an official key by name and country.
            models.Index(Lower("name"), "country", name="municipality_name_country"),
            # Facets on the municipality list.
            models.Index(fields=["country", "state"], name="municipality_country_state"),
            # Municipality.objects.search(): full-text match and typo-tolerant name match.
            *search_indexes("municipality", "name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("municipality_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def contact_persons_snapshot(self) -> list[dict]:
        """The public part of the contact persons (never email or phone), as a version keeps
        them."""
        return [
            {"id": person.pk, "name": person.name, "role": person.role_title}
            for person in self.people.order_by("name", "pk")
        ]

    @property
    def country_name(self):
        """The country's name in the active language (its code where none is known)."""
        return country_name(self.country)

    def get_population_class_display(self):
        """The size class's label. Django adds get_FOO_display only for fields with choices,
        and a GeneratedField keeps its choices on its output field, so the template got ""."""
        if not self.population_class:
            return ""
        return self.PopulationClass(self.population_class).label


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)


class MembershipManager(models.Manager.from_queryset(MembershipQuerySet)):
    def get_by_natural_key(self, municipality_slug, network_slug):
        return self.get(municipality__slug=municipality_slug, network__slug=network_slug)


class Membership(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACTIVE = "active", _("Active")
        REJECTED = "rejected", _("Rejected")
        LEFT = "left", _("Left")

    class Tier(models.TextChoices):
        MEMBER = "member", _("Member")
        FOUNDING = "founding", _("Founding member")
        CORE = "core", _("Core member")
        FELLOW = "fellow", _("Fellow")
        OBSERVER = "observer", _("Observer")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="memberships"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices, default=Tier.MEMBER)
    joined_on = models.DateField(_("joined"), null=True, blank=True)
    left_on = models.DateField(_("left"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    source_url = models.URLField(
        _("source"), blank=True, help_text=_("Where the membership is stated")
    )
    # A request to join, made by an officer of the municipality, and the admins' decision.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    request_message = models.TextField(_("message"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True, max_length=2000)

    objects = MembershipManager()

    class Meta:
        ordering = ["network__name", "municipality__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "network"], name="membership_unique_per_network"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_not_before_joined",
            ),
        ]

    def __str__(self):
        return f"{self.municipality} – {self.network}"

    def natural_key(self):
        return (*self.municipality.natural_key(), *self.network.natural_key())

    natural_key.dependencies = ["members.municipality", "members.network"]

    @property
    def is_founding_member(self):
        return self.tier == self.Tier.FOUNDING


class Person(models.Model):
    """A contact person. Email and phone are contact data: no public page shows them."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    role_title = models.CharField(_("role"), max_length=300, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


# Registered with the members app's models (they live in modules of their own).
from members.pictures import Picture  # noqa: E402, F401
from members.rights import AuditEntry, NetworkRole, Officer, UserProfile  # noqa: E402, F401


@receiver(pre_create_historical_record, dispatch_uid="municipality_contact_persons_snapshot")
def keep_contact_persons_in_version(sender, instance, history_instance, **kwargs):
    if isinstance(instance, Municipality):
        history_instance.contact_persons = instance.contact_persons_snapshot()
