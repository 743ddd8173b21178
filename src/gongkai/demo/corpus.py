"""A generated corpus of 政务公开 documents, for the demo data and the search benchmark.

Sentences come from an order-2 word Markov chain trained on the real work plans and statutes in
data/ (segmented with rjieba), plus sentence patterns of our own for each policy area, with
slots for places, projects, companies and numbers. Walking the chain for every document would be
far too slow for a million documents, so a large pool of distinct sentences is built once per
seed; a document then only draws sentences from the pool and fills two per-document placeholders
(its policy area and its issuer). The stream is deterministic for a seed and independent of n:
generate(10) yields the first ten documents of generate(1000).
"""

import itertools
import math
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import rjieba

from gongkai.publishing import taxonomy

from .vocabulary import (
    ACTIONS,
    AREA,
    AREA_PATTERNS,
    AREA_SENTENCES,
    AREAS,
    CAMPAIGNS,
    CHAIN_SENTENCES,
    CN_NUMS,
    ENUMERATOR,
    FACILITIES,
    FIRM_CHARS,
    FIRMS,
    GENERAL_PATTERNS,
    GENERAL_TEMPLATE_SENTENCES,
    GENRE_CATALOGUE,
    GENRE_WEIGHTS,
    GIVEN,
    GROUPS,
    HALF_TO_FULL,
    HEADING,
    HEADINGS_OWN,
    ISSUER,
    ISSUER_AREAS,
    NO_DOC_NO,
    NOT_APPLICABLE,
    PAIRS,
    PLACE_TOKEN,
    PLACES,
    POSTS,
    ROADS,
    SALUTATIONS,
    SENTENCE_END,
    STEMS,
    SURNAMES,
    THEME,
    TITLE_PATTERNS,
    VILLAGE,
    VIOLATIONS,
    WORKS,
)

DATA = Path(__file__).parent / "data"
TZ = ZoneInfo("Asia/Shanghai")


def _check_codes() -> None:
    """Fail at import, not deep inside a loader, when the lists above drift from the taxonomy."""
    topics = {code for code, _ in taxonomy.TOPICS}
    genres = {code for code, _ in taxonomy.GENRES}
    catalogue = {code for code, *_ in taxonomy.CATALOGUE}
    catalogue |= {child for *_, children in taxonomy.CATALOGUE for child, _ in children}
    for name, topic, item, _ in AREAS:
        if topic not in topics or item not in catalogue:
            raise ValueError(f"area {name}: unknown topic {topic} or catalogue item {item}")
    # Interpretations are written for a given document, never generated.
    if not set(GENRE_WEIGHTS) <= genres - {"interpretation"}:
        raise ValueError("GENRE_WEIGHTS names a genre the taxonomy does not have")
    if set(TITLE_PATTERNS) != set(GENRE_WEIGHTS):
        raise ValueError("every generated genre needs title patterns")
    if not set(GENRE_CATALOGUE.values()) <= catalogue:
        raise ValueError("unknown catalogue item in GENRE_CATALOGUE")


_check_codes()


@dataclass(frozen=True)
class CorpusDoc:
    title: str
    body: str  # paragraphs separated by "\n"
    topic: str
    genre: str
    catalogue: str
    doc_no: str
    written_on: date
    published_at: datetime
    validity: str
    issuer: int  # index into the issuers passed to generate()


# -- the Markov chain ------------------------------------------------------------------------
def _training_lines() -> list[str]:
    files = sorted(DATA.glob("*.txt")) + sorted((DATA / "seeds").glob("*.txt"))
    lines = []
    for path in files:
        for line in path.read_text(encoding="utf-8").translate(HALF_TO_FULL).splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "<!--")):
                lines.append(line)
    return lines


def _headings(lines: list[str]) -> list[str]:
    found = [m[1] for line in lines if (m := HEADING.match(line))]
    return list(dict.fromkeys([*found, *HEADINGS_OWN]))


def _slot(token: str, rng: random.Random) -> str:
    """Generalise what is specific to the source texts, so it is refilled with our own values."""
    if re.fullmatch(r"(?:19|20)\d\d|202x", token):
        return "{year}"
    if token.isdigit():
        return "{n}"
    if PLACE_TOKEN.match(token):
        return "{place}"
    if token in THEME and rng.random() < 0.5:
        return "{area}"
    return token


