"""Register → publish → revoke → withdraw, with the deadlines worked by hand from the 2026
holiday schedule, the log each step leaves, and every refusal."""

import inspect
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.actors import SYSTEM, Actor
from gongkai.core.privacy import id_check_character
from gongkai.core.transitions import TransitionError
from gongkai.enforcement import services
from gongkai.enforcement.models import Decision
from gongkai.enforcement.rules import DECISION_TRANSITIONS, State, Step, next_state
from gongkai.enforcement.selectors import late
from gongkai.orgs import permissions

from .conftest import CLEAN, ID_NUMBER, MOBILE, in_state, register

pytestmark = pytest.mark.django_db
D = date.fromisoformat


def actions(decision: Decision) -> list[tuple[str, str, str]]:
    return [(e.action, e.actor.username, e.reason) for e in decision.events.select_related("actor")]


# --- deadlines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "decided", "due"),
    [
        # 国庆节 2026: 1–7 October off, Saturday 10 October worked. A penalty decided Wednesday
        # 30 September: 8 (Thu) → 1, 9 (Fri) → 2, Sat 10 → 3, Sun 11 off, 12–15 → 4..7.
        ("penalty", "2026-09-30", "2026-10-15"),
        # 劳动节 2026: 1–5 May off, Saturday 9 May worked. An inspection (检查, 20 working days)
        # decided Thursday 30 April: 6, 7, 8 → 3, Sat 9 → 4, 11–15 → 9, 18–22 → 14,
        # 25–29 → 19, Monday 1 June → 20.
        ("inspection", "2026-04-30", "2026-06-01"),
        # A permit on the same day counts 7: 6, 7, 8, Sat 9 → 4, 11, 12, 13 → 7.
        ("permit", "2026-04-30", "2026-05-13"),
    ],
)
def test_register_computes_the_publication_deadline(district, kind, decided, due):
    decision = register(district, kind=kind, decided_on=D(decided))
    decision.refresh_from_db()
    assert decision.publish_due == D(due)
    assert decision.created_by == district.users["editor"] and decision.state_label == "待公示"
    event = decision.events.get()
    assert (event.action, event.actor, event.details) == (
        "registered",
        district.users["editor"],
        {"due": due},
    )


# --- the whole life of a decision -----------------------------------------------------------


def test_publish_revoke_withdraw_are_logged(district, decision, clock):
    published = services.decision_publish(actor=district.users["reviewer"], decision=decision)
    assert published.published_at is not None and published.state_label == "已公示"
    assert published.events.get(action="published").details == {"late": False}

    # Revoked Friday 9 October: Sat 10 (worked) → 1, Sun 11 off, 12 → 2, 13 → 3.
    revoked = services.decision_revoked(
        actor=district.users["editor"], decision=decision, on=D("2026-10-09"), reason=" 复议撤销 "
    )
    assert (revoked.revoked_on, revoked.withdraw_due) == (D("2026-10-09"), D("2026-10-13"))
    assert revoked.state_label == "待撤回"
    assert revoked.events.get(action="revoked").details == {"due": "2026-10-13"}

    clock.move_to("2026-10-12 09:00 +0800")
    withdrawn = services.decision_withdraw(
        actor=district.users["office"], decision=decision, reason="该决定已被复议机关撤销"
    )
    withdrawn.refresh_from_db()
    assert withdrawn.withdraw_reason == "该决定已被复议机关撤销"
    assert withdrawn.withdrawn_at.date() == D("2026-10-12") and withdrawn.state_label == "已撤回"
    assert actions(decision) == [
        ("registered", "editor", ""),
        ("published", "reviewer", ""),
        ("revoked", "editor", "复议撤销"),
        ("withdrawn", "office", "该决定已被复议机关撤销"),
    ]


def test_publishing_after_the_deadline_is_logged_as_late(district, decision, clock):
    clock.move_to("2026-10-16 09:00 +0800")  # due 15 October
    services.decision_publish(actor=district.users["reviewer"], decision=decision)
    assert decision.events.get(action="published").details == {"late": True}


