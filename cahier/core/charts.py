"""Counted bar charts for « Statistiques »: one shape for every chart (drawn in HTML/CSS by
`www/includes/chart.html`, no JavaScript, no inline style) and its CSV download. Here, not in
an app, because the site and the contacts app both build charts and import neither each other."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpResponse

# Bar widths come from CSS classes (`cahier-bar--w0` … `cahier-bar--w100`): the strict CSP
# forbids style="" attributes, so a width is rounded to the nearest step.
WIDTH_STEP = 5


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    url: str = ""


@dataclass
class Chart:
    """A titled list of (label, count) rows. *slug* names its CSV (`<slug>.csv`)."""

    slug: str
    title: str
    label_header: str
    count_header: str = "Nombre de fiches"
    description: str = ""
    rows: list[Row] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)

    @property
    def bars(self) -> list[dict]:
        """Each row with its bar width step (the longest bar fills the line) and its share of
        the total in whole percent."""
        top = max((row.count for row in self.rows), default=0)
        total = self.total
        bars = []
        for row in self.rows:
            width = round(row.count * 100 / top / WIDTH_STEP) * WIDTH_STEP if top else 0
            if row.count and not width:
                width = WIDTH_STEP  # a non-zero count never shows as an empty bar
            share = round(row.count * 100 / total) if total else 0
            bars.append({"row": row, "width": width, "share": share})
        return bars


def _cell(value) -> str:
    text = str(value)
    if any(char in text for char in ';"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def chart_csv(chart: Chart) -> str:
    lines = [[chart.label_header, chart.count_header]]
    lines += [[row.label, row.count] for row in chart.rows]
    return "".join(";".join(_cell(value) for value in line) + "\r\n" for line in lines)


def csv_response(chart: Chart) -> HttpResponse:
    """UTF-8 with BOM and « ; » separators: what a French spreadsheet opens as columns."""
    response = HttpResponse(
        ("\ufeff" + chart_csv(chart)).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="statistiques-{chart.slug}.csv"'
    return response