def _train(rng: random.Random) -> tuple[dict, dict]:
    """Order-2 transitions, and order-1 ones to fall back on where the text allows one path only."""
    order2: dict[tuple[str, str], list[str]] = {}
    order1: dict[str, list[str]] = {}
    for line in _training_lines():
        for sentence in SENTENCE_END.split(line):
            sentence = ENUMERATOR.sub("", sentence).strip()
            if len(sentence) < 6:
                continue
            tokens = ["", ""] + [_slot(t, rng) for t in rjieba.cut(sentence) if t.strip()] + [""]
            for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False):
                order2.setdefault((a, b), []).append(c)
                order1.setdefault(b, []).append(c)
    return order2, order1


def _walk(order2: dict, order1: dict, rng: random.Random) -> str | None:
    a, b, out = "", "", []
    for _ in range(60):
        choices = order2[(a, b)]
        # Where the source has a single continuation, sometimes branch on the last word alone.
        if len(choices) < 3 and b and rng.random() < 0.3:
            choices = order1[b]
        c = rng.choice(choices)
        if not c:
            return "".join(out)
        out.append(c)
        a, b = b, c
    return None


def _balanced(text: str) -> bool:
    return all(text.count(o) == text.count(c) for o, c in PAIRS.items())


# -- slot values -----------------------------------------------------------------------------
def _fill_values(rng: random.Random, kws: list[str]) -> dict[str, str]:
    place = rng.choice(PLACES) if rng.random() < 0.7 else rng.choice(STEMS) + rng.choice(VILLAGE)
    return {
        "area": AREA,
        "issuer": ISSUER,
        "year": str(rng.randint(2016, 2026)),
        "month": str(rng.randint(1, 12)),
        "day": str(rng.randint(1, 28)),
        "n": str(rng.randint(2, 60)),
        "n2": str(rng.randint(20, 5000)),
        "n3": str(rng.randint(1, 30)),
        "money": f"{rng.uniform(0.5, 80):.2f}",
        "money2": f"{rng.uniform(5, 3000):.1f}",
        "pct": f"{rng.uniform(85, 100):.1f}",
        "pct2": f"{rng.uniform(1, 30):.1f}",
        "place": place,
        "project": _project(rng),
        "facility": rng.choice(FACILITIES),
        "work": rng.choice(WORKS),
        "firm": _firm(rng),
        "firm2": _firm(rng),
        "road": rng.choice(STEMS) + rng.choice(ROADS),
        "road2": rng.choice(STEMS) + rng.choice(ROADS),
        "group": rng.choice(GROUPS),
        "campaign": rng.choice(CAMPAIGNS),
        "person": _person(rng),
        "person2": _person(rng),
        "person3": _person(rng),
        "violation": rng.choice(VIOLATIONS),
        "post": rng.choice(POSTS),
        "phone": str(rng.randint(8000000, 8999999)),
        "doc": rng.choice(("办法", "细则", "方案", "通知")),
        "kw": rng.choice(kws) if kws else "",
        "kw2": rng.choice(kws) if kws else "",
    }


