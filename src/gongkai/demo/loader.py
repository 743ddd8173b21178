"""Demo data: a sample district, one user per role, the seed plans with interpretations, and a
generated corpus so lists and search look like a real portal."""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.core.actors import SYSTEM, actor_fields
from gongkai.core.models import Sequence
from gongkai.core.services import sequences_advance
from gongkai.foi import services as foi
from gongkai.foi.rules import Channel, PauseKind
from gongkai.orgs.models import Role, Unit, UnitKind, User
from gongkai.orgs.services import unit_create, user_create
from gongkai.publishing import services as publishing
from gongkai.publishing.models import (
    CatalogueItem,
    Document,
    DocumentAction,
    DocumentEvent,
    DocumentKind,
)
from gongkai.publishing.rules import Status, format_index_no
from gongkai.publishing.services import index_no_key
from gongkai.search.services import search_touch

from . import corpus
from .seeds import SEEDS, interpretation_body

logger = logging.getLogger(__name__)

DISTRICT = "明湖区人民政府"
PASSWORD = "gongkai-demo"  # noqa: S105 - the demo prints it for everyone

# (key, name, kind, parent key); codes are made up in the shape of 统一社会信用代码.
UNITS: list[tuple[str, str, UnitKind, str | None]] = [
    ("GOV", DISTRICT, UnitKind.GOVERNMENT, None),
    ("ZFB", "明湖区人民政府办公室", UnitKind.DEPARTMENT, "GOV"),
    ("FGJ", "明湖区发展和改革局", UnitKind.DEPARTMENT, "GOV"),
    ("JYJ", "明湖区教育局", UnitKind.DEPARTMENT, "GOV"),
    ("GA", "明湖区公安分局", UnitKind.DEPARTMENT, "GOV"),
    ("MZJ", "明湖区民政局", UnitKind.DEPARTMENT, "GOV"),
    ("CZJ", "明湖区财政局", UnitKind.DEPARTMENT, "GOV"),
    ("RSJ", "明湖区人力资源和社会保障局", UnitKind.DEPARTMENT, "GOV"),
    ("ZRJ", "明湖区自然资源和规划局", UnitKind.DEPARTMENT, "GOV"),
    ("ZJJ", "明湖区住房和城乡建设局", UnitKind.DEPARTMENT, "GOV"),
    ("NYJ", "明湖区农业农村局", UnitKind.DEPARTMENT, "GOV"),
    ("WJJ", "明湖区卫生健康局", UnitKind.DEPARTMENT, "GOV"),
    ("SJJ", "明湖区市场监督管理局", UnitKind.DEPARTMENT, "GOV"),
    ("YJJ", "明湖区应急管理局", UnitKind.DEPARTMENT, "GOV"),
    ("ZWJ", "明湖区政务服务和数据管理局", UnitKind.DEPARTMENT, "GOV"),
    ("DH", "东湖街道办事处", UnitKind.TOWN, "GOV"),
    ("HD", "韩店街道办事处", UnitKind.TOWN, "GOV"),
    ("LJ", "临江镇人民政府", UnitKind.TOWN, "GOV"),
    ("BS", "白沙镇人民政府", UnitKind.TOWN, "GOV"),
    ("LJC", "临江镇临江村民委员会", UnitKind.VILLAGE, "LJ"),
    ("XQ", "东湖街道新桥社区居民委员会", UnitKind.VILLAGE, "DH"),
    ("GS", "明湖区自来水有限公司", UnitKind.ENTERPRISE, "GOV"),
    ("YY", "明湖区人民医院", UnitKind.ENTERPRISE, "GOV"),
]

USERS: list[tuple[str, str, Role, str]] = [
    ("admin", "平台管理员", Role.ADMIN, "GOV"),
    ("office", "区政务公开办", Role.OFFICE, "GOV"),
    ("editor", "教育局信息员", Role.EDITOR, "JYJ"),
    ("reviewer", "教育局审核人", Role.REVIEWER, "JYJ"),
    # 初审 of the government's own documents (such as its annual report) needs its own reviewer.
    ("gov_reviewer", "区政府审核人", Role.REVIEWER, "GOV"),
    ("leader", "分管副区长", Role.LEADER, "GOV"),
]


def is_loaded() -> bool:
    return Unit.objects.exists()


def _code(n: int) -> str:
    return f"11330199{n:09d}X"


