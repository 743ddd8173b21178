"""The attachment pipeline, fed with real files built on the spot (no fixtures on disk).

No Django needed: run with `pytest -p no:django`.
"""

import hashlib
import io
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from PIL import Image
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from gongkai.core import ingest as ig

MB = 1024 * 1024
LIMIT = 30 * MB

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# --- builders ------------------------------------------------------------------------------


def make_pdf(lines: list[str], encrypt: StandardEncryption | None = None) -> bytes:
    # STSong-Light is one of the Adobe CJK fonts every reader must know, so reportlab embeds
    # nothing and needs no font file on this machine; pypdf maps its UniGB-UCS2-H codes back.
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, encrypt=encrypt)
    pdf.setFont("STSong-Light", 14)
    for i, line in enumerate(lines):
        pdf.drawString(72, 760 - 24 * i, line)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("第一部分：政务公开工作要点")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "事项"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "责任单位（横向合并）"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "纵向合并"
    table.cell(1, 1).text = "依申请公开"
    table.cell(1, 2).text = "办公室"
    document.add_paragraph("第三部分：附则")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "主动公开"
    first.append(["序号", "标题", "发布日期"])
    first.append([1, "关于政务公开工作要点的通知", date(2024, 3, 1)])
    second = workbook.create_sheet("依申请公开")
    second.append(["申请数", 12.0])
    second["D5"] = "孤立单元格"
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()


