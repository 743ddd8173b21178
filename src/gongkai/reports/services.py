"""Writes for the annual report: start one, edit its narrative, enter a figure by hand with the
reason, and turn it into a document that goes through the review chain to the portal."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.actors import Actor, user_of
from gongkai.core.transitions import TransitionError
from gongkai.foi.rules import FIRST_YEAR
from gongkai.orgs.models import Unit
from gongkai.orgs.permissions import Action, require
from gongkai.publishing import review
from gongkai.publishing import services as publishing
from gongkai.publishing.models import CatalogueItem

from . import export, rules
from . import format as fmt
from .models import AnnualReport, ReportAction, ReportEvent
from .selectors import cell_keys, filled, parse_figure

# The 主动公开目录 item where annual reports are listed (政务公开工作).
CATALOGUE_ITEM = "18"


def _event(
    report: AnnualReport, actor: Actor, action: ReportAction, reason: str = "", **details
) -> None:
    ReportEvent.record(report, actor=actor, action=action, reason=reason, details=details)


@transaction.atomic
def report_create(*, actor: Actor, unit: Unit, year: int, rollup: bool = False) -> AnnualReport:
    require(actor, Action.REPORT_MANAGE, unit)
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise ValidationError({"year": f"年度应在 {FIRST_YEAR} 年（条例施行）至今年之间"})
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(unit=unit, year=year, rollup=rollup)
    except IntegrityError:
        raise ValidationError({"year": "该单位这一年度的报告已经存在"}) from None
    _event(report, actor, ReportAction.CREATED, year=year, rollup=rollup)
    return report


def _to_change(actor: Actor, report: AnnualReport, change: rules.Change) -> AnnualReport:
    """The report, locked for the change, once the actor may make it and its state allows it."""
    report = AnnualReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
    require(actor, Action.REPORT_MANAGE, report.unit)
    try:
        rules.next_state(report.state, change)
    except TransitionError as refused:
        # A refusal on the whole form like the changes' others: callers catch one kind.
        raise ValidationError({"__all__": str(refused)}) from None
    return report


@transaction.atomic
def report_edit(
    *, actor: Actor, report: AnnualReport, overview: str, problems: str, other: str
) -> AnnualReport:
    report = _to_change(actor, report, rules.Change.EDIT)
    texts = {"overview": overview.strip(), "problems": problems.strip(), "other": other.strip()}
    changed = [k for k, v in texts.items() if getattr(report, k) != v]
    if not changed:
        raise ValidationError({"__all__": "文字部分没有修改"})
    for name, value in texts.items():
        setattr(report, name, value)
    report.save(update_fields=[*changed, "updated_at"])
    _event(report, actor, ReportAction.EDITED, fields=changed)
    return report


@transaction.atomic
def figure_enter(
    *, actor: Actor, report: AnnualReport, key: str, value: str, reason: str
) -> AnnualReport:
    """A figure the data cannot give (or gives wrong), entered by a person who says why."""
    report = _to_change(actor, report, rules.Change.ENTER_FIGURE)
    if key not in cell_keys():
        raise ValidationError({"key": "没有这个单元格"})
    try:
        parse_figure(value)
    except ValueError as error:
        raise ValidationError({"value": str(error)}) from None
    if not reason.strip():
        raise ValidationError({"reason": "人工填报须说明数据来源或理由"})
    user = user_of(actor)
    entry = {
        "value": value.strip(),
        "reason": reason.strip(),
        "by": user.get_username() if user is not None else str(actor),
        "at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }
    report.manual = {**report.manual, key: entry}
    report.save(update_fields=["manual", "updated_at"])
    _event(report, actor, ReportAction.FIGURE_ENTERED, reason.strip(), key=key, value=value.strip())
    return report


@transaction.atomic
def figure_clear(*, actor: Actor, report: AnnualReport, key: str) -> AnnualReport:
    report = _to_change(actor, report, rules.Change.CLEAR_FIGURE)
    if key not in report.manual:
        raise ValidationError({"key": "该单元格没有人工填报"})
    report.manual = {k: v for k, v in report.manual.items() if k != key}
    report.save(update_fields=["manual", "updated_at"])
    _event(report, actor, ReportAction.FIGURE_CLEARED, key=key)
    return report


def _body(printable: fmt.Report) -> str:
    """The page text: the narrative sections under their headings; the tables are attached."""
    one, _, _, _, five, six = fmt.SECTIONS
    tables = (
        "二、三、四部分（主动公开、依申请公开、行政复议和行政诉讼）的统计表见附件（DOCX、PDF）。"
    )
    parts = [
        (one, printable.overview),
        ("", tables),
        (five, printable.problems),
        (six, printable.other),
    ]
    return "\n\n".join(f"{h}\n{t}" if h else t for h, t in parts)


# The report's own steps that write it: their actors wrote its document too.
WRITING = frozenset(
    {
        ReportAction.CREATED,
        ReportAction.EDITED,
        ReportAction.FIGURE_ENTERED,
        ReportAction.FIGURE_CLEARED,
    }
)


def _authors(report: AnnualReport) -> list:
    """Who wrote the report since it was last submitted: none of them approves its document."""
    events = list(report.events.select_related("actor").order_by("at", "id"))
    submitted = [i for i, e in enumerate(events) if e.action == ReportAction.SUBMITTED]
    since = events[submitted[-1] + 1 :] if submitted else events
    return [e.actor for e in since if e.action in WRITING and e.actor is not None]


@transaction.atomic
def report_submit(*, actor: Actor, report: AnnualReport) -> AnnualReport:
    """Make (or refresh) the report's document — text in the body, DOCX and PDF attached — and
    submit it: it reaches the portal through the review chain like every publication."""
    report = _to_change(actor, report, rules.Change.SUBMIT)
    content = filled(report)
    if problems := content.problems():
        raise ValidationError({"__all__": [f"{p.where}：{p.text}" for p in problems[:10]]})
    printable = content.printable()
    fields = {
        "title": report.title,
        "body": _body(printable),
        "topic": "02",
        "genre": "report",
        # Its date is 条例第四十九条's (shown on the report), not Art. 26's 20 working days.
        "written_on": timezone.localdate(),
    }
    document = report.document
    if document is None:
        document = publishing.document_create(
            actor=actor,
            issuer=report.unit,
            catalogue_item=CatalogueItem.objects.filter(code=CATALOGUE_ITEM).first(),
            **fields,
        )
    else:
        document = publishing.document_update(actor=actor, document=document, **fields)
        for attachment in document.attachments.all():
            publishing.attachment_remove(actor=actor, attachment=attachment)
    files = [(f"{report.title}.docx", export.report_docx(printable))]
    if export.converter_available():
        files.append((f"{report.title}.pdf", export.report_pdf(printable)))
    for name, data in files:
        publishing.attachment_add(
            actor=actor, document=document, upload=SimpleUploadedFile(name, data)
        )
    document = review.review_submit(actor=actor, document=document, authors=_authors(report))
    report.document = document
    report.save(update_fields=["document", "updated_at"])
    _event(report, actor, ReportAction.SUBMITTED, document=document.pk)
    return report
