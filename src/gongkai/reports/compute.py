"""The annual report's tables computed from the platform's own records.

- 表二 (一): documents of the genre (规章, 行政规范性文件) the units issued: 制发 = made in the year
  (成文日期, else the publication date); 废止 = whose validity was set to 废止 or 失效 in the year
  (both end a document's force, so 现行有效 stays the running balance); 现行有效 = made by 31
  December and valid on that day, read back from the document log.
- 表二 (五)(六): every enforcement decision of the year, published or not (the format says so).
- 表二 (八) 行政事业性收费: the platform keeps no record of it: entered by hand.
- 表三: the applications the units received, as `foi.statistics.table_three` counts them (the
  staff statistics pages count the same ones).
- 表四: reviews and lawsuits filed in the year against the units, by their outcome on 31
  December (not yet decided then = 尚未审结).
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.enforcement.models import Decision
from gongkai.foi.models import CaseEvent, Remedy, RemedyOutcome
from gongkai.foi.rules import Step
from gongkai.foi.statistics import table_three
from gongkai.orgs.models import Unit
from gongkai.publishing.models import Document, DocumentEvent, DocumentKind

from . import format as fmt

GENRES = {"规章": "regulation", "行政规范性文件": "normative"}
ENFORCEMENT = {"行政许可": "permit", "行政处罚": "penalty", "行政强制": "compulsory"}
ENDED = ("repealed", "expired")


@dataclass(frozen=True)
class Scope:
    unit: Unit
    year: int
    rollup: bool

    def units(self) -> QuerySet[Unit]:
        if self.rollup:
            return Unit.objects.filter(path__startswith=self.unit.path)
        return Unit.objects.filter(pk=self.unit.pk)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    def end_of_year(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end, time.max))


def compute(scope: Scope) -> fmt.Tables:
    return fmt.Tables(table2=_table2(scope), table3=_table3(scope), table4=_table4(scope))


# -- 表二 -------------------------------------------------------------------------------------
def _table2(scope: Scope) -> dict[tuple[str, str, str], fmt.Figure]:
    figures: dict[tuple[str, str, str], fmt.Figure] = {}
    first, permits, measures, charges = fmt.TABLE2
    for row in first.rows:
        made, ended, valid = _documents(scope, GENRES[row])
        for column, value in zip(first.columns, (made, ended, valid), strict=True):
            figures[(first.item, row, column)] = value
    decided = Counter(
        Decision.objects.filter(unit__in=scope.units(), decided_on__year=scope.year)
        .values_list("kind", flat=True)
        .order_by()
    )
    for item in (permits, measures):
        for row in item.rows:
            figures[(item.item, row, item.columns[0])] = decided[ENFORCEMENT[row]]
    figures[(charges.item, charges.rows[0], charges.columns[0])] = None
    return figures


def _documents(scope: Scope, genre: str) -> tuple[int, int, int]:
    ever = Document.objects.filter(
        issuer__in=scope.units(),
        genre=genre,
        kind=DocumentKind.DOCUMENT,
        published_at__isnull=False,
    )
    made_in = Q(written_on__year=scope.year) | Q(
        written_on__isnull=True, published_at__year=scope.year
    )
    made_by = Q(written_on__lte=scope.end) | Q(
        written_on__isnull=True, published_at__lte=scope.end_of_year()
    )
    changes = _validity_changes(ever)
    ended = {
        pk
        for pk, moves in changes.items()
        for at, _, to in moves
        if to in ENDED and timezone.localdate(at).year == scope.year
    }
    valid = 0
    for pk, validity in ever.filter(made_by).values_list("pk", "validity"):
        valid += _validity_on(scope.end_of_year(), validity, changes.get(pk, [])) == "valid"
    return ever.filter(made_in).count(), len(ended), valid


def _validity_changes(documents: QuerySet[Document]) -> dict[int, list[tuple[datetime, str, str]]]:
    changes: dict[int, list[tuple[datetime, str, str]]] = {}
    events = DocumentEvent.objects.filter(
        document__in=documents, action="updated", details__changes__has_key="validity"
    ).order_by("at", "pk")
    for pk, at, details in events.values_list("document_id", "at", "details"):
        move = details["changes"]["validity"]
        changes.setdefault(pk, []).append((at, move["from"], move["to"]))
    return changes


def _validity_on(moment: datetime, now: str, moves: list[tuple[datetime, str, str]]) -> str:
    """The validity a document had at `moment`, from today's value and its changes since."""
    later = [m for m in moves if m[0] > moment]
    return later[0][1] if later else now


# -- 表三 -------------------------------------------------------------------------------------
def _table3(scope: Scope) -> list[list[fmt.Figure]]:
    table = table_three(scope.year, scope.units())
    return [list(row.values) for row in table.rows]


# -- 表四 -------------------------------------------------------------------------------------
def _table4(scope: Scope) -> list[fmt.Figure]:
    filed = Remedy.objects.filter(respondent__in=scope.units(), filed_on__year=scope.year)
    counts = Counter()
    for kind, outcome, decided_on in filed.values_list("kind", "outcome", "decided_on"):
        decided = decided_on is not None and decided_on <= scope.end
        counts[(kind, outcome if decided else RemedyOutcome.PENDING)] += 1
    order = [
        RemedyOutcome.UPHELD,
        RemedyOutcome.CORRECTED,
        RemedyOutcome.OTHER,
        RemedyOutcome.PENDING,
    ]
    values: list[fmt.Figure] = []
    for kind in ("review", "litigation", "litigation_after_review"):
        group = [counts[(kind, o)] for o in order]
        values += [*group, sum(group)]
    return values


# -- 六、其他需要报告的事项 ---------------------------------------------------------------------
def fees_collected(scope: Scope) -> Decimal:
    """信息处理费 paid in the year, in yuan (国办函〔2020〕109号; reported in section 六)."""
    paid = CaseEvent.objects.filter(
        case__receiver__in=scope.units(), action=Step.FEE_PAID, on__year=scope.year
    )
    total = sum(Decimal(d.get("amount", 0)) for d in paid.values_list("details", flat=True))
    return Decimal(total)
