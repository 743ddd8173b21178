"""The annual report as DOCX and PDF: the sections in order, the official tables with their labels
and merged cells, the figures in their cells, and everything inside the page.

The tables are checked against the text versions of the official template and of a published
report (``data/``): their tab-separated rows list a merged cell's text in every grid position it
covers, which is how python-docx reports a table's cells too.

The PDF tests need LibreOffice (``apt-get install libreoffice-writer-nogui``); without it they
are skipped, unless GONGKAI_REQUIRE_PDF=1 says the machine must have it.
"""

import functools
import io
import re
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.conftest import require_or_skip
from gongkai.core.officedocs import PDF_MISSING, DocumentError
from gongkai.foi.letters import LetterError
from gongkai.reports import export
from gongkai.reports.export import (
    MISSING,
    converter_available,
    figure_text,
    paragraphs,
    report_docx,
    report_pdf,
)
from gongkai.reports.format import (
    SECTIONS,
    TABLE2,
    TABLE3_COLUMN_GROUPS,
    TABLE3_COLUMNS,
    TABLE3_NOTE,
    TABLE3_ROWS,
    TABLE4_COLUMNS,
    Report,
    Tables,
)

DATA = Path(__file__).parent / "data"
FORMAT = (DATA / "annual-report-format-2021.txt").read_text(encoding="utf-8")
SAMPLE = (DATA / "annual-report-sample-2024.txt").read_text(encoding="utf-8")

# --- The text versions of the template and of the sample ----------------------------------


def tab_tables(text: str) -> list[list[list[str]]]:
    """The tab-separated tables of a text version, in order (二, 三, 四), as rows of cells."""
    blocks = re.split(r"\n\n+", text)  # a row of blank figures is all tabs, not blank
    return [[line.split("\t") for line in block.split("\n")] for block in blocks if "\t" in block]


def as_rendered(table3_rows: list[list[str]], blank: str) -> list[list[str]]:
    """Table 三 of a text version as the DOCX shows it: the text version leaves the note's
    corner and a label's cells to its right blank where the DOCX merges them (it repeats a label
    merged downwards, 三、本年度办理结果, in every row); a blank figure reads `blank`."""
    rows = [list(row) for row in table3_rows]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                continue
            if r < 3 and c < 3:
                row[c] = TABLE3_NOTE
            elif c < 3:
                row[c] = row[c - 1]
            else:
                row[c] = blank
    return rows


def between(text: str, start: str, end: str | None) -> str:
    after = text[text.index(start) + len(start) :]
    return after[: after.index(end)] if end else after


def number(text: str):
    return Decimal(text) if "." in text else int(text)


def sample_tables() -> Tables:
    """The figures of the published sample, read from its text version."""
    table2_rows, table3_rows, table4_rows = tab_tables(SAMPLE)
    table2 = {}
    item = ""
    for cells in table2_rows:
        if len(cells) == 1:
            item = cells[0]
        elif cells[0] != "信息内容":
            columns = next(i.columns for i in TABLE2 if i.item == item)
            for column, value in zip(columns, cells[1:], strict=True):
                table2[item, cells[0], column] = number(value)
    table3 = [[number(v) for v in cells[3:]] for cells in table3_rows[3:]]
    table4 = [number(v) for v in table4_rows[3]]
    return Tables(table2=table2, table3=table3, table4=table4)


def sample_report() -> Report:
    overview = between(SAMPLE, "一、总体情况", "二、主动公开政府信息情况").strip()
    overview = re.sub(r"(?=（[一二三四五]）)", "\n", overview)  # its paragraphs, run together
    return Report(
        title="平潭综合实验区2024年政府信息公开工作年度报告",
        unit="平潭综合实验区管委会",
        year=2024,
        overview=overview,
        problems=between(SAMPLE, "五、存在的主要问题及改进情况", "六、其他需要报告的事项"),
        other=between(SAMPLE, "六、其他需要报告的事项", None).strip(),
        tables=sample_tables(),
    )


def empty_report(tables: Tables | None = None) -> Report:
    return Report(
        title="明湖区人民政府2026年政府信息公开工作年度报告",
        unit="明湖区人民政府",
        year=2026,
        overview="2026年，明湖区坚持以公开为常态。\n\n（一）主动公开方面。\n"
        "　　（二）依申请公开方面。",
        problems="一是解读形式单一。\n二是平台功能有待完善。",
        other="本年度未收取信息处理费。",
        tables=tables or Tables(),
    )


