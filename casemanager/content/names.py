"""Original file names, kept for display only and never used as a path.

A customer's file name may try to look like something else: a right-to-left
override turning ``gpj.exe`` into ``exe.jpg``, zero-width characters, a path
such as ``../../x``, or a thousand characters. The cleaned name keeps what a
person can read and drops the rest.
"""

from __future__ import annotations

import unicodedata

MAX_NAME_LENGTH = 120
UNNAMED = "unnamed file"

# Bidirectional embeddings, overrides, isolates and marks; zero-width characters.
_INVISIBLE = set(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff\u180e"
)
_SEPARATORS = set("/\\:")


def clean_name(name: str, limit: int = MAX_NAME_LENGTH) -> str:
    """A display name: no control, format or bidi characters, no path, at most ``limit`` long."""
    name = unicodedata.normalize("NFC", name or "")
    # Keep only the last path component, whatever the separator.
    for sep in _SEPARATORS:
        name = name.rsplit(sep, 1)[-1]
    kept = []
    for ch in name:
        if ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        kept.append(" " if unicodedata.category(ch) in ("Zl", "Zp") else ch)
    cleaned = " ".join("".join(kept).split()).strip(". ")
    if len(cleaned) > limit:
        stem, dot, ext = cleaned.rpartition(".")
        if dot and 0 < len(ext) <= 8:
            cleaned = stem[: limit - len(ext) - 2] + "…." + ext
        else:
            cleaned = cleaned[: limit - 1] + "…"
    return cleaned or UNNAMED
