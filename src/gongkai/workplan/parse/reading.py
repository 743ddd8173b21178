"""Reading each format (TXT, HTML, DOCX, XLSX) into the same blocks: paragraphs and tables, in
document order. A file the attachment pipeline (core.ingest) recognises is told and checked by
it before it is opened; anything else is decoded as text."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any

from gongkai.core import ingest

from . import tables
from .characters import _SPACE_TABLE
from .columns import _cell, _header
from .numbering import Numbering
from .result import ParseError


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    rows: list[list[str]]


Block = Paragraph | Table


# Formats the attachment pipeline does not know, refused here rather than decoded as text.
_SIGNATURES = (
    (b"{\\rtf", "RTF 文件"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
)
_SUPPORTED = "请上传 TXT、DOCX、HTML 或 XLSX 格式的工作要点或任务分解表"


def _unsupported(name: str, what: str) -> ParseError:
    return ParseError(f"不支持的文件格式（{name}：{what}）。{_SUPPORTED}")


def read_file(data: bytes, name: str) -> list[Block]:
    """The blocks of a plan file; the format is told by the content, not the name."""
    if not data.strip():
        raise ParseError(f"文件为空（{name}）")
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise _unsupported(name, what)
    if ingest.sniffs(data[: ingest.HEAD_BYTES]):
        return _read_binary(data, name)
    text = _decode(data, name)
    if not text.strip():
        raise ParseError(f"文件为空（{name}）")
    if _HTML_START.match(text[:4000]):
        return _read_html(text)
    return text_blocks(text)


def _read_binary(data: bytes, name: str) -> list[Block]:
    """A DOCX or XLSX, told and checked as attachments are: an upload is no safer than an
    attachment, and the name it comes with proves nothing."""
    fileobj = io.BytesIO(data)
    try:
        detected = ingest.detect(fileobj)
        if detected.kind in ingest.OOXML_KINDS:
            ingest.check(fileobj, detected)
    except ingest.IngestError as error:
        raise ParseError(str(error)) from error
    if detected.kind == "docx":
        return _read_docx(data, name)
    if detected.kind == "xlsx":
        return _read_xlsx(data, name)
    what = "图片" if detected.kind in ingest.IMAGE_KINDS else "文件"
    raise _unsupported(name, f"{detected.extension.lstrip('.').upper()} {what}")


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _unsupported(name, "无法识别的文字编码") from error
    if b"\x00" in data[:8192]:
        raise _unsupported(name, "二进制文件")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\t\n\r\f\v")
        if controls > max(3, len(text[:20000]) // 100):
            raise _unsupported(name, "二进制文件")
        return text
    raise _unsupported(name, "无法识别的文字编码（支持 UTF-8 和 GB18030/GBK）")


def text_blocks(text: str) -> list[Block]:
    """Plain text → one paragraph per line; a table copied as text → a Table: cells between
    `|` or TABs one row per line, each cell on its own line between `|` lines, or (a form of
    its own) each cell on its own line prefixed by a TAB with blank lines between rows."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        found = _flattened(lines, i)
        if found is not None:
            rows, end = found
            blocks.append(Table(rows))
            i = end
            continue
        blocks.append(Paragraph(lines[i]))
        i += 1
    return blocks


def _flattened(lines: list[str], start: int) -> tuple[list[list[str]], int] | None:
    """A table copied as text starting at line `start`: its rows and the line after it."""
    line = lines[start]
    if line.startswith("\t"):
        rows, end = _tab_rows(lines, start)
        if any(_header([_cell(c) for c in row]) for row in rows):
            return rows, end
        return None
    if start + 1 < len(lines) and _bar_line(lines[start + 1]) and line.strip():
        return _cell_lines(lines, start)
    end = start
    while end < len(lines) and len(_cells_of(lines[end])) >= 2:
        end += 1
    if end - start < 2:
        return None
    return [_cells_of(line) for line in lines[start:end]], end


def _cells_of(line: str) -> list[str]:
    """The cells of a table row copied as one line, between `|` or TABs."""
    separator = "|" if "|" in line else "\t" if "\t" in line.strip() else None
    if separator is None:
        return []
    cells = [_cell(c) for c in line.strip().strip(separator).split(separator)]
    while cells and not cells[-1]:
        cells.pop()
    return cells if sum(1 for c in cells if c) >= 2 else []


