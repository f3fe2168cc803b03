from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("projekte/", views.project_list, name="project_list"),
    path("projekte/<slug:slug>/", views.project_detail, name="project_detail"),
    path("themen/", views.topic_list, name="topic_list"),
]
