"""The session engine where the portal has Redis: Django's cached_db (every session kept in
PostgreSQL and read through Redis), reading with the session, in the same round trip, what
every content page's key is made of (network_portal.conditional.CONTENT_STATE_KEYS): a
signed-in person's page then costs one round trip to Redis fewer."""

from django.contrib.sessions.backends import cached_db

from network_portal.conditional import CONTENT_STATE_KEYS


class SessionStore(cached_db.SessionStore):
    # The cache's answer for CONTENT_STATE_KEYS (missing keys left out) when the session
    # was read from it; network_portal.conditional.request_content_state reads it.
    content_state_found: dict | None = None

    def load(self):
        keys = [self.cache_key, *CONTENT_STATE_KEYS]
        try:
            found = self._cache.get_many(keys)
        except Exception:  # as cached_db: an unreachable cache falls back to the database
            return super().load()
        data = found.pop(self.cache_key, None)
        self.content_state_found = found
        if data is None:
            return super().load()
        return data