def _bar_line(line: str) -> bool:
    return line.strip() in ("|", "｜")


def _cell_lines(lines: list[str], start: int) -> tuple[list[list[str]], int] | None:
    """Cells written one per line between `|` lines, the header's first."""
    cells: list[str] = [_cell(lines[start])]
    i = start + 2
    while i < len(lines):
        j = i
        while j < len(lines) and not _bar_line(lines[j]) and lines[j].strip():
            j += 1
        if j >= len(lines) or not _bar_line(lines[j]) or j == i:
            break
        cells.append(_cell("\n".join(lines[i:j])))
        i = j + 1
    rows = tables.stream_rows(cells)
    return (rows, i) if rows else None


def _tab_rows(lines: list[str], start: int) -> tuple[list[list[str]], int]:
    """Rows of a TAB-flattened table starting at `start`, and the index of the line after it."""
    rows: list[list[str]] = []
    row: list[str] | None = None
    i = start
    while i < len(lines):
        line = lines[i]
        if "\t" not in line and not line.translate(_SPACE_TABLE).strip():
            if row is not None:
                rows.append(row)
                row = None
        elif line.startswith("\t"):
            row = row if row is not None else []
            row.extend(line.lstrip("\t").split("\t"))
        elif row is None:
            break  # an ordinary paragraph after a blank line: the table has ended
        elif row:
            row[-1] += "\n" + line
        else:
            row.append(line)
        i += 1
    if row is not None:
        rows.append(row)
    return rows, i


def _read_docx(data: bytes, name: str) -> list[Block]:
    import docx
    from docx.table import Table as DocxTable

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises a variety of errors on a broken package
        raise ParseError(f"无法读取 DOCX 文件（{name}）：文件已损坏或不是 Word 文档") from error
    numbering = Numbering.of(document)
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            rows = [[cell.text for cell in row.cells] for row in item.rows]
            blocks.append(Table(rows))
        elif item.text.strip():
            blocks.append(Paragraph(numbering.label(item) + item.text))
    return blocks


