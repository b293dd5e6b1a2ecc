"""Reading one commune workbook: opening it within limits, finding the header and the
table, cleaning cell values, parsing deadlines, and checking every row."""
