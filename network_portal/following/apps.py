from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    name = "network_portal.following"
    label = "following"
    verbose_name = _("Following and notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from network_portal.following import receivers  # noqa: F401 -- connects core.activity
