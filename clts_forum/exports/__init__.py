"""The workshop's outcome for the secretariat (DESIGN.md §1, issue 5).

`report.build` gathers, once, everything an export may show — already filtered by the privacy
rules (public cards only, pseudonyms only with consent, no dependency answers, "<5" in composition
statistics). Every renderer (HTML, easy-read, PDF, DOCX, CSV) formats that one structure and never
queries the database itself, so no format can show more than another. `archive` is the JSON archive
of a whole workshop and its import.
"""
