"""CSV downloads open safely in a spreadsheet: text that starts like a formula stays text; numbers stay numbers."""
from portal.downloads import csv_response


def test_formula_like_text_is_quoted_and_numbers_are_left_alone(app):
    with app.test_request_context():
        response = csv_response(["Name", "Minutes"], [["=HYPERLINK(\"http://evil\")", -30], ["@SUM(A1)", 45.5],
                                                      ["-2+3", 0]], "figures.csv")
    lines = response.get_data(as_text=True).splitlines()
    assert lines == ["Name,Minutes", "\"'=HYPERLINK(\"\"http://evil\"\")\",-30", "'@SUM(A1),45.5", "'-2+3,0"]
    assert response.headers["Content-Disposition"] == 'attachment; filename="figures.csv"'