# --- Reading the DOCX -----------------------------------------------------------------------


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def body_items(document) -> list[tuple[str, object]]:
    """The body in order: ("p", text) for each non-empty paragraph, ("table", table)."""
    tables = iter(document.tables)
    paragraphs_ = iter(document.paragraphs)
    items: list[tuple[str, object]] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            items.append(("table", next(tables)))
        elif child.tag == qn("w:p"):
            text = next(paragraphs_).text
            if text:
                items.append(("p", text))
    return items


def grid_texts(table) -> list[list[str]]:
    """Each grid position's text; a merged cell gives its text at every position it covers."""
    return [[cell.text for cell in row.cells] for row in table.rows]


def cell_texts(table, r: int) -> list[str]:
    """The distinct cells of row r, left to right (a cell spread over columns counted once)."""
    seen, texts = [], []
    for cell in table.rows[r].cells:
        if not any(cell._tc is s for s in seen):
            seen.append(cell._tc)
            texts.append(cell.text)
    return texts


@functools.cache
def areas(table) -> dict[tuple[int, int], tuple[range, range]]:
    """For each grid position, the rows and columns its cell covers, checked to be a rectangle."""
    where: dict[object, list[tuple[int, int]]] = {}
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            where.setdefault(cell._tc, []).append((i, j))  # the element itself: ids get reused
    found = {}
    for positions in where.values():
        rows = range(min(i for i, _ in positions), max(i for i, _ in positions) + 1)
        columns = range(min(j for _, j in positions), max(j for _, j in positions) + 1)
        assert len(positions) == len(rows) * len(columns), "a merged cell must be a rectangle"
        found |= dict.fromkeys(positions, (rows, columns))
    return found


def area(table, r: int, c: int) -> tuple[range, range]:
    return areas(table)[r, c]


def section_of_each_table(document) -> list:
    """The section each table sits in (a section ends with the paragraph holding its sectPr)."""
    found, index = [], 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            found.append(document.sections[index])
        elif child.tag == qn("w:p") and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            index += 1
    return found


def twips(length) -> int:
    return round(length / 635)  # EMU to twips


@pytest.fixture(scope="module")
def sample_docx():
    return open_docx(report_docx(sample_report()))


@pytest.fixture(scope="module")
def tables_of_sample(sample_docx):
    assert len(sample_docx.tables) == 3
    return sample_docx.tables


# --- Sections and text ----------------------------------------------------------------------


def test_title_then_the_six_sections_in_order_with_their_tables(sample_docx):
    items = body_items(sample_docx)
    kinds = [kind if kind == "table" else text for kind, text in items]
    headings = [text for text in kinds if text in SECTIONS]

    assert headings == list(SECTIONS)
    assert items[0] == ("p", "平潭综合实验区\n2024年政府信息公开工作年度报告")
    at = [kinds.index(heading) for heading in SECTIONS]
    # 一 has text, 二, 三 and 四 each have their table right under the heading.
    assert kinds[at[0] + 1].startswith("2024年，平潭综合实验区坚持")
    for section in (1, 2, 3):
        assert kinds[at[section] + 1] == "table"
    assert kinds.count("table") == 3
    assert kinds[at[4] + 1].startswith("2024年，实验区政府信息公开工作取得了新进展")
    assert kinds[at[5] + 1] == "2024年，无收取信息处理费情况。"
    assert at == sorted(at)


def test_headings_and_text_have_their_styles_and_fonts(sample_docx):
    headings = [p for p in sample_docx.paragraphs if p.text in SECTIONS]
    assert {p.style.name for p in headings} == {"公文一级标题"}
    assert {r.element.rPr.rFonts.get(qn("w:eastAsia")) for p in headings for r in p.runs} == {
        "黑体"
    }
    title = sample_docx.paragraphs[0]
    assert title.style.name == "公文标题"
    assert title.runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = [p for p in sample_docx.paragraphs if p.style.name == "公文正文"]
    assert body and all(r.font.size.pt == 16 for p in body for r in p.runs)


