"""Outlook ``.msg`` files for the tests, written from scratch (no Outlook, no sample to license).

``compound_file`` writes an OLE compound file (version 3: 512-byte sectors,
64-byte mini sectors below 4096 bytes) from a tree of storages and streams,
following the published [MS-CFB] layout; ``outlook_msg`` lays MAPI properties
out in it as [MS-OXMSG] describes. ``olefile`` reads the result back, which
checks the writer against an independent reader.
"""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass, field

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
Tree = dict  # name -> bytes (a stream) or Tree (a storage)


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[int] = field(default_factory=list)
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    start: int = END
    size: int = 0


def _key(name: str) -> tuple[int, str]:
    return (len(name), name.upper())  # the order [MS-CFB] sorts siblings in


def _flatten(tree: Tree, entries: list[_Entry], parent: int) -> None:
    for name in sorted(tree, key=_key):
        value = tree[name]
        entries.append(_Entry(name, 2 if isinstance(value, bytes) else 1,
                              value if isinstance(value, bytes) else b""))  # fmt: skip
        index = len(entries) - 1
        entries[parent].children.append(index)
        if not isinstance(value, bytes):
            _flatten(value, entries, index)


def _balance(entries: list[_Entry], ids: list[int]) -> int:
    """A binary search tree of the siblings (sorted), returning its root."""
    if not ids:
        return NOSTREAM
    mid = len(ids) // 2
    root = ids[mid]
    entries[root].left = _balance(entries, ids[:mid])
    entries[root].right = _balance(entries, ids[mid + 1 :])
    return root


