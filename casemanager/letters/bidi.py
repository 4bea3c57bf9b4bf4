"""Right-to-left text in reading order: the Unicode Bidirectional Algorithm, line by line.

ReportLab places the words of a line left to right and shapes each word on its
own (``uharfbuzz`` sets a Hebrew or Arabic word's letters right to left and
joins Arabic letters). What is left is the order of the words on each printed
line, which UAX #9 defines: resolve each character's embedding level for the
paragraph (python-bidi's implementation of the algorithm, rules P2-I2 and L1),
then on each line reverse every run at or above each odd level (L2). So a number
or a Latin word inside an Arabic address keeps its own direction in its place,
and a run broken across two lines reads on from the end of the first line.

The unit reordered is the word (white space separates units): the letters of a
word are already in visual order once shaped. ``layout`` breaks a paragraph into
lines first, then asks ``visual_line`` for each line's order.
"""

from __future__ import annotations

import re

from bidi import algorithm as uba

_STRONG = {"L", "R", "AL"}


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds a right-to-left character (Hebrew, Arabic, Syriac, Thaana …)."""
    if text.isascii():
        return False
    return any(0x0590 <= ord(c) <= 0x08FF or 0xFB1D <= ord(c) <= 0xFEFF for c in text)


def base_level(text: str) -> int:
    """The paragraph's direction from its first strong character (P2, P3): 0 LTR, 1 RTL."""
    return uba.get_base_level(text)


def _levels(line: str, base: int) -> list[int]:
    """The resolved embedding level of each character of ``line`` (X1-I2, then L1)."""
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


def _unit_level(levels: list[int], types: list[str]) -> int:
    """A unit's level: that of its first strong character, else of its first character."""
    for level, kind in zip(levels, types, strict=True):
        if kind in _STRONG:
            return level
    return levels[0]


_EDGE = re.compile(r"^([^\w\s]*)(.*?)([^\w\s]*)$", re.S)


def _units(line: str, levels: list[int]) -> list[tuple[str, int, int]]:
    """(text, level, word) for each white space, word, and punctuation at a word's edges."""
    types = [uba.bidirectional(c) for c in line]
    out: list[tuple[str, int, int]] = []
    for word, m in enumerate(re.finditer(r"\S+|\s+", line)):
        start = m.start()
        parts = [m.group()] if m.group().isspace() else _EDGE.match(m.group()).groups()
        for part in parts:
            if part:
                end = start + len(part)
                out.append((part, _unit_level(levels[start:end], types[start:end]), word))
                start = end
    return out


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


def visual_line(line: str, base: int) -> str:
    """The words of one printed line in visual order (left to right), for paragraph ``base``.

    A word is shaped as one piece: a right-to-left word with punctuation at a different
    level (a comma closing a Hebrew name before English text) is given to shaping in
    right-to-left order, so the punctuation lands on the side the algorithm puts it.
    """
    line = " ".join(line.split())
    if not line or (base == 0 and not has_rtl(line)):
        return line
    units = _units(line, _levels(line, base))
    highest = max(level for _, level, _ in units)
    odd = [level for _, level, _ in units if level % 2]
    _reorder(units, highest, min(odd) if odd else highest + 1)
    # What touches without white space is one word to ReportLab, shaped as one run:
    # a run with right-to-left letters is set right to left, so it is given reversed.
    out: list[str] = []
    i = 0
    while i < len(units):
        j = i + 1
        if not units[i][0].isspace():
            while j < len(units) and not units[j][0].isspace():
                j += 1
        group = [text for text, _, _ in units[i:j]]
        out.append("".join(group[::-1] if has_rtl("".join(group)) else group))
        i = j
    return "".join(out)


def visual_lines(lines: list[str], text: str) -> list[str]:
    """Each printed line of the paragraph ``text`` in visual order."""
    base = base_level(text)
    return [visual_line(line, base) for line in lines]