def test_narrative_is_split_into_paragraphs():
    document = open_docx(report_docx(empty_report()))
    texts = [p.text for p in document.paragraphs if p.style.name == "公文正文"]

    assert texts == [
        "2026年，明湖区坚持以公开为常态。",
        "（一）主动公开方面。",
        "（二）依申请公开方面。",
        "一是解读形式单一。",
        "二是平台功能有待完善。",
        "本年度未收取信息处理费。",
    ]
    assert paragraphs("\r\n  \n甲\r\n\u3000\u3000乙\n") == ["甲", "乙"]


def test_a_short_title_stays_on_one_line():
    report = empty_report()
    short = Report(**{**report.__dict__, "title": "明湖区2026年政务公开年报"})

    assert open_docx(report_docx(short)).paragraphs[0].text == "明湖区2026年政务公开年报"


def test_declares_the_stand_in_fonts():
    import zipfile

    docx = zipfile.ZipFile(io.BytesIO(report_docx(empty_report())))
    font_table = docx.read("word/fontTable.xml").decode()

    assert re.search(r'w:name="黑体"><w:altName w:val="Noto Sans CJK SC"', font_table)
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="Noto Serif CJK SC"', font_table)


# --- Pages ----------------------------------------------------------------------------------


def test_pages_are_a4_portrait_around_landscape_pages_for_tables_three_and_four(sample_docx):
    sections = sample_docx.sections
    assert len(sections) == 3
    portrait = [s for i, s in enumerate(sections) if i != 1]
    for section in portrait:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert section.orientation == WD_ORIENT.PORTRAIT
    landscape = sections[1]
    assert landscape.orientation == WD_ORIENT.LANDSCAPE
    assert (round(landscape.page_width.mm), round(landscape.page_height.mm)) == (297, 210)

    placed = section_of_each_table(sample_docx)
    assert placed[0] is not None and placed[0].orientation == WD_ORIENT.PORTRAIT
    assert [s.orientation for s in placed[1:]] == [WD_ORIENT.LANDSCAPE] * 2


def test_every_table_fits_the_width_of_its_page(sample_docx):
    for table, section in zip(sample_docx.tables, section_of_each_table(sample_docx), strict=True):
        usable = twips(section.page_width - section.left_margin - section.right_margin)
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iterchildren()]
        table_width = table._tbl.tblPr.find(qn("w:tblW"))

        assert sum(grid) <= usable
        assert table_width.get(qn("w:type")) == "dxa"
        assert int(table_width.get(qn("w:w"))) <= usable
        # Fixed layout: Word and LibreOffice keep these widths whatever the text.
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for row in table.rows:
            # Each row's cells add up to the grid: no row sticks out.
            assert sum(int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in row._tr.tc_lst) == (
                sum(grid)
            )


def test_header_rows_of_tables_three_and_four_repeat_on_every_page(tables_of_sample):
    def repeats(row) -> bool:
        props = row._tr.trPr
        return props is not None and props.find(qn("w:tblHeader")) is not None

    _, table3, table4 = tables_of_sample
    for table in (table3, table4):
        assert [repeats(row) for row in table.rows[:4]] == [True, True, True, False]
        assert not any(repeats(row) for row in table.rows[3:])


# --- The tables against the official template -----------------------------------------------


def test_an_empty_report_has_the_templates_tables_cell_for_cell():
    """With no figures, each table reads like the official template's: its labels in the same
    grid positions, "—" wherever the template leaves a figure blank."""
    document = open_docx(report_docx(empty_report()))
    expected_tables = tab_tables(FORMAT)

    table2, table3, table4 = document.tables
    expected2 = expected_tables[0]
    assert [cell_texts(table2, r) for r in range(len(table2.rows))] == [
        [text or MISSING for text in row] for row in expected2
    ]
    assert grid_texts(table3) == as_rendered(expected_tables[1], blank=MISSING)
    assert grid_texts(table4) == [[t or MISSING for t in row] for row in expected_tables[2]]


def test_the_sample_reads_back_as_published(tables_of_sample):
    """The published report's figures, rendered, give its tables back cell for cell."""
    table2, table3, table4 = tables_of_sample
    expected2, expected3, expected4 = tab_tables(SAMPLE)

    assert [cell_texts(table2, r) for r in range(len(table2.rows))] == expected2
    assert grid_texts(table3) == as_rendered(expected3, blank="(none)")
    assert grid_texts(table4) == expected4
    assert cell_texts(table2, len(table2.rows) - 1) == ["行政事业性收费", "18651.06"]


