"""A short, stable hash of a list of parts: the keys and file names of the build cache, computed by load and render too."""

from __future__ import annotations

import hashlib


def digest(*parts: bytes | str) -> str:
    """A short, stable hash of the parts, each length-prefixed so that no two lists of parts run together."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()
