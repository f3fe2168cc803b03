from django.urls import path

from members import views, views_profile, views_requests, views_workspace

app_name = "members"

urlpatterns = [
    path("netzwerke/", views.network_list, name="network_list"),
    # A signed-in person's requests (members.views_requests).
    path(
        "kommunen/<slug:slug>/mitwirken/",
        views_requests.officer_request,
        name="officer_request",
    ),
    path(
        "kommunen/<slug:slug>/netzwerk-beitritt/",
        views_requests.membership_request,
        name="membership_request",
    ),
    path("konto/anfragen/", views_requests.my_requests, name="my_requests"),
    path(
        "konto/anfragen/amtstraeger/<int:pk>/ruecktritt/",
        views_requests.officer_step_down,
        name="officer_step_down",
    ),
    # The network admins' workspace (members.views_workspace).
    path("verwaltung/", views_workspace.workspace, name="workspace"),
    path("verwaltung/protokoll/", views_workspace.audit_log_all, name="audit_log_all"),
    # Officers of municipalities in no network: staff decide.
    path(
        "verwaltung/amtstraeger/<int:pk>/entscheiden/",
        views_workspace.officer_decide,
        name="officer_decide_unaffiliated",
    ),
    path(
        "verwaltung/amtstraeger/<int:pk>/entfernen/",
        views_workspace.officer_remove,
        name="officer_remove_unaffiliated",
    ),
    path("verwaltung/<slug:slug>/", views_workspace.workspace_network, name="workspace_network"),
    path("verwaltung/<slug:slug>/protokoll/", views_workspace.audit_log, name="audit_log"),
    path(
        "verwaltung/<slug:slug>/amtstraeger/<int:pk>/entscheiden/",
        views_workspace.officer_decide,
        name="officer_decide",
    ),
    path(
        "verwaltung/<slug:slug>/amtstraeger/<int:pk>/entfernen/",
        views_workspace.officer_remove,
        name="officer_remove",
    ),
    path(
        "verwaltung/<slug:slug>/mitgliedschaften/<int:pk>/entscheiden/",
        views_workspace.membership_decide,
        name="membership_decide",
    ),
    path(
        "verwaltung/<slug:slug>/mitgliedschaften/<int:pk>/",
        views_workspace.membership_edit,
        name="membership_edit",
    ),
    path("verwaltung/<slug:slug>/rollen/", views_workspace.role_grant, name="role_grant"),
    path(
        "verwaltung/<slug:slug>/rollen/<int:pk>/entziehen/",
        views_workspace.role_revoke,
        name="role_revoke",
    ),
    # A municipality's officers edit its public profile (members.views_profile).
    path(
        "kommunen/<slug:slug>/bearbeiten/",
        views_profile.municipality_edit,
        name="municipality_edit",
    ),
    path(
        "kommunen/<slug:slug>/bilder/",
        views_profile.municipality_picture_add,
        name="municipality_picture_add",
    ),
    path(
        "kommunen/<slug:slug>/bilder/<uuid:picture>/entfernen/",
        views_profile.municipality_picture_remove,
        name="municipality_picture_remove",
    ),
    path(
        "kommunen/<slug:slug>/verlauf/",
        views_profile.municipality_history,
        name="municipality_history",
    ),
    path(
        "kommunen/<slug:slug>/verlauf/<uuid:record>/wiederherstellen/",
        views_profile.municipality_restore_version,
        name="municipality_restore",
    ),
]
