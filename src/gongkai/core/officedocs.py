"""Official-style Word documents (DOCX) and their PDF through LibreOffice, for any app.

The layout follows the national format for official documents, GB/T 9704-2012, as far as
python-docx can express it: A4 with a 156 × 225 mm type area (22 lines of 28 characters), the
title in 2号小标宋, everything else in 3号仿宋, page numbers "— 1 —" in 4号宋体 below the type
area. The fonts named here are the ones Chinese offices have installed; where they are missing a
free serif CJK font stands in (see ``FONT_FALLBACKS``).

The letters of ``gongkai.foi.letters`` and the annual report of ``gongkai.reports.export`` are
built from these pieces. This module is plain Python on purpose, so it can run in a worker or a
management command alike.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import os
import shutil
import signal
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from lxml import etree

logger = logging.getLogger(__name__)

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
# Stand-ins when an office font is not installed: named in the DOCX font table for Word, and
# given to fontconfig for the PDF (LibreOffice ignores the font table's altName).
FONT_FALLBACKS = {
    TITLE_FONT: "Noto Serif CJK SC",
    BODY_FONT: "Noto Serif CJK SC",
    PAGE_NUMBER_FONT: "Noto Serif CJK SC",
}

TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
# 225 mm of type area holding 22 lines gives a line pitch of 28.95 pt (579 twips).
LINE_PITCH = Twips(579)
# 156 mm holding 28 characters of 3号 leaves 15.79 pt per character: 3号 text is condensed by
# whole twips until 28 fit. (A character grid would say the same, but LibreOffice lays such a
# grid out with far fewer characters per line.)
BODY_TRACKING = Twips(math.floor((Mm(156).pt / 28 - BODY_SIZE.pt) * 20))
LANGUAGE = "zh-CN"
PAGE_NUMBER_STYLE = "公文页码"

PDF_MISSING = "未安装 LibreOffice，无法生成 PDF；可先下载 DOCX"
PDF_TIMEOUT = "生成 PDF 超时，请稍后重试；可先下载 DOCX"
PDF_FAILED = "生成 PDF 失败，请稍后重试；可先下载 DOCX"


class DocumentError(RuntimeError):
    """A document could not be produced; ``str()`` is a message fit to show to staff."""


class ConverterFailed(RuntimeError):
    """What LibreOffice said; kept as the cause of a DocumentError, for the logs."""


# --- DOCX ---------------------------------------------------------------------------------


def set_up_page(document) -> None:
    """The first section: A4 portrait with the GB/T 9704 margins and its 22-line grid."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # GB/T 9704 puts the page number's line 7 mm below the type area, i.e. its top 28 mm above
    # the page edge; a 4号 line is about 7 mm high, so the footer ends 21 mm above the edge.
    section.footer_distance = Mm(21)
    sect_pr = document.element.body.get_or_add_sectPr()
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH.twips))
    sect_pr.append(grid)


def set_up_language_and_defaults(document) -> None:
    document.core_properties.language = LANGUAGE
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    format_text(run_defaults, BODY_FONT, BODY_SIZE)
    lang = run_defaults.find(qn("w:lang"))
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    # The stock template sets Japanese as the East Asian theme language.
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)
        theme_lang.set(qn("w:eastAsia"), LANGUAGE)
    # The stock template adds 10 pt after every paragraph; official letters sit on the grid.
    paragraph_defaults = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = paragraph_defaults.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(LINE_PITCH.twips))
    spacing.set(qn("w:lineRule"), "exact")


