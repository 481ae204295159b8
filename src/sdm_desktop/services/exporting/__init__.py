"""CSV and XLSX tables written safely, what every export shares (consent), and the export kinds features register."""
