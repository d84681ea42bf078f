"""The reading pages' rendered HTML, cached under a fingerprint of everything it shows.

A story page is some 150 KB of HTML; building and rendering it costs far more than
checking whether anything it shows has changed. So the views render the expensive part of
a page (the story's columns and panel, the HTMX claim panel, the matrix, the stories list)
once and keep it in the cache under a key made of:

- the fingerprint of the stories it shows (`articles.story_view.story_fingerprints`: a few
  aggregate queries that any import, edit or decision changes), read before the page's
  data, so that a change committed in between leaves at worst a fresh page under a stale
  key, never a stale page under a fresh key;
- the request's path and query (columns, filters, the selected claim, the page number);
- what the user's role lets them see (editors and reviewers get the edit controls);
- a global generation for rarely changed models shown everywhere (tags, outlets, users'
  names), which `bump_generation` replaces when one of them changes (signals, connected in
  `ArticlesConfig.ready`). The generation lives in the cache, so with several processes
  the cache must be shared between them (`CACHE_URL`, see the settings); with a cache per
  process, a tag renamed in one process shows in the others when their entries expire.

Per-request parts stay outside the cached HTML: the page around it (user menu, CSRF token
in `hx-headers`) is rendered for each request, and the CSRF tokens of the edit forms are
rendered as a placeholder that is replaced by the request's token on the way out. Pages
that show a one-time message (an edit's feedback) are rendered afresh.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from functools import cache as once
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

from claims.panel import EDIT_CLAIMS, REVIEW_LINKS

# Entries are keyed by content, so they never go stale; the timeout only frees space. It
# also bounds how long a change nothing above detects could go unseen.
PAGE_CACHE_SECONDS = 600
GENERATION_KEY = "page-cache:generation"
# How long a request waits for another that renders or counts the same thing, and how long
# that one may take before others stop waiting for it.
WAIT_SECONDS = 5
LOCK_SECONDS = 30

Render = Callable[[dict[str, Any]], str]


def cached_fragment(
    request: HttpRequest, name: str, fingerprint: Any, render: Render, *, per_role: bool = True
) -> SafeString:
    """`render(extra_context)`'s HTML for this request, from the cache when `fingerprint`
    (of what it shows), the request's path and query, the generation and the user's role
    (unless `per_role` is off) are the same."""
    if get_messages(request):  # shown once, in the panel: not for the cache
        return mark_safe(render({}))
    role = user_role(request.user) if per_role else ""
    parts = (
        name,
        request.path,
        sorted(request.GET.lists()),
        role,
        generation(),
        fingerprint,
        csrf_placeholder(),  # changes with SECRET_KEY; older entries hold the older one
    )
    key = f"page:{name}:{hashlib.sha1(repr(parts).encode()).hexdigest()}"
    html = computed_once(
        {key: key},
        lambda _: {key: render({"csrf_token": csrf_placeholder()})},
        timeout=PAGE_CACHE_SECONDS,
    )[key]
    if csrf_placeholder() in html:
        html = html.replace(csrf_placeholder(), get_token(request))
    return mark_safe(html)


def computed_once[K, V](
    keys: dict[K, str], compute: Callable[[list[K]], dict[K, V]], *, timeout: int
) -> dict[K, V]:
    """The cached values under `keys` (an item's cache key by item); `compute(items)` makes
    those that are missing and they are cached.

    Among concurrent requests that miss the same keys, one computes them and the others
    wait for its result rather than compute them too: when an import changes a story of
    100,000 links every second or two, recounting it once per change, not once per
    request, leaves the CPU to the readers. A waiter that sees nothing after
    `WAIT_SECONDS` computes the values itself. The computing request read the same
    fingerprints (they are in the keys) before its data, so what it caches is as fresh.
    """
    found = cache.get_many(list(keys.values()))
    missing = [item for item, key in keys.items() if key not in found]
    if missing:
        names = repr(sorted(keys[item] for item in missing))
        lock_key = "computing:" + hashlib.sha1(names.encode()).hexdigest()
        if not cache.add(lock_key, 1, timeout=LOCK_SECONDS):
            deadline = time.monotonic() + WAIT_SECONDS
            while missing and time.monotonic() < deadline:
                time.sleep(0.05)
                found.update(cache.get_many([keys[i] for i in missing]))
                missing = [item for item in missing if keys[item] not in found]
        if missing:
            try:
                fresh = compute(missing)
                cache.set_many({keys[i]: value for i, value in fresh.items()}, timeout=timeout)
                found.update((keys[i], value) for i, value in fresh.items())
            finally:
                cache.delete(lock_key)
    return {item: found[key] for item, key in keys.items()}


def user_role(user: Any) -> str:
    """What of the cached pages differs between users: the edit and review controls."""
    return f"edit={user.has_perm(EDIT_CLAIMS)},review={user.has_perm(REVIEW_LINKS)}"


@once
def csrf_placeholder() -> str:
    """Rendered where a form's CSRF token goes. The same in every process that shares the
    cache, and not guessable, so no text a user typed can be mistaken for it."""
    return salted_hmac("newsdesk.page_cache.csrf", "placeholder", algorithm="sha256").hexdigest()


def generation() -> str:
    """The current generation of tags, outlets and users; a new one when evicted."""
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        current = cache.get(GENERATION_KEY, "")
    return str(current)


def bump_generation(sender: Any, **kwargs: Any) -> None:
    """A tag, outlet or user changed: every cached page is rendered afresh.

    Replaced after the commit, so that no request reads the new generation with the old
    data. A new outlet or user changes nothing already rendered (a new article is in its
    story's fingerprint), but a new tag joins the editors' "Add tag" list; a login only
    updates the user's `last_login`.
    """
    new_row_unseen = kwargs.get("created") and sender._meta.label != "claims.Tag"
    if new_row_unseen or kwargs.get("update_fields") == frozenset({"last_login"}):
        return
    transaction.on_commit(
        lambda: cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None), robust=True
    )
