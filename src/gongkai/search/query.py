"""Checking what a user typed into the search box before it reaches the index."""

import re
from dataclasses import dataclass

from gongkai.core.refusals import Refusal

from .segment import query_terms

MAX_QUERY_CHARS = 100
MAX_TERMS = 12
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
WORDLIKE = re.compile(r"\w", re.UNICODE)


class QueryError(Refusal):
    """A query we will not run; str() is the message shown to the user."""


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[str, ...]


def parse_query(raw: str | None) -> ParsedQuery:
    text = " ".join(CONTROL.sub(" ", raw or "").split())
    if not text:
        raise QueryError("请输入检索词。")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"检索词过长：请不超过 {MAX_QUERY_CHARS} 个字。")
    if not WORDLIKE.search(text):
        raise QueryError("检索词中没有可检索的文字，请输入中文词语、数字或字母。")
    terms = query_terms(text)
    if not terms:
        raise QueryError("检索词过于常见，请输入更具体的词语。")
    return ParsedQuery(text=text, terms=tuple(terms[:MAX_TERMS]))
