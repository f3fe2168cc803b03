from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntroductionsConfig(AppConfig):
    name = "network_portal.introductions"
    label = "introductions"
    verbose_name = _("Introductions")
    default_auto_field = "django.db.models.BigAutoField"