# --- the table decides -----------------------------------------------------------------------

SERVICES = {
    Step.PUBLISH: services.decision_publish,
    Step.MASK: services.decision_mask,
    Step.REVOKE: services.decision_revoked,
    Step.WITHDRAW: services.decision_withdraw,
}
# What each step needs besides the decision, valid on 9 October for a decision of 30 September.
ARGUMENTS = {
    Step.PUBLISH: {},
    Step.MASK: {},
    Step.REVOKE: {"on": D("2026-10-09"), "reason": "复议撤销"},
    Step.WITHDRAW: {"reason": "该决定已被复议机关撤销"},
}


def stored(decision: Decision) -> tuple[dict, int]:
    """Every column of the decision as stored, and the length of its log."""
    row = Decision.objects.get(pk=decision.pk)
    columns = {f.attname: getattr(row, f.attname) for f in Decision._meta.concrete_fields}
    return columns, row.events.count()


@pytest.mark.parametrize(
    ("state", "step"),
    [
        (state, step)
        for state in State
        for step in Step
        if (state, step) not in DECISION_TRANSITIONS.table
    ],
)
def test_a_step_the_state_does_not_allow_changes_nothing(district, state, step):
    # Something to mask, so that only the state stops masking; the office may take every step.
    decision = in_state(district, state, summary=f"当事人联系电话{MOBILE}。")
    before = stored(decision)
    with pytest.raises(ValidationError) as refused:
        SERVICES[step](actor=district.users["office"], decision=decision, **ARGUMENTS[step])
    with pytest.raises(TransitionError) as table:
        next_state(state, step)
    assert refused.value.messages == [str(table.value)]
    assert stored(decision) == before


@pytest.mark.parametrize(("state", "step"), list(DECISION_TRANSITIONS.table))
def test_a_step_the_state_allows_leads_where_the_table_says(district, state, step):
    text = {"summary": f"当事人联系电话{MOBILE}。"} if step == Step.MASK else {}
    decision = in_state(district, state, **text)
    _, logged = stored(decision)
    SERVICES[step](actor=district.users["office"], decision=decision, **ARGUMENTS[step])
    decision.refresh_from_db()
    assert decision.state == DECISION_TRANSITIONS.table[(state, step)]
    assert decision.events.count() == logged + 1


# --- who acts --------------------------------------------------------------------------------


@pytest.mark.parametrize("service", [services.decision_register, *SERVICES.values()])
def test_every_service_names_its_actor(service):
    actor = inspect.signature(service).parameters["actor"]
    assert actor.kind is inspect.Parameter.KEYWORD_ONLY
    assert actor.default is inspect.Parameter.empty and actor.annotation == Actor


@pytest.mark.parametrize(("state", "step"), list(DECISION_TRANSITIONS.table))
def test_the_platform_takes_no_step_it_is_not_granted(district, state, step):
    decision = in_state(district, state, summary=f"当事人联系电话{MOBILE}。")
    before = stored(decision)
    with pytest.raises(PermissionDenied):
        SERVICES[step](actor=SYSTEM, decision=decision, **ARGUMENTS[step])
    assert stored(decision) == before


def test_a_decision_the_platform_registers_names_no_user(district, monkeypatch):
    # Not granted today; were decisions loaded from a case system, the log would say who.
    monkeypatch.setattr(
        permissions, "SYSTEM_GRANTS", frozenset({permissions.Action.ENFORCEMENT_REGISTER})
    )
    decision = services.decision_register(actor=SYSTEM, unit=district.education, **CLEAN)
    decision.refresh_from_db()
    assert decision.created_by is None
    event = decision.events.get()
    assert (event.action, event.actor, event.by) == ("registered", None, "系统")


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"decided_on": D("2026-10-10")}, "decided_on"),  # tomorrow
        ({"kind": "warning"}, "kind"),
        ({"decided_on": None}, "decided_on"),
        ({"title": ""}, "title"),
        ({"party": "  "}, "party"),
    ],
)
def test_register_refuses_bad_input(district, overrides, field):
    with pytest.raises(ValidationError) as refused:
        register(district, **overrides)
    assert field in refused.value.message_dict
    assert not Decision.objects.exists()