def make_image(pillow_format: str, size: tuple[int, int] = (8, 6)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, format=pillow_format)
    return buf.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims any size; Pillow reads the size before touching pixel data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def rezip(source: bytes, replace: Callable[[str, bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, replace(info.filename, zin.read(info)))
    return out.getvalue()


def make_docm() -> bytes:
    def to_macro(name: str, data: bytes) -> bytes:
        if name != "[Content_Types].xml":
            return data
        return data.replace(
            b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            b"application/vnd.ms-word.document.macroEnabled.main+xml",
        )

    return rezip(make_docx(), to_macro)


def with_vba_project(source: bytes) -> bytes:
    buf = io.BytesIO(source)
    with zipfile.ZipFile(buf, "a") as zf:
        zf.writestr("word/vbaProject.bin", OLE + bytes(100))
    return buf.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def make_zip_bomb_docx() -> bytes:
    """A valid DOCX plus 201 MB of zeros that deflate to about 200 KB."""
    buf = io.BytesIO(make_docx())
    with (
        zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf,
        zf.open("word/media/padding.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(201):
            member.write(bytes(MB))
    return buf.getvalue()


def run(data: bytes, max_bytes: int = LIMIT) -> ig.Ingested:
    return ig.ingest(io.BytesIO(data), size=len(data), max_bytes=max_bytes)


def refusal(data: bytes, max_bytes: int = LIMIT) -> str:
    fileobj = io.BytesIO(data)
    with pytest.raises(ig.IngestError) as caught:
        ig.ingest(fileobj, size=len(data), max_bytes=max_bytes)
    assert fileobj.tell() == 0
    return str(caught.value)


# --- accepted files ------------------------------------------------------------------------

ACCEPTED = [
    (
        "pdf",
        lambda: make_pdf(["政务公开工作要点", "依申请公开 2024 年"]),
        "application/pdf",
        ".pdf",
    ),
    (
        "docx",
        make_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    (
        "xlsx",
        make_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
    ("png", lambda: make_image("PNG"), "image/png", ".png"),
    ("jpeg", lambda: make_image("JPEG"), "image/jpeg", ".jpg"),
    ("gif", lambda: make_image("GIF"), "image/gif", ".gif"),
    ("webp", lambda: make_image("WEBP"), "image/webp", ".webp"),
]


@pytest.mark.parametrize(("kind", "build", "media_type", "extension"), ACCEPTED)
def test_accepted_files_are_detected_hashed_and_rewound(
    kind: str, build: Callable[[], bytes], media_type: str, extension: str
) -> None:
    data = build()
    fileobj = io.BytesIO(data)
    result = ig.ingest(fileobj, size=len(data), max_bytes=LIMIT)
    assert result.detected == ig.Detected(kind, media_type, extension)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.size == len(data)
    assert fileobj.tell() == 0
    if kind in ig.IMAGE_KINDS:
        assert result.text == ""


def test_works_on_a_real_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "附件.bin"  # the name says nothing; content decides
    path.write_bytes(make_docx())
    with path.open("rb") as fileobj:
        result = ig.ingest(fileobj, size=path.stat().st_size, max_bytes=LIMIT)
        assert fileobj.tell() == 0
    assert result.detected.kind == "docx"


def test_pdf_chinese_text_round_trips() -> None:
    text = run(make_pdf(["政务公开工作要点", "依申请公开 2024 年"])).text
    assert "政务公开工作要点" in text
    assert "依申请公开 2024 年" in text


def test_pdf_with_empty_open_password_is_read() -> None:
    encrypt = StandardEncryption("", ownerPassword="owner-secret", canPrint=0)
    assert "依申请公开" in run(make_pdf(["依申请公开"], encrypt=encrypt)).text


def test_docx_text_keeps_document_order_and_reads_merged_cells_once() -> None:
    text = run(make_docx()).text
    lines = text.splitlines()
    assert lines[0] == "第一部分：政务公开工作要点"
    assert lines[1] == "事项\t责任单位（横向合并）"
    assert lines[2] == "纵向合并\t依申请公开\t办公室"
    assert lines[-1] == "第三部分：附则"
    assert text.count("横向合并") == 1
    assert text.count("纵向合并") == 1


def test_xlsx_text_has_sheet_headings_and_tab_separated_rows() -> None:
    assert run(make_xlsx()).text.splitlines() == [
        "主动公开",
        "序号\t标题\t发布日期",
        "1\t关于政务公开工作要点的通知\t2024-03-01",
        "依申请公开",
        "申请数\t12",
        "\t\t\t孤立单元格",
    ]


def test_xlsx_reading_stops_at_the_cell_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    workbook = openpyxl.Workbook()
    for i in range(100):
        workbook.active.append([f"行{i}", "甲", "乙", "丙", "丁"])
    buf = io.BytesIO()
    workbook.save(buf)
    monkeypatch.setattr(ig, "MAX_XLSX_CELLS", 50)
    lines = run(buf.getvalue()).text.splitlines()
    assert lines[0] == "Sheet"
    assert len(lines) == 1 + 10
    assert lines[-1].startswith("行9\t")


# --- refusals ------------------------------------------------------------------------------

REFUSED = [
    ("elf_as_pdf", lambda: b"\x7fELF\x02\x01\x01" + bytes(200), ig.UNSUPPORTED),
    ("exe_as_pdf", lambda: b"MZ\x90\x00\x03" + bytes(200), ig.UNSUPPORTED),
    ("plain_text", lambda: "政务公开工作要点\n".encode(), ig.UNSUPPORTED),
    (
        "html_as_png",
        lambda: b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        ig.UNSUPPORTED,
    ),
    ("svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', ig.UNSUPPORTED),
    ("random_zip", lambda: make_zip({"readme.txt": b"hello"}), ig.NOT_OOXML),
    (
        "zip_with_content_types_only",
        lambda: make_zip({"[Content_Types].xml": b"<Types/>", "word/other.xml": b""}),
        ig.NOT_OOXML,
    ),
    ("broken_zip", lambda: b"PK\x03\x04" + bytes(100), ig.BROKEN_ZIP),
    ("docm", make_docm, ig.MACRO_OFFICE),
    ("docx_with_vba_project", lambda: with_vba_project(make_docx()), ig.MACRO_OFFICE),
    ("legacy_ole", lambda: OLE + bytes(504) + "Root Entry".encode("utf-16-le"), ig.LEGACY_OFFICE),
    (
        "encrypted_ooxml",
        lambda: OLE + bytes(504) + "EncryptedPackage".encode("utf-16-le"),
        ig.ENCRYPTED_OFFICE,
    ),
    ("corrupt_pdf", lambda: b"%PDF-1.7\n1 0 obj << /Junk \n%%EOF\n", ig.BROKEN_PDF),
    ("truncated_pdf", lambda: make_pdf(["依申请公开"])[:-200], ig.BROKEN_PDF),
    (
        "password_pdf",
        lambda: make_pdf(["依申请公开"], encrypt=StandardEncryption("user-secret")),
        ig.ENCRYPTED_PDF,
    ),
    ("truncated_png", lambda: make_image("PNG", (64, 64))[:60], ig.BROKEN_IMAGE),
    ("html_behind_png_magic", lambda: b"\x89PNG\r\n\x1a\n<html></html>", ig.BROKEN_IMAGE),
    ("zip_bomb_docx", make_zip_bomb_docx, ig.ZIP_BOMB),
]


@pytest.mark.parametrize(
    ("build", "message"), [pytest.param(b, m, id=name) for name, b, m in REFUSED]
)
def test_refused_with_message(build: Callable[[], bytes], message: str) -> None:
    assert refusal(build()) == message


def test_pdf_check_wants_eof_marker_at_the_end() -> None:
    # pypdf alone may salvage a cut-off file in lenient mode; the structural check must not.
    cut = make_pdf(["依申请公开"]).rsplit(b"%%EOF", 1)[0]
    with pytest.raises(ig.IngestError, match=ig.BROKEN_PDF):
        ig.check(io.BytesIO(cut), ig.FORMATS["pdf"])
    ig.check(io.BytesIO(cut + b"%%EOF\n" + bytes(500)), ig.FORMATS["pdf"])  # trailing junk is ok


def test_zip_bomb_stays_small_on_disk() -> None:
    assert len(make_zip_bomb_docx()) < 1 * MB


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (20_001, 1),  # one side too long
        (1, 20_001),
        (9_000, 9_000),  # 81 M pixels: over our cap, under Pillow's
        (19_000, 19_000),  # over Pillow's hard bomb limit: Pillow refuses inside open()
    ],
)
def test_oversized_image_dimensions_are_refused(width: int, height: int) -> None:
    message = refusal(png_header_only(width, height))
    assert message.startswith("图片尺寸过大")
    assert "20000" in message


def test_large_but_allowed_dimensions_pass_the_size_check() -> None:
    # The IDAT is far too short for 20000×1, but verify() only checks chunk CRCs.
    assert run(png_header_only(20_000, 1)).detected.kind == "png"


def test_empty_file_is_refused() -> None:
    assert refusal(b"") == "文件为空"


def test_declared_size_over_limit_states_limit_in_mb() -> None:
    fileobj = io.BytesIO(make_image("PNG"))
    with pytest.raises(ig.IngestError, match=r"^文件过大：上限为 30 MB$"):
        ig.ingest(fileobj, size=31 * MB, max_bytes=30 * MB)


def test_actual_bytes_over_limit_are_refused_even_if_size_lies() -> None:
    data = make_image("PNG")
    with pytest.raises(ig.IngestError, match="文件过大"):
        ig.ingest(io.BytesIO(data), size=10, max_bytes=len(data) - 1)


def test_small_limit_is_refused() -> None:
    assert refusal(make_pdf(["依申请公开"]), max_bytes=100) == "文件过大：上限为 100 字节"


@pytest.mark.parametrize(
    ("max_bytes", "shown"),
    [(30 * MB, "30 MB"), (MB // 2, "0.5 MB"), (100 * MB, "100 MB"), (1000, "1000 字节")],
)
def test_format_limit(max_bytes: int, shown: str) -> None:
    assert ig.format_limit(max_bytes) == shown


def test_file_left_at_zero_even_when_started_elsewhere() -> None:
    data = make_xlsx()
    fileobj = io.BytesIO(data)
    fileobj.seek(17)
    assert ig.ingest(fileobj, size=len(data), max_bytes=LIMIT).sha256 == (
        hashlib.sha256(data).hexdigest()
    )
    assert fileobj.tell() == 0


# --- pieces of the pipeline ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "family"),
    [
        (b"%PDF-1.4", "pdf"),
        (b"\x89PNG\r\n\x1a\n", "png"),
        (b"\xff\xd8\xff\xe0", "jpeg"),
        (b"GIF89a", "gif"),
        (b"GIF87a", "gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        (b"PK\x03\x04", "zip"),
        (OLE, "ole"),
    ],
)
def test_sniff(head: bytes, family: str) -> None:
    assert ig.sniff(head) == family


@pytest.mark.parametrize("head", [b"", b"RIFF\x00\x00\x00\x00WAVE", b"GIF90a", b" %PDF-1.4"])
def test_sniff_refuses(head: bytes) -> None:
    with pytest.raises(ig.IngestError):
        ig.sniff(head)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  政务   公开  \n\n\n要点 ", "政务 公开\n要点"),
        ("全角\u3000空格\u00a0与不间断空格", "全角 空格 与不间断空格"),
        ("标点保持全角：（一）、，。", "标点保持全角：（一）、，。"),
        ("e\u0301", "\u00e9"),  # NFC composes
        ("ＡＢＣ１２３", "ＡＢＣ１２３"),  # but no NFKC folding of full-width forms
        ("控制\x00字符\x07去掉\ud800", "控制字符去掉"),
        ("甲 \t  乙\t\t丙\t \t", "甲\t乙\t\t丙"),
        ("换\r\n行\f分页\u2028分隔", "换\n行\n分页\n分隔"),
        (" \t \n", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert ig.collect([raw]) == expected


def test_collect_caps_text_and_stops_pulling() -> None:
    pulled = []

    def pieces():
        for i in range(1000):
            pulled.append(i)
            yield "公开" * 10

    text = ig.collect(pieces(), limit=55)
    assert len(text) == 55
    assert len(pulled) < 5


def test_module_imports_no_django() -> None:
    code = (
        "import sys, gongkai.core.ingest; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
