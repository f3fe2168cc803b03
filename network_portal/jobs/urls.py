from django.urls import path

from network_portal.jobs import views

app_name = "jobs"
urlpatterns = [
    path("verwaltung/auftraege/", views.job_list, name="list"),
    path("verwaltung/auftraege/<int:pk>/", views.job_detail, name="detail"),
    path("verwaltung/auftraege/<int:pk>/status.json", views.job_status, name="status"),
    path("verwaltung/auftraege/<int:pk>/<str:what>.csv", views.job_download, name="download"),
]
