from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.models import Event, Highlight, ProgrammeItem, ProgrammeSpeaker, Recap


class ProgrammeItemInline(admin.StackedInline):
    model = ProgrammeItem
    extra = 0
    fields = ("position", "title", "kind", "starts_at", "description", "speakers")
    autocomplete_fields = ("speakers",)


class RecapInline(admin.TabularInline):
    model = Recap
    extra = 0
    fields = ("title", "status", "published_at")
    show_change_link = True


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "network", "city", "starts_on", "ends_on", "status")
    list_filter = ("status", "kind", "network")
    list_select_related = ("network", "city")
    search_fields = ("title", "title_en", "series", "theme", "venue", "city__name")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("network", "city", "organizer")
    date_hierarchy = "starts_on"
    inlines = (ProgrammeItemInline, RecapInline)


class HighlightInline(admin.StackedInline):
    model = Highlight
    extra = 0
    fields = ("position", "person", "speaker_name", "speaker_role", "quote")
    autocomplete_fields = ("person",)


@admin.register(Recap)
class RecapAdmin(admin.ModelAdmin):
    list_display = ("title", "event", "status", "published_at", "author_municipality")
    list_filter = ("status", "event__network")
    list_select_related = ("event", "author_municipality")
    search_fields = ("title", "body", "event__title")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = (
        "event",
        "author",
        "author_municipality",
        "projects",
        "topics",
        "municipalities",
    )
    date_hierarchy = "published_at"
    inlines = (HighlightInline,)
    fieldsets = (
        (None, {"fields": ("event", "title", "slug", "body", "source_url")}),
        (_("In English (optional)"), {"fields": ("title_en", "summary_en")}),
        (_("Publishing"), {"fields": ("status", "published_at", "author", "author_municipality")}),
        (_("Links"), {"fields": ("projects", "topics", "municipalities")}),
    )


class ProgrammeSpeakerInline(admin.TabularInline):
    model = ProgrammeSpeaker
    extra = 0
    fields = ("position", "name", "role")


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(admin.ModelAdmin):
    inlines = (ProgrammeSpeakerInline,)
    list_display = ("title", "event", "position", "starts_at", "kind")
    list_select_related = ("event",)
    search_fields = ("title", "event__title")
    autocomplete_fields = ("event", "speakers")


@admin.register(Highlight)
class HighlightAdmin(admin.ModelAdmin):
    list_display = ("__str__", "recap", "position")
    list_select_related = ("person", "recap")
    search_fields = ("quote", "person__name", "speaker_name", "recap__title")
    autocomplete_fields = ("recap", "person")
