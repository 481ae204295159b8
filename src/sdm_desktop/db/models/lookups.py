"""Lookup files the user imports (services/lookups): postcode directory, deprivation, LSOA 2011→2021,
postcode→decile, and which file each came from. Replaced as a whole on re-import, never edited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sdm_desktop.db.models.base import Base


class LookupSource(Base):
    """One loaded lookup: its kind (``postcodes``, ``deprivation``, ``lsoa_change``, ``postcode_deciles``,
    ``population``), the file, what it was recognised as and when it was imported."""

    __tablename__ = "lookup_source"
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    file_name: Mapped[str] = mapped_column(Text)
    version: Mapped[str] = mapped_column(String(120))
    file_modified_at: Mapped[datetime | None] = mapped_column(DateTime)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    row_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)


class PostcodeArea(Base):
    """A postcode's LSOA (2011 and/or 2021 codes) from a postcode directory (ONSPD / NSPL)."""

    __tablename__ = "lookup_postcode"
    __table_args__ = {"sqlite_with_rowid": False}
    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)
    lsoa11: Mapped[str | None] = mapped_column(String(9))
    lsoa21: Mapped[str | None] = mapped_column(String(9))


class Deprivation(Base):
    """An LSOA's Index of Multiple Deprivation rank and decile (1 = most deprived 10%)."""

    __tablename__ = "lookup_deprivation"
    lsoa_code: Mapped[str] = mapped_column(String(9), primary_key=True)
    lsoa_name: Mapped[str | None] = mapped_column(String(120))
    district_code: Mapped[str | None] = mapped_column(String(9))
    district_name: Mapped[str | None] = mapped_column(String(120))
    imd_rank: Mapped[int | None] = mapped_column(Integer)
    imd_decile: Mapped[int] = mapped_column(Integer)


class LsoaChange(Base):
    """ONS LSOA (2011) to LSOA (2021): a 2011 code and the 2021 code it became (one row per pair)."""

    __tablename__ = "lookup_lsoa_change"
    lsoa11: Mapped[str] = mapped_column(String(9), primary_key=True)
    lsoa21: Mapped[str] = mapped_column(String(9), primary_key=True)


class PostcodeDecile(Base):
    """A simple ``postcode,imd_decile`` file: the decile given directly."""

    __tablename__ = "lookup_postcode_decile"
    __table_args__ = {"sqlite_with_rowid": False}
    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)
    imd_decile: Mapped[int] = mapped_column(Integer)


class PopulationFigure(Base):
    """The population profile the reach report compares with: ``dimension,category,percent``."""

    __tablename__ = "population_figure"
    dimension: Mapped[str] = mapped_column(String(40), primary_key=True)
    category: Mapped[str] = mapped_column(String(120), primary_key=True)
    percent: Mapped[float] = mapped_column()
