"""Attachment ingestion: decide what an uploaded file really is, refuse what we do not accept,
and pull out its text for search.

The pipeline is `ingest` = size check → hash → `detect` (by content) → `check` (structure and
bombs) → `extract_text` → `normalise`. Every refusal is an `IngestError` whose str() is a
Chinese message fit to show to staff.

The uploaded file name and the browser's content type are never consulted: both are chosen by
the client. Images yield no text (there is no OCR); they are only verified.

Plain-Python rule module: no Django imports, so it can be tested and reused without settings.
"""

import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import BinaryIO, Final

import docx
import openpyxl
from docx.table import Table
from docx.text.paragraph import Paragraph
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from .refusals import Refusal

MB: Final = 1024 * 1024
CHUNK_BYTES: Final = MB
HEAD_BYTES: Final = 16
# Acrobat accepts %%EOF anywhere in the last 1 KiB; a truncated upload has none there.
PDF_EOF_WINDOW: Final = 1024
MAX_UNZIPPED_BYTES: Final = 200 * MB
MAX_CONTENT_TYPES_BYTES: Final = MB
MAX_IMAGE_SIDE: Final = 20_000
# Below Pillow's own warning threshold (~89.5 M), so Pillow never warns about an image we accept.
MAX_IMAGE_PIXELS: Final = 80_000_000
MAX_XLSX_CELLS: Final = 200_000
MAX_PDF_PAGES: Final = 10_000
MAX_TEXT_CHARS: Final = 2_000_000

EMPTY = "文件为空"
UNSUPPORTED = "不支持的文件类型：仅接受 PDF、DOCX、XLSX 文档及 PNG、JPEG、GIF、WebP 图片"
LEGACY_OFFICE = (
    "不支持旧版 Office/WPS 文件（如 .doc、.xls、.wps、.et），"
    "请在 Office 或 WPS 中另存为 DOCX 或 XLSX 后再上传"
)
ENCRYPTED_OFFICE = "文件设有密码保护，请取消密码后另存为 DOCX 或 XLSX 再上传"
NOT_OOXML = "不支持的文件类型：该文件是压缩包或其他格式（如 ODT），不是 DOCX 或 XLSX 文档"
MACRO_OFFICE = "不接受含宏的 Office 文件（如 .docm、.xlsm），请另存为不含宏的 DOCX 或 XLSX"
BROKEN_ZIP = "文件已损坏，无法作为 DOCX 或 XLSX 读取"
ZIP_BOMB = f"文件解压后体积过大（超过 {MAX_UNZIPPED_BYTES // MB} MB），已拒绝"
BROKEN_IMAGE = "图片文件已损坏或不完整"
BROKEN_PDF = "无法读取的 PDF 文件：文件可能已损坏或不完整"
ENCRYPTED_PDF = "PDF 文件设有打开密码，请取消密码保护后再上传"
BROKEN_DOCX = "无法读取的 DOCX 文件：文件可能已损坏"
BROKEN_XLSX = "无法读取的 XLSX 文件：文件可能已损坏"


class IngestError(Refusal):
    """A refusal; str(error) is the Chinese message for the uploader."""


@dataclass(frozen=True)
class Detected:
    kind: str  # "pdf" | "docx" | "xlsx" | "png" | "jpeg" | "gif" | "webp"
    media_type: str
    extension: str  # canonical, with the dot


@dataclass(frozen=True)
class Ingested:
    detected: Detected
    sha256: str
    size: int
    text: str


FORMATS: Final[dict[str, Detected]] = {
    d.kind: d
    for d in (
        Detected("pdf", "application/pdf", ".pdf"),
        Detected(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
        Detected(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"
        ),
        Detected("png", "image/png", ".png"),
        Detected("jpeg", "image/jpeg", ".jpg"),
        Detected("gif", "image/gif", ".gif"),
        Detected("webp", "image/webp", ".webp"),
    )
}
IMAGE_KINDS: Final = frozenset({"png", "jpeg", "gif", "webp"})
OOXML_KINDS: Final = frozenset({"docx", "xlsx"})
_PILLOW_FORMAT: Final = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}

