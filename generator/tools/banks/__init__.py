"""Question banks in and out: spreadsheets, GIFT, Moodle XML and Aiken to Latih's quiz YAML
(`latih import`), and Latih's quizzes to GIFT and Moodle XML for an LMS (`latih export`)."""

from generator.tools.banks.bring import Imported, import_banks, read_bank
from generator.tools.banks.export import export_quizzes
from generator.tools.banks.template import write_template

__all__ = ["Imported", "export_quizzes", "import_banks", "read_bank", "write_template"]
