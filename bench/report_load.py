"""Filling a database for the annual-report benchmark: one district government with 50 units
under it and ten years of applications, documents, enforcement decisions and remedies.

Rows go in with raw bulk writes — COPY on PostgreSQL, one prepared INSERT run over many rows
(executemany) on SQLite — with explicit ids, so that ten years of data load in minutes; only the
51 units go through the service (unit_create sets the materialised path). Nothing here runs the
case or document workflow: the stored fields the report reads (state, outcome, due and closing
dates, validity and its change log) are written as the services would have derived them.

Volumes for N applications (N = 1,000,000 by default):

- InfoRequest: N, received 1 January of the first year to the as-of date (the load day),
  growing about 6 % a year, on weekdays mostly; mixes of applicant type, channel and outcome
  below; due 28 days after receipt (56 when extended); closed 2–120 days after receipt, so
  December cases close in January; still open if that is after the as-of date, plus 0.1 %
  never closed.
- CaseEvent: one "received" event per case, one closing event per closed case ("replied", or
  the lapse), and for 0.5 % of closed cases a fee notice and a "fee_paid" event with its amount.
- Remedy: reviews and lawsuits about 0.3 % of closed cases (1.5 % of refusals).
- Document: N / 5, of which 12.5 % 行政规范性文件 and a few 规章; 3 % drafts; each published
  document has a "created" and a "published" event, 5 % a title edit, and a quarter of the
  normative documents and regulations a validity change (expired / repealed), a few a second one.
- Decision: N / 5 enforcement decisions by the departments and towns.
"""

import hashlib
import json
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.management.color import no_style
from django.db import connection, models, transaction

from gongkai.core.actors import SYSTEM, ActorKind
from gongkai.enforcement.models import Decision
from gongkai.foi.models import CaseEvent, InfoRequest, Remedy
from gongkai.foi.rules import LAPSE_OUTCOMES, OUTCOMES
from gongkai.orgs.models import Unit, UnitKind, User
from gongkai.orgs.services import unit_create
from gongkai.publishing.models import Document, DocumentEvent
from gongkai.publishing.taxonomy import GENRES, TOPICS

SEED = 2026
CHUNK = 50_000
TZ = ZoneInfo("Asia/Shanghai")
MARKER = "bench_report_load"  # a table of our own: this database holds a report-bench load
GOVERNMENT_CODE = "BENCH-R-000"
DEPARTMENTS, TOWNS = 30, 20
YEARS = 10

APPLICANT_TYPES = {
    "natural": 84.0,
    "business": 9.0,
    "research": 0.4,
    "nonprofit": 0.6,
    "legal_service": 3.0,
    "other_org": 3.0,
}
CHANNELS = {
    "online": 60.0,
    "email": 5.0,
    "fax": 0.5,
    "in_person": 15.0,
    "registered_post": 15.0,
    "ordinary_post": 4.5,
}
# Shares of closed cases, in per cent; an outcome not listed here gets 0.5.
OUTCOME_SHARES = {
    "disclosed": 30.0,
    "disclosed_published": 8.0,
    "partial": 6.0,
    "withheld_secret": 0.3,
    "withheld_prohibited": 0.3,
    "withheld_safety": 0.3,
    "withheld_third_party": 2.0,
    "withheld_internal": 0.7,
    "withheld_process": 1.5,
    "withheld_enforcement": 0.5,
    "withheld_inquiry": 1.5,
    "unavailable_not_held": 25.0,
    "unavailable_needs_making": 3.0,
    "unavailable_unclear": 1.5,
    "not_handled_petition": 5.0,
    "not_handled_repeat": 4.0,
    "not_handled_publication": 0.3,
    "not_handled_excessive": 1.0,
    "not_handled_confirmation": 0.8,
    "other_no_clarification": 3.0,
    "other_unpaid_fee": 0.3,
    "other": 5.0,
}
DECISION_KINDS = {"permit": 55, "penalty": 30, "compulsory": 3, "inspection": 10, "other": 2}
OPEN_STATES = ["handling", "handling", "handling", "clarifying", "consulting", "awaiting_fee"]
SURNAMES = "张王李赵刘陈杨黄"
OTHER_GENRES = [code for code, _ in GENRES if code not in ("regulation", "normative")]
TOPIC_CODES = [code for code, _ in TOPICS]
SUBJECTS = [
    "{year}年{place}征收补偿方案",
    "{place}建设项目环境影响评价文件",
    "{place}地块规划许可证及附图",
    "{year}年度{place}财政预算执行情况",
    "{place}违法建设查处记录",
    "{place}拆迁安置人员名单",
    "{year}年{place}道路改造工程招标文件",
    "{place}农村集体土地征收批复",
    "关于{place}的信访处理意见",
    "{place}企业行政处罚决定书",
]
PLACES = ["城东片区", "城西片区", "滨江新区", "高新园区", "老城区", "北湖村", "南山社区", "开发区"]