def load_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for n, (key, name, kind, parent) in enumerate(UNITS, start=1):
        units[key] = unit_create(
            actor=SYSTEM,
            name=name,
            kind=kind,
            code=_code(n),
            parent=units.get(parent),
            sort_order=n,
        )
    return units


def load_users(units: dict[str, Unit]) -> None:
    for username, display, role, unit in USERS:
        user_create(
            actor=SYSTEM,
            username=username,
            password=PASSWORD,
            display_name=display,
            memberships=[(units[unit], role)],
            is_superuser=role == Role.ADMIN,
        )


def load_seeds(units: dict[str, Unit], office: User) -> None:
    catalogue = CatalogueItem.objects.in_bulk(field_name="code")
    for seed in SEEDS:
        issuer = units[seed.issuer]
        published = _at(seed.written_on + timedelta(days=3))
        plan = publishing.document_create(
            actor=office,
            issuer=issuer,
            title=seed.title,
            body=seed.body(),
            doc_no=seed.doc_no,
            written_on=seed.written_on,
            topic=seed.topic,
            genre=seed.genre,
            catalogue_item=catalogue[seed.catalogue],
            keywords="政务公开 工作要点",
        )
        publishing.document_import(actor=office, document=plan, at=published)
        reading = publishing.document_create(
            actor=office,
            issuer=issuer,
            kind=DocumentKind.INTERPRETATION,
            title=f"《{seed.title}》政策解读",
            body=interpretation_body(seed, issuer.name),
            written_on=seed.written_on,
            topic=seed.topic,
            genre="interpretation",
            catalogue_item=catalogue["17"],
            interprets=plan,
        )
        publishing.document_import(actor=office, document=reading, at=published)


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 30)))


@transaction.atomic
def bulk_publish(
    docs: Iterable[corpus.CorpusDoc], issuers: list[Unit], *, batch: int = 5000
) -> int:
    """Publish many documents at once, as a migration from an old CMS would.

    Numbers continue each issuer's 索引号 sequence, every document gets its "imported" event,
    and the change log tells the indexer, exactly as one-by-one publication does.
    """
    catalogue = dict(CatalogueItem.objects.values_list("code", "pk"))
    serials: dict[str, int] = defaultdict(int)
    for key, last in Sequence.objects.filter(key__startswith="index_no:").values_list(
        "key", "last"
    ):
        serials[key] = last
    total, pending = 0, []
    for doc in docs:
        issuer = issuers[doc.issuer]
        year = timezone.localtime(doc.published_at).year
        key = index_no_key(issuer.pk, year)
        serials[key] += 1
        pending.append(
            Document(
                kind=DocumentKind.DOCUMENT,
                title=doc.title,
                body=doc.body,
                issuer=issuer,
                index_no=format_index_no(issuer.code, year, serials[key]),
                doc_no=doc.doc_no,
                written_on=doc.written_on,
                published_at=doc.published_at,
                topic=doc.topic,
                genre=doc.genre,
                validity=doc.validity,
                catalogue_item_id=catalogue.get(doc.catalogue),
                status=Status.PUBLISHED,
            )
        )
        if len(pending) >= batch:
            total += _flush(pending)
    total += _flush(pending)
    sequences_advance(serials)
    return total


def _flush(pending: list[Document]) -> int:
    if not pending:
        return 0
    created = Document.objects.bulk_create(pending)
    DocumentEvent.objects.bulk_create(
        DocumentEvent(
            document=d,
            action=DocumentAction.IMPORTED,
            details={"index_no": d.index_no},
            **actor_fields(SYSTEM),
        )
        for d in created
    )
    search_touch(entity="document", ids=[d.pk for d in created])
    count = len(created)
    pending.clear()
    return count


def load(corpus_size: int = 3000) -> None:
    with transaction.atomic():
        units = load_units()
        load_users(units)
        office = User.objects.get(username="office")
        load_seeds(units, office)
        load_requests(units, office, User.objects.get(username="editor"))
        load_plan(units, office)
        load_review(units, User.objects.get(username="editor"))
        load_enforcement(units, office)
        load_report(units, office)
    issuers = [u for u in units.values() if u.kind != UnitKind.VILLAGE]
    generated = corpus.generate(
        corpus_size, issuers=[u.name for u in issuers], seed=2026, until=timezone.localdate()
    )
    bulk_publish(generated, issuers)


