"""A checksum of a table's rows that is the same whichever database holds them (SQLite or PostgreSQL).

Rows are read in primary-key order; each value is written out in one normal form (a boolean as 1/0, a time
as ISO 8601, a number as its decimal text) so that the driver's own types do not change the sum.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import Table

_NULL = "\x00N"
_FIELD = "\x1f"
_ROW = "\x1e"


def normal_form(value: object) -> str:
    if value is None:
        return _NULL
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return str(value)


class TableDigest:
    """Row count and SHA-256 over rows fed in primary-key order."""

    def __init__(self):
        self.rows = 0
        self._hash = hashlib.sha256()

    def add(self, row) -> None:
        self.rows += 1
        self._hash.update((_FIELD.join(normal_form(v) for v in row) + _ROW).encode("utf-8", "surrogatepass"))

    @property
    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def key_order(table: Table) -> list:
    """The columns to order a table's rows by: its primary key, or every column if it has none."""
    return list(table.primary_key.columns) or list(table.columns)
