"""The applicant's side of disclosure on request, as JSON: apply, follow the case, compute a
deadline. Public and stateless (no session, no cookie auth), so no CSRF token is needed.

Validation is the web form's, so both channels give the same per-field Chinese messages.
"""

import re
import uuid
from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, StrictInt

from gongkai.foi.calculator import explain, parse_third_party_consultation
from gongkai.foi.forms import ApplicationForm, StatusForm
from gongkai.foi.limits import NOT_FOUND, may_apply, may_look_up
from gongkai.foi.rules import DeadlineQuestion, RuleError
from gongkai.foi.selectors import applicant_timeline, case_for_applicant, receivers

from .inputs import FieldErrors, Input, documented_by

router = Router(tags=["依申请公开"])

TOO_MANY = "请求过于频繁，请一小时后再试"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_CONSULTATIONS = 10


class Error(Schema):
    message: str


class ReceiverOut(Schema):
    id: int
    name: str


def _text(description: str):
    return Field(None, description=description)


class ApplicationIn(Input):
    model_config = ConfigDict(
        coerce_numbers_to_str=True,
        json_schema_extra=documented_by(ApplicationForm, optional=["key"]),
    )

    receiver: StrictInt | None = Field(None, description="受理机关编号（见 GET /foi/receivers）")
    key: str | None = Field(
        None,
        description="提交标识（UUID）。同一标识重复提交只登记一次，并返回同一登记号和查询码；"
        "不提供则每次提交都视为新申请。",
        json_schema_extra={"format": "uuid"},
    )
    applicant_type: str | None = _text(
        "申请人类型：natural 自然人；business 商业企业；research 科研机构；"
        "nonprofit 社会公益组织；legal_service 法律服务机构；other_org 其他组织"
    )
    name: str | None = _text("姓名或名称")
    id_type: str | None = _text(
        "证件类型：id_card 居民身份证；passport 护照；hmt 港澳台居民证件；"
        "credit_code 统一社会信用代码；other 其他证件"
    )
    id_number: str | None = _text("证件号码")
    contact_person: str | None = _text("联系人（法人或其他组织必填）")
    phone: str | None = _text("联系电话")
    email: str | None = _text("电子邮箱（以电子邮件获取时必填）")
    address: str | None = _text("通信地址（邮寄时必填）")
    postcode: str | None = _text("邮政编码")
    subject: str | None = _text("所需信息的名称")
    doc_no: str | None = _text("文号")
    description: str | None = _text("所需信息的特征性描述")
    purpose: str | None = _text("用途（选填）")
    delivery_form: str | None = _text("提供形式：paper 纸质；electronic 电子文档")
    delivery_way: str | None = _text(
        "获取方式：post 邮寄；email 电子邮件；pickup 当面领取；online 网上获取"
    )


class ApplicationOut(Schema):
    registration_no: str = Field(description="登记号")
    query_code: str = Field(description="查询码：只在此返回一次，平台不保存原文")
    received_on: date = Field(description="收到申请之日")
    due_on: date | None = Field(description="答复期限")
    created: bool = Field(description="false 表示同一提交标识此前已登记，未重复登记")


class TimelineItem(Schema):
    date: date
    step: str


class StatusOut(Schema):
    registration_no: str
    receiver: str
    state: str
    state_label: str
    received_on: date
    due_on: date | None
    clock_note: str
    timeline: list[TimelineItem]


class StatusParams(Input):
    model_config = ConfigDict(json_schema_extra=documented_by(StatusForm))

    registration_no: str = Field("", description="登记号，如“依申〔2026〕00012号”或“2026-12”")
    code: str = Field("", description="查询码")


class DeadlineParams(Input):
    received: str = Field(
        description="收到申请之日，YYYY-MM-DD", json_schema_extra={"format": "date"}
    )
    clarification_received: str | None = Field(
        None,
        description="收到补正申请之日，YYYY-MM-DD（选填）",
        json_schema_extra={"format": "date"},
    )
    consultation: list[str] = Field(
        default_factory=list,
        description="征求意见期间 开始日期:结束日期，尚未收到意见的写 开始日期:；可重复",
        json_schema_extra={"maxItems": MAX_CONSULTATIONS},
    )
    extended: bool = Field(False, description="是否已延长答复期限（20个工作日）")


class DayOut(Schema):
    date: str
    counted: int | None = Field(description="计入的第几个工作日；不计入时为 null")
    reason: str


