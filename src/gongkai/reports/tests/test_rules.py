"""Where a report stands, from its document's status, and what each state allows."""

import pytest

from gongkai.core.transitions import TransitionError
from gongkai.publishing.rules import Status
from gongkai.reports.rules import (
    LOCKED_BECAUSE,
    REPORT_TRANSITIONS,
    STATE_LABELS,
    Change,
    State,
    next_state,
    report_state,
)


@pytest.mark.parametrize(
    ("document_status", "state", "label"),
    [
        (None, State.DRAFTING, "编制中"),  # no document made yet
        ("draft", State.DRAFTING, "编制中"),  # returned by a reviewer
        ("withdrawn", State.DRAFTING, "编制中"),  # taken off the portal
        ("in_review", State.IN_REVIEW, "审核中"),
        ("approved", State.IN_REVIEW, "审核中"),  # waiting for its publication time
        ("published", State.PUBLISHED, "已发布"),
    ],
)
def test_the_state_follows_from_the_documents_status(document_status, state, label):
    assert report_state(document_status) == state and STATE_LABELS[state] == label


def test_every_status_of_a_document_gives_a_state():
    assert {report_state(status) for status in Status} == set(State)


# Written out by hand, not read from the table: the table is what is being checked.
ALLOWED = {
    (State.DRAFTING, Change.EDIT): State.DRAFTING,
    (State.DRAFTING, Change.ENTER_FIGURE): State.DRAFTING,
    (State.DRAFTING, Change.CLEAR_FIGURE): State.DRAFTING,
    (State.DRAFTING, Change.SUBMIT): State.IN_REVIEW,
}


@pytest.mark.parametrize(("state", "change"), list(ALLOWED))
def test_what_each_state_allows(state, change):
    assert next_state(state, change) == ALLOWED[(state, change)]


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (State.IN_REVIEW, "报告已送审，内容已锁定：如需修改，请先在公开文件中退回"),
        (State.PUBLISHED, "报告已发布，内容已锁定：如需修改，请先在公开文件中撤下"),
    ],
)
@pytest.mark.parametrize("change", list(Change))
def test_a_report_in_review_or_published_is_locked_and_says_how_to_unlock_it(
    state, change, message
):
    with pytest.raises(TransitionError) as refused:
        next_state(state, change)
    assert str(refused.value) == message


def test_what_each_state_offers():
    assert {s: REPORT_TRANSITIONS.open_to(s) for s in State} == {
        State.DRAFTING: [Change.EDIT, Change.ENTER_FIGURE, Change.CLEAR_FIGURE, Change.SUBMIT],
        State.IN_REVIEW: [],
        State.PUBLISHED: [],
    }
    # A reason to be locked is given for exactly the states that allow nothing.
    assert set(LOCKED_BECAUSE) == {s for s in State if not REPORT_TRANSITIONS.open_to(s)}
