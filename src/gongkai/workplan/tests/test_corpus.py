"""The importer on the corpus of real plans (tests/corpus): the goals the issue set, per format.
The figures themselves are in docs/quality.md (`make quality`)."""

import pytest

from gongkai.workplan.tests.corpus import measure

SCORES = measure.by_format()


def test_the_corpus_is_varied_enough_to_measure():
    expected = [e for _, e in measure.plans()]
    assert len(expected) >= 20
    assert len({e["place"] for e in expected}) >= 10
    assert len({e["year"] for e in expected}) >= 5
    assert {"txt", "html", "docx"} <= set(SCORES)


@pytest.mark.parametrize("fmt", sorted(SCORES))
def test_at_least_nine_tasks_in_ten_are_separated(fmt):
    score = SCORES[fmt]
    assert score.unreadable == 0, score.misses
    assert score.separated >= 0.9 * score.expected, "\n".join(score.misses)


@pytest.mark.parametrize("fmt", sorted(SCORES))
def test_at_least_eight_tasks_in_ten_have_exactly_the_right_units(fmt):
    score = SCORES[fmt]
    assert score.units_right >= 0.8 * score.units_checked, "\n".join(score.misses)
