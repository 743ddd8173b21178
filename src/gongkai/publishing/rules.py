"""Statutory and house rules for published documents (plain Python)."""

import re
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Transition(StrEnum):
    PUBLISH = "publish"
    WITHDRAW = "withdraw"


# Every allowed status change; anything else is refused. A withdrawn document may be published
# again (after correction) and keeps its 索引号.
TRANSITIONS: dict[tuple[Status, Transition], Status] = {
    (Status.DRAFT, Transition.PUBLISH): Status.PUBLISHED,
    (Status.WITHDRAWN, Transition.PUBLISH): Status.PUBLISHED,
    (Status.PUBLISHED, Transition.WITHDRAW): Status.WITHDRAWN,
}


class TransitionError(ValueError):
    pass


def next_status(current: Status, transition: Transition) -> Status:
    try:
        return TRANSITIONS[(current, transition)]
    except KeyError:
        raise TransitionError(f"状态为“{current}”的文件不能执行“{transition}”") from None


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