def _person(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def _firm(rng: random.Random) -> str:
    return f"明湖{rng.choice(FIRM_CHARS)}{rng.choice(FIRM_CHARS)}{rng.choice(FIRMS)}有限公司"


def _project(rng: random.Random) -> str:
    where = rng.choice(PLACES) if rng.random() < 0.5 else rng.choice(STEMS)
    return f"{where}{rng.choice(FACILITIES)}{rng.choice(WORKS)}项目"


# -- the sentence pool -----------------------------------------------------------------------
@dataclass(frozen=True)
class _Pool:
    general: tuple[str, ...]
    by_area: tuple[tuple[str, ...], ...]
    headings: tuple[str, ...]


@cache
def _pool(seed: int) -> _Pool:
    rng = random.Random(f"gongkai-corpus-pool-{seed}")
    order2, order1 = _train(rng)
    general: dict[str, None] = {}
    for _ in range(CHAIN_SENTENCES * 2):  # walks that fail or repeat are dropped
        text = _walk(order2, order1, rng)
        if text and 8 <= len(text) <= 150 and _balanced(text):
            general[text.format_map(_fill_values(rng, [])) + "。"] = None
        if len(general) >= CHAIN_SENTENCES:
            break
    for _ in range(GENERAL_TEMPLATE_SENTENCES):
        general[rng.choice(GENERAL_PATTERNS).format_map(_fill_values(rng, [])) + "。"] = None
    by_area = []
    for _, _, _, words in AREAS:
        kws = words.split()
        sentences = {
            rng.choice(AREA_PATTERNS).format_map(_fill_values(rng, kws)) + "。": None
            for _ in range(AREA_SENTENCES)
        }
        by_area.append(tuple(sentences))
    headings = _headings(_training_lines())
    return _Pool(tuple(general), tuple(by_area), tuple(headings))


# -- documents -------------------------------------------------------------------------------
def _region(issuer: str) -> str:
    match = re.match(r"^(.+?(?:街道|区|县|市|镇|乡))", issuer)
    return match[1] if match else issuer


def _doc_no_prefix(issuer: str) -> str:
    region = _region(issuer)
    rest = issuer[len(region) :]
    if "人民政府办公室" in rest:
        return f"{region[0]}政办"
    if "人民政府" in rest or not rest:
        return f"{region[0]}政"
    return f"{region[0]}{rest[0]}"


def _issuer_areas(issuers: list[str]) -> list[list[int]]:
    names = [a[0] for a in AREAS]
    result = []
    for issuer in issuers:
        found = [
            names.index(a) for key, areas in ISSUER_AREAS.items() if key in issuer for a in areas
        ]
        result.append(found)
    return result


def _body(rng: random.Random, pool: _Pool, area: int, genre: str) -> list[str]:
    n_sentences = int(rng.lognormvariate(2.9, 0.5)) + 4  # ~8–60 sentences, median ~22
    sentences = rng.choices(pool.general, k=n_sentences)
    # Every third sentence is about the document's own area (slice assignment: no shuffle cost).
    own = sentences[1::3]
    sentences[1::3] = rng.choices(pool.by_area[area], k=len(own))
    lines = []
    if genre in ("notice", "opinion", "decision"):
        lines.append(rng.choice(SALUTATIONS))
    structured = n_sentences > 12 and rng.random() < 0.6
    start, heading_no = 0, 0
    while start < n_sentences:
        size = rng.randint(2, 6)
        if structured and heading_no < len(CN_NUMS):
            lines.append(f"{CN_NUMS[heading_no]}、{rng.choice(pool.headings)}")
            heading_no += 1
        lines.append("".join(sentences[start : start + size]))
        start += size
    return lines


def _dates(rng: random.Random, first: date, until: date) -> tuple[date, datetime]:
    """Written some day in the range, published 1 to 10 days later but never after `until`."""
    written = first + timedelta(days=rng.randrange((until - first).days))
    at = time(rng.randint(8, 18), rng.randrange(60), rng.randrange(60))
    day = min(written + timedelta(days=rng.randint(1, 10)), until)
    return written, datetime.combine(day, at, tzinfo=TZ)


def _validity(rng: random.Random, genre: str, year: int, last_year: int) -> str:
    if genre in NOT_APPLICABLE:
        return "na"
    if year <= last_year - 4:
        roll = rng.random()
        if roll < 0.2:
            return "expired"
        if roll < 0.3:
            return "repealed"
    return "valid"


def _title(rng: random.Random, genre: str, values: dict[str, str]) -> str:
    # Only the values titles use, drawn here: filling every slot costs more than the title.
    values.update(
        place=rng.choice(PLACES),
        project=_project(rng),
        campaign=rng.choice(CAMPAIGNS),
        road=rng.choice(STEMS) + rng.choice(ROADS),
        action=rng.choice(ACTIONS),
        quarter=rng.choice("一二三四"),
        n=str(rng.randint(1, 60)),
        firm=_firm(rng),
        person=_person(rng),
        violation=rng.choice(VIOLATIONS),
    )
    return rng.choice(TITLE_PATTERNS[genre]).format_map(values)


def generate(
    n: int,
    *,
    issuers: list[str],
    seed: int = 0,
    first_year: int = 2016,
    until: date = date(2026, 11, 1),
) -> Iterator[CorpusDoc]:
    """n documents published from `first_year` up to `until` (a portal shows no documents from
    the future); the same arguments always give the same documents."""
    if not issuers:
        raise ValueError("at least one issuer is needed")
    pool = _pool(seed)
    rng = random.Random(f"gongkai-corpus-docs-{seed}")
    first = date(first_year, 1, 1)
    genres = list(GENRE_WEIGHTS)
    genre_weights = list(itertools.accumulate(GENRE_WEIGHTS.values()))
    # Earlier issuers (the district government, the big departments) publish more.
    issuer_weights = list(itertools.accumulate(1 / math.sqrt(i + 1) for i in range(len(issuers))))
    issuer_ids = range(len(issuers))
    own_areas = _issuer_areas(issuers)
    regions = [_region(i) for i in issuers]
    keywords = [words.split() for *_, words in AREAS]
    serials: Counter[tuple[int, int]] = Counter()
    for _ in range(n):
        issuer = rng.choices(issuer_ids, cum_weights=issuer_weights)[0]
        name = issuers[issuer]
        if own_areas[issuer] and rng.random() < 0.8:
            area = rng.choice(own_areas[issuer])
        else:
            area = rng.randrange(len(AREAS))
        area_name, topic, catalogue, _ = AREAS[area]
        genre = rng.choices(genres, cum_weights=genre_weights)[0]
        written, published = _dates(rng, first, until)
        values = {
            "area": area_name,
            "region": regions[issuer],
            "issuer": name,
            "year": str(written.year),
            "prev": str(written.year - 1),
            "year5": str(written.year + 4),
            "kw": rng.choice(keywords[area]),
        }
        doc_no = ""
        if genre not in NO_DOC_NO:
            serials[(issuer, written.year)] += 1
            kind = "函" if genre == "letter" else "发"
            doc_no = (
                f"{_doc_no_prefix(name)}{kind}〔{written.year}〕{serials[(issuer, written.year)]}号"
            )
        lines = _body(rng, pool, area, genre)
        lines += [name, f"{written.year}年{written.month}月{written.day}日"]
        yield CorpusDoc(
            title=_title(rng, genre, values),
            body="\n".join(lines).replace(AREA, area_name).replace(ISSUER, name),
            topic=topic,
            genre=genre,
            catalogue=GENRE_CATALOGUE.get(genre, catalogue),
            doc_no=doc_no,
            written_on=written,
            published_at=published,
            validity=_validity(rng, genre, written.year, until.year),
            issuer=issuer,
        )


# -- benchmark queries -----------------------------------------------------------------------
DEFAULT_ISSUERS = ["明湖区人民政府", "明湖区教育局", "明湖区卫生健康局", "临江镇人民政府"]
WORD = re.compile(r"^[\u4e00-\u9fff]{2,8}$")


def document_frequencies(docs: list[CorpusDoc]) -> dict[str, float]:
    """Share of documents whose title or body contains each word (precise-mode segmentation)."""
    counts: Counter[str] = Counter()
    for doc in docs:
        counts.update({t for t in rjieba.cut(f"{doc.title}\n{doc.body}") if WORD.match(t)})
    return {word: c / len(docs) for word, c in counts.items()}


def query_words(
    k: int,
    *,
    seed: int = 0,
    min_df: float = 0.001,
    max_df: float = 0.8,
    sample: int = 2000,
    issuers: list[str] | None = None,
) -> list[str]:
    """k distinct words whose document frequencies spread evenly on a log scale between min_df
    and max_df, from the very common (工作, 公开) through area words (义务教育) to rare ones."""
    docs = list(generate(sample, issuers=issuers or DEFAULT_ISSUERS, seed=seed))
    # A query word must stay one term when a query is segmented on its own, and be a dictionary
    # word (not a chance merge such as 对瓦窑村 that the HMM makes of unknown characters).
    df = {
        w: f
        for w, f in document_frequencies(docs).items()
        if min_df <= f <= max_df and rjieba.cut(w) == [w] and rjieba.cut(w, False) == [w]
    }
    ranked = sorted(df, key=lambda w: (df[w], w))
    if len(ranked) < k:
        raise ValueError(f"only {len(ranked)} words between df {min_df} and {max_df}")
    rng = random.Random(f"gongkai-corpus-queries-{seed}")
    logs = [math.log(df[w]) for w in ranked]
    chosen: dict[str, None] = {}
    lo, hi = math.log(min_df), math.log(max_df)
    for i in range(k):
        target = lo + (hi - lo) * (i + rng.random()) / k
        j = min(range(len(ranked)), key=lambda j: abs(logs[j] - target))
        # The nearest word may be taken already: walk outwards to the next free one.
        for step in range(len(ranked)):
            for cand in (j + step, j - step):
                if 0 <= cand < len(ranked) and ranked[cand] not in chosen:
                    chosen[ranked[cand]] = None
                    break
            else:
                continue
            break
    return list(chosen)