@dataclass
class LoadStats:
    applications: int
    seed: int
    as_of: str
    first_year: int
    government_id: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    complete: bool = False


# -- the marker -------------------------------------------------------------------------------
def marker() -> dict | None:
    """The stats of the load this database holds, or None if it holds no report-bench load."""
    if MARKER not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT stats FROM {MARKER}")  # noqa: S608 — a constant name
        row = cursor.fetchone()
    return json.loads(row[0]) if row else {}


def _write_marker(stats: LoadStats) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        if MARKER not in connection.introspection.table_names():
            cursor.execute(f"CREATE TABLE {MARKER} (stats TEXT NOT NULL)")
        cursor.execute(f"DELETE FROM {MARKER}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {MARKER} (stats) VALUES (%s)",  # noqa: S608
            [json.dumps(stats.__dict__, ensure_ascii=False)],
        )


def counts() -> dict[str, int]:
    tables = (Unit, InfoRequest, CaseEvent, Remedy, Document, DocumentEvent, Decision)
    return {model.__name__: model.objects.count() for model in tables}


# -- raw bulk writes ----------------------------------------------------------------------------
class Writer:
    """Rows of one model's columns, written with COPY (PostgreSQL) or executemany (SQLite).
    Values are Python values: dates, aware datetimes, dicts for JSON fields."""

    def __init__(self, model: type[models.Model], names: Sequence[str]) -> None:
        opts = model._meta
        fields = [opts.get_field(name) for name in names]
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in fields)
        table = qn(opts.db_table)
        self.postgres = connection.vendor == "postgresql"
        if self.postgres:
            self.sql = f"COPY {table} ({columns}) FROM STDIN"
        else:
            marks = ", ".join(["%s"] * len(fields))
            self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        self.convert: list[tuple[int, Callable]] = []
        for i, f in enumerate(fields):
            if isinstance(f, models.JSONField):
                self.convert.append((i, json.dumps))
            elif self.postgres:
                continue
            elif isinstance(f, models.DateTimeField):
                self.convert.append((i, connection.ops.adapt_datetimefield_value))
            elif isinstance(f, models.DateField):
                self.convert.append((i, date.isoformat))
        self.written = 0

    def write(self, rows: Iterable[tuple]) -> None:
        prepared = []
        for row in rows:
            if self.convert:
                row = list(row)
                for i, fn in self.convert:
                    if row[i] is not None:
                        row[i] = fn(row[i])
            prepared.append(row)
        with transaction.atomic(), connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(self.sql) as copy:
                    for row in prepared:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, prepared)
        self.written += len(prepared)


# -- dates ----------------------------------------------------------------------------------------
def _days(first: date, last: date, *, growth: float = 0.06, weekend: float = 0.15):
    """Every day from first to last and a cumulative weight for drawing days: more each year,
    fewer at weekends."""
    days, cum, total, day = [], [], 0.0, first
    while day <= last:
        total += (1 + growth * (day.year - first.year)) * (weekend if day.weekday() >= 5 else 1)
        days.append(day)
        cum.append(total)
        day += timedelta(days=1)
    return days, cum


def _at(day: date, rng: random.Random, first_hour: int = 8, last_hour: int = 18) -> datetime:
    return datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(first_hour, last_hour - 1),
        rng.randrange(60),
        rng.randrange(60),
        tzinfo=TZ,
    )


def _weighted(shares: dict[str, float]) -> tuple[list[str], list[float]]:
    keys = list(shares)
    return keys, [shares[k] for k in keys]


