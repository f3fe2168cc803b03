from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from projects.models import Adoption, Project, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name_de", "name_en", "slug")
    search_fields = ("name_de", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


class AdoptionInline(admin.TabularInline):
    model = Adoption
    extra = 0
    fields = ("municipality", "adopted_on", "kind", "notes")
    autocomplete_fields = ("municipality",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality")


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "lead_municipality", "stage", "visibility", "is_open_source")
    list_filter = ("stage", "visibility", "is_open_source", "topics")
    list_select_related = ("lead_municipality",)
    search_fields = ("title", "title_en", "summary", "lead_municipality__name")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = (
        "lead_municipality",
        "partner_municipalities",
        "partner_organizations",
        "topics",
    )
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "started_on"
    inlines = (AdoptionInline,)
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "description", "stage", "stopped_reason")}),
        (_("In English (optional)"), {"fields": ("title_en", "summary_en")}),
        (
            _("Partners and topics"),
            {
                "fields": (
                    "lead_municipality",
                    "partner_municipalities",
                    "partner_organizations",
                    "topics",
                )
            },
        ),
        (
            _("Dates and funding"),
            {"fields": ("started_on", "ended_on", "funding_programme")},
        ),
        (
            _("Open source"),
            {"fields": ("is_open_source", "repository_url", "licence", "open_standards")},
        ),
        (
            _("Lessons learned"),
            {
                "fields": (
                    "lessons_worked",
                    "lessons_failed",
                    "lessons_differently",
                    "lessons_visibility",
                )
            },
        ),
        (None, {"fields": ("visibility", "source_url", "created_at", "updated_at")}),
    )


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ("project", "municipality", "kind", "adopted_on")
    list_filter = ("kind",)
    list_select_related = ("project", "municipality")
    search_fields = ("project__title", "municipality__name")
    autocomplete_fields = ("project", "municipality")
