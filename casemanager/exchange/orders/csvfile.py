"""Open an order export whatever made it: its encoding, its delimiter, streamed row by row.

Spreadsheets save UTF-16 (with a byte-order mark), Excel on Windows often
Latin-1, everything else UTF-8 with or without a BOM. The file is read as a
stream, never whole, so a 1 GB export needs no more memory than a small one;
progress is the byte offset reached, and ``cancelled()`` is asked between rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from casemanager.exchange.orders.model import OrderFileError, OrdersCancelled

Progress = Callable[[int, int], None]
SNIFF_BYTES = 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
EVERY = 2000  # rows between progress reports and cancel checks

csv.field_size_limit(16 * 1024 * 1024)  # a long notes cell is fine; a runaway quote is not


def sniff_encoding(head: bytes) -> str:
    """The codec of a file starting with ``head``."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    if len(sample) >= 4 and sample.count(0) > len(sample) // 4:  # UTF-16 without a mark
        return "utf-16-le" if sample[1] == 0 else "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8"


def sniff_delimiter(header_line: str) -> str:
    """The separator that splits the header row into the most columns (quotes respected)."""
    best, best_count = ",", 1
    for candidate in DELIMITERS:
        count = len(next(csv.reader([header_line], delimiter=candidate), []))
        if count > best_count:
            best, best_count = candidate, count
    if best_count < 2:
        raise OrderFileError(
            "only one column found: not a comma, semicolon, tab or bar separated file", 1
        )
    return best


def _header(cells: list[str]) -> list[str]:
    names: list[str] = []
    for cell in cells:
        name = cell.strip().lstrip("\ufeff").strip('"').strip()
        base, n = name, 2
        while name in names:  # a repeated column keeps its data under a distinct name
            name, n = f"{base} ({n})", n + 1
        names.append(name)
    return names


class CsvRows:
    """The header and the rows of one export; iterate for ``(line number, row dict)``."""

    def __init__(
        self,
        path: str | os.PathLike,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.path = Path(path)
        self.size = self.path.stat().st_size
        self.progress = progress
        self.cancelled = cancelled
        self._binary = open(self.path, "rb")  # noqa: SIM115 (closed by close())
        try:
            self.encoding = sniff_encoding(self._binary.read(SNIFF_BYTES))
            self._binary.seek(0)
            self._text = io.TextIOWrapper(self._binary, encoding=self.encoding, newline="")
            first = self._readline_checked()
            if not first.strip():
                raise OrderFileError("the file is empty (no header row)", 1)
            self.delimiter = sniff_delimiter(first)
            self.header = _header(next(csv.reader([first], delimiter=self.delimiter)))
        except Exception:
            self._binary.close()
            raise
        self.lines_read = 1

    def _readline_checked(self) -> str:
        try:
            return self._text.readline()
        except UnicodeDecodeError as exc:
            raise OrderFileError(f"not readable as {self.encoding}: {exc.reason}", 1) from None

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        reader = csv.reader(self._text, delimiter=self.delimiter)
        width = len(self.header)
        line = 1
        count = 0
        try:
            for cells in reader:
                line = reader.line_num + 1  # the header line was read before the reader
                count += 1
                if count % EVERY == 0:
                    self._tick()
                if len(cells) > width:
                    if not any(c.strip() for c in cells[width:]):
                        cells = cells[:width]
                    else:
                        raise OrderFileError(
                            f"{len(cells)} cells but the header has {width} columns "
                            "(wrong delimiter, or an unquoted separator in a cell?)",
                            line,
                        )
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) < width:
                    cells = cells + [""] * (width - len(cells))
                self.lines_read = line
                yield line, dict(zip(self.header, cells, strict=True))
        except csv.Error as exc:
            raise OrderFileError(f"not a well-formed CSV row: {exc}", line + 1) from None
        except UnicodeDecodeError as exc:
            raise OrderFileError(
                f"not readable as {self.encoding} (byte {exc.start}): the file mixes encodings",
                line + 1,
            ) from None
        self._tick(final=True)

    def _tick(self, final: bool = False) -> None:
        if self.cancelled is not None and self.cancelled():
            raise OrdersCancelled()
        if self.progress is not None:
            done = self.size if final else min(self._binary.tell(), self.size)
            self.progress(done, self.size)

    def close(self) -> None:
        self._binary.close()

    def __enter__(self) -> CsvRows:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_rows(
    path: str | os.PathLike,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> CsvRows:
    """The export at ``path``, opened for streaming; OrderFileError when it cannot be read."""
    try:
        return CsvRows(path, progress, cancelled)
    except OSError as exc:
        raise OrderFileError(f"cannot open {path}: {exc.strerror or exc}") from None