def add_style(document, name, font, size, alignment, *, line=LINE_PITCH, before=None, indent=0):
    """A named paragraph style, so a clerk editing the DOCX in Word keeps the format.

    ``line`` is an exact line height (None: single spacing), ``indent`` a first-line indent in
    characters."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    format_text(style.element.get_or_add_rPr(), font, size)
    layout = style.paragraph_format
    layout.alignment = alignment
    layout.space_before = before or Pt(0)
    layout.space_after = Pt(0)
    if line is None:
        layout.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        layout.line_spacing = line
    if indent:
        indent_first_line(style.element.get_or_add_pPr(), indent, size)
    return style


def add_page_number_style(document) -> None:
    """The style ``add_page_numbers`` sets its paragraphs in; add it before calling that."""
    add_style(document, PAGE_NUMBER_STYLE, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE,
              WD_ALIGN_PARAGRAPH.RIGHT, line=None)  # fmt: skip


def indent_first_line(p_pr, chars: int, size) -> None:
    # firstLineChars keeps the indent at two characters even if the size changes in Word;
    # firstLine is the same distance for readers that ignore character units.
    ind = p_pr.get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(Pt(size.pt * chars).twips))


def format_text(r_pr, font: str, size) -> None:
    set_fonts(r_pr, font)
    r_pr.sz_val = size
    if size == BODY_SIZE:  # the 28-characters-a-line rule is about 3号 text only
        spacing = r_pr.find(qn("w:spacing"))
        if spacing is None:
            spacing = OxmlElement("w:spacing")
            r_pr.insert_element_before(spacing, *_AFTER_RUN_SPACING)
        spacing.set(qn("w:val"), str(BODY_TRACKING.twips))


# Elements that follow w:spacing inside w:rPr, for inserting it in schema order.
_AFTER_RUN_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip


def set_fonts(r_pr, font: str) -> None:
    """Name the font for every script: ``w:eastAsia`` is the one Chinese text is set in."""
    r_fonts = r_pr.get_or_add_rFonts()
    # Theme font attributes win over plain names, so they have to go.
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        r_fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        r_fonts.set(qn(f"w:{attribute}"), font)
    # Quotes and dashes are shared with Western scripts; render them as Chinese punctuation.
    r_fonts.set(qn("w:hint"), "eastAsia")


def add_paragraph(container, text: str, style: str, font: str, size):
    paragraph = container.add_paragraph(style=style)
    first, *more = text.split("\n")
    add_run(paragraph, first, font, size)
    for line in more:  # a line break, not a new paragraph: the element is one paragraph
        run = add_run(paragraph, "", font, size)
        run.add_break()
        run.add_text(line)
    return paragraph


def add_run(paragraph, text: str, font: str, size):
    # Fonts are repeated on every run so the document keeps its look even where styles are lost
    # (pasted into another document, or read by tools that only look at runs).
    run = paragraph.add_run(text)
    format_text(run.element.get_or_add_rPr(), font, size)
    return run


def add_page_numbers(document) -> None:
    """Page numbers "— 1 —", one character in from the right edge on odd pages, left on even.

    They are set on the first section; later sections keep the link to it."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    one_char = PAGE_NUMBER_SIZE
    odd = _page_number_paragraph(section.footer)
    odd.paragraph_format.right_indent = one_char
    even = _page_number_paragraph(section.even_page_footer)
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = one_char


def _page_number_paragraph(footer):
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = PAGE_NUMBER_STYLE
    add_run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _add_page_field(paragraph)
    add_run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    return paragraph


def _add_page_field(paragraph) -> None:
    """A PAGE field, one run per part as Word writes it; "1" stands in until it is updated."""
    _field_char_run(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    add_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE).element.append(instruction)
    _field_char_run(paragraph, "separate")
    add_run(paragraph, "1", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _field_char_run(paragraph, "end")


def _field_char_run(paragraph, kind: str) -> None:
    field_char = OxmlElement("w:fldChar")
    field_char.set(qn("w:fldCharType"), kind)
    add_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE).element.append(field_char)


