"""The office's figures for a year: applications per month and outcome, how long they took in
working days, how many were answered on time, and documents published per unit per month."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import ExtractMonth, TruncDate

from gongkai.calendar.rules import DayOracle
from gongkai.calendar.workdays import oracle
from gongkai.foi.models import InfoRequest
from gongkai.foi.rules import OTHER, OUTCOME_BY_CODE, RESULT_GROUPS
from gongkai.foi.statistics import per_month, received_by
from gongkai.orgs.models import Unit
from gongkai.publishing.models import Document

MONTHS = range(1, 13)


@dataclass(frozen=True)
class Handling:
    closed: int
    average_days: float | None  # working days from receipt to closing
    longest_days: int | None
    on_time: int  # closed on or before the due date

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.closed if self.closed else None


@dataclass(frozen=True)
class YearFigures:
    year: int
    received: list[int]  # per month
    closed_by_group: list[tuple[str, list[int]]]  # outcome group, per month
    handling: Handling
    documents: list[tuple[str, list[int], int]]  # unit, per month, year total


def year_figures(units: QuerySet[Unit], year: int, days: DayOracle | None = None) -> YearFigures:
    cases = received_by(units)
    return YearFigures(
        year=year,
        received=per_month(year, cases),
        closed_by_group=_closed_by_group(cases, year),
        handling=handling(cases.filter(closed_on__year=year), days or oracle()),
        documents=_documents_per_unit(units, year),
    )


def _closed_by_group(cases: QuerySet[InfoRequest], year: int) -> list[tuple[str, list[int]]]:
    counts: Counter = Counter()
    rows = (
        cases.filter(closed_on__year=year)
        .annotate(m=ExtractMonth("closed_on"))
        .values_list("m", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for month, outcome, n in rows:
        known = OUTCOME_BY_CODE.get(outcome)
        counts[(known.group if known else OTHER, month)] += n
    return [(g, [counts[(g, m)] for m in MONTHS]) for g in RESULT_GROUPS]


def handling(closed: QuerySet[InfoRequest], days: DayOracle) -> Handling:
    """Working days from receipt to closing, counted with one running index over the calendar
    (one lookup per case, however many cases)."""
    pairs = list(closed.values_list("received_on", "closed_on").order_by())
    on_time = closed.filter(Q(due_on__isnull=True) | Q(closed_on__lte=F("due_on"))).count()
    if not pairs:
        return Handling(0, None, None, on_time)
    index = _working_day_index(min(p[0] for p in pairs), max(p[1] for p in pairs), days)
    spans = [index[end] - index[start] for start, end in pairs]
    return Handling(len(spans), sum(spans) / len(spans), max(spans), on_time)


def _working_day_index(first: date, last: date, days: DayOracle) -> dict[date, int]:
    """For each day, how many working days there are from `first` up to and including it."""
    index, count, day = {}, 0, first
    while day <= last:
        count += days(day).working and day != first
        index[day] = count
        day += timedelta(days=1)
    return index


def _documents_per_unit(units: QuerySet[Unit], year: int) -> list[tuple[str, list[int], int]]:
    rows = (
        Document.objects.published()
        .filter(issuer__in=units, published_at__year=year)
        .annotate(day=TruncDate("published_at"))
        .values_list("issuer__name", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: Counter = Counter()
    for name, day, n in rows:
        counts[(name, day.month)] += n
    names = sorted({name for name, _ in counts}, key=lambda n: -sum(counts[(n, m)] for m in MONTHS))
    return [
        (n, [counts[(n, m)] for m in MONTHS], sum(counts[(n, m)] for m in MONTHS)) for n in names
    ]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str


def bars(values: list[int], labels: list[str], width: int = 600, height: int = 160) -> list[Bar]:
    """A bar chart's rectangles, drawn as SVG on the page (no script, no outside host)."""
    top, step = max([*values, 1]), width / max(len(values), 1)
    return [
        Bar(
            i * step + step * 0.15,
            height - height * v / top,
            step * 0.7,
            height * v / top,
            v,
            label,
        )
        for i, (v, label) in enumerate(zip(values, labels, strict=True))
    ]
