"""Evidence files for tests: valid, lying, malformed and enormous images, e-mail, text."""

from __future__ import annotations

import struct
import zlib


def _chunk(tag: bytes, data: bytes) -> bytes:
    body = tag + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png(width: int = 8, height: int = 6, rgb: tuple[int, int, int] = (40, 120, 200)) -> bytes:
    """A small valid RGB PNG."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw))
        + _chunk(b"IEND", b"")
    )


def huge_png_header(width: int = 50_000, height: int = 50_000) -> bytes:
    """A few hundred bytes whose IHDR declares width × height pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


def damaged_png() -> bytes:
    """A PNG whose header is intact but whose pixel data is garbage."""
    good = png(32, 32)
    header = good[:33]
    return header + _chunk(b"IDAT", b"\x78\x9cgarbage that is not deflate") + _chunk(b"IEND", b"")


def broken_header_png() -> bytes:
    """The PNG signature followed by a header with a wrong checksum."""
    good = bytearray(png())
    good[20] ^= 0xFF
    return bytes(good)


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

EML = (
    b"From: Priya Sharma <priya@example.in>\r\n"
    b"To: support@antimart.example\r\n"
    b"Subject: Key does not work\r\n"
    b"Date: Wed, 04 Mar 2026 11:00:00 +0530\r\n"
    b"\r\n"
    b"The key QH7K-2M9P-XX4D-81ZQ says 'already used'.\r\n"
)

TEXT = "Payment receipt\nTransaction 4411002233\nStatus: OK — ₹1,299.00\n".encode()

EXECUTABLE = b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00" + b"\x00" * 200


def pdf(text: str = "Technical test report: licence server returns error 0x8007") -> bytes:
    """A one-page PDF, as a customer's test report would be."""
    from io import BytesIO

    from reportlab.pdfgen import canvas

    out = BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, text)
    page.showPage()
    page.save()
    return out.getvalue()