def width_in_chars(text: str) -> float:
    """Width in full-width characters: digits and Latin letters are half as wide."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


# Elements that follow w:tblHeader inside w:trPr, for inserting it in schema order.
_AFTER_TABLE_HEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")


def repeat_as_header(row) -> None:
    """Mark a table row as a header row: Word and LibreOffice repeat it on every page."""
    props = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    props.insert_element_before(marker, *_AFTER_TABLE_HEADER)


def declare_fonts(docx: bytes, fallbacks: Mapping[str, str] = FONT_FALLBACKS) -> bytes:
    """Describe the office fonts in the font table, so Word picks a Chinese stand-in.

    python-docx keeps the font table as an opaque part, hence the edit on the saved package.
    """
    source = zipfile.ZipFile(io.BytesIO(docx))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/fontTable.xml":
                data = _with_font_entries(data, fallbacks)
            target.writestr(item, data)
    return output.getvalue()


def _with_font_entries(font_table: bytes, fallbacks: Mapping[str, str]) -> bytes:
    root = parse_xml(font_table)
    for name, fallback in fallbacks.items():
        entry = parse_xml(
            f'<w:font xmlns:w="{root.nsmap["w"]}" w:name={quoteattr(name)}>'
            f"<w:altName w:val={quoteattr(fallback)}/>"
            '<w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="variable"/>'
            "</w:font>"
        )
        root.append(entry)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- PDF ----------------------------------------------------------------------------------


def _find_converter() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def converter_available() -> bool:
    return _find_converter() is not None


def docx_to_pdf(
    docx: bytes,
    *,
    timeout: float = 120,
    name: str = "document",
    fallbacks: Mapping[str, str] = FONT_FALLBACKS,
    log: logging.Logger | None = None,
) -> bytes:
    """Convert with LibreOffice; raise DocumentError with a message for staff if that fails.

    ``name`` names the temporary files and the log lines, ``fallbacks`` are the stand-in fonts
    and ``log`` is where failures are logged (this module's logger by default)."""
    log = log or logger
    program = _find_converter()
    if program is None:
        raise DocumentError(PDF_MISSING)
    with tempfile.TemporaryDirectory(prefix=f"{name}-") as directory:
        workdir = Path(directory)
        source = workdir / f"{name}.docx"
        source.write_bytes(docx)
        # A profile per call: LibreOffice refuses to share one between running instances.
        profile = workdir / "profile"
        environment = {
            **os.environ,
            "FONTCONFIG_FILE": str(_font_config(workdir, fallbacks)),
        }
        command = [
            program,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(source),
        ]
        stderr = _run(command, environment, timeout, name, log)
        pdf = workdir / f"{name}.pdf"
        if not pdf.is_file():
            # LibreOffice exits with 0 even when it could not load the file.
            failure = ConverterFailed(f"no PDF written; stderr: {stderr[-2000:]}")
            log.warning("%s PDF conversion failed: %s", name, failure)
            raise DocumentError(PDF_FAILED) from failure
        return pdf.read_bytes()


def _run(
    command: list[str],
    environment: dict[str, str],
    timeout: float,
    name: str,
    log: logging.Logger,
) -> str:
    """Run the converter and return its stderr; on a timeout kill it with all its children."""
    try:
        # The argument list is fixed and the program comes from the PATH lookup above.
        process = subprocess.Popen(  # noqa: S603
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            start_new_session=True,  # soffice starts soffice.bin; a group can be killed whole
        )
    except OSError as exc:
        raise DocumentError(PDF_FAILED) from exc
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        log.warning("%s PDF conversion timed out after %s s", name, timeout)
        raise DocumentError(PDF_TIMEOUT) from exc
    text = stderr.decode("utf-8", "replace")
    if process.returncode != 0:
        failure = ConverterFailed(f"exit status {process.returncode}; stderr: {text[-2000:]}")
        log.warning("%s PDF conversion failed: %s", name, failure)
        raise DocumentError(PDF_FAILED) from failure
    return text


def _font_config(workdir: Path, fallbacks: Mapping[str, str]) -> Path:
    """A fontconfig file that adds the stand-ins right behind the office fonts.

    LibreOffice asks fontconfig for a missing font, and fontconfig's own pick for an unknown
    Chinese name is a sans-serif font. With these aliases a machine that has the office fonts
    still uses them; one without them gets a face close to 宋体/仿宋 (or 黑体 where asked).
    """
    base = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    aliases = "".join(
        f'<alias binding="same"><family>{escape(name)}</family>'
        f"<accept><family>{escape(fallback)}</family></accept></alias>\n"
        for name, fallback in fallbacks.items()
    )
    path = workdir / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f'<fontconfig>\n<include ignore_missing="yes">{escape(base)}</include>\n'
        f"{aliases}</fontconfig>\n",
        encoding="utf-8",
    )
    return path
