"""The 任务分解表 in its official layout (工作任务 | 牵头单位 | 责任单位 | 工作要求 | 完成时限 |
进展情况) as XLSX and DOCX, and the year-end 回头看 review with each task's evidence."""

import io
from dataclasses import dataclass

from docx import Document as Docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from gongkai.core.officedocs import repeat_as_header

from .models import Plan, Task
from .rules import ProgressReportState, TaskState

HEADERS = ["序号", "工作任务", "牵头单位", "责任单位", "工作要求", "完成时限", "进展情况"]
WIDTHS = [10, 60, 18, 24, 30, 14, 36]  # characters, in XLSX columns


@dataclass(frozen=True)
class Row:
    section: str | None  # a section heading row, or None for a task
    cells: list[str]


def _names(units) -> str:
    return "、".join(u.name for u in units)


def progress_text(task: Task) -> str:
    accepted = [r for r in task.progress_reports.all() if r.state == ProgressReportState.ACCEPTED]
    latest = accepted[0].text if accepted else ""
    if task.state == TaskState.DONE:
        return f"已销号（{task.closed_on:%Y-%m-%d}）" + (f"：{latest}" if latest else "")
    return latest or "推进中"


def rows(plan: Plan, tasks: list[Task]) -> list[Row]:
    """Sections as heading rows, each followed by its tasks, in the plan's order."""
    out: list[Row] = []
    shown: set[str] = set()
    titles = {s.number: s.title for s in plan.sections.all()}
    for task in tasks:
        parts = task.number.split(".")
        for depth in range(1, len(parts)):
            number = ".".join(parts[:depth])
            if number in titles and number not in shown:
                shown.add(number)
                out.append(Row(f"{parts[depth - 1]} {titles[number]}", []))
        out.append(
            Row(
                None,
                [
                    parts[-1],
                    task.text,
                    _names(task.lead_units.all()),
                    _names(task.responsible_units.all()),
                    task.requirement,
                    task.deadline_text,
                    progress_text(task),
                ],
            )
        )
    return out


def breakdown_xlsx(plan: Plan, tasks: list[Task]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "任务分解表"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    sheet.append([f"{plan.title}任务分解表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font, cell.border, cell.alignment = Font(bold=True), border, wrap
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
    for row in rows(plan, tasks):
        if row.section:
            sheet.append([row.section])
            r = sheet.max_row
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(HEADERS))
            sheet.cell(r, 1).font = Font(bold=True)
        else:
            sheet.append(row.cells)
        for cell in sheet[sheet.max_row]:
            cell.border, cell.alignment = border, wrap
    for i, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + i)].width = width
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _landscape(doc: Docx) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))


def _title(doc: Docx, text: str) -> None:
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(text)
    run.bold, run.font.size = True, Pt(18)


def breakdown_docx(plan: Plan, tasks: list[Task]) -> bytes:
    doc = Docx()
    _landscape(doc)
    _title(doc, f"{plan.title}任务分解表")
    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = header
        cell.paragraphs[0].runs[0].bold = True
    repeat_as_header(table.rows[0])
    for row in rows(plan, tasks):
        cells = table.add_row().cells
        if row.section:
            merged = cells[0].merge(cells[-1])
            merged.text = row.section
            merged.paragraphs[0].runs[0].bold = True
        else:
            for cell, value in zip(cells, row.cells, strict=True):
                cell.text = value
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def review_docx(plan: Plan, tasks: list[Task], site_url: str) -> bytes:
    """回头看: every task with its state and the evidence reported for it."""
    doc = Docx()
    _title(doc, f"{plan.title}落实情况“回头看”")
    done = sum(t.state == TaskState.DONE for t in tasks)
    doc.add_paragraph(f"共 {len(tasks)} 项任务，已销号 {done} 项，推进中 {len(tasks) - done} 项。")
    for task in tasks:
        heading = doc.add_paragraph()
        heading.add_run(f"{task.number}　").bold = True
        heading.add_run(task.text)
        doc.add_paragraph(
            f"牵头单位：{_names(task.lead_units.all()) or '—'}；"
            f"责任单位：{_names(task.responsible_units.all()) or '—'}；"
            f"完成时限：{task.deadline_text or '—'}；状态：{progress_text(task)}"
        )
        for report in task.progress_reports.all():
            if report.state != ProgressReportState.ACCEPTED:
                continue
            doc.add_paragraph(f"{report.unit.name}：{report.text}", style="List Bullet")
            for document in report.evidence.all():
                doc.add_paragraph(
                    f"佐证：{document.title}（{document.index_no}）"
                    f"{site_url}{document.get_absolute_url()}",
                    style="List Bullet 2",
                )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def scores_xlsx(plan: Plan, indicators, rows) -> bytes:
    """The assessment table: rank, unit, each indicator's score (with how it was reached), total."""
    book = Workbook()
    sheet = book.active
    sheet.title = "考核"
    sheet.append([f"{plan.title}考核结果"])
    sheet["A1"].font = Font(size=14, bold=True)
    sheet.append(["排名", "单位", *(f"{i.name}（{i.weight}分）" for i in indicators), "总分"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        values = [row.scores[i.id] for i in indicators]
        sheet.append(
            [
                row.rank,
                row.unit.name,
                *(float(v) if v is not None else "—" for v in values),
                float(row.total),
            ]
        )
        notes = sheet.max_row
        for column, indicator in enumerate(indicators, start=3):
            # The basis of each figure travels with it, as a cell comment.
            sheet.cell(notes, column).comment = Comment(row.notes[indicator.id], "公开平台")
    sheet.column_dimensions["B"].width = 28
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