def compound_file(tree: Tree) -> bytes:
    entries = [_Entry("Root Entry", 5)]
    _flatten(tree, entries, 0)
    for entry in entries:
        entry.child = _balance(entries, entry.children)
    # The small streams live in the mini stream, chained by the mini FAT.
    mini_stream, mini_fat = bytearray(), []
    big: list[_Entry] = []
    for entry in entries[1:]:
        if entry.kind != 2:
            continue
        entry.size = len(entry.data)
        if entry.size == 0:
            continue
        if entry.size >= CUTOFF:
            big.append(entry)
            continue
        first = len(mini_stream) // MINI
        count = -(-entry.size // MINI)
        mini_fat += [first + i + 1 for i in range(count - 1)] + [END]
        entry.start = first
        mini_stream += entry.data + b"\0" * (count * MINI - entry.size)
    directory = b"".join(_dir_entry(e) for e in entries)
    directory += _dir_entry(None) * ((-len(entries)) % 4)
    mini_fat_bytes = struct.pack(f"<{len(mini_fat)}I", *mini_fat) if mini_fat else b""
    chunks = [("dir", directory), ("ministream", bytes(mini_stream)), ("minifat", mini_fat_bytes)]
    chunks += [(entry, entry.data) for entry in big]
    sectors_of = [(name, -(-len(data) // SECTOR)) for name, data in chunks]
    data_sectors = sum(n for _, n in sectors_of)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + data_sectors:
        fat_sectors += 1
    fat = [FATSECT] * fat_sectors
    starts: dict = {}
    body = bytearray()
    for (name, data), (_, count) in zip(chunks, sectors_of, strict=True):
        if count == 0:
            starts[id(name) if not isinstance(name, str) else name] = END
            continue
        first = len(fat)
        starts[id(name) if not isinstance(name, str) else name] = first
        fat += [first + i + 1 for i in range(count - 1)] + [END]
        body += data + b"\0" * (count * SECTOR - len(data))
    fat += [FREE] * (fat_sectors * (SECTOR // 4) - len(fat))
    entries[0].start = starts["ministream"]
    entries[0].size = len(mini_stream)
    for entry in big:
        entry.start = starts[id(entry)]
    # The directory was laid out before the start sectors were known: write it again.
    directory = b"".join(_dir_entry(e) for e in entries)
    directory += _dir_entry(None) * ((-len(entries)) % 4)
    dir_start = starts["dir"]
    offset = (dir_start - fat_sectors) * SECTOR
    body[offset : offset + len(directory)] = directory
    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack(
            "<IIIIIIIII",
            0,
            fat_sectors,
            dir_start,
            0,
            CUTOFF,
            starts["minifat"],
            -(-len(mini_fat_bytes) // SECTOR),
            END,
            0,
        )  # fmt: skip
        + struct.pack("<109I", *difat)
    )
    return header + struct.pack(f"<{len(fat)}I", *fat) + bytes(body)


def _dir_entry(e: _Entry | None) -> bytes:
    if e is None:
        return (
            b"\0" * 64
            + struct.pack("<HBBIII", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM)
            + (b"\0" * 36 + struct.pack("<IQ", 0, 0))
        )
    name = e.name.encode("utf-16-le") + b"\0\0"
    return (
        name.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(name), e.kind, 1, e.left, e.right, e.child)
        + b"\0" * 16  # class id
        + b"\0" * 4  # state bits
        + b"\0" * 16  # creation and modification times
        + struct.pack("<IQ", e.start, e.size)
    )


# -- MAPI properties ----------------------------------------------------------------------

PT_LONG, PT_SYSTIME, PT_UNICODE, PT_BINARY, PT_OBJECT = 0x0003, 0x0040, 0x001F, 0x0102, 0x000D


def _filetime(when: dt.datetime) -> bytes:
    delta = when - dt.datetime(1601, 1, 1, tzinfo=dt.UTC)
    return struct.pack("<Q", (delta // dt.timedelta(microseconds=1)) * 10)


def _properties(header: bytes, fixed: dict[tuple[int, int], bytes], texts, binaries) -> bytes:
    rows = []
    for (prop, ptype), value in fixed.items():
        rows.append(struct.pack("<II", (prop << 16) | ptype, 6) + value.ljust(8, b"\0"))
    for prop, value in texts.items():
        size = len(value.encode("utf-16-le")) + 2
        rows.append(struct.pack("<IIII", (prop << 16) | PT_UNICODE, 6, size, 0))
    for prop, value in binaries.items():
        rows.append(struct.pack("<IIII", (prop << 16) | PT_BINARY, 6, len(value), 0))
    return header + b"".join(rows)


def _storage(header: bytes, fixed, texts: dict[int, str], binaries: dict[int, bytes]) -> Tree:
    tree: Tree = {"__properties_version1.0": _properties(header, fixed, texts, binaries)}
    for prop, value in texts.items():
        tree[f"__substg1.0_{prop:04X}{PT_UNICODE:04X}"] = value.encode("utf-16-le")
    for prop, value in binaries.items():
        tree[f"__substg1.0_{prop:04X}{PT_BINARY:04X}"] = value
    return tree


@dataclass
class MsgAttachment:
    name: str
    data: bytes = b""
    mime: str = ""
    content_id: str = ""
    message: dict | None = None  # keyword arguments of ``outlook_msg``: an attached mail


def _message_tree(
    header: bytes,
    subject: str = "",
    sender_name: str = "",
    sender_email: str = "",
    body: str | None = None,
    html: bytes | None = None,
    sent_at: dt.datetime | None = None,
    message_id: str = "",
    transport_headers: str = "",
    attachments: tuple[MsgAttachment, ...] = (),
) -> Tree:
    texts = {0x0037: subject, 0x001A: "IPM.Note"}
    if sender_name:
        texts[0x0C1A] = sender_name
    if sender_email:
        texts[0x5D01] = sender_email
        texts[0x0C1F] = sender_email
    if body is not None:
        texts[0x1000] = body
    if message_id:
        texts[0x1035] = message_id
    if transport_headers:
        texts[0x007D] = transport_headers
    binaries = {0x1013: html} if html is not None else {}
    fixed = {(0x3FFD, PT_LONG): struct.pack("<I", 65001)}
    if sent_at is not None:
        fixed[(0x0039, PT_SYSTIME)] = _filetime(sent_at)
        fixed[(0x0E06, PT_SYSTIME)] = _filetime(sent_at)
    tree = _storage(header, fixed, texts, binaries)
    for i, att in enumerate(attachments):
        name = f"__attach_version1.0_#{i:08X}"
        fixed_att = {(0x3705, PT_LONG): struct.pack("<I", 5 if att.message else 1)}
        att_texts = {0x3707: att.name, 0x3704: att.name[:12]} if att.name else {}
        if att.mime:
            att_texts[0x370E] = att.mime
        if att.content_id:
            att_texts[0x3712] = att.content_id
        if att.message is not None:
            storage = _storage(b"\0" * 8, fixed_att, att_texts, {})
            storage[f"__substg1.0_3701{PT_OBJECT:04X}"] = _message_tree(b"\0" * 24, **att.message)
        else:
            storage = _storage(b"\0" * 8, fixed_att, att_texts, {0x3701: att.data})
        tree[name] = storage
    return tree


def outlook_msg(**message) -> bytes:
    """A ``.msg`` file: ``subject``, ``sender_name``, ``sender_email``, ``body``, ``html``,
    ``sent_at``, ``message_id``, ``transport_headers``, ``attachments`` (MsgAttachment)."""
    attachments = message.get("attachments", ())
    header = b"\0" * 8 + struct.pack("<IIII", 0, len(attachments), 0, len(attachments)) + b"\0" * 8
    tree = _message_tree(header, **message)
    tree["__nameid_version1.0"] = {}
    return compound_file(tree)
