"""The provincial summary workbook (xlsxwriter) and the JSON document of a run."""
