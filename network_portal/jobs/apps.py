from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "network_portal.jobs"
    label = "jobs"
    verbose_name = _("Background tasks")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from network_portal.jobs import receivers  # noqa: F401 -- connects task_failure