def test_table_three_labels_in_order(tables_of_sample):
    table3 = tables_of_sample[1]
    first_column = []
    for r in range(len(table3.rows)):
        text = table3.cell(r, 0).text
        if not first_column or first_column[-1] != text:
            first_column.append(text)

    assert first_column == [
        TABLE3_NOTE,
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "四、结转下年度继续办理",
    ]
    assert len(table3.rows) == 3 + len(TABLE3_ROWS)
    # Row by row, the three label columns read the row's path, its last label spread over the
    # columns it does not use.
    for i, path in enumerate(TABLE3_ROWS):
        labels = [table3.cell(3 + i, c).text for c in range(3)]
        assert labels == [*path, *[path[-1]] * (3 - len(path))]
    last_labels = [table3.cell(r, 2).text for r in range(3, len(table3.rows))]
    assert last_labels == [path[-1] for path in TABLE3_ROWS]
    assert cell_texts(table3, 2)[-len(TABLE3_COLUMNS) :] == list(TABLE3_COLUMNS)
    assert grid_texts(table3)[1][3:] == list(TABLE3_COLUMN_GROUPS)


def test_table_three_merged_cells(tables_of_sample):
    table3 = tables_of_sample[1]
    results = [i + 3 for i, path in enumerate(TABLE3_ROWS) if path[0] == "三、本年度办理结果"]
    withheld = [i + 3 for i, path in enumerate(TABLE3_ROWS) if path[1:2] == ("（三）不予公开",)]

    assert area(table3, 0, 0) == (range(0, 3), range(0, 3))  # the note
    assert area(table3, 0, 3) == (range(0, 1), range(3, 10))  # 申请人情况 over 7
    assert area(table3, 1, 3) == (range(1, 3), range(3, 4))  # 自然人, two rows high
    assert area(table3, 1, 4) == (range(1, 2), range(4, 9))  # 法人或其他组织 over 5
    assert area(table3, 1, 9) == (range(1, 3), range(9, 10))  # 总计
    for column in range(4, 9):
        assert area(table3, 2, column) == (range(2, 3), range(column, column + 1))
    assert area(table3, 3, 0) == (range(3, 4), range(0, 3))  # 一、本年新收… across
    assert area(table3, results[0], 0) == (range(results[0], results[-1] + 1), range(0, 1))
    assert table3.cell(results[0], 0).text == "三、本年度办理结果"
    assert area(table3, results[0], 1) == (range(results[0], results[0] + 1), range(1, 3))
    assert area(table3, withheld[0], 1) == (range(withheld[0], withheld[-1] + 1), range(1, 2))
    assert table3.cell(withheld[0], 1).text == "（三）不予公开"
    assert len(withheld) == 8
    for label, rows in (("（四）无法提供", 3), ("（五）不予处理", 5), ("（六）其他处理", 3)):
        top = next(i + 3 for i, path in enumerate(TABLE3_ROWS) if path[1:2] == (label,))
        assert area(table3, top, 1) == (range(top, top + rows), range(1, 2))
    # Figures never merge, not even equal ones side by side (the sample's many zeros).
    for r in range(3, len(table3.rows)):
        for c in range(3, 10):
            assert area(table3, r, c) == (range(r, r + 1), range(c, c + 1))


def test_table_four_merged_cells(tables_of_sample):
    table4 = tables_of_sample[2]

    assert area(table4, 0, 0) == (range(0, 1), range(0, 5))
    assert table4.cell(0, 0).text == "行政复议"
    assert area(table4, 0, 5) == (range(0, 1), range(5, 15))
    assert table4.cell(0, 5).text == "行政诉讼"
    assert area(table4, 1, 5) == (range(1, 2), range(5, 10))
    assert table4.cell(1, 5).text == "未经复议直接起诉"
    assert area(table4, 1, 10) == (range(1, 2), range(10, 15))
    assert table4.cell(1, 10).text == "复议后起诉"
    for column in range(5):  # 行政复议's outcomes reach down two rows
        assert area(table4, 1, column) == (range(1, 3), range(column, column + 1))
    for column in range(5, 15):
        assert area(table4, 2, column) == (range(2, 3), range(column, column + 1))
        assert area(table4, 3, column) == (range(3, 4), range(column, column + 1))


