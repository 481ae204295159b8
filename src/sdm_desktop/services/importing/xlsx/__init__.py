"""An .xlsx workbook read for an import: ``book.XlsxBook`` opens it, names its sheets and gives a sheet's rows
as a user sees them. ``scan`` makes the first pass over a sheet's bytes (rows, merged ranges, plain or not),
``rows`` frames its rows, ``text_row`` and ``cells`` turn their cells into values, ``strings`` reads the
shared-string table."""
