"""Chinese segmentation for the index and for queries: rjieba plus the domain dictionary.

Documents are cut in search mode (a long word also yields its dictionary sub-words, so 政务
finds 政务公开); queries are cut precisely (a domain word stays one term).
"""

import re
from functools import cache
from pathlib import Path

import rjieba

DICTIONARY = Path(__file__).parent / "data" / "domain_words.txt"
# Particles too common to help ranking; dropped from documents and queries alike.
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "是",
        "对",
        "为",
        "等",
        "将",
        "把",
        "被",
        "之",
        "其",
        "以",
        "于",
        "并",
        "也",
        "就",
        "都",
        "而",
        "着",
    ]
)
MAX_TOKEN = 40


def domain_words() -> list[str]:
    lines = DICTIONARY.read_text(encoding="utf-8").splitlines()
    return [w.strip() for w in lines if w.strip() and not w.startswith("#")]


@cache
def _jieba() -> rjieba.Jieba:
    jieba = rjieba.Jieba()
    for word in domain_words():
        jieba.add_word(word, None, None)
    return jieba


# Full-width letters and digits (ＡＢＣ１２３) become half-width; CJK punctuation stays as it is,
# so every character keeps its place and highlight offsets stay valid. (Full NFKC would also
# fold the punctuation, at four times the cost, for nothing the index keeps.)
FULL_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def normalize(text: str) -> str:
    if FULL_WIDTH.search(text):
        text = FULL_WIDTH.sub(lambda m: chr(ord(m[0]) - 0xFEE0), text)
    return text.lower()


def _keep(token: str) -> bool:
    # A token of punctuation or spaces has no letter or digit at either end; checking the ends
    # is enough for what jieba returns and far cheaper than a regex per token.
    return (
        (token[:1].isalnum() or token[-1:].isalnum())
        and token not in STOPWORDS
        and len(token) <= MAX_TOKEN
    )


def index_tokens(text: str) -> list[str]:
    return [t for t in _jieba().cut_for_search(normalize(text)) if _keep(t)]


def query_terms(text: str) -> list[str]:
    """Distinct terms of a query in the order typed."""
    terms: dict[str, None] = {}
    for token in _jieba().cut(normalize(text)):
        if _keep(token):
            terms[token] = None
    return list(terms)
