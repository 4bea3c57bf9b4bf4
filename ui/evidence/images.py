"""Decoding evidence images safely, off the GUI thread.

A customer's image may be damaged or may declare billions of pixels in a few
bytes. The reader's declared size is checked before decoding, Qt's allocation
limit bounds what a decoder may allocate, and callers decode through
``ui.workers`` so a slow file never freezes the window.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

ALLOCATION_LIMIT_MB = 256
MAX_PIXELS = 64_000_000  # 64 megapixels, 256 MB as 32-bit pixels
THUMBNAIL_SIDE = 160
PREVIEW_SIDE = 4096

QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)


class ImageTooLarge(ValueError):
    pass


def decode_image(data: bytes, max_side: int) -> QImage:
    """The image scaled to fit ``max_side``; ValueError with a readable reason on failure."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()
    if not size.isValid() or size.isEmpty():
        raise ValueError(f"the image cannot be read ({reader.errorString()})")
    if size.width() * size.height() > MAX_PIXELS:
        raise ImageTooLarge(
            f"the image declares {size.width()} × {size.height()} pixels, too many to display"
        )
    if size.width() > max_side or size.height() > max_side:
        reader.setScaledSize(
            size.scaled(QSize(max_side, max_side), Qt.AspectRatioMode.KeepAspectRatio)
        )
    image = reader.read()
    if image.isNull():
        raise ValueError(f"the image is damaged ({reader.errorString()})")
    return image
