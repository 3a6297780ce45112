"""The facilitator's report over many results codes (`latih report`); `latih verify` is `tools/verify.py`.

reading   files and folders -> jobs (text blocks, form rows with their attributes)
scanning  one pass over a block finds the codes
decoding  codes -> scored attempts, in as many processes as cores
collect   the pipeline: one table of attempts, the problems, the line counts
tables    Polars: duplicates, participants, item scores; items: item analysis (numpy)
summary   the report's numbers; charts, numbers, render: the HTML; export: CSV/Parquet
"""

from generator.tools.report.collect import Collected, collect, collect_files
from generator.tools.report.reading import ReadError
from generator.tools.report.render import render_report
from generator.tools.report.summary import summarise

__all__ = [
    "Collected",
    "ReadError",
    "collect",
    "collect_files",
    "render_report",
    "summarise",
]
