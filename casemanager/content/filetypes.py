"""What a file is, judged from its bytes (never its name), and whether we accept it.

Binary formats are recognised by the ``filetype`` library's signatures; plain
text and e-mail (.eml) have no signature, so a small rule decides: valid UTF-8
without control bytes is text, and text that starts with RFC 5322 headers is
an e-mail. Images also get their declared pixel size read from the header, so
a tiny file claiming 50,000 × 50,000 pixels is refused before anything tries
to decode it.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass

import filetype

from casemanager.errors import DomainError

# Categories decide how the evidence tab previews a file.
IMAGE, PDF, TEXT, EMAIL, DOCUMENT = "image", "pdf", "text", "email", "document"

ACCEPTED: dict[str, tuple[str, str]] = {
    "image/png": (IMAGE, "PNG image"),
    "image/jpeg": (IMAGE, "JPEG image"),
    "image/gif": (IMAGE, "GIF image"),
    "image/webp": (IMAGE, "WebP image"),
    "image/bmp": (IMAGE, "BMP image"),
    "application/pdf": (PDF, "PDF document"),
    "text/plain": (TEXT, "plain text"),
    "message/rfc822": (EMAIL, "e-mail message"),
    "application/vnd.ms-outlook": (DOCUMENT, "Outlook message"),
    "application/msword": (DOCUMENT, "Word document"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        DOCUMENT,
        "Word document",
    ),
    "application/vnd.ms-excel": (DOCUMENT, "Excel workbook"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        DOCUMENT,
        "Excel workbook",
    ),
    "application/vnd.oasis.opendocument.text": (DOCUMENT, "OpenDocument text"),
    "application/vnd.oasis.opendocument.spreadsheet": (DOCUMENT, "OpenDocument spreadsheet"),
}

# Suffix for the temporary copy handed to the system's application.
SUFFIXES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/bmp": ".bmp",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "message/rfc822": ".eml",
    "application/vnd.ms-outlook": ".msg",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
}

MAX_IMAGE_PIXELS = 100_000_000  # 100 megapixels: far beyond any phone screenshot

# An OLE compound file whose directory names MAPI property streams is an Outlook .msg
# (signature readers call any OLE file a Word or Excel document).
_OLE = bytes.fromhex("D0CF11E0A1B11AE1")
_MAPI_STREAM = "__substg1.0_".encode("utf-16-le")
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]")
_MAIL_HEADERS = {b"from", b"to", b"subject", b"date", b"message-id", b"received", b"return-path"}


class FileRefused(DomainError, ValueError):
    """The file cannot be evidence; ``reason`` is one sentence for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FileType:
    mime: str
    category: str
    label: str
    width: int | None = None
    height: int | None = None


def category_of(mime: str) -> str:
    return ACCEPTED.get(mime, (DOCUMENT, ""))[0]


def suffix_of(mime: str) -> str:
    return SUFFIXES.get(mime, ".bin")


def detect(data: bytes, max_pixels: int = MAX_IMAGE_PIXELS) -> FileType:
    """The accepted type of ``data``; raises FileRefused saying why it is not accepted."""
    if not data:
        raise FileRefused("the file is empty")
    guess = filetype.guess(data)
    if data[:8] == _OLE and _MAPI_STREAM in data:
        mime = "application/vnd.ms-outlook"
    elif guess is not None:
        mime = guess.mime
    elif _is_text(data):
        mime = "message/rfc822" if _looks_like_mail(data) else "text/plain"
    elif _looks_like_mail(data):  # an 8-bit body in GB2312, Big5, Latin-1...
        mime = "message/rfc822"
    else:
        raise FileRefused("its content is not a recognised type (images, PDF, text, e-mail)")
    if mime not in ACCEPTED:
        raise FileRefused(f"files of type {mime} are not accepted as evidence")
    category, label = ACCEPTED[mime]
    width = height = None
    if category == IMAGE:
        width, height = image_size(data, mime) or (None, None)
        if width and height and width * height > max_pixels:
            raise FileRefused(
                f"the image declares {width} × {height} pixels, more than the "
                f"{max_pixels // 1_000_000} megapixels accepted"
            )
    return FileType(mime, category, label, width, height)


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text)


def _looks_like_mail(data: bytes) -> bool:
    """At least two known header fields in an unbroken header block at the start."""
    names = set()
    for line in data[:8192].splitlines():
        if not line.strip():
            break
        if line[:1] in b" \t":
            continue  # folded header continuation
        if not _HEADER_LINE.match(line):
            return False
        names.add(line.split(b":", 1)[0].lower())
    return len(names & _MAIL_HEADERS) >= 2


def image_size(data: bytes, mime: str) -> tuple[int, int] | None:
    """Declared width and height from the image header; FileRefused when unreadable."""
    try:
        size = _SIZE_READERS.get(mime, lambda _d: None)(data)
    except (struct.error, IndexError, ValueError):
        size = None
    if size is None:
        if mime in _SIZE_READERS:
            raise FileRefused("the image header is damaged")
        return None  # formats whose size we do not read are bounded by Qt's reader
    width, height = size
    if width <= 0 or height <= 0:
        raise FileRefused("the image header declares no pixels")
    return width, height


def _png_size(data: bytes) -> tuple[int, int] | None:
    length, tag = struct.unpack(">I4s", data[8:16])
    if tag != b"IHDR" or length != 13:
        return None
    body = data[12:29]
    (crc,) = struct.unpack(">I", data[29:33])
    if zlib.crc32(body) != crc:
        return None
    return struct.unpack(">II", data[16:24])


def _gif_size(data: bytes) -> tuple[int, int]:
    return struct.unpack("<HH", data[6:10])


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        pos += 2 + length
    return None


_SIZE_READERS = {"image/png": _png_size, "image/gif": _gif_size, "image/jpeg": _jpeg_size}
