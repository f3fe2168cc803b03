from django.urls import path

from network_portal.introductions import views

app_name = "introductions"
urlpatterns = [
    path("vorstellung/<slug:slug>/", views.ask, name="ask"),
    path("vorstellung/antwort/<str:token>/", views.answer, name="answer"),
]
