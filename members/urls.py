from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("netzwerke/", views.network_list, name="network_list"),
    path("netzwerke/<slug:slug>/", views.network_detail, name="network_detail"),
    path("kommunen/", views.municipality_list, name="municipality_list"),
]
