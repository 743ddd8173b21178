"""Reading each format (TXT, HTML, DOCX, XLSX) into the same blocks: paragraphs and tables, in
document order."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser

from .characters import _SPACE_TABLE
from .columns import _cell, _header
from .result import ParseError


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    rows: list[list[str]]


Block = Paragraph | Table


_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"%PDF", "PDF 文件"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "旧版 Word/Excel 文件（.doc/.xls），请另存为 .docx/.xlsx",
    ),
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
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = set(archive.namelist())
        except zipfile.BadZipFile as error:
            raise _unsupported(name, "损坏的压缩文件") from error
        if "word/document.xml" in members:
            return _read_docx(data, name)
        if "xl/workbook.xml" in members:
            return _read_xlsx(data, name)
        raise _unsupported(name, "ZIP 压缩包")
    text = _decode(data, name)
    if not text.strip():
        raise ParseError(f"文件为空（{name}）")
    if _HTML_START.match(text[:4000]):
        return _read_html(text)
    return text_blocks(text)


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
    """Plain text → one paragraph per line; a TAB-flattened table with a header → a Table."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("\t"):
            rows, end = _tab_rows(lines, i)
            if any(_header([_cell(c) for c in row]) for row in rows):
                blocks.append(Table(rows))
            else:
                blocks.extend(Paragraph(line) for line in lines[i:end])
            i = end
            continue
        blocks.append(Paragraph(lines[i]))
        i += 1
    return blocks


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
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            rows = [[cell.text for cell in row.cells] for row in item.rows]
            blocks.append(Table(rows))
        else:
            blocks.append(Paragraph(item.text))
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

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises a variety of errors on a broken package
        raise ParseError(f"无法读取 XLSX 文件（{name}）：文件已损坏或不是 Excel 工作簿") from error
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
