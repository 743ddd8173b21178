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


def test_a_refusal_may_be_worded_for_its_case():
    door = Transitions(
        table=DOOR.table,
        states=DOOR.states,
        transitions=DOOR.transitions,
        thing="门",
        reasons={("open", "lock"): "先关上门再上锁", "locked": "门已锁定：请找保管钥匙的人"},
    )
    with pytest.raises(TransitionError, match="先关上门再上锁"):
        door.next("open", "lock")
    with pytest.raises(TransitionError, match="门已锁定"):
        door.next("locked", "shut")
    with pytest.raises(TransitionError, match="状态为“关闭”的门不能关上"):
        door.next("shut", "shut")
