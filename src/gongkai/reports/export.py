"""The annual report (政府信息公开工作年度报告) as DOCX, and as PDF through LibreOffice.

The document follows the template of 国办公开办函〔2021〕30号: the title, then the six sections
in their order, 一、五、六 as text and 二、三、四 as the template's tables, with its labels word for
word (from ``format.py``) and its merged cells. The page, fonts and conversion are those of the
official letters (GB/T 9704, see ``gongkai.core.officedocs``): A4, title in 2号小标宋, text in
3号仿宋, first-level headings in 3号黑体, page numbers "— 1 —".

Tables 三 (3 label + 7 figure columns) and 四 (15 figure columns) do not fit a portrait type area
at a readable size, so they sit on landscape pages of their own (type area 237 × 165 mm, just
enough for table 三 on one page). All tables are set in 五号 (10.5 pt) with fixed column widths
that add up to the type area's width; header rows repeat on every page a table runs over, and
no row is split across pages.

A figure missing (None) is printed as "—", so a reader sees it was not filled in.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Sequence, Set
from copy import deepcopy
from dataclasses import dataclass
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, Twips
from docx.table import _Cell

from gongkai.core.officedocs import (
    BODY_FONT,
    BODY_SIZE,
    FONT_FALLBACKS,
    LINE_PITCH,
    TITLE_FONT,
    TITLE_SIZE,
    DocumentError,
    add_page_number_style,
    add_page_numbers,
    add_paragraph,
    add_run,
    add_style,
    converter_available,
    declare_fonts,
    docx_to_pdf,
    repeat_as_header,
    set_up_language_and_defaults,
    set_up_page,
    width_in_chars,
)

from .format import (
    OUTCOMES,
    SECTIONS,
    TABLE2,
    TABLE3_COLUMN_GROUPS,
    TABLE3_COLUMNS,
    TABLE3_NOTE,
    TABLE3_ROWS,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    Figure,
    Report,
    Tables,
)

__all__ = [
    "MISSING",
    "DocumentError",
    "converter_available",
    "figure_text",
    "paragraphs",
    "report_docx",
    "report_pdf",
]

logger = logging.getLogger(__name__)

HEADING_FONT = "黑体"  # GB/T 9704: the first level of headings (“一、”) is set in 黑体
# The letters' stand-ins, and a sans-serif CJK face for 黑体.
REPORT_FONTS = {**FONT_FALLBACKS, HEADING_FONT: "Noto Sans CJK SC"}

TITLE_STYLE = "公文标题"
HEADING_STYLE = "公文一级标题"
BODY_STYLE = "公文正文"
TABLE_STYLE = "公文表格"

TABLE_SIZE = Pt(10.5)  # 五号
TABLE_LINE = Pt(13.5)
MISSING = "—"
TABLE2_HEADER = "信息内容"

# A4 turned, with a type area of 237 × 165 mm: a little more than the portrait one turned
# (225 × 156 mm), so that table 三 with its header fits one page; the page number sits in the
# 25 mm below it.
LANDSCAPE_MARGINS = {"top": Mm(20), "bottom": Mm(25), "left": Mm(30), "right": Mm(30)}
LANDSCAPE_FOOTER = Mm(12)


@dataclass(frozen=True)
class _Layout:
    widths_mm: tuple[float, ...]  # adding up to the type area's width
    header_rows: int  # repeated on every page
    cell_margin: Length  # inside each cell, left and right
    min_row_height: Length | None = None


TABLE2_LAYOUT = _Layout((48, 36, 36, 36), header_rows=0, cell_margin=Mm(1),
                        min_row_height=Mm(7))  # fmt: skip
# The first label column holds 三、本年度办理结果 one character a line, the second （三）不予公开 on
# one line; a figure column takes four characters a line (商业企业, 社会公益/组织).
TABLE3_LAYOUT = _Layout((9, 28, 81, *[17] * 7), header_rows=3, cell_margin=Mm(1))
# Wide cell margins on purpose: a column then takes two characters a line, so 结果维持 breaks as
# 结果/维持 rather than 结果维/持.
TABLE4_LAYOUT = _Layout((15.8,) * 15, header_rows=3, cell_margin=Mm(2.5), min_row_height=Mm(7))

# The width of a portrait line of the title, in characters of 2号 (156 mm / 22 pt).
TITLE_LINE_CHARS = 20


def figure_text(value: Figure) -> str:
    """How a figure is printed: a count as it is, money with its decimals, missing as "—"."""
    if value is None:
        return MISSING
    if isinstance(value, Decimal):
        return format(value, "f")  # 12.35, never 1.235E+1
    return str(value)


# --- DOCX ---------------------------------------------------------------------------------


def report_docx(report: Report) -> bytes:
    document = Document()
    set_up_page(document)
    set_up_language_and_defaults(document)
    _add_styles(document)

    title = add_paragraph(document, _title_text(report), TITLE_STYLE, TITLE_FONT, TITLE_SIZE)
    title.paragraph_format.space_after = LINE_PITCH  # an empty line below the title

    overview, published, requests, reviews, problems, other = SECTIONS
    _heading(document, overview)
    _text(document, report.overview)
    _heading(document, published)
    grid, heading_rows = _table2_grid(report.tables)
    _add_table(document, grid, TABLE2_LAYOUT, heading_rows)

    _new_section(document, landscape=True)
    _heading(document, requests)
    _add_table(document, _table3_grid(report.tables), TABLE3_LAYOUT)
    _heading(document, reviews)
    _add_table(document, _table4_grid(report.tables), TABLE4_LAYOUT)

    _new_section(document, landscape=False)
    _heading(document, problems)
    _text(document, report.problems)
    _heading(document, other)
    _text(document, report.other)
    add_page_numbers(document)

    buffer = io.BytesIO()
    document.save(buffer)
    return declare_fonts(buffer.getvalue(), REPORT_FONTS)


def _add_styles(document) -> None:
    # A 2号 line needs more room than the 28.95 pt grid line, or its glyphs get clipped.
    add_style(document, TITLE_STYLE, TITLE_FONT, TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER,
              line=Pt(36))  # fmt: skip
    add_style(document, HEADING_STYLE, HEADING_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.JUSTIFY,
              indent=2)  # fmt: skip
    add_style(document, BODY_STYLE, BODY_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=2)
    table_style = add_style(document, TABLE_STYLE, BODY_FONT, TABLE_SIZE,
                            WD_ALIGN_PARAGRAPH.CENTER, line=TABLE_LINE)  # fmt: skip
    # Cells keep their own line height, not the 28.95 pt of the page's line grid.
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    table_style.element.get_or_add_pPr().insert_element_before(snap, *_AFTER_SNAP_TO_GRID)
    add_page_number_style(document)


# Elements that follow w:snapToGrid inside w:pPr, for inserting it in schema order.
_AFTER_SNAP_TO_GRID = (
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _title_text(report: Report) -> str:
    """The title, broken before the year when it does not fit one line: 明湖区人民政府 /
    2026年政府信息公开工作年度报告, as official titles are broken between words."""
    title = report.title.strip()
    year = f"{report.year}年"
    at = title.find(year)
    if width_in_chars(title) > TITLE_LINE_CHARS and at > 0:
        return f"{title[:at]}\n{title[at:]}"
    return title


def _heading(document, text: str) -> None:
    add_paragraph(document, text, HEADING_STYLE, HEADING_FONT, BODY_SIZE)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a narrative: one per line, blank lines and indents dropped (the
    style indents the first line by two characters)."""
    lines = (line.strip(" \t\u3000") for line in text.splitlines())
    return [line for line in lines if line]


