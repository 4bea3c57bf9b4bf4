"""Write a BagIt 1.0 bag (RFC 8493) straight into a zip file, hashing while writing.

The bag sits at the root of the zip: ``bagit.txt``, ``bag-info.txt``, the
payload manifests (SHA-256 and SHA-512), ``tagmanifest-sha256.txt`` and the
payload under ``data/``. Large payload files are written in chunks so each
byte passes through memory once, however big the file.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable, Iterable

from casemanager import __version__

ALGORITHMS = ("sha256", "sha512")
CHUNK = 1024 * 1024
BAGIT_TXT = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


class ExportCancelled(Exception):
    """The user cancelled; the caller removes the unfinished file."""


def encode_path(path: str) -> str:
    """A manifest path: RFC 8493 §2.1.3 percent-encodes CR, LF and '%'."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


class BagWriter:
    """Adds payload files to an open zip and finishes the bag with its tag files."""

    def __init__(
        self,
        zf: zipfile.ZipFile,
        on_bytes: Callable[[int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        stamp: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0),
    ) -> None:
        self.zf = zf
        self.stamp = stamp  # the zip entries' modification time (the export's)
        self.payload: dict[str, dict[str, str]] = {}  # path -> algorithm -> hex digest
        self.octets = 0
        self._on_bytes = on_bytes or (lambda n: None)
        self._cancelled = cancelled or (lambda: False)

    def add(self, path: str, data: bytes | memoryview, compress: bool = True) -> dict[str, str]:
        """Write ``data/<path>`` in chunks; returns its digests (sha256, sha512)."""
        view = memoryview(data)
        chunks = (view[start : start + CHUNK] for start in range(0, len(view), CHUNK))
        return self.add_chunks(path, chunks, len(view), compress)

    def add_chunks(
        self, path: str, chunks: Iterable[bytes | memoryview], size: int, compress: bool = True
    ) -> dict[str, str]:
        """Write ``data/<path>`` from ``chunks`` totalling ``size`` bytes; returns its digests."""
        name = f"data/{path}"
        if name in self.payload:
            raise ValueError(f"two payload files named {name!r}")
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o100644 << 16  # a regular file, read/write for the owner
        info.file_size = size  # lets zipfile choose ZIP64 up front for huge files
        hashes = {alg: hashlib.new(alg) for alg in ALGORITHMS}
        written = 0
        with self.zf.open(info, "w") as out:
            for chunk in chunks:
                if self._cancelled():
                    raise ExportCancelled
                written += len(chunk)
                for h in hashes.values():
                    h.update(chunk)
                out.write(chunk)
                self._on_bytes(len(chunk))
            if self._cancelled():
                raise ExportCancelled
        if written != size:
            raise ValueError(f"{name}: {written} bytes written, {size} expected")
        digests = {alg: h.hexdigest() for alg, h in hashes.items()}
        self.payload[name] = digests
        self.octets += size
        return digests

    def finish(self, info: dict[str, str]) -> None:
        """Write bagit.txt, bag-info.txt, the payload manifests and the tag manifest."""
        tags: dict[str, bytes] = {"bagit.txt": BAGIT_TXT}
        fields = {
            **info,
            "Bag-Software-Agent": f"casemanager {__version__}",
            "Payload-Oxum": f"{self.octets}.{len(self.payload)}",
        }
        tags["bag-info.txt"] = "".join(
            f"{key}: {' '.join(str(value).split())}\n" for key, value in fields.items()
        ).encode("utf-8")
        for alg in ALGORITHMS:
            lines = [f"{d[alg]}  {encode_path(path)}\n" for path, d in sorted(self.payload.items())]
            tags[f"manifest-{alg}.txt"] = "".join(lines).encode("utf-8")
        tag_lines = [
            f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(tags.items())
        ]
        tags["tagmanifest-sha256.txt"] = "".join(tag_lines).encode("utf-8")
        for name, data in tags.items():
            info_ = zipfile.ZipInfo(name, date_time=self.stamp)
            info_.compress_type = zipfile.ZIP_DEFLATED
            info_.external_attr = 0o100644 << 16
            self.zf.writestr(info_, data)