def _xlsx_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(data: bytes, name: str) -> list[Block]:
    import openpyxl  # type: ignore[import-untyped]

    _check_grid(data, name)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises a variety of errors on a broken package
        raise _broken_xlsx(name) from error
    blocks: list[Block] = []
    for sheet in workbook.worksheets:
        grid = [[_xlsx_value(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            top = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                for c in range(merged.min_col - 1, min(merged.max_col, len(grid[r]))):
                    grid[r][c] = top
        grid = [row for row in grid if any(cell.strip() for cell in row)]
        if grid:
            blocks.append(Table(grid))
    return blocks


def _broken_xlsx(name: str) -> ParseError:
    return ParseError(f"无法读取 XLSX 文件（{name}）：文件已损坏或不是 Excel 工作簿")


def _check_grid(data: bytes, name: str) -> None:
    """Refuse a workbook that spans more cells than the attachment pipeline reads, before it is
    loaded whole: loading keeps every cell in memory, and `_read_xlsx` fills in the blanks of
    each sheet's grid, so one stray far-off cell would cost millions. The count streams and
    stops at the budget."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises a variety of errors on a broken package
        raise _broken_xlsx(name) from error
    try:
        cells = _grid_cells(workbook.worksheets, ingest.MAX_XLSX_CELLS)
    except Exception as error:  # sheets are read lazily, so damage may only show up here
        raise _broken_xlsx(name) from error
    finally:
        workbook.close()
    if cells > ingest.MAX_XLSX_CELLS:
        raise ParseError(
            f"XLSX 文件的表格过大（{name}）：各工作表合计超过 "
            f"{ingest.MAX_XLSX_CELLS // 10_000} 万个单元格（含空白单元格），"
            "请删除多余的工作表和空白行列后再上传"
        )


def _grid_cells(sheets: Iterable[Any], limit: int) -> int:
    """Rows × widest row of each sheet, summed until the total passes `limit`."""
    total = 0
    for sheet in sheets:
        sheet.reset_dimensions()  # a declared A1:XFD1048576 would be padded out cell by cell
        rows = width = 0
        for row in sheet.iter_rows(values_only=True):
            rows, width = rows + 1, max(width, len(row))
            if total + rows * width > limit:
                return total + rows * width
        total += rows * width
    return total


_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title|table|div|p|h[1-6]|section|article)[\s>/]",
    re.I | re.S,
)


def _squash(text: str) -> str:
    """HTML whitespace: a line break between Chinese characters is source formatting."""
    text = text.translate(_SPACE_TABLE)
    text = re.sub(r"(?<=[^\x00-\x7f])\s*\n\s*(?=[^\x00-\x7f])", "", text)
    return re.sub(r"\s+", " ", text).strip()


class _HtmlTable:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.pending: dict[int, tuple[int, str]] = {}  # column → (rows left, text) of rowspans

    def _fill(self) -> None:
        if self.row is None:
            return
        while len(self.row) in self.pending:
            left, text = self.pending.pop(len(self.row))
            self.row.append(text)
            if left > 1:
                self.pending[len(self.row) - 1] = (left - 1, text)

    def start_row(self) -> None:
        self.end_row()
        self.row = []

    def start_cell(self, rowspan: int, colspan: int) -> None:
        self.end_cell()
        if self.row is None:
            self.row = []
        self.cell = []
        self.span = (rowspan, colspan)

    def add(self, text: str) -> None:
        if self.cell is not None:
            self.cell.append(text)

    def end_cell(self) -> None:
        if self.cell is None or self.row is None:
            return
        text = "\n".join(
            line for line in (_squash(p) for p in "".join(self.cell).split("\n")) if line
        )
        self._fill()
        rowspan, colspan = self.span
        for _ in range(colspan):
            if rowspan > 1:
                self.pending[len(self.row)] = (rowspan - 1, text)
            self.row.append(text)
        self.cell = None

    def end_row(self) -> None:
        self.end_cell()
        if self.row is not None:
            self._fill()
            self.rows.append(self.row)
        self.row = None


class _HtmlReader(HTMLParser):
    BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "ul"}
    BLOCK |= {"ol", "header", "footer", "blockquote", "pre", "dd", "dt", "center", "tr", "table"}
    SKIP = {"script", "style", "head", "title", "noscript", "template", "select"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.tables: list[_HtmlTable] = []
        self.skipping = 0

    def _flush(self) -> None:
        for line in "".join(self.text).split("\n"):
            squashed = _squash(line)
            if squashed:
                self.blocks.append(Paragraph(squashed))
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
            return
        if tag == "table":
            if not self.tables:
                self._flush()
            self.tables.append(_HtmlTable())
            return
        if self.tables:
            table = self.tables[-1]
            if tag == "tr":
                table.start_row()
            elif tag in ("td", "th"):
                values = dict(attrs)
                table.start_cell(_span(values.get("rowspan")), _span(values.get("colspan")))
            elif tag == "br" or tag in self.BLOCK:
                table.add("\n")
        elif tag == "br":
            self.text.append("\n")
        elif tag in self.BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
            return
        if tag == "table" and self.tables:
            table = self.tables.pop()
            table.end_row()
            if self.tables:  # a nested table: its text belongs to the outer cell
                self.tables[-1].add("\n".join(" ".join(r) for r in table.rows))
            elif table.rows:
                self.blocks.append(Table(table.rows))
            return
        if self.tables:
            if tag in ("td", "th"):
                self.tables[-1].end_cell()
            elif tag == "tr":
                self.tables[-1].end_row()
            elif tag in self.BLOCK:
                self.tables[-1].add("\n")
        elif tag in self.BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.tables:
            self.tables[-1].add(data)
        else:
            self.text.append(data)

    def close(self) -> None:
        super().close()
        while self.tables:
            self.handle_endtag("table")
        self._flush()


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 50))
    except ValueError:
        return 1


def _read_html(text: str) -> list[Block]:
    reader = _HtmlReader()
    reader.feed(text)
    reader.close()
    return reader.blocks
