"""Which export a file is, from its header row alone, and reading it with the right module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from casemanager.exchange.orders import (
    edd,
    gumroad,
    license_manager,
    mapped,
    paypal,
    razorpay,
    razorpay_disputes,
    shopify,
    stripe,
    woocommerce,
)
from casemanager.exchange.orders.model import OrderFileError, UnknownExport

Reader = Callable[[Iterable[tuple[int, dict[str, str]]], dt.tzinfo | None], Iterator]


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    signature: frozenset[str]  # columns that together say "this is that export"
    required: frozenset[str]  # columns an import cannot do without
    default_zone: dt.tzinfo | None  # None: the file's times carry no zone, ask for one
    read: Reader


def _format(module, name=None, signature=None, required=None, read=None) -> Format:
    return Format(
        name or module.NAME,
        module.LABEL if name is None else f"{module.LABEL} (Advanced Order Export)",
        signature or module.SIGNATURE,
        required or module.REQUIRED,
        module.DEFAULT_ZONE,
        read or module.read,
    )


# Most specific first: Razorpay's and Stripe's lower-case ``id`` must not shadow others.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        _format(shopify),
        _format(license_manager),
        _format(woocommerce),
        _format(
            woocommerce,
            "woocommerce_titled",
            woocommerce.TITLED_SIGNATURE,
            woocommerce.TITLED_REQUIRED,
            woocommerce.read_titled,
        ),
        _format(edd),
        _format(gumroad),
        _format(stripe),
        _format(paypal),
        _format(razorpay_disputes),
        _format(razorpay),
    )
}
ZONED_IN_FILE = frozenset({"shopify"})  # times carry their own offset


def detect(header: Sequence[str]) -> str | None:
    """The name of the format whose signature columns the header has, or None."""
    columns = set(header)
    for fmt in FORMATS.values():
        if fmt.signature <= columns:
            return fmt.name
    return None


def check_columns(fmt: Format, header: Sequence[str]) -> None:
    """OrderFileError naming the first required column the header lacks."""
    missing = sorted(fmt.required - set(header))
    if missing:
        raise OrderFileError(
            f"a {fmt.label} file needs the column {missing[0]!r}"
            + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""),
            1,
            missing[0],
        )


def resolve(header: Sequence[str], name: str | None) -> Format:
    """The format named, or detected; OrderFileError when neither gives one."""
    if name:
        if name not in FORMATS:
            raise OrderFileError(f"unknown format {name!r}; known: {', '.join(FORMATS)}")
        fmt = FORMATS[name]
    else:
        found = detect(header)
        if found is None:
            shown = ", ".join(header[:6]) + (" …" if len(header) > 6 else "")
            raise UnknownExport(
                f"not an order export this program knows (header: {shown}); "
                "map its columns once to import it",
                1,
            )
        fmt = FORMATS[found]
    check_columns(fmt, header)
    return fmt


def read_orders(
    rows: Iterable[tuple[int, dict[str, str]]],
    header: Sequence[str],
    name: str | None = None,
    zone: dt.tzinfo | None = None,
    mapping: Mapping[str, str] | None = None,
) -> tuple[Format, Iterator]:
    """The format and its values (ImportedOrder, LicenceKeyRow, Skipped) for these rows.

    ``zone`` is the zone of times the file states without one (asked once per
    file); formats whose files name their zone ignore it.
    """
    if mapping is not None:
        mapped.check_mapping(mapping, header)
        fmt = Format(
            mapped.NAME, mapped.LABEL, frozenset(), frozenset(), None, mapped.reader(mapping)
        )
    else:
        fmt = resolve(header, name)
    use = fmt.default_zone if fmt.default_zone is not None else zone
    return fmt, fmt.read(rows, use)