# (days ago received, channel, applicant type, name, subject, steps) — a desk of applications in
# every state, dated back from today so the clock, countdowns and reminders have work to show.
REQUESTS = [
    (0, "online", "natural", "李明", "东湖街道老旧小区改造2026年项目清单", []),
    (
        3,
        "email",
        "business",
        "明湖恒达建设工程有限公司",
        "白沙镇黄泥中心小学新建项目招标文件",
        ["assign"],
    ),
    (18, "in_person", "natural", "王芳", "2025年义务教育阶段学生资助名单公示依据", ["assign"]),
    (33, "ordinary_post", "natural", "陈强", "临江镇土地征收补偿安置方案", ["assign"]),
    (6, "in_person", "natural", "赵敏", "关于某小区停车收费的文件", ["assign", "clarify"]),
    (
        9,
        "online",
        "legal_service",
        "明湖律师事务所",
        "某企业行政处罚决定书",
        ["assign", "third-party-consult"],
    ),
    (12, "online", "natural", "孙伟", "2024年度区教育局部门决算说明", ["assign", "fee"]),
    (
        25,
        "in_person",
        "research",
        "明湖大学公共管理学院",
        "2025年明湖区政务公开工作年度报告原始数据",
        ["assign", "reply", "deliver"],
    ),
    (
        40,
        "online",
        "nonprofit",
        "明湖区绿色家园志愿者协会",
        "明湖区2025年空气质量监测数据",
        ["assign", "partial", "deliver", "archive"],
    ),
]


def load_requests(units: dict[str, Unit], office: User, editor: User) -> None:
    today = timezone.localdate()
    for ago, channel, kind, name, subject, steps in REQUESTS:
        received = today - timedelta(days=ago)
        dates = {"handed_in": received} if channel == "in_person" else {"confirmed": received}
        case = foi.case_intake(
            actor=office,
            receiver=units["GOV"],
            channel=Channel(channel),
            confirmed_by="区政务公开办",
            data={
                "applicant_type": kind,
                "name": name,
                "id_type": "id_card" if kind == "natural" else "credit_code",
                "id_number": "110101199001011234" if kind == "natural" else "91330199MA2B3C4D5E",
                "phone": "0571-88880000",
                "subject": subject,
                "delivery_form": "electronic",
                "delivery_way": "email",
                "email": "applicant@example.com",
            },
            **dates,
        ).case
        on = received
        for step in steps:
            if step == "assign":
                case = foi.case_assign(actor=office, case=case, unit=units["JYJ"])
            elif step == "clarify":
                case = foi.clarification_request(
                    actor=editor,
                    case=case,
                    on=on,
                    items="请写明所需文件的名称或文号、成文时间",
                    correct_by=today + timedelta(days=10),
                )
            elif step == "third-party-consult":
                case = foi.third_party_consultation_start(
                    actor=editor, case=case, on=on, party="被处罚企业", kind=PauseKind.THIRD_PARTY
                )
            elif step == "fee":
                case = foi.fee_notify(actor=editor, case=case, on=on, by_pages=120)
            elif step in ("reply", "partial"):
                on = received + timedelta(days=7)
                case = foi.case_reply(
                    actor=editor,
                    case=case,
                    on=on,
                    outcome="disclosed" if step == "reply" else "partial",
                    detail=""
                    if step == "reply"
                    else "监测点位周边居民个人信息不予公开（条例第十五条）",
                )
            elif step == "deliver":
                case = foi.case_deliver(actor=editor, case=case, on=on, way="电子邮件")
            elif step == "archive":
                case = foi.case_archive(actor=office, case=case)


def load_plan(units: dict[str, Unit], office: User) -> None:
    """Seed 001 as the district's ledger: names the matcher finds are used, the others go to the
    government office (a demo has no better answer), and the progress column is made public."""
    from gongkai.workplan import services as ledger

    seed = SEEDS[1]
    draft = ledger.import_read(
        actor=office, issuer=units["GOV"], name=seed.file, content=seed.path.read_bytes()
    )
    mapping = {
        m.written: list(m.unit_ids) or [units["ZFB"].pk] for m in ledger.import_matches(draft)
    }
    plan = ledger.import_save(actor=office, draft=draft, mapping=mapping, remember=False)
    ledger.plan_publish(actor=office, plan=plan, published=True)