def _text(document, text: str) -> None:
    for paragraph in paragraphs(text):
        add_paragraph(document, paragraph, BODY_STYLE, BODY_FONT, BODY_SIZE)


def _new_section(document, *, landscape: bool) -> None:
    """Start a new page in the other orientation; page numbers run on."""
    document.add_section(WD_SECTION.NEW_PAGE)
    # The paragraph that now carries the previous section's properties: as small as can be, so
    # it never pushes the page break onto a page of its own.
    breaker = document.paragraphs[-1].paragraph_format
    breaker.space_before = breaker.space_after = Pt(0)
    breaker.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    breaker.line_spacing = Pt(1)

    first, section = document.sections[0], document.sections[-1]
    sect_pr = section._sectPr
    for grid in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(grid)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = first.page_height, first.page_width
        section.top_margin = LANDSCAPE_MARGINS["top"]
        section.bottom_margin = LANDSCAPE_MARGINS["bottom"]
        section.left_margin = LANDSCAPE_MARGINS["left"]
        section.right_margin = LANDSCAPE_MARGINS["right"]
        section.footer_distance = LANDSCAPE_FOOTER
        return
    section.orientation = WD_ORIENT.PORTRAIT
    for side in ("page_width", "page_height", "top_margin", "bottom_margin", "left_margin",
                 "right_margin", "header_distance", "footer_distance"):  # fmt: skip
        setattr(section, side, getattr(first, side))
    # The portrait pages' line grid again.
    for grid in first._sectPr.findall(qn("w:docGrid")):
        sect_pr.append(deepcopy(grid))


