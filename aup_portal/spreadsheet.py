"""Every CSV the portal produces goes through here: cells a spreadsheet would run as a formula
are neutralised (OWASP's CSV-injection rule), so a parent typing =HYPERLINK(...) as their name
gets text, not a live formula, in the principal's download."""

import csv
import itertools
import re

from django.http import HttpResponse, StreamingHttpResponse

# A cell starting with one of these is a formula (or becomes one) in Excel, LibreOffice and
# Google Sheets; OWASP: prefix it with a single quote, which they show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain signed number is no formula and stays as it is: E.164 phone numbers (+17735550142)
# are what the bulk-texting system reads.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_response(*, filename: str, columns: list[str], rows) -> HttpResponse:
    """A CSV download of ``rows`` (sequences in the order of ``columns``), every cell
    through safe_cell, never cached."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(columns)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return response


class _Echo:
    """A file-like object whose write returns the line: csv.writer then yields the text."""

    def write(self, value):
        return value


def csv_streaming_response(*, filename: str, columns: list[str], rows) -> StreamingHttpResponse:
    """csv_response, streamed: each line goes out as ``rows`` yields it (constant memory,
    the first byte before the last row is read)."""
    writer = csv.writer(_Echo())
    lines = itertools.chain(
        [writer.writerow(columns)],
        (writer.writerow([safe_cell(cell) for cell in row]) for row in rows),
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
