"""Right-to-left text in reading order: the Unicode Bidirectional Algorithm, line by line.

ReportLab places the words of a line left to right and shapes each word on its
own (``uharfbuzz`` sets a Hebrew or Arabic word's letters right to left and
joins Arabic letters). What is left is the order of the words on each printed
line, which UAX #9 defines: resolve each character's embedding level for the
paragraph (the pure-Python implementation python-bidi ships, ``bidi.algorithm``,
rules P2-I2), then on each line reverse every run at or above each odd level (L2).
So a number or a Latin word inside an Arabic address keeps its own direction in
its place, and a run broken across two lines reads on from the end of the first.

What is reordered are the white space and the runs of one level within each word;
shaping then sets each word's letters. ``layout`` breaks a paragraph into lines
first, then asks ``visual_lines`` for each line's order.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from types import ModuleType

_STRONG = {"L", "R", "AL"}


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left character (Hebrew, Arabic, Syriac, Thaana …)."""
    if text.isascii():
        return False
    return any(0x0590 <= ord(c) <= 0x08FF or 0xFB1D <= ord(c) <= 0xFEFF for c in text)


@lru_cache(maxsize=1)
def _uba() -> ModuleType:
    """python-bidi's algorithm, imported when a right-to-left text is first set."""
    from bidi import algorithm  # noqa: PLC0415

    return algorithm


def base_level(text: str) -> int:
    """The paragraph's direction from its first strong character (P2, P3): 0 LTR, 1 RTL."""
    return _uba().get_base_level(text)


def _levels(line: str, base: int) -> list[int]:
    """The resolved embedding level of each character of ``line`` (rules X1-I2)."""
    uba = _uba()
    storage = uba.get_empty_storage()
    storage["base_level"], storage["base_dir"] = base, ("L", "R")[base]
    uba.get_embedding_levels(line, storage)
    for index, ch in enumerate(storage["chars"]):
        ch["index"] = index  # explicit formatting characters are dropped (X9): keep places
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    levels = [base] * len(line)
    for ch in storage["chars"]:
        levels[ch["index"]] = ch["level"]
    return levels


def _units(line: str, levels: list[int]) -> list[tuple[str, int]]:
    """(text, level) for each white space and each run of one level within a word."""
    out: list[tuple[str, int]] = []
    for m in re.finditer(r"\S+|\s+", line):
        start = m.start()
        for i in range(m.start() + 1, m.end() + 1):
            if i == m.end() or levels[i] != levels[start] and not m.group().isspace():
                out.append((line[start:i], levels[start]))
                start = i
    return out


def _shaped_right_to_left(text: str) -> bool:
    """Whether shaping sets ``text`` right to left: its first letter is right-to-left."""
    for c in text:
        kind = unicodedata.bidirectional(c)
        if kind in _STRONG:
            return kind != "L"
    return False


def _mirrored(text: str) -> str:
    from bidi.mirror import MIRRORED  # noqa: PLC0415

    return "".join(MIRRORED.get(c, c) for c in text)


def _for_shaping(group: list[tuple[str, int]]) -> str:
    """The text of one word ReportLab will shape, so that it shows ``group`` (visual order).

    Shaping sets a word whose first letter is Hebrew or Arabic right to left, mirroring
    brackets: it gets the pieces from the right, right-to-left ones as typed and the
    others reversed ("ב-12" shows its 12). Any other word is set left to right: it gets
    the pieces from the left, right-to-left ones reversed and mirrored (rule L4).
    """
    if _shaped_right_to_left("".join(text for text, _ in group)):
        return "".join(t if level % 2 else t[::-1] for t, level in reversed(group))
    return "".join(_mirrored(t[::-1]) if level % 2 else t for t, level in group)


def _reorder(units: list, highest: int, lowest_odd: int) -> None:
    """L2: from the highest level down to the lowest odd one, reverse each run at or above it."""
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(units):
            if units[i][1] < level:
                i += 1
                continue
            j = i
            while j < len(units) and units[j][1] >= level:
                j += 1
            units[i:j] = units[i:j][::-1]
            i = j


def visual_line(line: str, base: int, levels: list[int] | None = None) -> str:
    """The words of one printed line in visual order (left to right), for paragraph ``base``.

    ``levels``: the line's characters' levels resolved in its whole paragraph (else in
    the line alone). The result is what ReportLab is given, not the visual string: each
    word is written so that shaping it shows the word's pieces where the algorithm
    puts them.
    """
    if not line or (base == 0 and not has_rtl(line)):
        return line
    units = _units(line, levels if levels is not None else _levels(line, base))
    highest = max(level for _, level in units)
    odd = [level for _, level in units if level % 2]
    _reorder(units, highest, min(odd) if odd else highest + 1)
    # What touches without white space is one word to ReportLab, shaped as one run.
    out: list[str] = []
    i = 0
    while i < len(units):
        j = i + 1
        if not units[i][0].isspace():
            while j < len(units) and not units[j][0].isspace():
                j += 1
        out.append(_for_shaping(units[i:j]))
        i = j
    return "".join(out)


def visual_lines(paragraphs: list[list[str]]) -> list[str]:
    """Each printed line in visual order, given the lines of each paragraph in typed order.

    A paragraph here is what a line break ends (bidi class B): each has its own
    direction and its levels are resolved over all its lines, then each line is
    reordered (UAX #9, 3.4). Lines are single-spaced words.
    """
    out: list[str] = []
    for lines in paragraphs:
        text = " ".join(lines)
        if not has_rtl(text):
            out += lines
            continue
        base = base_level(text)
        levels = _levels(text, base)
        start = 0
        for line in lines:
            out.append(visual_line(line, base, levels[start : start + len(line)]))
            start += len(line) + 1
    return out
