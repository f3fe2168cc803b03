from django.urls import path

from events import views, views_editing

app_name = "events"

urlpatterns = [
    path("veranstaltungen/", views.event_list, name="event_list"),
    # Before the event pages: "neu" is no event's slug (events.services.RESERVED_SLUGS).
    path("veranstaltungen/neu/", views_editing.event_create_view, name="event_create"),
    path("veranstaltungen/<slug:slug>/", views.event_detail, name="event_detail"),
    path("veranstaltungen/<slug:slug>/bearbeiten/", views_editing.event_edit, name="event_edit"),
    path(
        "veranstaltungen/<slug:slug>/veroeffentlichen/",
        views_editing.event_publish_view,
        name="event_publish",
    ),
    path(
        "veranstaltungen/<slug:slug>/bilder/",
        views_editing.event_picture_add,
        name="event_picture_add",
    ),
    path(
        "veranstaltungen/<slug:slug>/bilder/<uuid:picture>/entfernen/",
        views_editing.event_picture_remove,
        name="event_picture_remove",
    ),
    path(
        "veranstaltungen/<slug:slug>/programm/neu/",
        views_editing.programme_item_edit,
        name="programme_item_add",
    ),
    path(
        "veranstaltungen/<slug:slug>/programm/<int:pk>/bearbeiten/",
        views_editing.programme_item_edit,
        name="programme_item_edit",
    ),
    path(
        "veranstaltungen/<slug:slug>/zuruecknehmen/",
        views_editing.event_unpublish_view,
        name="event_unpublish",
    ),
    path(
        "veranstaltungen/<slug:slug>/programm/<int:pk>/verschieben/",
        views_editing.programme_item_move_view,
        name="programme_item_move",
    ),
    path(
        "veranstaltungen/<slug:slug>/programm/<int:pk>/entfernen/",
        views_editing.programme_item_remove_view,
        name="programme_item_remove",
    ),
    path(
        "veranstaltungen/<slug:slug>/rueckblick/neu/",
        views_editing.recap_create_view,
        name="recap_create",
    ),
    path("rueckblicke/", views.recap_list, name="recap_list"),
    path("rueckblicke/<slug:slug>/", views.recap_detail, name="recap_detail"),
    path("rueckblicke/<slug:slug>/bearbeiten/", views_editing.recap_edit, name="recap_edit"),
    path("rueckblicke/<slug:slug>/vorschau/", views_editing.recap_preview, name="recap_preview"),
    path(
        "rueckblicke/<slug:slug>/veroeffentlichen/",
        views_editing.recap_publish_view,
        name="recap_publish",
    ),
    path(
        "rueckblicke/<slug:slug>/zuruecknehmen/",
        views_editing.recap_unpublish_view,
        name="recap_unpublish",
    ),
    path(
        "rueckblicke/<slug:slug>/bilder/",
        views_editing.recap_picture_add,
        name="recap_picture_add",
    ),
    path(
        "rueckblicke/<slug:slug>/bilder/<uuid:picture>/entfernen/",
        views_editing.recap_picture_remove,
        name="recap_picture_remove",
    ),
    path(
        "rueckblicke/<slug:slug>/zitate/neu/",
        views_editing.highlight_add_view,
        name="highlight_add",
    ),
    path(
        "rueckblicke/<slug:slug>/zitate/<int:pk>/bearbeiten/",
        views_editing.highlight_edit,
        name="highlight_edit",
    ),
    path(
        "rueckblicke/<slug:slug>/zitate/<int:pk>/verschieben/",
        views_editing.highlight_move_view,
        name="highlight_move",
    ),
    path(
        "rueckblicke/<slug:slug>/zitate/<int:pk>/entfernen/",
        views_editing.highlight_remove_view,
        name="highlight_remove",
    ),
]
