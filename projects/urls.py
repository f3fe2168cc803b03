from django.urls import path

from projects import views, views_adoptions, views_edit, views_publiccode

app_name = "projects"

urlpatterns = [
    path("projekte/", views.project_list, name="project_list"),
    # Editing (projects/views_edit.py); before the detail page, whose slug would match "neu".
    path("projekte/neu/", views_edit.project_new, name="project_new"),
    path("projekte/neu/<slug:slug>/", views_edit.project_create_view, name="project_create"),
    path(
        "projekte/neu/<slug:slug>/publiccode/",
        views_publiccode.publiccode_import_new,
        name="publiccode_import_new",
    ),
    path(
        "projekte/partner-vorschlaege/",
        views_edit.partner_suggestions,
        name="partner_suggestions",
    ),
    path("projekte/<slug:slug>/", views.project_detail, name="project_detail"),
    path("themen/", views.topic_list, name="topic_list"),
    # Adoptions: the transfer graph (projects/views_adoptions.py).
    path(
        "projekte/<slug:slug>/uebernommen/",
        views_adoptions.adoption_create,
        name="adoption_create",
    ),
    path(
        "projekte/<slug:slug>/uebernommen/<slug:municipality>/",
        views_adoptions.adoption_edit,
        name="adoption_edit",
    ),
    path(
        "projekte/<slug:slug>/uebernommen/<slug:municipality>/entfernen/",
        views_adoptions.adoption_delete,
        name="adoption_delete",
    ),
    path(
        "projekte/<slug:slug>/uebernommen/<slug:municipality>/bestaetigen/",
        views_adoptions.adoption_confirm_view,
        name="adoption_confirm",
    ),
    path("projekte/<slug:slug>/bearbeiten/", views_edit.project_edit, name="project_edit"),
    path(
        "projekte/<slug:slug>/bilder/", views_edit.project_picture_add, name="project_picture_add"
    ),
    path(
        "projekte/<slug:slug>/bilder/<uuid:picture>/entfernen/",
        views_edit.project_picture_remove,
        name="project_picture_remove",
    ),
    # publiccode.yml (projects/views_publiccode.py): a slug never holds a dot.
    path(
        "projekte/<slug:slug>/publiccode.yml",
        views_publiccode.publiccode_download,
        name="publiccode_download",
    ),
    path(
        "projekte/<slug:slug>/publiccode/",
        views_publiccode.publiccode_import,
        name="publiccode_import",
    ),
    path("projekte/<slug:slug>/verlauf/", views_edit.project_history, name="project_history"),
    path(
        "projekte/<slug:slug>/verlauf/<uuid:record>/wiederherstellen/",
        views_edit.project_restore_view,
        name="project_restore",
    ),
]