_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC: Final = b"PK\x03\x04"
# The OLE stream that wraps an encrypted OOXML package (MS-OFFCRYPTO); names are UTF-16LE.
_ENCRYPTED_PACKAGE: Final = "EncryptedPackage".encode("utf-16-le")

# (main part, content type of a plain document) per OOXML kind.
_OOXML_MAIN: Final = {
    "docx": (
        "word/document.xml",
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}


# --- detect --------------------------------------------------------------------------------


def sniff(head: bytes) -> str:
    """The container family named by the first bytes: a kind, "zip" or "ole"."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    raise IngestError(UNSUPPORTED)


def sniffs(head: bytes) -> bool:
    """Whether `sniff` knows the first bytes: a reader that also takes plain text asks this
    before `detect`, so that text is not refused as an unsupported file."""
    try:
        sniff(head)
    except IngestError:
        return False
    return True


def detect(fileobj: BinaryIO) -> Detected:
    """What the file is, judged only by its content. Leaves the position undefined."""
    fileobj.seek(0)
    family = sniff(fileobj.read(HEAD_BYTES))
    if family == "zip":
        return FORMATS[_ooxml_kind(fileobj)]
    if family == "ole":
        encrypted = _contains(fileobj, _ENCRYPTED_PACKAGE)
        raise IngestError(ENCRYPTED_OFFICE if encrypted else LEGACY_OFFICE)
    return FORMATS[family]


def _ooxml_kind(fileobj: BinaryIO) -> str:
    with _open_zip(fileobj) as zf:
        names = set(zf.namelist())
        if "[Content_Types].xml" not in names:
            raise IngestError(NOT_OOXML)
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise IngestError(MACRO_OFFICE)
        # A bounded read: this runs before the zip-bomb check.
        content_types = _read_member(zf, "[Content_Types].xml", MAX_CONTENT_TYPES_BYTES)
    for kind, (main_part, content_type) in _OOXML_MAIN.items():
        if main_part in names and content_type in content_types:
            return kind
    if b"macroEnabled" in content_types:
        raise IngestError(MACRO_OFFICE)
    raise IngestError(NOT_OOXML)


# What zipfile raises on damaged archives, odd compression methods or encrypted members.
_ZIP_ERRORS: Final = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)


def _open_zip(fileobj: BinaryIO) -> zipfile.ZipFile:
    fileobj.seek(0)
    try:
        return zipfile.ZipFile(fileobj)
    except _ZIP_ERRORS as e:
        raise IngestError(BROKEN_ZIP) from e


def _read_member(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        with zf.open(name) as member:
            return member.read(limit)
    except _ZIP_ERRORS as e:
        raise IngestError(BROKEN_ZIP) from e


def _contains(fileobj: BinaryIO, needle: bytes) -> bool:
    """Whether `needle` occurs anywhere; the OLE directory may sit at any offset."""
    fileobj.seek(0)
    tail = b""
    while chunk := fileobj.read(CHUNK_BYTES):
        if needle in tail + chunk:
            return True
        tail = chunk[-(len(needle) - 1) :]
    return False


# --- check ---------------------------------------------------------------------------------


def check(fileobj: BinaryIO, detected: Detected) -> None:
    """Refuse structurally broken files and bombs before any parser spends effort on them."""
    if detected.kind == "pdf":
        _check_pdf_tail(fileobj)
    elif detected.kind in OOXML_KINDS:
        _check_unzipped_size(fileobj)
    elif detected.kind in IMAGE_KINDS:
        _check_image(fileobj, detected.kind)


def _check_pdf_tail(fileobj: BinaryIO) -> None:
    # pypdf in lenient mode happily returns part of a cut-off file; that must not pass as whole.
    end = fileobj.seek(0, io.SEEK_END)
    fileobj.seek(max(0, end - PDF_EOF_WINDOW))
    if b"%%EOF" not in fileobj.read(PDF_EOF_WINDOW):
        raise IngestError(BROKEN_PDF)


def _check_unzipped_size(fileobj: BinaryIO) -> None:
    # zipfile stops each member at its declared size (and fails the CRC if the data runs on),
    # so the declared sizes really bound what the DOCX/XLSX readers can inflate.
    with _open_zip(fileobj) as zf:
        total = sum(info.file_size for info in zf.infolist())
    if total > MAX_UNZIPPED_BYTES:
        raise IngestError(ZIP_BOMB)


def _check_image(fileobj: BinaryIO, kind: str) -> None:
    fileobj.seek(0)
    # Pillow signals bombs with a RuntimeWarning before we can see the size; make it an error.
    # (catch_warnings touches process-wide state; acceptable for one short Image.open.)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(fileobj, formats=[_PILLOW_FORMAT[kind]]) as image:
                _check_dimensions(*image.size)
                image.verify()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
            raise IngestError(_too_large_image_message()) from e
        except IngestError:
            raise
        except Exception as e:  # Pillow raises many types (SyntaxError, struct.error…) on junk
            raise IngestError(BROKEN_IMAGE) from e


def _check_dimensions(width: int, height: int) -> None:
    if max(width, height) > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
        raise IngestError(_too_large_image_message(width, height))


def _too_large_image_message(width: int | None = None, height: int | None = None) -> str:
    actual = f"{width}×{height} 像素，" if width is not None else ""
    return (
        f"图片尺寸过大：{actual}单边不得超过 {MAX_IMAGE_SIDE} 像素，"
        f"总像素不得超过 {MAX_IMAGE_PIXELS // 10_000} 万"
    )


# --- extract -------------------------------------------------------------------------------


def extract_text(fileobj: BinaryIO, detected: Detected) -> str:
    """The searchable text of a checked file, normalised and capped. Images give ""."""
    extractor = _EXTRACTORS.get(detected.kind)
    if extractor is None:
        return ""  # images: no OCR
    fileobj.seek(0)
    return collect(extractor(fileobj))


def _pdf_pieces(fileobj: BinaryIO) -> Iterator[str]:
    reader = _open_pdf(fileobj)
    for index in range(min(len(reader.pages), MAX_PDF_PAGES)):
        yield _page_text(reader, index)


def _open_pdf(fileobj: BinaryIO) -> PdfReader:
    try:
        reader = PdfReader(fileobj, strict=False)
        # Many PDFs are "encrypted" only to set permissions, with an empty open password.
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(ENCRYPTED_PDF)
        page_count = len(reader.pages)
    except IngestError:
        raise
    except (DependencyError, FileNotDecryptedError) as e:  # e.g. AES without `cryptography`
        raise IngestError(ENCRYPTED_PDF) from e
    except Exception as e:  # pypdf raises many types (KeyError, RecursionError…) on junk
        raise IngestError(BROKEN_PDF) from e
    if page_count == 0:
        raise IngestError(BROKEN_PDF)
    return reader


def _page_text(reader: PdfReader, index: int) -> str:
    try:
        return reader.pages[index].extract_text()
    except Exception as e:  # one malformed content stream: refuse rather than index half a file
        raise IngestError(BROKEN_PDF) from e


def _docx_pieces(fileobj: BinaryIO) -> Iterator[str]:
    try:
        document = docx.Document(fileobj)
    except Exception as e:  # python-docx surfaces KeyError, ValueError, lxml errors…
        raise IngestError(BROKEN_DOCX) from e
    yield from _docx_blocks(document.iter_inner_content(), seen_cells=set())


def _docx_blocks(blocks: Iterable[Paragraph | Table], seen_cells: set[object]) -> Iterator[str]:
    """Paragraphs and tables (recursively) in document order, one table row per line."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.text
            continue
        for row in block.rows:
            cells: list[str] = []
            for cell in row.cells:
                # A merged cell comes back at every grid position it covers. Holding the element
                # in the set keeps lxml from handing out a fresh proxy for the same cell.
                if cell._tc in seen_cells:
                    continue
                seen_cells.add(cell._tc)
                cells.append(" ".join(_docx_blocks(cell.iter_inner_content(), seen_cells)))
            yield "\t".join(cells)


def _xlsx_pieces(fileobj: BinaryIO) -> Iterator[str]:
    try:
        workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as e:  # openpyxl surfaces KeyError, ValueError, XML errors…
        raise IngestError(BROKEN_XLSX) from e
    try:
        yield from _xlsx_rows(workbook.worksheets, budget=MAX_XLSX_CELLS)
    except Exception as e:  # sheets are parsed lazily, so damage may only show up here
        raise IngestError(BROKEN_XLSX) from e
    finally:
        workbook.close()


def _xlsx_rows(sheets: Iterable[ReadOnlyWorksheet], budget: int) -> Iterator[str]:
    """Sheet title, then its rows tab-separated, until `budget` cells have been visited."""
    for sheet in sheets:
        yield sheet.title
        # A declared dimension like A1:XFD1048576 would otherwise be padded out cell by cell.
        sheet.reset_dimensions()
        for row in sheet.iter_rows(values_only=True):
            budget -= max(1, len(row))  # empty filler rows cost time too
            if budget < 0:
                return
            yield "\t".join(_cell_text(value) for value in row)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 2024 as 2024.0
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


_EXTRACTORS: Final = {"pdf": _pdf_pieces, "docx": _docx_pieces, "xlsx": _xlsx_pieces}


# --- normalise -----------------------------------------------------------------------------

# C0/C1 controls other than tab and line breaks, and lone surrogates: PostgreSQL rejects NUL
# in text and surrogates cannot be encoded as UTF-8.
_JUNK = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
# Whitespace other than tab (our cell separator); includes the ideographic space U+3000.
_SPACES = re.compile(r"[^\S\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def normalise_lines(raw: str) -> Iterator[str]:
    """NFC, junk removed, spaces collapsed, tab-separated fields trimmed, empty lines dropped.

    NFC rather than NFKC: NFKC would turn full-width Chinese punctuation into ASCII.
    """
    for line in unicodedata.normalize("NFC", _JUNK.sub("", raw)).splitlines():
        fields = [_SPACES.sub(" ", field).strip() for field in line.split("\t")]
        while fields and not fields[-1]:
            fields.pop()
        if fields:
            yield "\t".join(fields)


def collect(pieces: Iterable[str], limit: int = MAX_TEXT_CHARS) -> str:
    """Normalised lines joined by newlines, at most `limit` characters.

    Stops pulling pieces once the limit is reached, so extraction of a huge file stops early.
    """
    lines: list[str] = []
    length = 0
    for piece in pieces:
        for line in normalise_lines(piece):
            lines.append(line)
            length += len(line) + 1
            if length >= limit:
                return "\n".join(lines)[:limit]
    return "\n".join(lines)


# --- ingest --------------------------------------------------------------------------------


def ingest(fileobj: BinaryIO, *, size: int, max_bytes: int) -> Ingested:
    """Run the whole pipeline on a seekable upload; the file is left at position 0."""
    try:
        _check_size(size, max_bytes)
        digest, actual = _hash(fileobj, max_bytes)
        _check_size(actual, max_bytes)  # the caller's `size` is trusted no further than this
        detected = detect(fileobj)
        check(fileobj, detected)
        text = extract_text(fileobj, detected)
    finally:
        fileobj.seek(0)
    return Ingested(detected=detected, sha256=digest, size=actual, text=text)


def _check_size(size: int, max_bytes: int) -> None:
    if size <= 0:
        raise IngestError(EMPTY)
    if size > max_bytes:
        raise IngestError(f"文件过大：上限为 {format_limit(max_bytes)}")


def format_limit(max_bytes: int) -> str:
    """The limit as staff think of it: "30 MB"; tiny limits (tests) in bytes."""
    if max_bytes < MB // 100:
        return f"{max_bytes} 字节"
    return f"{max_bytes / MB:.2f}".rstrip("0").rstrip(".") + " MB"


def _hash(fileobj: BinaryIO, max_bytes: int) -> tuple[str, int]:
    """SHA-256 and byte count, reading at most one byte beyond the limit."""
    fileobj.seek(0)
    digest = hashlib.sha256()
    count = 0
    while count <= max_bytes and (chunk := fileobj.read(min(CHUNK_BYTES, max_bytes + 1 - count))):
        digest.update(chunk)
        count += len(chunk)
    return digest.hexdigest(), count
