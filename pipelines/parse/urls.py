"""Canonical URLs and the article ids derived from them.

The same article reached by two URLs (tracking parameters, a trailing slash, ``#fragments``, an
AMP variant, a default port, percent-encoded or raw non-ASCII letters) must be one article, so ids
hash the canonical form, never the URL as fetched. Query parameters that are not tracking ones
are kept: on many sites (``Detail.aspx?ArticleId=…``) they are what names the article.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

_TRACKING_PREFIXES = ("utm_", "mc_", "__twitter", "_ga", "_hs", "pk_", "mtm_")
_TRACKING_KEYS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "spm", "ocid", "ref", "ref_src",
                            "ref_url", "referrer", "referer", "mkt_tok", "cmpid", "smid", "at_medium", "at_campaign"})
_AMP_KEYS = frozenset({"amp", "usqp"})
_AMP_VALUES = frozenset({"amp", "amp.html"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
# What must stay percent-encoded in a path so that decoding the rest does not change its meaning.
_KEEP_ENCODED = re.compile(r"%(?:2[fF]|25|3[fF]|23)")
_MUST_ENCODE = re.compile(r"[\x00-\x20\x7f#?]")


def canonical_url(url: str) -> str:
    """Lowercase scheme and host, no default port, no fragment, no tracking or AMP parameters,
    no ``amp`` path segment, no trailing slash, and non-ASCII letters as letters (not %XX)."""
    parts = urlsplit(url.strip())
    if parts.scheme == "file":
        return urlunsplit(parts._replace(fragment=""))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_KEYS
             and k.lower() not in _AMP_KEYS
             and not (k.lower() == "outputtype" and v.lower() == "amp")]
    segments = [s for s in _decode_path(parts.path).split("/") if s.lower() not in _AMP_VALUES]
    path = "/".join(segments).rstrip("/") or "/"
    if not path.startswith("/"):
        path = "/" + path
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def _decode_path(path: str) -> str:
    """Percent-decode a path except where decoding would change it (``%2F``, ``%25``, …)."""
    if "%" not in path:
        return path
    pieces = _KEEP_ENCODED.split(path)
    kept = _KEEP_ENCODED.findall(path)
    out = []
    for number, piece in enumerate(pieces):
        decoded = unquote(piece, errors="strict") if _decodes(piece) else piece
        out.append(_MUST_ENCODE.sub(lambda m: f"%{ord(m.group()):02X}", decoded))
        if number < len(kept):
            out.append(kept[number].upper())
    return "".join(out)


def _decodes(piece: str) -> bool:
    try:
        unquote(piece, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def stable_id(*parts: object) -> str:
    """A 16-hex-digit id from its parts: reruns give the same ids."""
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def article_id(url: str) -> str:
    return stable_id(canonical_url(url))