# --- Tables -------------------------------------------------------------------------------
#
# A table is first drawn as a grid of cells, one entry per grid position, the way the template's
# text version lists it: a label (str) spread over several positions is one merged cell, as the
# template's 申请人情况 over seven columns. A figure is a _Value; the same _Value object in
# several positions is one merged cell, and equal figures side by side stay apart.


@dataclass(frozen=True, eq=False)
class _Value:
    text: str


_Entry = str | _Value
_Grid = list[list[_Entry]]


def _value(value: Figure) -> _Value:
    return _Value(figure_text(value))


def _table2_grid(tables: Tables) -> tuple[_Grid, set[int]]:
    """Table 二 as the template has it: one table, each item of Art. 20 a block with its own
    heading row and column headers; an item with one column spreads it over three. With the
    grid come the rows to centre: each block's heading row and column headers."""
    width = len(TABLE2_LAYOUT.widths_mm)
    grid: _Grid = []
    headings: set[int] = set()
    for item in TABLE2:
        spread = width - 1 - len(item.columns)  # the last column takes the room left
        headings |= {len(grid), len(grid) + 1}
        grid.append([item.item] * width)
        grid.append([TABLE2_HEADER, *item.columns, *[item.columns[-1]] * spread])
        for row in item.rows:
            values = [_value(tables.table2.get((item.item, row, c))) for c in item.columns]
            grid.append([row, *values, *[values[-1]] * spread])
    return grid, headings


def _table3_grid(tables: Tables) -> _Grid:
    """Table 三: the note in the 3 × 3 corner, 申请人情况 over the seven applicant columns,
    法人或其他组织 over five; each row's label path spread over the three label columns."""
    corner = [TABLE3_NOTE] * 3
    grid: _Grid = [
        [*corner, *["申请人情况"] * len(TABLE3_COLUMNS)],
        [*corner, *TABLE3_COLUMN_GROUPS],
        [*corner, *TABLE3_COLUMNS],
    ]
    for i, path in enumerate(TABLE3_ROWS):
        labels = [*path, *[path[-1]] * (3 - len(path))]
        values = _row(tables.table3, i, len(TABLE3_COLUMNS))
        grid.append([*labels, *(_value(v) for v in values)])
    return grid


def _table4_grid(tables: Tables) -> _Grid:
    """Table 四: 行政复议 over its five outcomes (which reach down two rows), 行政诉讼 over ten,
    未经复议直接起诉 and 复议后起诉 over five each."""
    top = [group for group, _, _ in TABLE4_COLUMNS]
    middle: list[_Entry] = []
    for _, sub in TABLE4_GROUPS:
        middle += [sub] * len(OUTCOMES) if sub else list(OUTCOMES)
    bottom = [outcome for _, _, outcome in TABLE4_COLUMNS]
    figures = list(tables.table4) + [None] * (len(TABLE4_COLUMNS) - len(tables.table4))
    return [top, middle, bottom, [_value(v) for v in figures[: len(TABLE4_COLUMNS)]]]


def _row(rows: Sequence[Sequence[Figure]], i: int, width: int) -> list[Figure]:
    """Row i of a table of figures, padded with None where it is short or missing."""
    values = list(rows[i]) if i < len(rows) else []
    return (values + [None] * width)[:width]


def _same(a: _Entry, b: _Entry) -> bool:
    return a is b or (isinstance(a, str) and isinstance(b, str) and a == b)