def test_table_two_merged_cells(tables_of_sample):
    table2 = tables_of_sample[0]
    rows = grid_texts(table2)
    heads = [r for r, row in enumerate(rows) if row[0].startswith("第二十条")]

    assert [rows[r][0] for r in heads] == [item.item for item in TABLE2]
    for r in heads:
        assert area(table2, r, 0) == (range(r, r + 1), range(0, 4))
    single = heads[1]  # （五）: one column spread over three
    assert area(table2, single + 1, 1) == (range(single + 1, single + 2), range(1, 4))
    assert area(table2, single + 2, 1) == (range(single + 2, single + 3), range(1, 4))
    assert rows[single + 2] == ["行政许可", "4529", "4529", "4529"]


# --- Figures in their cells -------------------------------------------------------------------


def numbered_tables() -> Tables:
    """Each figure different, so one in a wrong cell shows."""
    table2 = {
        (item.item, row, column): 1000 * i + 10 * r + c
        for i, item in enumerate(TABLE2)
        for r, row in enumerate(item.rows)
        for c, column in enumerate(item.columns)
    }
    table2["第二十条第（八）项", "行政事业性收费", "本年收费金额（单位：万元）"] = Decimal("12.35")
    table2["第二十条第（六）项", "行政强制", "本年处理决定数量"] = None
    table3 = [[100 * r + c for c in range(len(TABLE3_COLUMNS))] for r in range(len(TABLE3_ROWS))]
    table3[7][0] = 7  # 4.保护第三方合法权益, 自然人
    table3[20][6] = None  # （六）其他处理 1. …, 总计
    table4 = [500 + c for c in range(len(TABLE4_COLUMNS))]
    table4[12] = None  # 复议后起诉, 其他结果
    return Tables(table2=table2, table3=table3, table4=table4)


@pytest.fixture(scope="module")
def numbered():
    return open_docx(report_docx(empty_report(numbered_tables()))).tables


def row_of(table, label: str) -> int:
    return next(r for r, row in enumerate(table.rows) if row.cells[2].text == label)


def column_of(table, header: str, header_row: int = 2) -> int:
    return next(c for c, cell in enumerate(table.rows[header_row].cells) if cell.text == header)


def test_figures_of_table_three_land_in_their_cells(numbered):
    table3 = numbered[1]

    third_party = row_of(table3, "4.保护第三方合法权益")
    assert table3.cell(third_party, column_of(table3, "自然人")).text == "7"
    label = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert table3.cell(row_of(table3, label), column_of(table3, "总计")).text == "—"
    assert table3.cell(row_of(table3, "3.其他"), column_of(table3, "法律服务机构")).text == "2204"
    for r in range(len(TABLE3_ROWS)):
        for c in range(len(TABLE3_COLUMNS)):
            expected = numbered_tables().table3[r][c]
            assert table3.cell(3 + r, 3 + c).text == figure_text(expected)


def test_figures_of_table_four_land_in_their_cells(numbered):
    table4 = numbered[2]
    after_review = column_of(table4, "复议后起诉", header_row=1)

    assert [cell.text for cell in table4.rows[3].cells] == [
        "—" if c == 12 else str(500 + c) for c in range(15)
    ]
    assert table4.cell(2, after_review + 2).text == "其他结果"
    assert table4.cell(3, after_review + 2).text == "—"


def test_figures_of_table_two_land_in_their_cells(numbered):
    rows = [cell_texts(numbered[0], r) for r in range(len(numbered[0].rows))]

    assert ["规章", "0", "1", "2"] in rows
    assert ["行政规范性文件", "10", "11", "12"] in rows
    assert ["行政许可", "1000"] in rows
    assert ["行政处罚", "2000"] in rows
    assert ["行政强制", "—"] in rows
    assert ["行政事业性收费", "12.35"] in rows


def test_figure_text():
    assert figure_text(None) == MISSING == "—"
    assert figure_text(0) == "0"
    assert figure_text(4529) == "4529"
    assert figure_text(Decimal("12.35")) == "12.35"
    assert figure_text(Decimal("12.50")) == "12.50"
    assert figure_text(Decimal("1.2E+3")) == "1200"


