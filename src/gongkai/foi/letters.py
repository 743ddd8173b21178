"""Official letters (答复书、收费通知书、补正告知书 …) as DOCX, and as PDF through LibreOffice.

The layout follows the national format for official documents, GB/T 9704-2012, as far as
python-docx can express it: A4 with a 156 × 225 mm type area (22 lines of 28 characters), the
title in 2号小标宋, everything else in 3号仿宋, page numbers "— 1 —" in 4号宋体 below the type
area. The page, fonts, styles and the conversion are the generic ones of
``gongkai.core.officedocs``; what is the letters' own is here: the parts of a letter, their
styles and the signature block.

This module is plain Python on purpose, so it can run in a worker or a management command alike.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, Twips

from gongkai.core import officedocs
from gongkai.core.officedocs import (
    BODY_FONT,
    BODY_SIZE,
    LINE_PITCH,
    TITLE_FONT,
    TITLE_SIZE,
    ConverterFailed,
    add_page_number_style,
    add_page_numbers,
    add_paragraph,
    add_style,
    converter_available,
    declare_fonts,
    set_up_language_and_defaults,
    set_up_page,
    width_in_chars,
)
from gongkai.core.officedocs import DocumentError as LetterError

__all__ = [
    "BODY_FONT",
    "TITLE_FONT",
    "ConverterFailed",
    "Letter",
    "LetterError",
    "chinese_date",
    "converter_available",
    "docx_to_pdf",
    "render_docx",
    "render_pdf",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Letter:
    title: str
    number: str
    addressee: str
    paragraphs: tuple[str, ...]
    issuer: str
    issued_on: date
    note: str = ""


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- DOCX ---------------------------------------------------------------------------------


def render_docx(letter: Letter) -> bytes:
    document = Document()
    set_up_page(document)
    set_up_language_and_defaults(document)
    _add_styles(document)

    add_paragraph(document, letter.title, "公文标题", TITLE_FONT, TITLE_SIZE)
    if letter.number:
        add_paragraph(document, letter.number, "公文发文字号", BODY_FONT, BODY_SIZE)
    add_paragraph(document, f"{letter.addressee}：", "公文主送", BODY_FONT, BODY_SIZE)
    for text in letter.paragraphs:
        add_paragraph(document, text, "公文正文", BODY_FONT, BODY_SIZE)
    _add_signature(document, letter.issuer, chinese_date(letter.issued_on))
    if letter.note:
        add_paragraph(document, letter.note, "公文附注", BODY_FONT, BODY_SIZE)
    add_page_numbers(document)

    buffer = io.BytesIO()
    document.save(buffer)
    return declare_fonts(buffer.getvalue())


def _add_styles(document) -> None:
    """Named paragraph styles, so a clerk editing the DOCX in Word keeps the format."""
    one_line = LINE_PITCH
    # A 2号 line needs more room than the 28.95 pt grid line, or its glyphs get clipped.
    add_style(document, "公文标题", TITLE_FONT, TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER,
              line=Pt(36))  # fmt: skip
    add_style(document, "公文发文字号", BODY_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.RIGHT)
    add_style(document, "公文主送", BODY_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.LEFT,
              before=one_line)  # fmt: skip
    add_style(document, "公文正文", BODY_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=2)
    # Two empty lines above the issuer leave room for the seal.
    add_style(document, "公文落款", BODY_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.RIGHT,
              before=Twips(2 * one_line.twips))  # fmt: skip
    add_style(document, "公文日期", BODY_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.RIGHT)
    add_style(document, "公文附注", BODY_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.LEFT, indent=2)
    add_page_number_style(document)


def _add_signature(document, issuer: str, issued_text: str) -> None:
    """Date four characters from the right edge, the issuer centred above it (GB/T 9704 7.3.5)."""
    date_right = 4.0
    overhang = (width_in_chars(issued_text) - width_in_chars(issuer)) / 2
    issuer_right = max(0.0, date_right + overhang)
    issuer_paragraph = add_paragraph(document, issuer, "公文落款", BODY_FONT, BODY_SIZE)
    issuer_paragraph.paragraph_format.right_indent = Pt(issuer_right * BODY_SIZE.pt)
    date_paragraph = add_paragraph(document, issued_text, "公文日期", BODY_FONT, BODY_SIZE)
    date_paragraph.paragraph_format.right_indent = Pt(date_right * BODY_SIZE.pt)


# --- PDF ----------------------------------------------------------------------------------


def render_pdf(letter: Letter) -> bytes:
    return docx_to_pdf(render_docx(letter))


def docx_to_pdf(docx: bytes, *, timeout: float = 120) -> bytes:
    """LibreOffice's PDF of a letter; LetterError with a message for staff if that fails."""
    return officedocs.docx_to_pdf(docx, timeout=timeout, name="letter", log=logger)