def _merged_areas(grid: _Grid) -> list[tuple[int, int, int, int]]:
    """The grid's cells as (row, column, height, width): each run of equal labels (or the same
    figure) to the right, then as far down as the rows below repeat that run."""
    taken: set[tuple[int, int]] = set()
    areas = []
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if (r, c) in taken:
                continue
            width = 1
            while (
                c + width < len(row) and (r, c + width) not in taken and _same(row[c + width], cell)
            ):
                width += 1
            height = 1
            while r + height < len(grid) and all(
                (r + height, c + k) not in taken and _same(grid[r + height][c + k], cell)
                for k in range(width)
            ):
                height += 1
            taken |= {(r + i, c + k) for i in range(height) for k in range(width)}
            areas.append((r, c, height, width))
    return areas


def _add_table(document, grid: _Grid, layout: _Layout, centred_rows: Set[int] = frozenset()):
    """The grid as a bordered table of fixed column widths. Figures, header rows, the rows in
    centred_rows and labels reaching down several rows are centred; other row labels start at
    the left."""
    # Whole twips, rounded down, so the columns never add up to more than the type area.
    widths = [Twips(math.floor(w * 1440 / 25.4)) for w in layout.widths_mm]
    if any(len(row) != len(widths) for row in grid):
        raise ValueError("every row of a table's grid needs one entry per column")
    table = document.add_table(rows=len(grid), cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: the widths below hold whatever the text
    _set_table_width(table, sum(w.twips for w in widths))
    _set_cell_margins(table, layout.cell_margin)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    # The cells of the grid before any merging, looked up by position (python-docx's
    # table.cell() walks the whole table on every call).
    tcs = [list(row._tr.tc_lst) for row in table.rows]
    for row, row_tcs in zip(table.rows, tcs, strict=True):
        _keep_row_together(row)
        if layout.min_row_height is not None:
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            row.height = layout.min_row_height
        for tc, width in zip(row_tcs, widths, strict=True):
            tc.width = width
    for r in range(layout.header_rows):
        repeat_as_header(table.rows[r])

    centred = set(range(layout.header_rows)) | set(centred_rows)
    style_id = document.styles[TABLE_STYLE].style_id
    for r, c, height, width in _merged_areas(grid):
        _merge(tcs, r, c, height, width)
        content = grid[r][c]
        is_figure = isinstance(content, _Value)
        text = content.text if isinstance(content, _Value) else content
        # A row label reaching down several rows (三、本年度办理结果, （三）不予公开) is centred.
        centre = is_figure or r in centred or height > 1
        alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT
        _write_cell(_Cell(tcs[r][c], table), text, alignment, style_id)
    return table


def _merge(tcs, r: int, c: int, height: int, width: int) -> None:
    """Merge an area of cells as Word does: in each of its rows the first cell spans the area's
    columns (gridSpan) and the others go; down the rows, vMerge restarts and continues."""
    for i in range(height):
        first = tcs[r + i][c]
        if width > 1:
            first.width = sum((tc.width for tc in tcs[r + i][c : c + width]), Twips(0))
            for tc in tcs[r + i][c + 1 : c + width]:
                tc.getparent().remove(tc)
            first.grid_span = width
        if height > 1:
            first.vMerge = "restart" if i == 0 else "continue"


def _write_cell(cell, text: str, alignment, style_id: str) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    # By id: setting paragraph.style by name looks the style up among all of them, every time.
    paragraph._p.style = style_id
    paragraph.alignment = alignment
    add_run(paragraph, text, BODY_FONT, TABLE_SIZE)


def _set_table_width(table, twips: int) -> None:
    width = table._tbl.tblPr.find(qn("w:tblW"))  # python-docx's new tables have one
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(twips))


def _set_cell_margins(table, margin) -> None:
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", 0), ("left", margin.twips), ("bottom", 0),
                        ("right", margin.twips)):  # fmt: skip
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(value))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription",
                                 "w:tblPrChange")  # fmt: skip


def _keep_row_together(row) -> None:
    """A row is not split across two pages."""
    props = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:cantSplit")
    props.insert_element_before(marker, "w:trHeight", "w:tblHeader", "w:tblCellSpacing",
                                "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")  # fmt: skip


# --- PDF ----------------------------------------------------------------------------------


def report_pdf(report: Report, *, timeout: float = 180) -> bytes:
    """The report as PDF, converted by LibreOffice with the CJK fonts embedded. Raises
    DocumentError (the letters' LetterError) with a message fit for staff when LibreOffice is
    missing, fails or times out."""
    return docx_to_pdf(
        report_docx(report), timeout=timeout, name="report", fallbacks=REPORT_FONTS, log=logger
    )
