"""Open a BagIt zip from elsewhere and refuse it unless every check passes.

Nothing is extracted to disk. The checks, in order: the member list (count,
names that could escape a folder, links and other special files, encryption,
duplicates, declared sizes and compression ratios), the bag's declaration
(``bagit.txt``), the manifests against the member list (no unlisted file, no
missing one), and finally every checksum, counting the bytes actually
inflated in case a header lies. Any failure raises BundleRefused with one line.
"""

from __future__ import annotations

import hashlib
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from casemanager.errors import DomainError

CHUNK = 1024 * 1024
GIB = 1024**3
HASHES = ("md5", "sha1", "sha256", "sha512")
TAG_FILE_LIMIT = 16 * 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_MANIFEST = re.compile(r"^(tag)?manifest-([a-z0-9]+)\.txt$")


class BundleRefused(DomainError, ValueError):
    """The bundle is not imported; the message says why in one line."""


@dataclass(frozen=True)
class ImportLimits:
    max_members: int = 10_000
    max_member_bytes: int = 1 * GIB
    max_total_bytes: int = 4 * GIB
    max_ratio: int = 100  # expanded / compressed, for members above ratio_floor
    ratio_floor: int = 1024 * 1024


def check_name(name: str) -> str:
    """``name`` without a trailing slash; refuses names that could leave the bag's folder."""
    if not name or "\x00" in name or any(ord(ch) < 32 for ch in name):
        raise BundleRefused(f"member {name!r}: control characters in the name")
    if "\\" in name:
        raise BundleRefused(f"member {name!r}: backslash in the path")
    if name.startswith("/") or _DRIVE.match(name):
        raise BundleRefused(f"member {name!r}: absolute path")
    path = name[:-1] if name.endswith("/") else name
    for part in path.split("/"):
        if part in ("", ".", ".."):
            raise BundleRefused(f"member {name!r}: path escapes or is not plain ('{part}')")
        if _DRIVE.match(part):
            raise BundleRefused(f"member {name!r}: drive letter in the path")
    return path


def decode_path(path: str) -> str:
    return path.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