def test_register_refuses_a_unit_not_ones_own(district):
    with pytest.raises(PermissionDenied):
        register(district, actor="town_editor", unit=district.education)
    with pytest.raises(PermissionDenied):  # a reviewer publishes, but does not register
        register(district, actor="reviewer")
    assert not Decision.objects.exists()


def test_publishing_twice_is_refused(district, published):
    with pytest.raises(ValidationError, match="已经公示"):
        services.decision_publish(actor=district.users["reviewer"], decision=published)
    assert published.events.filter(action="published").count() == 1


def test_publishing_another_units_decision_is_refused(district, decision, finance_reviewer):
    for actor in (finance_reviewer, district.users["town_editor"], district.users["editor"]):
        with pytest.raises(PermissionDenied):
            services.decision_publish(actor=actor, decision=decision)
    decision.refresh_from_db()
    assert decision.published_at is None


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("party", f"张某某（身份证号{ID_NUMBER}）"),
        ("summary", f"当事人张某某，联系电话{MOBILE}，无证经营。"),
        ("title", "秘密★1年 关于某校的处罚决定"),
        # Every field the portal shows is scanned, not only the long ones.
        ("basis", f"举报人电话{MOBILE}"),
        ("decision_no", f"测教罚〔2026〕{MOBILE}号"),
    ],
)
def test_a_finding_of_the_scanner_blocks_publication(district, field, text):
    decision = register(district, **{field: text})
    with pytest.raises(ValidationError, match="1 处个人信息或密级标志"):
        services.decision_publish(actor=district.users["reviewer"], decision=decision)
    decision.refresh_from_db()
    assert decision.published_at is None
    assert not decision.events.filter(action="published").exists()


def test_masking_lets_the_decision_out_without_the_numbers(district):
    decision = register(
        district,
        party=f"张某某（身份证号{ID_NUMBER}）",
        summary=f"联系电话{MOBILE}，无证经营。",
    )
    masked = services.decision_mask(actor=district.users["editor"], decision=decision)
    assert masked.party == "张某某（身份证号110101********0011）"
    assert masked.summary == "联系电话138****5678，无证经营。"
    event = masked.events.get(action="masked")
    # The log says what was covered, never the number itself.
    assert event.details == {"found": {"party": ["id_card"], "summary": ["mobile"]}}
    assert ID_NUMBER not in str(event.details) and MOBILE not in str(event.details)
    services.decision_publish(actor=district.users["reviewer"], decision=masked)
    masked.refresh_from_db()
    assert masked.published_at is not None


def test_masking_nothing_writes_nothing_and_says_so(district, decision):
    before = stored(decision)
    with pytest.raises(ValidationError, match="没有需要遮盖的内容"):
        services.decision_mask(actor=district.users["editor"], decision=decision)
    assert stored(decision) == before


def test_masking_is_refused_once_published_or_for_another_unit(district, published):
    with pytest.raises(ValidationError, match="已公示"):
        services.decision_mask(actor=district.users["editor"], decision=published)
    other = register(district, summary=f"电话{MOBILE}")
    with pytest.raises(PermissionDenied):
        services.decision_mask(actor=district.users["town_editor"], decision=other)
    other.refresh_from_db()
    assert MOBILE in other.summary


@pytest.mark.parametrize(
    ("on", "reason", "field"),
    [
        (D("2026-10-09"), "  ", "reason"),
        (D("2026-09-29"), "撤销", "on"),  # before the decision
        (D("2026-10-10"), "撤销", "on"),  # tomorrow
    ],
)
def test_revoke_refuses_bad_input(district, published, on, reason, field):
    with pytest.raises(ValidationError) as refused:
        services.decision_revoked(
            actor=district.users["editor"], decision=published, on=on, reason=reason
        )
    assert field in refused.value.message_dict
    published.refresh_from_db()
    assert published.revoked_on is None


