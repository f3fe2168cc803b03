from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.db.models.lookups import IsNull
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bilingual import Bilingual
from core.cached import KnowsWhatChanged
from core.fulltext import (
    ENGLISH,
    SearchSpec,
    ranked_search,
    search_indexes,
    search_vector_field,
)
from members.models import Municipality, Network, Organization, Person, SlugNaturalKeyManager
from projects.models import Project, Topic

EVENT_SEARCH = SearchSpec(
    title_field="title", snippet_field="description", snippet_field_en="description_en"
)
RECAP_SEARCH = SearchSpec(title_field="title", snippet_field="body", snippet_field_en="summary_en")


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def visible_to(self, viewer):
        """Published events for everyone; drafts only for their editors: staff and the
        organizers and admins of the event's network (core.access). Every read of events
        goes through this: lists, facets, search, the topic, network, municipality and home
        pages."""
        if viewer.sees_everything:
            return self
        editors = viewer.organizer_of | viewer.admin_of
        published = Q(status=Event.Status.PUBLISHED)
        if not editors:
            return self.filter(published)
        return self.filter(published | Q(network__in=editors))

    def search(self, query, *, candidates=None, typos=True):
        """Events matching `query` (accent- and typo-tolerant), best first, `rank`ed."""
        return ranked_search(self, query, EVENT_SEARCH, candidates=candidates, typos=typos)

    def upcoming(self):
        today = timezone.localdate()
        return self.filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))

    @staticmethod
    def over_without_date():
        """An event nobody entered a date for is over once it has a published recap: it is
        listed as past, not as "date not yet known".

        The date test is also inside the subquery: a correlated condition on the outer row
        keeps PostgreSQL from turning the EXISTS into a hash of every published recap
        (a scan of the recap table per list, page and card); this way it looks up the
        event's recaps by index, and only for events without a date."""
        has_recap = models.Exists(
            Recap.objects.published().filter(
                IsNull(models.OuterRef("starts_on"), True), event=models.OuterRef("pk")
            )
        )
        return Q(starts_on__isnull=True) & Q(has_recap)

    def past(self):
        today = timezone.localdate()
        return self.filter(
            Q(ends_on__lt=today)
            | Q(ends_on__isnull=True, starts_on__lt=today)
            | self.over_without_date()
        )

    def undated(self):
        return self.filter(starts_on__isnull=True).exclude(self.over_without_date())

    # The sections of the event list, in the order it shows them.
    UPCOMING, PAST, UNDATED = 0, 1, 2

    def in_list_order(self):
        """Upcoming events soonest first, then past ones latest first, then those whose date
        is not yet known; `date_section` says which of the three an event is in."""
        today = timezone.localdate()
        section = models.Case(
            models.When(self.over_without_date(), then=models.Value(self.PAST)),
            models.When(starts_on__isnull=True, then=models.Value(self.UNDATED)),
            models.When(
                Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today),
                then=models.Value(self.UPCOMING),
            ),
            default=models.Value(self.PAST),
        )
        upcoming_start = models.Case(
            models.When(date_section=self.UPCOMING, then=models.F("starts_on"))
        )
        return self.annotate(date_section=section).order_by(
            "date_section",
            upcoming_start.asc(),
            models.F("starts_on").desc(nulls_last=True),
            "title",
        )

    def with_card_data(self):
        # `is_over` lets a card say "past, date not recorded" rather than "not yet known".
        return self.select_related("network", "city").annotate(
            is_over=models.Case(
                models.When(self.over_without_date(), then=models.Value(True)),
                default=models.Value(False),
            )
        )


