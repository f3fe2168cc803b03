from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkPortalConfig(AppConfig):
    name = "network_portal"
    verbose_name = _("Network Portal")

    def ready(self):
        from network_portal import cache_signals, signals

        signals.connect()
        cache_signals.connect()
