import pytest

from gongkai.core.refusals import Refusal
from gongkai.core.transitions import TransitionError, Transitions

DOOR = Transitions(
    table={("shut", "open"): "open", ("open", "shut"): "shut", ("shut", "lock"): "locked"},
    states={"shut": "关闭", "open": "打开", "locked": "锁定"},
    transitions={"open": "打开", "shut": "关上", "lock": "上锁"},
    thing="门",
)


@pytest.mark.parametrize(
    ("state", "transition", "expected"),
    [("shut", "open", "open"), ("open", "shut", "shut"), ("shut", "lock", "locked")],
)
def test_the_table_decides(state, transition, expected):
    assert DOOR.next(state, transition) == expected


def test_what_the_table_does_not_list_is_refused_in_words():
    with pytest.raises(TransitionError, match="状态为“锁定”的门不能打开") as refused:
        DOOR.next("locked", "open")
    assert isinstance(refused.value, Refusal)


def test_what_a_state_allows_comes_from_the_table():
    assert DOOR.open_to("shut") == ["open", "lock"]
    assert DOOR.open_to("locked") == []
