"""Rate limit of anonymous API requests, per client address (issue 13, point 8).

The address is the one allauth's rate limits count (`get_client_ip` of the account adapter):
behind the TLS proxy the entry the nearest ALLAUTH_TRUSTED_PROXY_COUNT proxies appended to
X-Forwarded-For, or ALLAUTH_TRUSTED_CLIENT_IP_HEADER when set, so that a client can neither
choose its address by sending the header nor share one bucket with every other client.
"""

import contextlib

from allauth.account.adapter import get_adapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from rest_framework.throttling import AnonRateThrottle


def client_address(request) -> str:
    with contextlib.suppress(ImproperlyConfigured, PermissionDenied, ValueError):
        # Fewer X-Forwarded-For entries than trusted proxies, or no address at all: the
        # request did not come through the proxy; count the connection's own address.
        return get_adapter(request).get_client_ip(request)
    return request.META.get("REMOTE_ADDR", "")


class AnonymousPerAddressThrottle(AnonRateThrottle):
    """DRF's anonymous throttle (rate: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"]),
    keyed by the client address as allauth computes it. Signed-in sessions are not limited
    here (their requests are few and attributable)."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.viewer.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