class Event(KnowsWhatChanged, Bilingual, models.Model):
    # Texts no count, facet or ranking reads (core.cached.KnowsWhatChanged).
    prose_fields = frozenset(
        {
            "title_en", "theme", "venue", "description", "description_en", "website",
            "online_url", "source_url", "version",
        }
    )  # fmt: skip
    BILINGUAL = {"title": ("title", "title_en"), "description": ("description", "description_en")}

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Kind(models.TextChoices):
        CONGRESS = "congress", _("Congress")
        MEETING = "meeting", _("Network meeting")
        PANEL = "panel", _("Panel")
        SIGNING = "signing", _("Signing")
        WORKSHOP = "workshop", _("Workshop")

    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    series = models.CharField(
        _("series"), max_length=200, blank=True, help_text=_("e.g. MPSC congress")
    )
    edition = models.PositiveSmallIntegerField(_("edition"), null=True, blank=True)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    city = models.ForeignKey(
        Municipality,
        verbose_name=_("city"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("organizer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organized_events",
    )
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Where people join online, if they can.")
    )
    # Events from the sources (fixtures, imports) are public; the editing service creates
    # new ones as drafts explicitly, so the default keeps the loaders unchanged.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Conflict protection: the edit form carries the version it was loaded at.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    source_url = models.URLField(_("source"), blank=True)
    pictures = GenericRelation("members.Picture")
    search_vector = search_vector_field(
        ("title", "A"),
        ("title_en", "A", ENGLISH),
        ("series", "B"),
        ("theme", "B"),
        ("venue", "C"),
        ("description", "C"),
        ("description_en", "C", ENGLISH),
    )

    objects = SlugNaturalKeyManager.from_queryset(EventQuerySet)()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="event_end_not_before_start",
            ),
        ]
        indexes = [
            # Upcoming and past event lists.
            models.Index(fields=["starts_on", "ends_on"], name="event_dates"),
            # Event.objects.visible_to(): the published ones.
            models.Index(fields=["status"], name="event_status"),
            # Event.objects.search(): full-text match and typo-tolerant title match.
            *search_indexes("event", "title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class ProgrammeItemManager(models.Manager):
    def get_by_natural_key(self, event_slug, position):
        return self.get(event__slug=event_slug, position=position)


class ProgrammeItem(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="programme"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=100, blank=True, help_text=_("e.g. panel"))
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    speakers = models.ManyToManyField(
        Person, verbose_name=_("speakers"), blank=True, related_name="programme_items"
    )

    # Fixtures name an item by its event and position; there is one item per position.
    objects = ProgrammeItemManager()

    class Meta:
        ordering = ["event", "position", "starts_at"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")

    def __str__(self):
        return self.title

    def natural_key(self):
        return (*self.event.natural_key(), self.position)

    natural_key.dependencies = ["events.event"]


class ProgrammeSpeaker(models.Model):
    """A speaker of a programme item who has no entry among the people: a name and a role.
    Registered people are the item's `speakers`."""

    item = models.ForeignKey(
        ProgrammeItem,
        verbose_name=_("programme item"),
        on_delete=models.CASCADE,
        related_name="guest_speakers",
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["item", "position", "pk"]
        verbose_name = _("speaker without a profile")
        verbose_name_plural = _("speakers without a profile")

    def __str__(self):
        return f"{self.name}, {self.role}" if self.role else self.name


class RecapQuerySet(models.QuerySet):
    def search(self, query, *, candidates=None, typos=True):
        """Recaps matching `query` (accent- and typo-tolerant), best first, `rank`ed. Call it
        on .published() for visitors' pages: drafts are never shown."""
        return ranked_search(self, query, RECAP_SEARCH, candidates=candidates, typos=typos)

    @staticmethod
    def public_q() -> Q:
        # Read the clock per query (not at import): scheduled recaps appear on their own.
        return Q(
            status=Recap.Status.PUBLISHED,
            published_at__lte=timezone.now(),
            event__status=Event.Status.PUBLISHED,
        )

    def published(self):
        """Recaps out in public: published, of a published event, from their publication
        time on (a recap scheduled for next month is absent everywhere until then)."""
        return self.filter(self.public_q())

    def visible_to(self, viewer):
        """Published recaps (from their time on) of published events for everyone; drafts
        and scheduled ones also for staff and for the organizers and admins of the event's
        network (core.access)."""
        if viewer.sees_everything:
            return self
        editors = viewer.organizer_of | viewer.admin_of
        public = self.public_q()
        if not editors:
            return self.filter(public)
        return self.filter(public | Q(event__network__in=editors))

    def with_card_data(self):
        return self.select_related("event", "author_municipality")


class Recap(KnowsWhatChanged, Bilingual, models.Model):
    # Texts no count, facet or ranking reads (core.cached.KnowsWhatChanged).
    prose_fields = frozenset({"title_en", "body", "summary_en", "source_url", "version"})
    # The English text is a summary of the German recap, not a translation of all of it.
    BILINGUAL = {"title": ("title", "title_en"), "summary": ("body", "summary_en")}

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="recaps"
    )
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    body = models.TextField(_("text"))
    summary_en = models.TextField(
        _("summary (English)"),
        max_length=1000,
        blank=True,
        help_text=_("A short English summary for readers who do not read German."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Conflict protection: the edit form carries the version it was loaded at.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recaps",
    )
    author_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="written_recaps",
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), blank=True, related_name="recaps"
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="recaps"
    )
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("attending municipalities"),
        blank=True,
        related_name="attended_recaps",
    )
    source_url = models.URLField(_("source"), blank=True)
    pictures = GenericRelation("members.Picture")
    search_vector = search_vector_field(
        ("title", "A"),
        ("title_en", "A", ENGLISH),
        ("summary_en", "B", ENGLISH),
        ("body", "C"),
    )

    objects = SlugNaturalKeyManager.from_queryset(RecapQuerySet)()

    class Meta:
        ordering = ["-published_at", "title"]
        verbose_name = _("recap")
        verbose_name_plural = _("recaps")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="recap_published_has_date",
            ),
        ]
        indexes = [
            # Recap.objects.search(): full-text match and typo-tolerant title match.
            *search_indexes("recap", "title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:recap_detail", kwargs={"slug": self.slug})

    @property
    def is_scheduled(self) -> bool:
        """Published, but its publication time is still ahead."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def natural_key(self):
        return (self.slug,)


class HighlightManager(models.Manager):
    def get_by_natural_key(self, recap_slug, position):
        return self.get(recap__slug=recap_slug, position=position)


class Highlight(models.Model):
    """A quote from a named participant, shown with a recap."""

    recap = models.ForeignKey(
        Recap, verbose_name=_("recap"), on_delete=models.CASCADE, related_name="highlights"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="highlights",
    )
    # Who said it, when they have no entry among the people.
    speaker_name = models.CharField(_("name"), max_length=200, blank=True)
    speaker_role = models.CharField(_("role"), max_length=200, blank=True)
    quote = models.TextField(_("quote"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    # Fixtures name a highlight by its recap and position; there is one per position.
    objects = HighlightManager()

    class Meta:
        ordering = ["recap", "position"]
        verbose_name = _("highlight")
        verbose_name_plural = _("highlights")
        constraints = [
            # A quote names who said it: a registered person or a name.
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(speaker_name=""),
                name="highlight_names_speaker",
            ),
        ]

    def __str__(self):
        return f"{self.person or self.speaker_name}: {self.quote[:60]}"

    def natural_key(self):
        return (*self.recap.natural_key(), self.position)

    natural_key.dependencies = ["events.recap"]
