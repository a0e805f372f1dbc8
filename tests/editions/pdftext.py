"""The text of each page of a PDF through poppler's pdftotext, as a reader's viewer shows it
(page breaks are what the print tests are about, so the text is read page by page)."""

import re
import subprocess
import tempfile
from pathlib import Path


def pdf_pages(data: bytes, *, layout: bool = False) -> list[str]:
    """One string per page; `layout` keeps the columns side by side (browser print)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        options = ["-layout"] if layout else []
        return [
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), *options, str(path), "-"],
                capture_output=True,
                text=True,
            ).stdout
            for n in range(1, count + 1)
        ]