class Bag:
    """A validated bundle: payload files by name, with the SHA-256 of each."""

    def __init__(self, path: Path, limits: ImportLimits) -> None:
        self.limits = limits
        try:
            self.zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise BundleRefused(f"{path.name}: not a readable zip file ({exc})") from None
        try:
            self.files = self._check_members()
            self.sha256: dict[str, str] = {}
            self._check_manifests()
        except BaseException:
            self.zf.close()
            raise

    def close(self) -> None:
        self.zf.close()

    def __enter__(self) -> Bag:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_members(self) -> dict[str, zipfile.ZipInfo]:
        infos = self.zf.infolist()
        lim = self.limits
        if len(infos) > lim.max_members:
            raise BundleRefused(f"{len(infos)} members; at most {lim.max_members} are accepted")
        files: dict[str, zipfile.ZipInfo] = {}
        seen: set[str] = set()
        total = 0
        for info in infos:
            path = check_name(info.filename)
            folded = unicodedata.normalize("NFC", path).casefold()  # é and e+◌́ are one name
            if folded in seen:
                raise BundleRefused(f"member {info.filename!r}: the name appears twice")
            seen.add(folded)
            mode = info.external_attr >> 16
            kind = stat.S_IFMT(mode)
            if kind == stat.S_IFLNK:
                raise BundleRefused(f"member {info.filename!r}: symbolic links are not accepted")
            if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
                raise BundleRefused(f"member {info.filename!r}: not a regular file")
            if info.flag_bits & 0x1:
                raise BundleRefused(f"member {info.filename!r}: encrypted")
            if info.is_dir():
                continue
            if info.file_size > lim.max_member_bytes:
                raise BundleRefused(f"member {path!r}: {info.file_size} bytes is too large")
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > lim.ratio_floor and ratio > lim.max_ratio:
                raise BundleRefused(f"member {path!r}: compression ratio {ratio:.0f} is too high")
            total += info.file_size
            if total > lim.max_total_bytes:
                raise BundleRefused(f"expands to more than {lim.max_total_bytes} bytes")
            files[path] = info
        return files

    def read_chunks(self, path: str, budget: list[int] | None = None) -> Iterator[bytes]:
        """The member's bytes in chunks, counting what is really inflated."""
        info = self.files[path]
        lim = self.limits
        count = 0
        try:
            with self.zf.open(info) as member:
                while chunk := member.read(CHUNK):
                    count += len(chunk)
                    if count > info.file_size or count > lim.max_member_bytes:
                        raise BundleRefused(f"member {path!r}: more bytes than its header declares")
                    if count > lim.ratio_floor and count / max(info.compress_size, 1) > (
                        lim.max_ratio
                    ):
                        raise BundleRefused(f"member {path!r}: compression ratio is too high")
                    if budget is not None:
                        budget[0] -= len(chunk)
                        if budget[0] < 0:
                            raise BundleRefused(f"expands to more than {lim.max_total_bytes} bytes")
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise BundleRefused(f"member {path!r}: damaged ({exc})") from None
        if count != info.file_size:
            raise BundleRefused(f"member {path!r}: fewer bytes than its header declares")

    def read(self, path: str, limit: int | None = None) -> bytes:
        """A member's whole content (checked against the SHA-256 found while validating)."""
        if path not in self.files:
            raise BundleRefused(f"{path!r} is missing from the bundle")
        if limit is not None and self.files[path].file_size > limit:
            raise BundleRefused(f"{path!r}: too large")
        data = b"".join(self.read_chunks(path))
        if path in self.sha256 and hashlib.sha256(data).hexdigest() != self.sha256[path]:
            raise BundleRefused(f"{path!r}: changed while it was being imported")
        return data

    def _check_manifests(self) -> None:
        if "bagit.txt" not in self.files:
            raise BundleRefused("bagit.txt is missing: not a BagIt bundle")
        declaration = self.read("bagit.txt", TAG_FILE_LIMIT).decode("utf-8", "replace")
        if not re.search(r"^BagIt-Version: (1\.0|0\.97)\s*$", declaration, re.M):
            raise BundleRefused("bagit.txt: not a BagIt 1.0 declaration")
        if "fetch.txt" in self.files:
            raise BundleRefused("fetch.txt: bundles that fetch files from elsewhere are refused")
        payload: dict[str, dict[str, str]] = {}  # algorithm -> path -> digest
        tags: dict[str, dict[str, str]] = {}
        for name in self.files:
            found = _MANIFEST.match(name)
            if not found:
                continue
            alg = found.group(2)
            if alg not in HASHES:
                raise BundleRefused(f"{name}: unsupported checksum algorithm {alg!r}")
            target = tags if found.group(1) else payload
            target[alg] = self._parse_manifest(name, payload_manifest=not found.group(1))
        if not payload:
            raise BundleRefused("no payload manifest (manifest-sha256.txt) in the bundle")
        data_files = {p for p in self.files if p.startswith("data/")}
        for alg, entries in payload.items():
            unlisted = sorted(data_files - entries.keys())
            if unlisted:
                raise BundleRefused(f"{unlisted[0]!r} is not listed in manifest-{alg}.txt")
        listed_tags = set().union(*(t.keys() for t in tags.values())) if tags else set()
        known = {"bagit.txt", "bag-info.txt"} | {n for n in self.files if _MANIFEST.match(n)}
        for name in self.files:
            if not name.startswith("data/") and name not in known | listed_tags:
                raise BundleRefused(f"{name!r} is not listed in any manifest")
        self._check_checksums({**_merge(payload), **_merge(tags)})

    def _parse_manifest(self, name: str, payload_manifest: bool) -> dict[str, str]:
        text = self.read(name, TAG_FILE_LIMIT).decode("utf-8", "replace")
        entries: dict[str, str] = {}
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            parts = line.split(None, 1)
            if len(parts) != 2 or not re.fullmatch(r"[0-9a-fA-F]+", parts[0]):
                raise BundleRefused(f"{name} line {number}: not 'checksum  path'")
            path = decode_path(parts[1].strip())
            check_name(path)
            if payload_manifest != path.startswith("data/"):
                raise BundleRefused(f"{name} line {number}: {path!r} is in the wrong manifest")
            if path in entries:
                raise BundleRefused(f"{name}: {path!r} is listed twice")
            if path not in self.files:
                raise BundleRefused(f"{name} lists {path!r}, which is missing from the bundle")
            entries[path] = parts[0].lower()
        return entries

    def _check_checksums(self, expected: dict[str, dict[str, str]]) -> None:
        budget = [self.limits.max_total_bytes]
        for path in self.files:
            algs = {alg: hashlib.new(alg) for alg in {*expected.get(path, {}), "sha256"}}
            for chunk in self.read_chunks(path, budget):
                for h in algs.values():
                    h.update(chunk)
            for alg, digest in expected.get(path, {}).items():
                if algs[alg].hexdigest() != digest:
                    raise BundleRefused(f"{path!r}: {alg} checksum does not match the manifest")
            self.sha256[path] = algs["sha256"].hexdigest()


def _merge(manifests: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """algorithm -> path -> digest turned into path -> algorithm -> digest."""
    out: dict[str, dict[str, str]] = {}
    for alg, entries in manifests.items():
        for path, digest in entries.items():
            out.setdefault(path, {})[alg] = digest
    return out
