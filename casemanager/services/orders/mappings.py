"""Column mappings for exports no reader knows, saved by header signature and reused."""

from __future__ import annotations

import os
from collections.abc import Sequence

from casemanager.exchange.orders import detect, open_rows
from casemanager.exchange.orders.mapped import FIELDS, OPTIONS, check_mapping, header_signature
from casemanager.exchange.orders.model import UnknownExport
from casemanager.services import audit
from casemanager.services.context import AppContext, uses_database
from casemanager.store.models import Setting

PREFIX = "orders.mapping."

SAMPLE_ROWS = 3

__all__ = [
    "FIELDS",
    "OPTIONS",
    "UnknownExport",
    "file_header",
    "file_sample",
    "save_mapping",
    "saved_mapping",
]


def file_header(path: str | os.PathLike) -> list[str]:
    """The header row of an export (encoding and delimiter sniffed), for the mapping dialog."""
    with open_rows(path) as rows:
        return list(rows.header)


def file_sample(path: str | os.PathLike, rows: int = SAMPLE_ROWS) -> tuple[list[str], list[dict]]:
    """The header and the first few rows, so the owner sees what each column holds."""
    with open_rows(path) as reader:
        sample: list[dict] = []
        for _line, row in reader:
            sample.append(row)
            if len(sample) >= rows:
                break
        return list(reader.header), sample


@uses_database
def saved_mapping(
    ctx: AppContext, header: Sequence[str], only_if_unknown: bool = False
) -> dict | None:
    """The mapping saved for this header, if any (none for a known format when asked)."""
    if only_if_unknown and detect(header) is not None:
        return None
    row = Setting.get_or_none(Setting.key == PREFIX + header_signature(header))
    return dict(row.value) if row else None


@uses_database
def save_mapping(ctx: AppContext, header: Sequence[str], mapping: dict) -> str:
    """Check and store the mapping for files with this header; returns its signature."""
    check_mapping(mapping, header)
    signature = header_signature(header)
    with ctx.transaction():
        Setting.insert(key=PREFIX + signature, value=mapping).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: mapping}
        ).execute()
        audit.record(ctx, "order_mapping_saved", None, {"signature": signature})
    return signature