def test_short_or_missing_rows_print_as_missing():
    tables = Tables(table3=[[1, 2]], table4=[3])
    document = open_docx(report_docx(empty_report(tables)))
    table3, table4 = document.tables[1:]

    assert [c.text for c in table3.rows[3].cells[3:]] == ["1", "2", *["—"] * 5]
    assert {c.text for row in table3.rows[4:] for c in row.cells[3:]} == {"—"}
    assert [c.text for c in table4.rows[3].cells] == ["3", *["—"] * 14]


# --- PDF with LibreOffice -----------------------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice():
    if not converter_available():
        require_or_skip(
            "GONGKAI_REQUIRE_PDF",
            "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)",
        )


@pytest.fixture(scope="module")
def sample_pdf(libreoffice) -> bytes:
    return report_pdf(sample_report())


@pytest.fixture(scope="module")
def sample_reader(sample_pdf):
    return pypdf.PdfReader(io.BytesIO(sample_pdf))


def plain(text: str) -> str:
    """Text without whitespace: PDF extraction puts spaces and breaks between words and lines."""
    return re.sub(r"\s+", "", text)


def page_texts(reader) -> list[str]:
    return [plain(page.extract_text()) for page in reader.pages]


def test_pdf_starts_like_a_pdf(sample_pdf):
    assert sample_pdf.startswith(b"%PDF-")


def test_pdf_has_the_title_and_the_sections_in_order(sample_reader):
    pages = page_texts(sample_reader)
    text = "".join(pages)

    assert pages[0].startswith("平潭综合实验区2024年政府信息公开工作年度报告")
    positions = [text.index(heading) for heading in SECTIONS]
    assert positions == sorted(positions)
    for label in ("申请人情况", "法人或其他组织", "4.保护第三方合法权益", "未经复议直接起诉"):
        assert label in text
    assert "18651.06" in text


def test_pdf_page_count_orientation_and_numbers(sample_reader):
    pages = page_texts(sample_reader)

    assert 4 <= len(pages) <= 8
    shapes = [page.mediabox.width > page.mediabox.height for page in sample_reader.pages]
    tables = [i for i, text in enumerate(pages) if "申请人情况" in text or "行政复议" in text]
    assert tables and all(shapes[i] for i in tables)  # tables 三 and 四 on landscape pages
    assert not shapes[0] and not shapes[-1]
    for number, text in enumerate(pages, start=1):
        assert f"—{number}—" in text  # page numbers run on through the landscape pages


def test_pdf_has_table_three_on_one_page(sample_reader):
    pages = page_texts(sample_reader)
    labels = [path[-1] for path in TABLE3_ROWS]

    holding = [i for i, text in enumerate(pages) if any(label in text for label in labels)]
    assert len(holding) == 1
    assert all(label in pages[holding[0]] for label in labels)


def test_pdf_repeats_the_header_rows_where_table_three_runs_over(libreoffice, monkeypatch):
    # Lines twice as high push table 三 over two pages: both start with its header.
    monkeypatch.setattr(export, "TABLE_LINE", Pt(27))
    reader = pypdf.PdfReader(io.BytesIO(report_pdf(sample_report())))
    pages = page_texts(reader)
    labels = [path[-1] for path in TABLE3_ROWS]

    holding = [i for i, text in enumerate(pages) if any(label in text for label in labels)]
    assert len(holding) >= 2
    for i in holding:
        assert "申请人情况" in pages[i] and "法人或其他组织" in pages[i]
        assert "社会公益组织" in pages[i]


def test_pdf_embeds_its_fonts(sample_reader):
    fonts = []
    for page in sample_reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font["/Subtype"] == "/Type0":  # a composite font keeps its glyphs one level down
                fonts += [f.get_object() for f in font["/DescendantFonts"]]
            else:
                fonts.append(font)

    assert fonts
    names = {str(font["/BaseFont"]) for font in fonts}
    assert any("NotoSerifCJK" in name for name in names)
    assert any("NotoSansCJK" in name for name in names)  # 黑体's stand-in, for the headings
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        embedded = {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)
        assert embedded, f"{font['/BaseFont']} is not embedded"


def test_missing_converter_is_the_letters_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))

    assert converter_available() is False
    with pytest.raises(DocumentError) as raised:
        report_pdf(empty_report())
    assert str(raised.value) == PDF_MISSING
    assert isinstance(raised.value, LetterError)
