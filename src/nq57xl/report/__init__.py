"""The province's progress report as a Word document (Decree 30/2020/NĐ-CP layout)."""
