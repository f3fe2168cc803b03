from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.models import GlossaryEntry, GlossaryTerm


class GlossaryTermInline(admin.TabularInline):
    model = GlossaryTerm
    fields = ["text", "language"]
    extra = 2


@admin.register(GlossaryEntry)
class GlossaryEntryAdmin(admin.ModelAdmin):
    """Staff extend the glossary: one entry per concept, its German and English terms."""

    inlines = [GlossaryTermInline]
    list_display = ["terms_display", "note"]
    search_fields = ["terms__text", "note"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("terms")

    @admin.display(description=_("terms"))
    def terms_display(self, entry):
        return str(entry)