def test_a_decision_revoked_before_publication_is_no_longer_due(district, decision, clock):
    # Nothing is on the portal to withdraw, and it is not to be published any more: it must not
    # stay overdue for ever.
    services.decision_revoked(
        actor=district.users["editor"], decision=decision, on=D("2026-10-09"), reason="撤销"
    )
    decision.refresh_from_db()
    assert (decision.revoked_on, decision.withdraw_due) == (D("2026-10-09"), None)
    assert decision.state_label == "已撤销，不公示"
    clock.move_to("2026-10-20 09:00 +0800")  # past its publication deadline of 15 October
    assert not late(Decision.objects.all(), D("2026-10-20")).exists()
    with pytest.raises(ValidationError, match="不再公示"):
        services.decision_publish(actor=district.users["reviewer"], decision=decision)
    assert decision.events.last().details == {"due": None}


def test_revoking_twice_does_not_move_the_withdrawal_deadline(district, published, clock):
    services.decision_revoked(
        actor=district.users["editor"], decision=published, on=D("2026-10-09"), reason="撤销"
    )
    clock.move_to("2026-10-16 09:00 +0800")
    with pytest.raises(ValidationError, match="已登记"):
        services.decision_revoked(
            actor=district.users["editor"], decision=published, on=D("2026-10-16"), reason="再撤"
        )
    published.refresh_from_db()
    assert published.withdraw_due == D("2026-10-13")


def test_revoke_and_withdraw_are_refused_to_the_wrong_people(district, published):
    with pytest.raises(PermissionDenied):
        services.decision_revoked(
            actor=district.users["town_editor"], decision=published, on=D("2026-10-09"), reason="x"
        )
    # Withdrawing is for whoever may publish in the unit (its reviewer, the office).
    for name in ("editor", "leader", "town_editor"):
        with pytest.raises(PermissionDenied):
            services.decision_withdraw(actor=district.users[name], decision=published, reason="x")
    published.refresh_from_db()
    assert (published.revoked_on, published.withdrawn_at) == (None, None)


def test_withdraw_refuses_unpublished_withdrawn_and_reasonless(district, decision, published):
    office = district.users["office"]
    with pytest.raises(ValidationError) as refused:
        services.decision_withdraw(actor=office, decision=published, reason=" ")
    assert "reason" in refused.value.message_dict
    services.decision_withdraw(actor=office, decision=published, reason="错误公示")
    with pytest.raises(ValidationError, match="只能撤回已公示的决定"):
        services.decision_withdraw(actor=office, decision=published, reason="再撤")
    unpublished = register(district, decision_no="测教罚〔2026〕13号")
    with pytest.raises(ValidationError, match="只能撤回已公示的决定"):
        services.decision_withdraw(actor=office, decision=unpublished, reason="撤回")
    assert [e.action for e in published.events.all()] == ["registered", "published", "withdrawn"]


def test_fields_are_kept_as_registered(district, decision):
    decision.refresh_from_db()
    assert {f: getattr(decision, f) for f in CLEAN} == CLEAN


@pytest.mark.parametrize("hand", ["registered", "masked"])
def test_who_registered_or_masked_a_decision_does_not_publish_it(district, hand):
    """The office registers (or masks) a decision; publishing it is someone else's check."""
    office = district.users["office"]
    if hand == "registered":
        decision = register(district, actor="office")
    else:
        number = "11010119900307123" + id_check_character("11010119900307123")
        decision = register(district, party=f"张三，身份证号码{number}")
        decision = services.decision_mask(actor=office, decision=decision)
    with pytest.raises(PermissionDenied, match="不能公示自己登记或遮盖的执法决定"):
        services.decision_publish(actor=office, decision=decision)
    assert services.decision_publish(actor=district.users["reviewer"], decision=decision)
