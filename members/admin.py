from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.models import (
    AuditEntry,
    Membership,
    Municipality,
    Network,
    NetworkRole,
    Officer,
    Organization,
    Person,
    UserProfile,
)
from members.services.audit import audit_record

# Rows whose change alters who may see or do what: staff's edits in the admin are audited
# like the portal's own decisions (the admin runs each save in a transaction).
RIGHTS_FIELDS = {
    Membership: ("status", "tier", "joined_on", "left_on", "municipality_id", "network_id"),
    NetworkRole: ("role", "user_id", "network_id"),
    Officer: ("status", "user_id", "municipality_id"),
}
ACTIONS = {
    (Membership, "saved"): AuditEntry.Action.MEMBERSHIP_CHANGED,
    (Membership, "deleted"): AuditEntry.Action.MEMBERSHIP_CHANGED,
    (NetworkRole, "saved"): AuditEntry.Action.ROLE_GRANTED,
    (NetworkRole, "deleted"): AuditEntry.Action.ROLE_REVOKED,
    (Officer, "saved"): AuditEntry.Action.OFFICER_APPROVED,
    (Officer, "deleted"): AuditEntry.Action.OFFICER_REMOVED,
}


def _state(obj) -> dict:
    return {name: str(getattr(obj, name)) for name in RIGHTS_FIELDS[type(obj)]}


def audit_admin_change(user, obj, *, before: dict, deleted: bool = False) -> None:
    after = {} if deleted else _state(obj)
    if before == after:
        return
    audit_record(
        actor=user,
        action=ACTIONS[(type(obj), "deleted" if deleted else "saved")],
        target=obj,
        label=str(obj) if not isinstance(obj, NetworkRole | Officer) else _rights_label(obj),
        network=getattr(obj, "network_id", None),
        before=before,
        after=after,
        reason=str(_("changed in the Django admin")),
    )


def _rights_label(obj) -> str:
    # Never the account's address: roles and officer links are labelled by what they give.
    if isinstance(obj, NetworkRole):
        return f"{obj.network}: {obj.get_role_display()}"
    return f"{obj.municipality}: {obj.role_title}"


class AuditedRightsAdmin(admin.ModelAdmin):
    """Writes an audit entry for every save or delete of a rights row, and of the rights
    rows in its inlines."""

    def save_model(self, request, obj, form, change):
        audited = type(obj) in RIGHTS_FIELDS
        before = _state(type(obj).objects.get(pk=obj.pk)) if audited and change else {}
        super().save_model(request, obj, form, change)
        if audited:
            audit_admin_change(request.user, obj, before=before)

    def delete_model(self, request, obj):
        if type(obj) in RIGHTS_FIELDS:
            audit_admin_change(request.user, obj, before=_state(obj), deleted=True)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if queryset.model in RIGHTS_FIELDS:
            for obj in queryset:
                audit_admin_change(request.user, obj, before=_state(obj), deleted=True)
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        if formset.model not in RIGHTS_FIELDS:
            return super().save_formset(request, form, formset, change)
        before = {
            obj.pk: _state(type(obj).objects.get(pk=obj.pk))
            for obj in formset.get_queryset()
            if obj.pk
        }
        formset.save()
        for obj in formset.deleted_objects:
            audit_admin_change(request.user, obj, before=before.get(obj.pk, {}), deleted=True)
        for obj in formset.new_objects:
            audit_admin_change(request.user, obj, before={})
        for obj, _fields in formset.changed_objects:
            audit_admin_change(request.user, obj, before=before.get(obj.pk, {}))


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
class NetworkAdmin(AuditedRightsAdmin):
    list_display = ("name", "short_name", "operator", "founded_year", "ended_year", "scope")
    list_select_related = ("operator",)
    search_fields = ("name", "name_en", "short_name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("operator",)
    inlines = (NetworkMembershipInline, NetworkRoleInline)


@admin.register(Municipality)
class MunicipalityAdmin(AuditedRightsAdmin):
    list_display = ("name", "kind", "country", "state", "population", "settlement_type")
    list_filter = ("kind", "settlement_type", "population_class", "country")
    # Exact matches for identifiers; the name is searched as a substring ("Allgäu" finds Kempten).
    search_fields = ("name", "name_en", "=slug", "=official_key", "=geonames_id")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("population_class",)
    inlines = (MunicipalityMembershipInline,)
    # The admin's count of all rows is slow on large tables; the paginator shows pages only.
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("name", "slug", "kind", "settlement_type", "description", "website")}),
        (_("In English (optional)"), {"fields": ("name_en", "description_en")}),
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
class MembershipAdmin(AuditedRightsAdmin):
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
    list_display = ("user", "person")
    list_select_related = ("user", "person")
    search_fields = ("user__username", "user__email", "person__name")
    autocomplete_fields = ("user", "person")


@admin.register(Officer)
class OfficerAdmin(AuditedRightsAdmin):
    list_display = ("user", "municipality", "role_title", "status", "requested_at")
    list_filter = ("status",)
    list_select_related = ("user", "municipality")
    search_fields = ("user__email", "municipality__name", "role_title")
    autocomplete_fields = ("user", "municipality")
    readonly_fields = ("decided_by", "decided_at", "requested_at", "ended_at")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only (a database trigger refuses changes)."""

    list_display = ("created_at", "actor_label", "action", "object_label", "network")
    list_filter = ("action",)
    list_select_related = ("network",)
    search_fields = ("object_label", "actor_label")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NetworkRole)
class NetworkRoleAdmin(AuditedRightsAdmin):
    list_display = ("user", "network", "role")
    list_filter = ("network", "role")
    list_select_related = ("user", "network")
    search_fields = ("user__username", "user__email", "network__name")
    autocomplete_fields = ("user", "network")
