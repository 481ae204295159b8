"""Writing tables to CSV and XLSX safely, and what every export shares (consent, withheld names)."""
