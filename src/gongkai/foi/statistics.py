"""Counts of applications as annual-report table 三 needs them, and the office's working figures.

A year's table: 新收 (received in the year), 上年结转 (received before it, still open on 1 January),
results by row (closed in the year), 结转下年 (received by 31 December, still open then). The
identity 新收 + 上年结转 = 办理结果总计 + 结转下年 holds by construction and is checked in tests.
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth

from gongkai.orgs.models import Unit, User
from gongkai.orgs.permissions import Action, unit_filter

from .models import ApplicantType, InfoRequest
from .rules import CARRIED_ROW, FORWARD_ROW, NEW_ROW, RESULTS, TABLE3_RESULTS, TOTAL_ROW

COLUMNS = [t.value for t in ApplicantType]
COLUMN_LABELS = [t.label for t in ApplicantType] + ["总计"]


@dataclass(frozen=True)
class Row:
    label: str
    group: str
    values: list[int]  # one per applicant type, then the total


@dataclass(frozen=True)
class TableThree:
    year: int
    rows: list[Row]

    def row(self, label: str) -> Row:
        return next(r for r in self.rows if r.label == label)

    def balanced(self) -> bool:
        new, carried = self.rows[0].values[-1], self.rows[1].values[-1]
        results, forward = self.row(TOTAL_ROW).values[-1], self.rows[-1].values[-1]
        return new + carried == results + forward


def _by_type(cases: QuerySet[InfoRequest], extra: str | None = None) -> Counter:
    fields = ["applicant_type", *([extra] if extra else [])]
    counts: Counter = Counter()
    for row in cases.values(*fields).annotate(n=Count("pk")).order_by():
        counts[tuple(row[f] for f in fields)] += row["n"]
    return counts


def _values(counts: Counter, key=lambda t: (t,)) -> list[int]:
    values = [counts.get(key(t), 0) for t in COLUMNS]
    return [*values, sum(values)]


def units_covered(user: User, action: Action) -> QuerySet[Unit]:
    """The units a user's statistics cover: each unit where they hold `action` with every unit
    below it, as an annual report that rolls its units up counts them. Closed units stay in:
    what they received still counts for its year."""
    return Unit.objects.filter(unit_filter(user, action))


def received_by(units: QuerySet[Unit]) -> QuerySet[InfoRequest]:
    """The applications that count for these units' table 三: the ones they received. The
    report states what the agency received and handled (条例第五十条第（二）项), and the reply
    goes out in its name; a case it hands to a department to handle, or to several to
    co-handle, is counted once, for it, and not again for the units that handled it."""
    return InfoRequest.objects.filter(receiver__in=units)


def table_three(year: int, units: QuerySet[Unit]) -> TableThree:
    """Table 三 for `year` over the applications the units received (`received_by`)."""
    cases = received_by(units)
    start, end = date(year, 1, 1), date(year, 12, 31)
    new = _by_type(cases.filter(received_on__range=(start, end)))
    results = _by_type(cases.filter(closed_on__range=(start, end)), "outcome")
    # Still open, and closed after the boundary, counted apart: an OR of the two defeats the
    # (receiver, closed_on, received_on) index on SQLite (see docs/performance.md).
    before, by_end = cases.filter(received_on__lt=start), cases.filter(received_on__lte=end)
    carried = _by_type(before.filter(closed_on__isnull=True)) + _by_type(
        before.filter(closed_on__gte=start)
    )
    forward = _by_type(by_end.filter(closed_on__isnull=True)) + _by_type(
        by_end.filter(closed_on__gt=end)
    )

    rows = [Row(NEW_ROW, "", _values(new)), Row(CARRIED_ROW, "", _values(carried))]
    for (group, label), codes in TABLE3_RESULTS.items():
        counts = Counter({(t,): sum(results.get((t, c), 0) for c in codes) for t in COLUMNS})
        rows.append(Row(label, group, _values(counts)))
    total = Counter({(t,): sum(v for (typ, _), v in results.items() if typ == t) for t in COLUMNS})
    rows.append(Row(TOTAL_ROW, RESULTS, _values(total)))
    rows.append(Row(FORWARD_ROW, "", _values(forward)))
    return TableThree(year, rows)


def per_month(year: int, cases: QuerySet[InfoRequest]) -> list[int]:
    months = dict(
        cases.filter(received_on__year=year)
        .annotate(m=ExtractMonth("received_on"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [months.get(m, 0) for m in range(1, 13)]


def per_unit(year: int, cases: QuerySet[InfoRequest]) -> list[tuple[str, int, int]]:
    """(unit, received in the year, still open) for each handling unit."""
    rows = (
        cases.filter(received_on__year=year)
        .values_list("unit__name")
        .annotate(n=Count("pk"), open=Count("pk", filter=Q(closed_on__isnull=True)))
        .order_by("-n")
    )
    return [(name or "未分办", n, still) for name, n, still in rows]


SUBJECT_NOISE = re.compile(r"[\s《》“”\"'（）()【】\[\]，,。.、：:；;]+")


def repeated_subjects(cases: QuerySet[InfoRequest], threshold: int) -> list[tuple[str, int]]:
    """Information asked for by `threshold` or more applications: a candidate for proactive
    disclosure (条例第四十四条)."""
    counts: Counter = Counter()
    example: dict[str, str] = {}
    for subject in cases.order_by("received_on", "pk").values_list("subject", flat=True):
        key = SUBJECT_NOISE.sub("", subject).lower()
        counts[key] += 1
        example.setdefault(key, subject)
    return [(example[k], n) for k, n in counts.most_common() if n >= threshold]
