from django.urls import path

from projects import views, views_adoptions

app_name = "projects"

urlpatterns = [
    path("projekte/", views.project_list, name="project_list"),
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
]
