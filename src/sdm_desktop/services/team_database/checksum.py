"""A checksum of a table's rows that is the same whichever database holds them (SQLite or PostgreSQL).

Rows are read in primary-key order through SQLAlchemy's column types (reflected from each database), which
turn SQLite's and PostgreSQL's values into the same Python values for integers, text, booleans, dates and
times; values of any other type are put in one normal form (a number as its decimal text, binary as hex) so
that the driver's own types do not change the sum.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import Column, Table

_NULL = "\x00N"


def normal_form(value: object) -> str:
    """A value of a type whose Python form could depend on the driver, as text."""
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


# Column types that SQLAlchemy reads into the same Python values from SQLite and from PostgreSQL: their
# values are hashed as they are (their repr), which is most of the speed of a copy's check.
_SAME_EVERYWHERE = (int, str, bool, datetime, date)


def _same_everywhere(column: Column) -> bool:
    try:
        return column.type.python_type in _SAME_EVERYWHERE
    except NotImplementedError:
        return False


class TableDigest:
    """Row count and SHA-256 over a table's rows, fed in primary-key order with the columns in ``columns``'
    order. Values of other column types (numbers with decimals, binary) are put in one normal form first."""

    def __init__(self, columns: list[Column]):
        self.rows = 0
        self._hash = hashlib.sha256()
        self._normalise = [i for i, column in enumerate(columns) if not _same_everywhere(column)]

    def add(self, row) -> None:
        self.rows += 1
        if self._normalise:
            row = list(row)
            for i in self._normalise:
                row[i] = normal_form(row[i])
        self._hash.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))

    @property
    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def key_order(table: Table) -> list:
    """The columns to order a table's rows by: its primary key, or every column if it has none."""
    return list(table.primary_key.columns) or list(table.columns)