class DeadlineOut(Schema):
    received: str
    start: str = Field(description="起算日（期限自其次日起计算）")
    start_reason: str
    working_days: int
    due: str | None = Field(description="答复期限；等待缴费时为 null")
    waiting_for: str | None
    provisional: bool = Field(description="有年份尚无节假日安排、只按周末判断时为 true")
    basis: list[str]
    steps: list[DayOut]


def _form_errors(form) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


@router.get("/receivers", response=list[ReceiverOut], summary="受理申请的机关")
def receiver_list(request: HttpRequest):
    return [{"id": unit.pk, "name": unit.name} for unit in receivers()]


@router.post(
    "/applications",
    response={
        201: ApplicationOut,
        200: ApplicationOut,
        400: FieldErrors,
        422: FieldErrors,
        429: Error,
    },
    summary="提交政府信息公开申请",
    description="登记成功返回 201；同一提交标识（key）重复提交返回 200，内容与首次相同。"
    "字段内容有误返回 400，字段类型不符（如受理机关编号不是整数）返回 422，均附逐字段的错误说明。"
    "同一网络地址每小时最多提交5件。",
)
def application_submit(request: HttpRequest, payload: ApplicationIn):
    data = {name: value for name, value in payload.dict().items() if value is not None}
    data.setdefault("key", str(uuid.uuid4()))
    form = ApplicationForm(data=data)
    if form.is_valid():
        if not may_apply(request):
            return Status(429, {"message": TOO_MANY})
        submitted = form.submit()
        if submitted is not None:
            case = submitted.case
            body = {
                "registration_no": case.registration_no,
                "query_code": submitted.query_code,
                "received_on": case.received_on,
                "due_on": case.due_on,
                "created": submitted.created,
            }
            return Status(201 if submitted.created else 200, body)
    return Status(400, {"message": "申请内容有误，请按提示修改", "errors": _form_errors(form)})


@router.get(
    "/applications/status",
    response={200: StatusOut, 400: FieldErrors, 404: Error, 422: FieldErrors, 429: Error},
    summary="查询申请办理进度",
    description="凭登记号和查询码查询。登记号或查询码不正确时统一返回 404。"
    "同一网络地址每小时最多查询20次。",
)
def application_status(request: HttpRequest, params: Query[StatusParams]):
    if not may_look_up(request):
        return Status(429, {"message": TOO_MANY})
    form = StatusForm(data=params.dict())
    if not form.is_valid():
        return Status(400, {"message": "请提供登记号和查询码", "errors": _form_errors(form)})
    case = case_for_applicant(
        registration_no=form.cleaned_data["registration_no"], code=form.cleaned_data["code"]
    )
    if case is None:
        return Status(404, {"message": NOT_FOUND})
    return {
        "registration_no": case.registration_no,
        "receiver": case.receiver.name,
        "state": case.state,
        "state_label": case.get_state_display(),
        "received_on": case.received_on,
        "due_on": case.due_on,
        "clock_note": case.clock_note,
        "timeline": [{"date": day, "step": step} for day, step in applicant_timeline(case)],
    }


def _iso(text: str, name: str) -> date:
    try:
        if ISO_DATE.fullmatch(text.strip()):
            return date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise RuleError(f"{name}“{text}”不是有效日期，应写作 YYYY-MM-DD")


@router.get(
    "/deadline",
    response={200: DeadlineOut, 400: FieldErrors, 422: FieldErrors},
    summary="计算答复期限",
    description="按《政府信息公开条例》第三十条、第三十三条计算答复期限，逐日说明是否计入。",
)
def deadline(request: HttpRequest, params: Query[DeadlineParams]):
    try:
        received = _iso(params.received, "收到申请之日")
        clarified = (
            _iso(params.clarification_received, "收到补正申请之日")
            if params.clarification_received
            else None
        )
        if len(params.consultation) > MAX_CONSULTATIONS:
            raise RuleError(f"征求意见期间最多{MAX_CONSULTATIONS}段")
        consultations = tuple(parse_third_party_consultation(text) for text in params.consultation)
        question = DeadlineQuestion(received, clarified, consultations, params.extended)
        problems = question.problems()
        if problems:
            errors = {
                "consultation" if name.startswith("consultation_") else name: [message]
                for name, message in problems.items()
            }
            return Status(400, {"message": "；".join(problems.values()), "errors": errors})
        return explain(question)
    except RuleError as error:
        return Status(400, {"message": str(error), "errors": {"__all__": [str(error)]}})
