from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from network_portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Netzwerkportal"
admin.site.site_title = "Netzwerkportal"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
