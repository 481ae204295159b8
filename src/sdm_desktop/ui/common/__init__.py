"""What every view shares: tables, forms, pickers, accessibility helpers and the view protocol."""
