"""Import of a spreadsheet of initiatives (XLSX or CSV): the columns, declared once
(`columns`), the catalogue's vocabulary (`vocabulary`), the downloadable template
(`template`), reading a file safely (`reading`), checking each row (`checking`), the preview
(`preview`) and the writes (`services`). See docs/integration.md « Importer un tableur »."""
