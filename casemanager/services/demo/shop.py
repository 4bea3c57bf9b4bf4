"""The sample shop's profile: name, address, contacts, a generated logo and its people.

Written only where the shop has no profile yet (and names its owner as the user only
when nobody is named), so trying the sample never overwrites the shop's own details.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import replace

from casemanager.services.admin import settings
from casemanager.services.context import AppContext
from casemanager.services.demo.grounds import STAFF

PROFILE = settings.ShopProfile(
    name="Keystone Digital Goods",
    address="Unit 4, 2nd Floor, 80 Feet Road\nKoramangala, Bengaluru 560034\nIndia",
    email="claims@keystone-digital.example",
    phone="+91 80 4123 5678",
    website="https://keystone-digital.example",
    currency="INR",
    timezone="Asia/Kolkata",
)


def logo_png(size: int = 96) -> bytes:
    """A simple square mark: a dark blue tile with a lighter key-shaped bar."""
    rows = []
    for y in range(size):
        row = bytearray(b"\x00")
        for x in range(size):
            ring = (x - size * 0.35) ** 2 + (y - size * 0.5) ** 2
            in_head = size * 0.04 < ring**0.5 < size * 0.2
            in_shaft = size * 0.5 < x < size * 0.85 and abs(y - size * 0.5) < size * 0.05
            in_tooth = size * 0.7 < x < size * 0.78 and size * 0.5 <= y < size * 0.68
            colour = (236, 196, 84) if in_head or in_shaft or in_tooth else (28, 52, 92)
            row += bytes(colour)
        rows.append(bytes(row))

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    raw = zlib.compress(b"".join(rows), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def ensure_profile(ctx: AppContext) -> bool:
    """Give the database the sample shop's profile unless it has a named shop, and name its
    owner as the user unless someone is named; True if anything was set."""
    current = settings.load(ctx)
    named_shop, named_user = bool(current.shop.name.strip()), bool(current.user_name.strip())
    if named_shop and named_user:
        return False
    shop = current.shop
    if not named_shop:
        sha = settings.store_logo_data(ctx, logo_png(), "keystone-logo.png", "image/png")
        shop = replace(PROFILE, logo_sha256=sha)
    settings.save(ctx, replace(current, shop=shop, user_name=current.user_name or STAFF[0]))
    return True
