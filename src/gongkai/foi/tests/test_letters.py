"""Official letters: the DOCX layout, the PDF from LibreOffice, and how conversion fails.

The PDF tests need LibreOffice (``apt-get install libreoffice-writer-nogui``); without it they
are skipped, unless GONGKAI_REQUIRE_PDF=1 says the machine must have it.
"""

import io
import re
import sys
import time
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdf
import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

from gongkai.conftest import require_or_skip
from gongkai.foi.letters import (
    BODY_FONT,
    TITLE_FONT,
    Letter,
    LetterError,
    chinese_date,
    converter_available,
    docx_to_pdf,
    render_docx,
    render_pdf,
)

PARAGRAPHS = (
    "你（单位）于2026年6月1日通过网络平台提出的政府信息公开申请收悉。经审查，现答复如下：",
    "你申请公开的“明湖区2025年义务教育阶段学校招生计划”属于本机关已主动公开的政府信息，"
    "可在明湖区人民政府门户网站“政府信息公开”栏目查阅。",
    "如对本答复不服，可以自收到本答复之日起60日内向明湖区人民政府申请行政复议，"
    "或者在6个月内向明湖区人民法院提起行政诉讼。",
)

LETTER = Letter(
    title="政府信息公开申请答复书",
    number="明教依公开〔2026〕3号",
    addressee="张三",
    paragraphs=PARAGRAPHS,
    issuer="明湖区教育局",
    issued_on=date(2026, 6, 30),
    note="（联系人：李四，联系电话：0571-12345678）",
)


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def east_asian_font(run) -> str | None:
    r_fonts = run.element.rPr.rFonts
    return None if r_fonts is None else r_fonts.get(qn("w:eastAsia"))


# --- DOCX ---------------------------------------------------------------------------------


def test_docx_holds_every_part_of_the_letter_in_order():
    document = open_docx(render_docx(LETTER))

    assert texts(document) == [
        "政府信息公开申请答复书",
        "明教依公开〔2026〕3号",
        "张三：",
        *PARAGRAPHS,
        "明湖区教育局",
        "2026年6月30日",
        "（联系人：李四，联系电话：0571-12345678）",
    ]


def test_docx_leaves_out_an_empty_number_and_note():
    letter = Letter(
        title="补正告知书",
        number="",
        addressee="王五",
        paragraphs=("请补正。",),
        issuer="明湖区财政局",
        issued_on=date(2026, 1, 5),
    )

    assert texts(open_docx(render_docx(letter))) == [
        "补正告知书",
        "王五：",
        "请补正。",
        "明湖区财政局",
        "2026年1月5日",
    ]


def test_a_line_break_inside_an_element_keeps_it_one_paragraph():
    letter = replace(LETTER, paragraphs=("第一行\n第二行", "另一段"))

    body = texts(open_docx(render_docx(letter)))

    assert "第一行\n第二行" in body
    assert "另一段" in body


def test_dates_are_written_without_leading_zeros():
    assert chinese_date(date(2026, 6, 30)) == "2026年6月30日"
    assert chinese_date(date(2027, 1, 5)) == "2027年1月5日"


def test_docx_page_is_a4_with_the_official_margins():
    section = open_docx(render_docx(LETTER)).sections[0]

    expected = {
        "page_width": 210,
        "page_height": 297,
        "top_margin": 37,
        "bottom_margin": 35,
        "left_margin": 28,
        "right_margin": 26,
    }
    for name, millimetres in expected.items():
        assert getattr(section, name).mm == pytest.approx(millimetres, abs=0.5), name


def test_docx_fonts_sizes_and_language():
    document = open_docx(render_docx(LETTER))
    paragraphs = [p for p in document.paragraphs if p.text]
    title, body = paragraphs[0], paragraphs[1:]

    for run in title.runs:
        assert run.font.size.pt == 22
        assert east_asian_font(run) == TITLE_FONT
    for paragraph in body:
        for run in paragraph.runs:
            assert run.font.size.pt == 16, paragraph.text
            assert east_asian_font(run) == BODY_FONT, paragraph.text
            # Theme fonts would override the names above in Word.
            assert run.element.rPr.rFonts.get(qn("w:eastAsiaTheme")) is None

    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    assert lang.get(qn("w:val")) == "zh-CN"
    assert document.core_properties.language == "zh-CN"


def test_docx_paragraph_layout():
    document = open_docx(render_docx(LETTER))
    by_text = {p.text: p for p in document.paragraphs if p.text}

    assert by_text[LETTER.title].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert by_text[LETTER.number].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert by_text["张三："].style.paragraph_format.first_line_indent is None
    body = by_text[PARAGRAPHS[0]].style.paragraph_format
    assert body.first_line_indent.pt == pytest.approx(32)  # two 3号 characters
    assert body.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert 28 <= body.line_spacing.pt <= 29
    for text in ("明湖区教育局", "2026年6月30日"):
        assert by_text[text].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    # The date sits four characters from the right edge, the issuer centred above it.
    assert by_text["2026年6月30日"].paragraph_format.right_indent.pt == pytest.approx(64)
    # 2026年6月30日 is 6½ characters wide, 明湖区教育局 6: a quarter character further in.
    assert by_text["明湖区教育局"].paragraph_format.right_indent.pt == pytest.approx(68)


