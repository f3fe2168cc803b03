from django.urls import path

from network_portal.following import views

app_name = "following"
urlpatterns = [
    path("neu-fuer-sie/", views.feed, name="feed"),
    path("folgen/<str:kind>/<slug:slug>/", views.follow, name="follow"),
    path("konto/benachrichtigungen/", views.notification_settings, name="settings"),
    path("benachrichtigungen/abmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
