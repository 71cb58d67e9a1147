"""Canonical URLs and the article ids derived from them.

The same article reached by two URLs (tracking parameters, a trailing slash, ``#fragments``)
must be one article, so ids hash the canonical form, never the URL as fetched.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_", "ref", "spm", "igshid", "ocid")


def canonical_url(url: str) -> str:
    """Lowercase scheme and host, no fragment, no tracking parameters, no trailing slash."""
    parts = urlsplit(url.strip())
    if parts.scheme == "file":
        return urlunsplit(parts._replace(fragment=""))
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING_PREFIXES)]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(sorted(query)), ""))


def stable_id(*parts: object) -> str:
    """A 16-hex-digit id from its parts: reruns give the same ids."""
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def article_id(url: str) -> str:
    return stable_id(canonical_url(url))