def test_docx_footer_has_a_page_field():
    document = open_docx(render_docx(LETTER))
    footer = document.sections[0].footer.paragraphs[0]

    instructions = [t.text for run in footer.runs for t in run.element.iter(qn("w:instrText"))]
    assert [i.strip() for i in instructions] == ["PAGE"]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")


def test_docx_declares_the_stand_in_fonts():
    with zipfile.ZipFile(io.BytesIO(render_docx(LETTER))) as package:
        font_table = package.read("word/fontTable.xml").decode()

    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="Noto Serif CJK SC"', font_table)


# --- PDF with LibreOffice -----------------------------------------------------------------


@pytest.fixture(scope="module")
def libreoffice():
    if not converter_available():
        require_or_skip(
            "GONGKAI_REQUIRE_PDF",
            "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)",
        )


@pytest.fixture(scope="module")
def short_pdf(libreoffice):
    return pypdf.PdfReader(io.BytesIO(render_pdf(LETTER)))


def plain(text: str) -> str:
    """Text without whitespace: PDF extraction puts spaces between CJK and digits."""
    return re.sub(r"\s+", "", text)


def font_dictionaries(reader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if font["/Subtype"] == "/Type0":  # a composite font keeps its glyphs one level down
                yield from (f.get_object() for f in font["/DescendantFonts"])
            else:
                yield font


def test_pdf_of_a_short_letter(short_pdf):
    assert len(short_pdf.pages) == 1
    text = plain(short_pdf.pages[0].extract_text())
    for expected in (LETTER.title, "张三：", "明湖区教育局", "2026年6月30日", "—1—"):
        assert expected in text
    assert text.index(LETTER.title) < text.index("张三：") < text.index("明湖区教育局")


def test_pdf_starts_like_a_pdf(libreoffice):
    assert render_pdf(LETTER).startswith(b"%PDF-")


def test_pdf_embeds_its_fonts(short_pdf):
    fonts = list(font_dictionaries(short_pdf))

    assert fonts
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        embedded = {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)
        assert embedded, f"{font['/BaseFont']} is not embedded"


def test_pdf_of_a_long_letter_runs_over_pages(libreoffice):
    letter = replace(LETTER, paragraphs=PARAGRAPHS * 20)

    reader = pypdf.PdfReader(io.BytesIO(render_pdf(letter)))

    assert len(reader.pages) > 2
    assert "—2—" in plain(reader.pages[1].extract_text())
    assert "2026年6月30日" in plain(reader.pages[-1].extract_text())


# --- Conversion failures, with a stand-in for soffice ---------------------------------------


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """Put a script called soffice alone on PATH; the test supplies its Python body."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))

    def install(body: str) -> Path:
        script = bin_dir / "soffice"
        script.write_text(f"#!{sys.executable}\nimport sys, pathlib, subprocess, time\n{body}\n")
        script.chmod(0o755)
        return script

    return install


def test_missing_converter_is_a_letter_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))

    assert converter_available() is False
    with pytest.raises(LetterError) as raised:
        render_pdf(LETTER)
    assert str(raised.value) == "未安装 LibreOffice，无法生成 PDF；可先下载 DOCX"


def test_converter_gets_its_own_profile_and_output_directory(fake_soffice, tmp_path):
    log = tmp_path / "args.txt"
    fake_soffice(
        "args = sys.argv[1:]\n"
        f"pathlib.Path({str(log)!r}).write_text('\\n'.join(args))\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1])\n"
        "(out / 'letter.pdf').write_bytes(b'%PDF-1.7 stand-in')"
    )

    assert converter_available() is True
    assert docx_to_pdf(b"docx bytes") == b"%PDF-1.7 stand-in"
    args = log.read_text().split("\n")
    assert args[:3] == ["--headless", "--norestore", "--nolockcheck"]
    assert args[3].startswith("-env:UserInstallation=file:///")
    assert args[4:6] == ["--convert-to", "pdf"]
    assert args[-1].endswith("letter.docx")
    # The temporary directory is gone afterwards.
    assert not Path(args[-1]).parent.exists()


def test_converter_failure_keeps_stderr_out_of_the_message(fake_soffice):
    fake_soffice("sys.stderr.write('Error: source file could not be loaded'); sys.exit(1)")

    with pytest.raises(LetterError) as raised:
        docx_to_pdf(b"not a docx")
    assert "source file" not in str(raised.value)
    assert "PDF" in str(raised.value)
    assert "source file could not be loaded" in str(raised.value.__cause__)


def test_converter_writing_no_pdf_is_a_failure(fake_soffice):
    fake_soffice("sys.exit(0)")  # what LibreOffice does when it cannot read the file

    with pytest.raises(LetterError):
        docx_to_pdf(b"not a docx")


def test_converter_timeout_kills_it_and_its_children(fake_soffice, tmp_path):
    child_pid = tmp_path / "child.pid"
    fake_soffice(
        "child = subprocess.Popen(['/bin/sleep', '60'])\n"
        f"pathlib.Path({str(child_pid)!r}).write_text(str(child.pid))\n"
        "time.sleep(60)"
    )

    started = time.monotonic()
    with pytest.raises(LetterError) as raised:
        docx_to_pdf(b"docx", timeout=1)
    assert time.monotonic() - started < 10
    assert "超时" in str(raised.value)
    assert stops_within(int(child_pid.read_text()), seconds=5)


def stops_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while running(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a killed child nobody has reaped yet is a zombie, not running
