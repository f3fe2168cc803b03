"""ETag and Last-Modified on the API's answers, and 304 Not Modified when the client's copy
is current (issue 13, point 8).

The ETag is a hash of the body as this reader gets it, so it changes with anything the
answer shows (an edit, a recap whose publication time came, what the reader may see) and
nothing else. Last-Modified is when the portal first gave that body at that address
(remembered in the cache): a client that sends only If-Modified-Since gets 304 until the
body changes. Answers depend on the session, so they vary on Cookie; a signed-in reader's
are private. `no-cache`: a cache may keep them but asks each time (cheaply, with the ETag).
"""

import hashlib
import time

from django.core.cache import cache
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

# How long the first time a body was given is remembered (a new entry afterwards only makes
# Last-Modified later, never wrongly earlier than the body's change).
SEEN_SECONDS = 7 * 24 * 60 * 60


def with_validators(request, response):
    """`response` (a rendered 200) with ETag, Last-Modified and caching headers, or a 304
    when the request's If-None-Match / If-Modified-Since match it."""
    digest = hashlib.sha256(response.content).hexdigest()[:32]
    etag = f'"{digest}"'
    seen_key = (
        "api:seen:" + hashlib.sha256(f"{request.get_full_path()}|{digest}".encode()).hexdigest()
    )
    cache.add(seen_key, int(time.time()), SEEN_SECONDS)
    seen = cache.get(seen_key) or int(time.time())
    response["ETag"] = etag
    response["Last-Modified"] = http_date(seen)
    patch_vary_headers(response, ("Cookie",))
    if request.viewer.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, no_cache=True)
    return get_conditional_response(request, etag=etag, last_modified=seen, response=response)
