"""Statutory and house rules for published documents (plain Python)."""

import re
from enum import StrEnum
from typing import Final

from gongkai.core.transitions import Transitions


class Status(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"  # through the review chain, waiting for its publication time
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


STATUS_LABELS = {
    Status.DRAFT: "草稿",
    Status.IN_REVIEW: "审核中",
    Status.APPROVED: "待发布",
    Status.PUBLISHED: "已发布",
    Status.WITHDRAWN: "已撤下",
}


class Transition(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"  # a step of the chain that is not the last
    APPROVE_LAST = "approve_last"
    RETURN = "return"
    PUBLISH = "publish"
    IMPORT = "import"  # already published elsewhere (a migration from an old CMS)
    WITHDRAW = "withdraw"


# Every allowed status change; anything else is refused. Nothing reaches the portal without
# the review chain, except documents imported as already published. A withdrawn document goes
# through the chain again and keeps its 索引号.
DOCUMENT_TRANSITIONS = Transitions(
    table={
        (Status.DRAFT, Transition.SUBMIT): Status.IN_REVIEW,
        (Status.WITHDRAWN, Transition.SUBMIT): Status.IN_REVIEW,
        (Status.IN_REVIEW, Transition.APPROVE): Status.IN_REVIEW,
        (Status.IN_REVIEW, Transition.APPROVE_LAST): Status.APPROVED,
        (Status.IN_REVIEW, Transition.RETURN): Status.DRAFT,
        (Status.APPROVED, Transition.RETURN): Status.DRAFT,
        (Status.APPROVED, Transition.PUBLISH): Status.PUBLISHED,
        (Status.DRAFT, Transition.IMPORT): Status.PUBLISHED,
        (Status.PUBLISHED, Transition.WITHDRAW): Status.WITHDRAWN,
    },
    states=STATUS_LABELS,
    transitions={
        Transition.SUBMIT: "提交审核",
        Transition.APPROVE: "审核通过",
        Transition.APPROVE_LAST: "审核通过",
        Transition.RETURN: "退回",
        Transition.PUBLISH: "发布",
        Transition.IMPORT: "作为已发布文件导入",
        Transition.WITHDRAW: "撤下",
    },
    thing="文件",
)


def next_status(current: Status, transition: Transition) -> Status:
    return Status(DOCUMENT_TRANSITIONS.next(current, transition))


# 公开属性认定: why information is not proactively disclosed (条例第十四、十五、十六条 for
# 不予公开; 第十九条 read the other way for 依申请公开: not of public concern).
DISCLOSURE_GROUNDS: dict[str, tuple[str, str]] = {
    "state_secret": ("依法确定为国家秘密", "条例第十四条"),
    "prohibited": ("法律、行政法规禁止公开", "条例第十四条"),
    "security": ("公开后可能危及国家安全、公共安全、经济安全、社会稳定", "条例第十四条"),
    "third_party": ("涉及商业秘密、个人隐私等，公开会损害第三方合法权益", "条例第十五条"),
    "internal": ("行政机关内部事务信息", "条例第十六条第一款"),
    "process": ("过程性信息", "条例第十六条第二款"),
    "enforcement_file": ("行政执法案卷信息", "条例第十六条第二款"),
    "specific_party": ("仅涉及特定对象，不属于需要社会公众广泛知晓的信息", "条例第十九条"),
}
# Which grounds each disclosure attribute may give.
GROUNDS_FOR = {
    "on_request": ("specific_party", "third_party", "process"),
    "withheld": (
        "state_secret",
        "prohibited",
        "security",
        "third_party",
        "internal",
        "process",
        "enforcement_file",
    ),
}


def check_attribute(mode: str, ground: str, negative_item: bool) -> str | None:
    """公开属性认定: proactive needs nothing more; 依申请公开 and 不予公开 need a legal ground or an
    item of the unit's 负面清单. Returns the problem, or None."""
    if mode == "proactive":
        return None
    if negative_item:
        return None
    if ground not in GROUNDS_FOR.get(mode, ()):
        return "依申请公开或不予公开须选择法定理由或负面清单事项"
    return None


POLICY_GENRES = frozenset({"regulation", "normative", "policy"})


def check_interpretation(genre: str, interpreted: bool, exempt: bool) -> str | None:
    """政策文件与解读材料同步 (“不解读不运转”): a policy needs a linked interpretation unless the
    office recorded an exemption with its reason."""
    if genre in POLICY_GENRES and not interpreted and not exempt:
        return "政策文件须关联政策解读后才能发布，或由政务公开办登记免于解读的理由"
    return None


SERIAL_DIGITS = 5
INDEX_NO = re.compile(r"^(?P<issuer>[0-9A-Za-z-]{2,30})/(?P<year>\d{4})-(?P<serial>\d{5})$")


def format_index_no(issuer_code: str, year: int, serial: int) -> str:
    """索引号: issuer code / year - 5-digit serial, e.g. 11441700007280420Y/2021-00050.

    The layout follows the 政府信息公开目录 convention of the gov.cn platform (DESIGN.md).
    """
    if not 1 <= serial < 10**SERIAL_DIGITS:
        raise ValueError(f"serial {serial} out of range for {SERIAL_DIGITS} digits")
    return f"{issuer_code}/{year:04d}-{serial:0{SERIAL_DIGITS}d}"


def parse_index_no(value: str) -> tuple[str, int, int]:
    match = INDEX_NO.match(value.strip())
    if not match:
        raise ValueError(f"不是有效的索引号：{value}")
    return match["issuer"], int(match["year"]), int(match["serial"])


# 三审三校: the default review chain (order, step name, reviewing role, whether the 保密审查
# checklist is recorded at this step), seeded into the editable chain on installation.
DEFAULT_CHAIN: Final = (
    (1, "初审", "reviewer", False),
    (2, "复审", "office", True),
    (3, "终审", "leader", False),
)


# 保密审查: what the reviewer at the secrecy step confirms (《中华人民共和国保守国家秘密法》,
# 条例第十七条). All must be ticked.
SECRECY_CHECKLIST = {
    "no_state_secret": "不涉及国家秘密",
    "no_work_secret": "不涉及工作秘密和内部敏感信息",
    "no_privacy": "不涉及商业秘密和个人隐私，或已依法处理",
    "attribute_right": "公开属性认定正确",
}
