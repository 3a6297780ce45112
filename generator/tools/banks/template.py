"""`latih import --template`: a spreadsheet to fill, its headers in the course's language, one filled
example row, and a help sheet that says what each column takes."""

from __future__ import annotations

from pathlib import Path

from generator.i18n import message

COLUMNS = (
    "number",
    "type",
    "topic",
    "scenario",
    "prompt",
    "option_a",
    "option_b",
    "option_c",
    "option_d",
    "option_e",
    "key",
    "feedback_a",
    "feedback_b",
    "feedback_c",
    "feedback_d",
    "feedback_e",
    "explanation",
    "references",
    "points",
)
WIDTHS = {"scenario": 50, "prompt": 40, "explanation": 50}


def write_template(path: Path, language: str) -> None:
    import xlsxwriter

    def say(key: str) -> str:
        return message(language, f"bank_template_{key}")

    book = xlsxwriter.Workbook(str(path))
    try:
        bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        sheet = book.add_worksheet(say("sheet"))
        for col, name in enumerate(COLUMNS):
            sheet.write_string(0, col, say(f"col_{name}"), bold)
            sheet.write_string(1, col, say(f"example_{name}"), wrap)
            sheet.set_column(
                col, col, WIDTHS.get(name, 16 if name.startswith(("option", "feedback")) else 10)
            )
        sheet.freeze_panes(1, 0)
        helps = book.add_worksheet(say("help_sheet"))
        helps.set_column(0, 0, 22)
        helps.set_column(1, 1, 90)
        helps.write_string(0, 0, say("help_title"), bold)
        helps.write_string(0, 1, say("help_intro"), wrap)
        for row, name in enumerate(COLUMNS, start=2):
            helps.write_string(row, 0, say(f"col_{name}"), bold)
            helps.write_string(row, 1, say(f"help_{name}"), wrap)
        helps.write_string(len(COLUMNS) + 3, 1, say("help_command"), wrap)
    finally:
        book.close()
