"""An .xlsx workbook read for an import: ``book.XlsxBook`` opens it, names its sheets and gives a sheet's rows
as a user sees them (``cells`` turns each cell into its value)."""
