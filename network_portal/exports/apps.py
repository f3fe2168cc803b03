from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "network_portal.exports"
    label = "exports"
    verbose_name = _("Downloads and feeds")
    default_auto_field = "django.db.models.BigAutoField"
