import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.access import Viewer, Visibility
from core.bilingual import Bilingual
from core.cached import KnowsWhatChanged, cached
from core.fulltext import (
    ENGLISH,
    ImmutableUnaccent,
    SearchSpec,
    ranked_search,
    search_indexes,
    search_vector_field,
)
from members.models import Membership, Municipality, Organization, SlugNaturalKeyManager


class Topic(KnowsWhatChanged, Bilingual, models.Model):
    """One entry of the small curated taxonomy, named in German and English."""

    # Texts no count, facet or ranking reads (core.cached.KnowsWhatChanged).
    prose_fields = frozenset({"description_de", "description_en"})

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name_de = models.CharField(_("name (German)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    objects = SlugNaturalKeyManager()
    BILINGUAL = {
        "name": ("name_de", "name_en"),
        "description": ("description_de", "description_en"),
    }

    class Meta:
        ordering = ["name_de"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("topic_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def name(self):
        return self.name_en if (get_language() or "de").startswith("en") else self.name_de

    @property
    def description(self):
        english = (get_language() or "de").startswith("en")
        return (self.description_en if english else self.description_de) or self.description_de


# A project's search also reads what it is linked to (its related_vector): its topics, its
# lead and partner municipalities and organisations, and its lead's networks.
PROJECT_SEARCH = SearchSpec(
    title_field="title",
    snippet_field="summary",
    snippet_field_en="summary_en",
    related_field="related_vector",
)


class ProjectQuerySet(models.QuerySet):
    def search(self, query, *, candidates=None, typos=True):
        """Projects matching `query` (German and English, accent- and typo-tolerant), best
        first, annotated with `rank`. Filter by visibility and facets before calling it, so
        the bounded candidate set is drawn from the rows that may be shown."""
        return ranked_search(self, query, PROJECT_SEARCH, candidates=candidates, typos=typos)

    def visible_to(self, viewer: Viewer):
        """Public projects for everyone; members-only ones for whom core.access lets see
        them: officers, admins and organizers of a network the lead municipality is an
        active member of, and staff."""
        if viewer.sees_everything:
            return self
        public = Q(visibility=Visibility.PUBLIC)
        if not viewer.networks_reached:
            return self.filter(public)
        return self.filter(public | Q(lead_municipality__in=members_of(viewer.networks_reached)))

    def members_only_visible_to(self, viewer: Viewer):
        """The members-only projects `viewer` may see (none for a visitor)."""
        hidden = self.filter(visibility=Visibility.MEMBERS)
        if viewer.sees_everything:
            return hidden
        if not viewer.networks_reached:
            return hidden.none()
        return hidden.filter(lead_municipality__in=members_of(viewer.networks_reached))

    def with_member_access(self, viewer: Viewer):
        """Annotates `member_access`: whether `viewer` may see what a project keeps for
        network members (its lessons learned when they are members-only)."""
        if viewer.sees_everything:
            return self.annotate(member_access=Value(True))
        if not viewer.networks_reached:
            return self.annotate(member_access=Value(False))
        shared = Membership.objects.active().filter(
            network__in=viewer.networks_reached, municipality=OuterRef("lead_municipality")
        )
        return self.annotate(member_access=Exists(shared))

    def with_card_data(self):
        # A card shows neither the long texts nor the search vectors: leave them unread.
        return (
            self.select_related("lead_municipality")
            .prefetch_related("topics")
            .defer(
                "description",
                "lessons_worked",
                "lessons_failed",
                "lessons_differently",
                "search_vector",
                "related_vector",
                "lead_municipality__description",
                "lead_municipality__search_vector",
            )
        )


def members_of(network_ids):
    """Municipalities with an active membership in any of `network_ids` (a subquery)."""
    return Membership.objects.active().filter(network__in=network_ids).values("municipality")


class Project(KnowsWhatChanged, Bilingual, models.Model):
    # Texts no count, facet or ranking reads (core.cached.KnowsWhatChanged).
    prose_fields = frozenset(
        {
            "title_en", "summary", "summary_en", "description", "stopped_reason",
            "funding_programme", "repository_url", "licence", "open_standards", "lessons_worked",
            "lessons_failed", "lessons_differently", "source_url", "updated_at", "version",
        }
    )  # fmt: skip
    BILINGUAL = {"title": ("title", "title_en"), "summary": ("summary", "summary_en")}

    class Stage(models.TextChoices):
        # The path a solution takes, from first idea to being reused by others.
        IDEA = "idea", _("Idea")
        PROOF_OF_CONCEPT = "proof_of_concept", _("Proof of concept")
        PILOT = "pilot", _("Pilot")
        PERMANENT = "permanent", _("Made permanent")
        ROLLED_OUT = "rolled_out", _("Rolled out elsewhere")
        STOPPED = "stopped", _("Stopped")
        # For projects known only from a report that does not say how far they got.
        NOT_STATED = "not_stated", _("Stage not stated")

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), max_length=600)
    summary_en = models.TextField(_("summary (English)"), max_length=600, blank=True)
    description = models.TextField(_("description"), blank=True)
    lead_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("lead municipality"),
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    partner_municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("partner municipalities"),
        blank=True,
        related_name="partnered_projects",
    )
    partner_organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("partner organizations"),
        blank=True,
        related_name="projects",
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="projects"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    stopped_reason = models.TextField(_("why it was stopped"), blank=True)
    started_on = models.DateField(_("start"), null=True, blank=True)
    ended_on = models.DateField(_("end"), null=True, blank=True)
    funding_programme = models.CharField(_("funding programme"), max_length=200, blank=True)
    is_open_source = models.BooleanField(_("open source"), default=False)
    repository_url = models.URLField(_("repository"), blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    open_standards = models.CharField(_("open standards used"), max_length=300, blank=True)
    lessons_worked = models.TextField(_("what worked"), blank=True)
    lessons_failed = models.TextField(_("what did not work"), blank=True)
    lessons_differently = models.TextField(_("what we would do differently"), blank=True)
    lessons_visibility = models.CharField(
        _("lessons learned visible to"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    source_url = models.URLField(_("source"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Counts the saves through projects.services: the edit form carries the version it was
    # loaded from, and a save from an older one is refused (a conflict, never overwritten).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    pictures = GenericRelation("members.Picture")
    # A generated column, so bulk writes keep it current too. The lessons learned stay out:
    # they may be visible to members only, and a match must not reveal them to visitors.
    search_vector = search_vector_field(
        ("title", "A"),
        ("title_en", "A", ENGLISH),
        ("summary", "B"),
        ("summary_en", "B", ENGLISH),
        ("description", "C"),
        ("funding_programme", "C"),
        ("open_standards", "C"),
    )

    # The words of what the project is linked to, weighted below its own texts: its topics'
    # German and English names (B), its lead and partner municipalities and partner
    # organisations (C), the networks its lead is an active member of (D). A generated
    # column cannot read other tables, so triggers (migration projects/0010) keep it current
    # on every write to the links and to those names, bulk writes included; a save from
    # Django leaves it as the triggers wrote it.
    related_vector = SearchVectorField(_("related search vector"), default="", editable=False)

    objects = SlugNaturalKeyManager.from_queryset(ProjectQuerySet)()
    # Every saved version with its topics and partners (projects.services writes one record
    # per change; projects/views_edit.py shows them as a diff and restores them). UUIDs, as
    # the restore URL names a record (STYLE §3: no sequential ids in public URLs).
    history = HistoricalRecords(
        excluded_fields=["search_vector", "related_vector"],
        m2m_fields=[topics, partner_municipalities, partner_organizations],
        history_id_field=models.UUIDField(default=uuid.uuid4),
    )

    class Meta:
        ordering = ["-created_at", "title"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="project_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(stage="stopped") | ~Q(stopped_reason=""),
                name="project_stopped_has_reason",
            ),
        ]
        indexes = [
            # Latest projects on the home page and the default list order.
            models.Index(fields=["-created_at", "title"], name="project_latest"),
            # Project.objects.search(): full-text match and typo-tolerant title match.
            *search_indexes("project", "title"),
            # ... and the match of what it is linked to (its topics, partners, places).
            GinIndex(fields=["related_vector"], name="project_related_search"),
            # Similar projects by title (projects/similarity.py): the nearest titles first
            # (`<->`), which the GIN trigram index above cannot order by.
            GistIndex(
                OpClass(ImmutableUnaccent("title"), name="gist_trgm_ops"),
                name="project_title_trgm_nearest",
            ),
            # The project list's facet counts and filters by the lead's place (country,
            # state, size, network): the lead's projects with every column they read, so
            # PostgreSQL answers from the index without visiting the wide table rows.
            models.Index(
                fields=["lead_municipality", "visibility"],
                include=["id", "stage", "is_open_source", "started_on"],
                name="project_facets_by_lead",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:project_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def has_lessons(self):
        return bool(self.lessons_worked or self.lessons_failed or self.lessons_differently)


class AdoptionManager(models.Manager):
    def get_by_natural_key(self, project_slug, municipality_slug):
        return self.get(project__slug=project_slug, municipality__slug=municipality_slug)


class Adoption(models.Model):
    """Another municipality took a project over or built on it: the transfer graph."""

    class Kind(models.TextChoices):
        AS_IS = "as_is", _("Reused as is")
        ADAPTED = "adapted", _("Adapted")
        INSPIRED = "inspired", _("Inspired by it")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="adoptions"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("adopting municipality"),
        on_delete=models.CASCADE,
        related_name="adoptions",
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    kind = models.CharField(_("how"), max_length=20, choices=Kind.choices, default=Kind.ADAPTED)
    notes = models.TextField(_("notes"), blank=True)
    # Who recorded it (an officer of the adopting municipality) and whether the lead
    # municipality's officers confirmed it. Imported rows carry neither.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = AdoptionManager()

    class Meta:
        ordering = ["-adopted_on", "municipality__name"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "municipality"], name="adoption_unique_per_municipality"
            )
        ]

    def __str__(self):
        return f"{self.project} → {self.municipality}"

    def natural_key(self):
        return (*self.project.natural_key(), *self.municipality.natural_key())

    natural_key.dependencies = ["projects.project", "members.municipality"]


class MunicipalityTopicQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer):
        """The profile rows that count a project `viewer` may see. Public counts are kept
        per row; members-only projects are looked up for the networks `viewer` reaches."""
        if viewer.sees_everything:
            return self
        public = Q(public_project_count__gt=0)
        if not viewer.networks_reached:
            return self.filter(public)
        hidden = Project.objects.members_only_visible_to(viewer).filter(topics=OuterRef("topic"))
        involving = Q(lead_municipality=OuterRef("municipality")) | Q(
            partner_municipalities=OuterRef("municipality")
        )
        return self.filter(public | Exists(hidden.filter(involving)))


class MunicipalityTopic(models.Model):
    """How many projects a municipality leads or partners in carry a topic: its topic
    profile, which the peers ranking reads instead of counting every project per request.

    Database triggers (migration projects/0003) keep it current on every write to projects,
    their topics and their partners, bulk writes included; no Python code writes it.
    """

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="topic_profile",
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="municipality_profile",
    )
    project_count = models.PositiveIntegerField(_("projects"))
    public_project_count = models.PositiveIntegerField(_("public projects"))

    objects = MunicipalityTopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic of a municipality")
        verbose_name_plural = _("topics of municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "topic"], name="municipality_topic_unique"
            )
        ]
        indexes = [
            # Peers: every municipality working on any of the given topics.
            models.Index(
                fields=["topic", "municipality"],
                include=["public_project_count"],
                name="municipality_topic_by_topic",
            ),
            # The municipality list's topic facet: the topics of the listed municipalities
            # (the unique constraint's index lacks the public count).
            models.Index(
                fields=["municipality", "topic"],
                include=["public_project_count"],
                name="municipality_topic_by_place",
            ),
        ]

    def __str__(self):
        return f"{self.municipality} – {self.topic}"


def municipalities_working_on(topic, viewer):
    """The ids of the municipalities that lead or partner a project on `topic` that
    `viewer` may see (a subquery): read from their topic profiles, not from the projects."""
    return MunicipalityTopic.objects.visible_to(viewer).filter(topic=topic).values("municipality")


def project_counts_by_topic(viewer) -> dict[int, int]:
    """How many of the projects `viewer` may see carry each topic (a topic with none is
    absent): the topic list, the topic pages and the topics CSV read one entry, kept per
    group of viewers and content generation (core.cached)."""
    return cached(
        "topic-project-counts", viewer, (), lambda: count_projects_by_topic(viewer), facts=True
    )


def count_projects_by_topic(viewer) -> dict[int, int]:
    """Counted from the links with the visible projects as a semi-join: an
    IN (subquery) inside an aggregate's FILTER is checked link by link against the
    materialised project ids once they outgrow work_mem (at 1,000,000 projects it ran for
    over 39 minutes; this takes 1 s), and a subquery per topic reads the visible projects
    once per topic (8.7 s)."""
    visible = Project.objects.visible_to(viewer)
    links = Project.topics.through.objects.filter(project__in=visible)
    counts = links.values("topic").annotate(n=models.Count("project")).order_by()
    return dict(counts.values_list("topic", "n"))
