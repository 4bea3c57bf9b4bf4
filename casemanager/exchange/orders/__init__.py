"""Order exports of shop platforms and payment providers, read into plain ``ImportedOrder`` values.

``detect`` names the format from the header row; each platform module turns
its rows into orders; ``csvfile`` opens any export (encoding, delimiter,
streaming with progress). Nothing here touches the database.
"""

from casemanager.exchange.orders.csvfile import CsvRows, open_rows
from casemanager.exchange.orders.detect import FORMATS, detect, read_orders
from casemanager.exchange.orders.model import (
    DisputeRow,
    ImportedOrder,
    LicenceKeyRow,
    OrderFileError,
    OrdersCancelled,
)

__all__ = [
    "FORMATS",
    "CsvRows",
    "DisputeRow",
    "ImportedOrder",
    "LicenceKeyRow",
    "OrderFileError",
    "OrdersCancelled",
    "detect",
    "open_rows",
    "read_orders",
]
