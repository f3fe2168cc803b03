from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.models import (
    Membership,
    Municipality,
    Network,
    NetworkRole,
    Organization,
    Person,
    UserProfile,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("municipality", "network", "status", "tier", "joined_on", "left_on", "source_url")
    autocomplete_fields = ("municipality", "network")


class MunicipalityMembershipInline(MembershipInline):
    fk_name = "municipality"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("network")


class NetworkMembershipInline(MembershipInline):
    fk_name = "network"
    # A network has hundreds of members; open the membership list to see them all.
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("municipality")


class NetworkRoleInline(admin.TabularInline):
    model = NetworkRole
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "website")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "operator", "founded_year", "ended_year", "scope")
    list_select_related = ("operator",)
    search_fields = ("name", "short_name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("operator",)
    inlines = (NetworkMembershipInline, NetworkRoleInline)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "state", "population", "settlement_type")
    list_filter = ("kind", "settlement_type", "population_class", "country")
    # Exact matches for identifiers; the name is searched as a substring ("Allgäu" finds Kempten).
    search_fields = ("name", "=slug", "=official_key", "=geonames_id")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("population_class",)
    inlines = (MunicipalityMembershipInline,)
    # The admin's count of all rows is slow on large tables; the paginator shows pages only.
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "settlement_type", "description", "website")}),
        (
            _("Place"),
            {
                "fields": (
                    "country",
                    "state",
                    "population",
                    "population_class",
                    "latitude",
                    "longitude",
                )
            },
        ),
        (_("Identifiers"), {"fields": ("official_key", "wikidata_id", "geonames_id")}),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("municipality", "network", "status", "tier", "joined_on", "left_on")
    list_filter = ("network", "status", "tier")
    list_select_related = ("municipality", "network")
    search_fields = ("municipality__name", "network__name")
    autocomplete_fields = ("municipality", "network")
    date_hierarchy = "joined_on"


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "role_title", "municipality", "organization")
    list_select_related = ("municipality", "organization")
    list_filter = ("organization",)
    search_fields = ("name", "role_title", "municipality__name", "organization__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("municipality", "organization")


@admin.register(UserProfile)
class UserProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "municipality", "person")
    list_select_related = ("user", "municipality", "person")
    search_fields = ("user__username", "user__email", "municipality__name", "person__name")
    autocomplete_fields = ("user", "municipality", "person")


@admin.register(NetworkRole)
class NetworkRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "network", "role")
    list_filter = ("network", "role")
    list_select_related = ("user", "network")
    search_fields = ("user__username", "user__email", "network__name")
    autocomplete_fields = ("user", "network")
