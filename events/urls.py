from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("veranstaltungen/", views.event_list, name="event_list"),
    path("veranstaltungen/<slug:slug>/", views.event_detail, name="event_detail"),
    path("rueckblicke/", views.recap_list, name="recap_list"),
    path("rueckblicke/<slug:slug>/", views.recap_detail, name="recap_detail"),
]
