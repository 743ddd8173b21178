"""The letters a case produces (答复书, 补正告知书, 延期答复告知书, 收费通知书, 征求意见书),
built from the editable templates and kept in the case file as DOCX; the PDF is rendered from
it when first asked for."""

from datetime import date
from string import Formatter

from django.core.files.base import ContentFile

from gongkai.core.ingest import FORMATS
from gongkai.core.periods import period_names
from gongkai.core.services import sequence_next, store_bytes
from gongkai.orgs.models import Unit

from .letters import Letter, docx_to_pdf, render_docx
from .models import CaseFile, FileKind, InfoRequest, LetterTemplate

DOCX = FORMATS["docx"]

# key: (title, body). The defaults, and the seed of the editable templates. Each line is a
# paragraph; a line whose placeholders are all empty is left out. Every period of the table is
# a placeholder too, named as pages name it: {foi_third_party} …
DEFAULTS: dict[str, tuple[str, str]] = {
    "reply": (
        "政府信息公开申请答复书",
        "本机关于{received}收到您提出的政府信息公开申请（登记号：{registration_no}），"
        "申请获取“{subject}”。\n"
        "经审查，现答复如下：{decision}\n"
        "{detail}\n"
        "依据：{basis}。\n"
        "{remedies}",
    ),
    "clarification": (
        "政府信息公开申请补正告知书",
        "本机关于{received}收到您提出的政府信息公开申请（登记号：{registration_no}）。经审查，"
        "您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对以下事项作出补正：\n"
        "{detail}\n"
        "请于{due_by}前将补正后的申请提交本机关。答复期限自本机关收到补正的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    "extension": (
        "政府信息公开申请延期答复告知书",
        "本机关于{received}收到您提出的政府信息公开申请（登记号：{registration_no}）。"
        "因{detail}，本机关不能在规定期限内答复。根据《中华人民共和国政府信息公开条例》第三十三条"
        "第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{days}个工作日，"
        "本机关将于{due_by}前作出答复。",
    ),
    "fee": (
        "政府信息公开信息处理费收费通知书",
        "本机关于{received}收到您提出的政府信息公开申请（登记号：{registration_no}）。根据"
        "《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》的规定，"
        "本申请应缴纳信息处理费{amount}元（{detail}）。\n"
        "请于{pay_by}前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ),
    "third_party_consultation": (
        "政府信息公开征求意见书",
        "本机关收到政府信息公开申请（登记号：{registration_no}），申请公开的“{subject}”"
        "可能涉及你方的合法权益。根据《中华人民共和国政府信息公开条例》第三十二条、第三十四条的规定，"
        "现书面征求你方意见。\n"
        "请自收到本意见书之日起{foi_third_party}内提出书面意见。逾期未提出意见的，由本机关依照条例的规定"
        "决定是否公开。",
    ),
}


class _Blank(dict):
    """Missing placeholders render empty, so an edited template never breaks a letter."""

    def __missing__(self, key: str) -> str:
        return ""


def template(key: str) -> tuple[str, str]:
    found = LetterTemplate.objects.filter(key=key).first()
    return (found.title, found.body) if found else DEFAULTS[key]


def paragraphs(body: str, values: dict[str, str]) -> tuple[str, ...]:
    out = []
    for line in body.splitlines():
        names = [name for _, name, _, _ in Formatter().parse(line) if name]
        if names and not any(values.get(name) for name in names):
            continue  # e.g. the "{detail}" line of a reply that needs no detail
        if text := line.format_map(_Blank(values)).strip():
            out.append(text)
    return tuple(out)


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def letter_number(unit: Unit, year: int) -> str:
    """The unit's next letter number, 明教依公开〔2026〕3号 (inside the issuing transaction)."""
    serial = sequence_next(f"letter:{unit.pk}:{year}")
    return f"{unit.letter_prefix_or_default}〔{year}〕{serial}号"


def build(
    case: InfoRequest, key: str, *, number: str, issued_on: date, addressee: str, values: dict
) -> Letter:
    title, body = template(key)
    common = {
        **{name: str(value) for name, value in period_names().items()},
        "applicant": case.name,
        "received": cn_date(case.received_on),
        "registration_no": case.registration_no,
        "subject": case.subject,
        "unit": case.receiver.name,
    }
    return Letter(
        title=title,
        number=number,
        addressee=addressee,
        paragraphs=paragraphs(body, {**common, **values}),
        issuer=case.receiver.name,
        issued_on=issued_on,
    )


def issue(
    case: InfoRequest,
    key: str,
    *,
    actor,
    issued_on: date,
    addressee: str | None = None,
    **values: str,
) -> CaseFile:
    """Number the letter, render it and file it with the case (the DOCX is the record)."""
    number = letter_number(case.receiver, issued_on.year)
    letter = build(
        case,
        key,
        number=number,
        issued_on=issued_on,
        addressee=addressee or case.name,
        values=values,
    )
    record = CaseFile(
        case=case,
        kind=FileKind.LETTER,
        letter=key,
        title=f"{letter.title}（{number}）",
        uploaded_by=actor,
    )
    store_bytes(record, render_docx(letter), extension=DOCX.extension, media_type=DOCX.media_type)
    record.save()
    return record


def pdf_of(letter: CaseFile) -> bytes:
    """The letter as PDF, rendered from its DOCX once and kept beside it."""
    storage, name = letter.file.storage, letter.file.name.removesuffix(".docx") + ".pdf"
    if not storage.exists(name):
        with letter.file.open("rb") as docx:
            storage.save(name, ContentFile(docx_to_pdf(docx.read())))
    with storage.open(name, "rb") as pdf:
        return pdf.read()