# -- the load -----------------------------------------------------------------------------------
def load(applications: int, as_of: date, *, seed: int = SEED, progress=print) -> LoadStats:
    """Load into an empty (migrated) database; returns the stats also kept in the marker."""
    if counts()["InfoRequest"] or counts()["Document"]:
        raise SystemExit("the database already holds applications or documents")
    stats = LoadStats(applications, seed, as_of.isoformat(), as_of.year - YEARS + 1)
    _write_marker(stats)  # incomplete until the end: an interrupted load is never reused
    rng = random.Random(seed)
    started = time.perf_counter()

    def phase(name: str, t0: float) -> float:
        now = time.perf_counter()
        stats.seconds[name] = round(now - t0, 2)
        progress(f"   {name}: {now - t0:.1f} s")
        return now

    t = time.perf_counter()
    government, departments, towns = _units()
    stats.government_id = government.pk
    user, _ = User.objects.get_or_create(username="bench-report", defaults={"is_active": False})
    t = phase("units", t)
    first = date(stats.first_year, 1, 1)
    _documents(applications // 5, [government, *departments, *towns], first, as_of, rng, progress)
    t = phase("documents and their events", t)
    _decisions(applications // 5, departments, towns, user, first, as_of, rng)
    t = phase("decisions", t)
    _applications(applications, [government, *departments, *towns], first, as_of, rng, progress)
    t = phase("applications, case events, remedies", t)
    _finish()
    t = phase("sequences, statistics, checkpoint", t)
    stats.seconds["total"] = round(time.perf_counter() - started, 2)
    stats.counts = counts()
    stats.complete = True
    _write_marker(stats)
    return stats


def _units() -> tuple[Unit, list[Unit], list[Unit]]:
    government = unit_create(
        actor=SYSTEM,
        name="基准区人民政府",
        kind=UnitKind.GOVERNMENT,
        code=GOVERNMENT_CODE,
        sort_order=0,
    )
    departments = [
        unit_create(
            actor=SYSTEM,
            name=f"基准区第{i}局",
            kind=UnitKind.DEPARTMENT,
            code=f"BENCH-R-D{i:02d}",
            parent=government,
            sort_order=i,
        )
        for i in range(1, DEPARTMENTS + 1)
    ]
    towns = [
        unit_create(
            actor=SYSTEM,
            name=f"基准区第{i}镇",
            kind=UnitKind.TOWN,
            code=f"BENCH-R-T{i:02d}",
            parent=government,
            sort_order=100 + i,
        )
        for i in range(1, TOWNS + 1)
    ]
    return government, departments, towns


def _unit_weights(units: list[Unit]) -> list[float]:
    # A few units (land, housing, planning …) get most applications: Zipf-like by position.
    return [1 / (rank**0.9) for rank in range(1, len(units) + 1)]


def _documents(
    total: int,
    issuers: list[Unit],
    first: date,
    as_of: date,
    rng: random.Random,
    progress: Callable,
) -> None:
    days, cum = _days(first, as_of)
    weights = _unit_weights(issuers)
    doc_writer = Writer(
        Document,
        [
            "id", "kind", "title", "body", "issuer", "doc_no", "written_on", "published_at",
            "topic", "genre", "validity", "disclosure_mode", "keywords", "status",
            "disclosure_ground", "review_stage", "interpretation_exempt_reason",
            "created_at", "updated_at",
        ],
    )  # fmt: skip
    # Loaded as a migration would be: by the platform, not by a person.
    event_writer = Writer(
        DocumentEvent, ["id", "document", "at", "action", "reason", "details", "actor_kind"]
    )
    base = Document.objects.aggregate(m=models.Max("id"))["m"] or 0
    event_id = DocumentEvent.objects.aggregate(m=models.Max("id"))["m"] or 0
    genres = ["normative", "regulation", "other"]
    genre_weights = [12.5, 0.05, 87.45]
    for start in range(0, total, CHUNK):
        n = min(CHUNK, total - start)
        published = rng.choices(days, cum_weights=cum, k=n)
        issuer_of = rng.choices(issuers, weights=weights, k=n)
        kinds = rng.choices(genres, weights=genre_weights, k=n)
        docs, events = [], []
        for i in range(n):
            pk = base + start + i + 1
            issuer, day = issuer_of[i], published[i]
            genre = kinds[i] if kinds[i] != "other" else rng.choice(OTHER_GENRES)
            policy = genre in ("normative", "regulation")
            draft = rng.random() < 0.03
            published_at = None if draft else _at(day, rng)
            written = day - timedelta(days=rng.randint(1, 20))
            written_on = None if rng.random() < 0.03 else written
            created = _at(written, rng)
            validity = "valid" if policy or rng.random() < 0.4 else "na"
            year = day.year
            title = f"{issuer.name}关于{rng.choice(PLACES)}{genre}事项的文件（{year}-{pk}）"
            moves = []
            if policy and published_at and rng.random() < 0.25:
                earliest = day + timedelta(days=180)
                if earliest < as_of:
                    when = earliest + timedelta(days=rng.randrange((as_of - earliest).days + 1))
                    to = "expired" if rng.random() < 0.6 else "repealed"
                    moves.append((when, "valid", to))
                    if rng.random() < 0.08 and when + timedelta(days=30) < as_of:
                        back = when + timedelta(days=rng.randint(30, (as_of - when).days))
                        moves.append((back, to, "valid"))
                    validity = moves[-1][2]
            docs.append(
                (
                    pk, "document", title, f"{title}。正文从略。", issuer.pk,
                    f"基准〔{year}〕{pk}号", written_on, published_at,
                    rng.choice(TOPIC_CODES), genre, validity, "proactive", "",
                    "draft" if draft else "published", "", 0, "", created,
                    published_at or created,
                )
            )  # fmt: skip
            event_id += 1
            events.append((event_id, pk, created, "created", "", {"title": title}))
            if published_at:
                event_id += 1
                events.append((event_id, pk, published_at, "published", "", {}))
                if rng.random() < 0.05:
                    event_id += 1
                    change = {"title": {"from": title + "（草稿）", "to": title}}
                    events.append((event_id, pk, created, "updated", "", {"changes": change}))
            for when, old, new in moves:
                event_id += 1
                change = {"validity": {"from": old, "to": new}}
                events.append(
                    (event_id, pk, _at(when, rng), "updated", "文件有效性变化", {"changes": change})
                )
        doc_writer.write(docs)
        event_writer.write([(*event, ActorKind.SYSTEM) for event in events])
        progress(f"   {doc_writer.written:,} documents, {event_writer.written:,} events")


def _decisions(
    total: int,
    departments: list[Unit],
    towns: list[Unit],
    user: User,
    first: date,
    as_of: date,
    rng: random.Random,
) -> None:
    days, cum = _days(first, as_of, growth=0.04, weekend=0.05)
    units = departments + towns
    weights = _unit_weights(departments) + [0.05] * len(towns)
    kinds, kind_weights = _weighted(DECISION_KINDS)
    writer = Writer(
        Decision,
        [
            "id", "unit", "kind", "decision_no", "title", "party", "summary", "basis",
            "decided_on", "publish_due", "published_at", "revoked_on", "withdraw_due",
            "withdrawn_at", "withdraw_reason", "created_by", "created_at",
        ],
    )  # fmt: skip
    base = Decision.objects.aggregate(m=models.Max("id"))["m"] or 0
    now = datetime.combine(as_of, datetime.min.time(), tzinfo=TZ) + timedelta(hours=18)
    for start in range(0, total, CHUNK):
        n = min(CHUNK, total - start)
        decided = rng.choices(days, cum_weights=cum, k=n)
        unit_of = rng.choices(units, weights=weights, k=n)
        kind_of = rng.choices(kinds, weights=kind_weights, k=n)
        rows = []
        for i in range(n):
            pk = base + start + i + 1
            day, kind = decided[i], kind_of[i]
            due = day + timedelta(days=9 if kind in ("permit", "penalty") else 28)
            published = _at(day + timedelta(days=rng.randint(1, 8)), rng)
            published = published if published < now else None
            revoked = withdraw_due = withdrawn = None
            reason = ""
            if published and kind == "penalty" and rng.random() < 0.01:
                revoked = day + timedelta(days=rng.randint(30, 200))
                if revoked < as_of:
                    withdraw_due = revoked + timedelta(days=5)
                    withdrawn = _at(revoked + timedelta(days=2), rng)
                    withdrawn = withdrawn if withdrawn < now else None
                    reason = "复议决定撤销" if withdrawn else ""
                else:
                    revoked = None
            rows.append(
                (
                    pk, unit_of[i].pk, kind, f"基执〔{day.year}〕{pk}号", f"{kind}决定书",
                    f"{rng.choice(SURNAMES)}某某", "主要内容从略。", "有关法律法规",
                    day, due, published, revoked, withdraw_due, withdrawn, reason, user.pk,
                    _at(day, rng),
                )
            )  # fmt: skip
        writer.write(rows)


def _applications(
    total: int,
    receivers: list[Unit],
    first: date,
    as_of: date,
    rng: random.Random,
    progress: Callable,
) -> None:
    days, cum = _days(first, as_of)
    weights = _unit_weights(receivers)
    types, type_weights = _weighted(APPLICANT_TYPES)
    channels, channel_weights = _weighted(CHANNELS)
    outcomes = [o.code for o in OUTCOMES]
    outcome_weights = [OUTCOME_SHARES.get(code, 0.5) for code in outcomes]
    case_writer = Writer(
        InfoRequest,
        [
            "id", "registration_no", "query_code_digest", "channel", "applicant_type", "name",
            "id_type", "id_number", "contact_person", "phone", "email", "address", "postcode",
            "subject", "doc_no", "description", "purpose", "delivery_form", "delivery_way",
            "submitted_at", "received_on", "receipt_confirmed_by", "receiver", "unit", "state",
            "due_on", "clock_note", "outcome", "closed_on", "fee_amount", "created_at",
            "updated_at",
        ],
    )  # fmt: skip
    event_writer = Writer(
        CaseEvent, ["id", "case", "at", "action", "reason", "details", "on", "actor_kind"]
    )
    remedy_writer = Writer(
        Remedy,
        ["id", "respondent", "case", "kind", "reference", "filed_on", "outcome", "decided_on"],
    )
    base = InfoRequest.objects.aggregate(m=models.Max("id"))["m"] or 0
    event_id = CaseEvent.objects.aggregate(m=models.Max("id"))["m"] or 0
    remedy_id = Remedy.objects.aggregate(m=models.Max("id"))["m"] or 0
    serials: dict[int, int] = {}
    for start in range(0, total, CHUNK):
        n = min(CHUNK, total - start)
        received_days = rng.choices(days, cum_weights=cum, k=n)
        receiver_of = rng.choices(receivers, weights=weights, k=n)
        type_of = rng.choices(types, weights=type_weights, k=n)
        channel_of = rng.choices(channels, weights=channel_weights, k=n)
        outcome_of = rng.choices(outcomes, weights=outcome_weights, k=n)
        cases, events, remedies = [], [], []
        for i in range(n):
            pk = base + start + i + 1
            received, receiver, applicant = received_days[i], receiver_of[i], type_of[i]
            channel, outcome = channel_of[i], outcome_of[i]
            serials[received.year] = serial = serials.get(received.year, 0) + 1
            person = applicant == "natural"
            r = rng.random()
            if r < 0.70:
                delay = rng.randint(2, 27)
            elif r < 0.90:
                delay = rng.randint(14, 28)
            elif r < 0.98:
                delay = rng.randint(29, 56)  # extended (第三十三条)
            else:
                delay = rng.randint(57, 120)  # late
            extended = delay > 28 and rng.random() < 0.8
            due = received + timedelta(days=56 if extended else 28)
            closed = received + timedelta(days=delay)
            if closed > as_of or rng.random() < 0.001:
                closed, outcome = None, ""
            if closed is None:
                age = (as_of - received).days
                state = "new" if age < 3 else rng.choice(OPEN_STATES)
            elif outcome in LAPSE_OUTCOMES:
                state = "ended"
            else:
                state = "archived" if (as_of - closed).days > 90 else "delivered"
            submitted = _at(received - timedelta(days=rng.randint(0, 2)), rng, 0, 24)
            received_at = _at(received, rng)
            closed_at = _at(closed, rng) if closed else None
            place = rng.choice(PLACES)
            asked_year = received.year - rng.randint(0, 3)
            subject = rng.choice(SUBJECTS).format(year=asked_year, place=place)
            name = f"{rng.choice(SURNAMES)}某{pk % 97}" if person else f"某某公司{pk % 991}"
            fee = 0  # a lapsed application's fee is cleared (fee_lapse), so only the paid keep one
            if closed and outcome not in LAPSE_OUTCOMES and rng.random() < 0.005:
                fee = rng.choice([100, 100, 100, 200, 300, 50, 80, 150])
            cases.append(
                (
                    pk, f"依申〔{received.year}〕{serial:06d}号",
                    hashlib.sha256(pk.to_bytes(8, "big")).hexdigest(), channel, applicant,
                    name,
                    ("id_card" if rng.random() < 0.96 else "passport") if person else "credit_code",
                    f"{rng.randrange(10**17, 10**18)}", "", f"139{rng.randrange(10**8):08d}",
                    "", f"{place}某路{pk % 300}号", "", subject, "", "", "",
                    "electronic" if rng.random() < 0.6 else "paper",
                    rng.choice(["online", "email", "post", "pickup"]), submitted, received, "",
                    receiver.pk, None if state == "new" else receiver.pk, state, due,
                    "已延长答复期限" if extended else "", outcome, closed, fee, submitted,
                    closed_at or received_at,
                )
            )  # fmt: skip
            event_id += 1
            events.append(
                (event_id, pk, received_at, "received", "", {"channel": channel}, received)
            )
            if fee:
                notified = received + timedelta(days=rng.randint(1, max(1, delay // 3)))
                paid = min(closed, notified + timedelta(days=rng.randint(1, 20)))
                pay_by = (notified + timedelta(days=28)).isoformat()
                notice = {"pause": "fee", "amount": fee, "pay_by": pay_by}
                notified_at, paid_at = _at(notified, rng), _at(paid, rng)
                events.append((event_id + 1, pk, notified_at, "fee_notified", "", notice, notified))
                events.append((event_id + 2, pk, paid_at, "fee_paid", "", {"amount": fee}, paid))
                event_id += 2
            if closed:
                action = {"other_no_clarification": "clarification_lapsed"}.get(outcome, "replied")
                action = "fee_lapsed" if outcome == "other_unpaid_fee" else action
                details = {"outcome": outcome} if action == "replied" else {}
                event_id += 1
                events.append((event_id, pk, closed_at, action, "", details, closed))
                refused = outcome.startswith(("withheld", "unavailable", "not_handled"))
                if rng.random() < (0.015 if refused else 0.001):
                    remedy_id += 1
                    remedies.append(_remedy(remedy_id, pk, receiver.pk, closed, as_of, rng))
        case_writer.write(cases)
        event_writer.write([(*event, ActorKind.SYSTEM) for event in events])
        if remedies:
            remedy_writer.write(remedies)
        progress(
            f"   {case_writer.written:,} applications, {event_writer.written:,} events, "
            f"{remedy_writer.written:,} remedies"
        )


def _remedy(pk: int, case: int, respondent: int, closed: date, as_of: date, rng: random.Random):
    r = rng.random()
    kind = "review" if r < 0.7 else "litigation" if r < 0.9 else "litigation_after_review"
    filed = closed + timedelta(days=rng.randint(10, 90))
    if filed > as_of:
        filed = as_of
    decided = filed + timedelta(days=rng.randint(30, 150))
    if decided > as_of:
        return (pk, respondent, case, kind, f"复〔{filed.year}〕{pk}号", filed, "pending", None)
    o = rng.random()
    outcome = "upheld" if o < 0.75 else "corrected" if o < 0.87 else "other"
    return (pk, respondent, case, kind, f"复〔{filed.year}〕{pk}号", filed, outcome, decided)


def _finish() -> None:
    """Sequences after explicit ids (PostgreSQL); statistics as autovacuum would gather them
    after a load this size (PostgreSQL); the WAL folded into the database file (SQLite)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = [InfoRequest, CaseEvent, Remedy, Document, DocumentEvent, Decision]
            for sql in connection.ops.sequence_reset_sql(no_style(), tables):
                cursor.execute(sql)
            cursor.execute("ANALYZE")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
