"""Where an annual report stands, and what its own services may do in each state (plain Python).

The report follows the document made from it through the review chain: while the document is in
review or on the portal, the report stays as it was submitted, so what the reviewers approved is
what the portal shows. Returned or withdrawn, the document is a draft again, and so is the report.
"""

from enum import StrEnum

from gongkai.core.transitions import Transitions
from gongkai.publishing.rules import Status


class State(StrEnum):
    DRAFTING = "drafting"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"


STATE_LABELS = {
    State.DRAFTING: "编制中",
    State.IN_REVIEW: "审核中",
    State.PUBLISHED: "已发布",
}

# Every status of the report's document; a status added to publishing must be placed here.
BY_DOCUMENT = {
    Status.DRAFT: State.DRAFTING,
    Status.WITHDRAWN: State.DRAFTING,
    Status.IN_REVIEW: State.IN_REVIEW,
    Status.APPROVED: State.IN_REVIEW,  # through the chain, waiting for its publication time
    Status.PUBLISHED: State.PUBLISHED,
}


def report_state(document_status: str | None) -> State:
    """The report's state from its document's status (None: no document made yet)."""
    return State.DRAFTING if document_status is None else BY_DOCUMENT[Status(document_status)]


class Change(StrEnum):
    EDIT = "edit"
    ENTER_FIGURE = "enter_figure"
    CLEAR_FIGURE = "clear_figure"
    SUBMIT = "submit"


# Why a report is locked, and how to unlock it: the way back is through its document.
LOCKED_BECAUSE = {
    State.IN_REVIEW: "报告已送审，内容已锁定：如需修改，请先在公开文件中退回",
    State.PUBLISHED: "报告已发布，内容已锁定：如需修改，请先在公开文件中撤下",
}


# The report changes only while it is being drafted; submitting hands it to the review chain.
REPORT_TRANSITIONS = Transitions(
    table={
        (State.DRAFTING, Change.EDIT): State.DRAFTING,
        (State.DRAFTING, Change.ENTER_FIGURE): State.DRAFTING,
        (State.DRAFTING, Change.CLEAR_FIGURE): State.DRAFTING,
        (State.DRAFTING, Change.SUBMIT): State.IN_REVIEW,
    },
    states=STATE_LABELS,
    transitions={
        Change.EDIT: "修改正文",
        Change.ENTER_FIGURE: "人工填报",
        Change.CLEAR_FIGURE: "撤销人工填报",
        Change.SUBMIT: "生成公开文件并送审",
    },
    thing="年度报告",
    reasons=LOCKED_BECAUSE,
)


def next_state(state: State, change: Change) -> State:
    """The state `change` leads to, or TransitionError saying why the report is locked."""
    return State(REPORT_TRANSITIONS.next(state, change))
