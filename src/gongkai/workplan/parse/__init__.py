"""Reading a government-openness work plan (工作要点 / 实施方案 / 任务分解表) into sections and
tasks, with the units and deadlines each task names. Plain Python: no Django.

Every format is first read into the same blocks — paragraphs and tables — in document order
(`read_file`), then `parse_blocks` builds the plan.

    reading      each format → blocks (tables copied as text are found here)
    numbering    Word's automatic numbering → the 一、（一）1. a paragraph shows
    script       traditional script → read in simplified, shown as written
    tree         headings and table rows → the section/task tree → the plan
    headings     the heading markers 一、 （一） 1. （1） ①
    tables       a task table → one row per task: header, merged cells, category column
    columns      a header cell → what its column holds
    units        unit notes and lists → lead and responsible units
    deadlines    完成时限 text → due date or period
    characters   spaces, brackets and numerals as plans write them
    result       the plan, its sections and tasks, what could not be placed, `ParseError`

How well it reads real plans is measured on a corpus of them (tests/corpus, docs/quality.md).
"""

from .deadlines import find_deadline as find_deadline
from .reading import Paragraph as Paragraph
from .reading import Table as Table
from .reading import read_file as read_file
from .result import Deadline as Deadline
from .result import ParseError as ParseError
from .result import Plan as Plan
from .result import Task as Task
from .result import plan_to_json as plan_to_json
from .tree import parse_blocks as parse_blocks
from .tree import parse_file as parse_file
from .tree import parse_text as parse_text
from .units import split_units as split_units
