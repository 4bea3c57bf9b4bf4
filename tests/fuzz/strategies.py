"""Hostile input: text, numbers and dates an attacker or an unlucky paste would produce."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

MEGABYTE = "x" * 1_000_000

SPECIAL_TEXT = (
    "",
    " ",
    "\ud800",  # a lone surrogate: cannot be encoded as UTF-8
    "Priya\udfffSharma",
    "a\x00b",
    "\u202egnp.exe",  # right-to-left override
    "\u200fمحمد\u200f",  # right-to-left marks around an Arabic name
    "e\u0301",  # decomposed é: normalised to NFC
    "\ufeffBOM",
    "line\nbreak",
    "tab\there",
    "=cmd|' /C calc'!A0",
    "../../../etc/passwd",
    "RC-2026-00001",
    "王伟",
    "W" * 5_000,
    MEGABYTE,
)

# Any code point, surrogates and controls included.
ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())

hostile_text = st.one_of(
    st.sampled_from(SPECIAL_TEXT),
    st.text(ANY_CHARACTER, max_size=40),
    st.text(ANY_CHARACTER, max_size=5).map(lambda s: s * 500),
)

SPECIAL_NUMBERS = (
    "1e30",
    "1e-12",
    "0.000000000001",
    "NaN",
    "Infinity",
    "-Infinity",
    "-5",
    "-0",
    "99999999999999999",
    "1e999999",
    "1e-999999999",
    "0.005",
    "1,299.00",
    "12.5",
    "0",
    "999999999999.99",
    "1000000000000",
    "3.0E+1",
    "٣٠",  # Arabic-Indic digits
    "",
)

hostile_number_text = st.one_of(
    st.sampled_from(SPECIAL_NUMBERS),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.integers().map(str),
)

# JSON values where a number is expected: the text above, real numbers, other types.
hostile_json_number = st.one_of(
    hostile_number_text,
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)

OFFSETS = ("-12:00", "+14:00", "+00:00", "+05:30", "-03:30", "")

hostile_instant_text = st.one_of(
    st.sampled_from(
        (
            "9999-12-31T23:59:59-12:00",
            "0001-01-01T00:00:00+14:00",
            "1969-12-31T23:59:59+00:00",
            "2200-01-01T00:00:00+00:00",
            "2026-02-30T10:00:00+08:00",
            "2026-03-01T10:00:00",
            "2026-03-01T10:00:00+25:00",
            "yesterday",
        )
    ),
    st.builds(
        lambda when, offset: when.isoformat() + offset,
        st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
        st.sampled_from(OFFSETS),
    ),
)

# Wall-clock times for the form, from year 1 to 9999.
hostile_wall_time = st.one_of(
    st.none(),
    st.sampled_from((dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59))),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
)

ZONES = ("UTC", "Asia/Kolkata", "Pacific/Kiritimati", "Etc/GMT+12", "Not/AZone", "")