def load_review(units: dict[str, Unit], editor: User) -> None:
    """The education bureau's desk: its 负面清单, a draft the privacy guard stops, one waiting at
    初审, and one past its Art. 26 deadline, so the office's board has something to show."""
    from gongkai.publishing import review
    from gongkai.publishing.models import NegativeListItem

    bureau, today = units["JYJ"], timezone.localdate()
    for matter, basis in NEGATIVE_LIST:
        NegativeListItem.objects.create(unit=bureau, matter=matter, basis=basis)

    def draft(title: str, body: str, formed: int) -> Document:
        return publishing.document_create(
            actor=editor,
            issuer=bureau,
            title=title,
            body=body,
            topic="12",
            genre="notice",
            formed_on=today - timedelta(days=formed),
        )

    draft(
        "关于2026年秋季学期学生资助名单的公示",
        "经学校评议、教育局审核，下列学生拟获国家助学金：张某某，身份证号码 "
        "11010519491231002X，联系电话 13812345678。公示期五个工作日。",
        3,
    )
    waiting = draft(
        "明湖区2026年义务教育阶段招生入学工作实施意见",
        "为做好2026年义务教育阶段招生入学工作，根据有关规定，结合我区实际，制定本意见。",
        5,
    )
    review.review_submit(actor=editor, document=waiting)
    draft("明湖区中小学校课后服务收费标准的通知", "课后服务收费标准按有关文件执行。", 40)


NEGATIVE_LIST = [
    ("学生及家长的个人信息", "《中华人民共和国个人信息保护法》第二十八条"),
    ("考试试题及评分标准（考试结束前）", "《中华人民共和国保守国家秘密法》及教育部门有关规定"),
]


def load_enforcement(units: dict[str, Unit], office: User) -> None:
    """Decisions of the market regulator: two public, one waiting past its deadline."""
    from gongkai.enforcement import services as enforcement

    today = timezone.localdate()
    for days_ago, kind, number, title, party, published in ENFORCEMENT:
        decision = enforcement.decision_register(
            actor=office,
            unit=units["SJJ"],
            kind=kind,
            decision_no=number,
            title=title,
            party=party,
            summary=f"{party}{title}。",
            basis="《中华人民共和国食品安全法》",
            decided_on=today - timedelta(days=days_ago),
        )
        if published:  # a reviewer checks what the office registered, as the rules want
            reviewer = User.objects.get(username="gov_reviewer")
            enforcement.decision_publish(actor=reviewer, decision=decision)


# (days ago decided, kind, 文书号, what, party, published)
ENFORCEMENT = [
    (3, "permit", "明市监许〔2026〕118号", "准予食品经营许可", "明湖区味道餐饮有限公司", True),
    (
        6,
        "penalty",
        "明市监处罚〔2026〕45号",
        "销售过期食品，警告并罚款五千元",
        "明湖区好邻居超市",
        True,
    ),
    (
        21,
        "penalty",
        "明市监处罚〔2026〕41号",
        "未按规定公示营业执照，责令改正",
        "明湖区新风小吃店",
        False,
    ),
]


def load_report(units: dict[str, Unit], office: User) -> None:
    """This year's government report in preparation, with a review and a lawsuit behind table 四."""
    from gongkai.foi import services as foi
    from gongkai.reports import services as reports

    today = timezone.localdate()
    review = foi.remedy_record(
        actor=office,
        respondent=units["ZJJ"],
        kind="review",
        filed_on=today - timedelta(days=60),
        reference=f"明政复〔{today.year}〕12号",
    )
    foi.remedy_decide(
        actor=office, remedy=review, outcome="upheld", decided_on=today - timedelta(days=10)
    )
    foi.remedy_record(
        actor=office,
        respondent=units["ZRJ"],
        kind="litigation",
        filed_on=today - timedelta(days=20),
        reference=f"（{today.year}）明0102行初88号",
    )
    report = reports.report_create(actor=office, unit=units["GOV"], year=today.year, rollup=True)
    reports.report_edit(
        actor=office,
        report=report,
        overview=(
            f"{today.year}年，明湖区坚持以公开为常态、不公开为例外，围绕主动公开、依申请公开、"
            "政府信息管理、平台建设和监督保障，持续提升政务公开质量。"
        ),
        problems="政策解读的形式仍较单一；部分镇街信息更新不够及时。下一步将推行图解和视频解读，"
        "并按月通报各单位信息发布情况。",
        other="",
    )
