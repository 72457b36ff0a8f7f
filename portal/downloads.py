"""CSV downloads of the figures pages show (the coverage map, a trust's dashboard), safe to open in a spreadsheet."""
import csv
import io

from flask import Response

# A cell a spreadsheet would read as a formula ("=HYPERLINK(...)"); numbers, negative ones included, are left be.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_response(header, rows, filename):
    """An attachment of header and rows; text that starts like a formula is quoted so it stays text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_safe(value) for value in row] for row in rows)
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _safe(value):
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
