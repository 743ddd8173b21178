"""Staff pages walked with every role, what each page shows, the public column, query counts."""

from datetime import date

import pytest
from django.urls import reverse

from gongkai.enforcement import services
from gongkai.enforcement.models import Decision
from gongkai.enforcement.rules import DECISION_TRANSITIONS, State, Step

from .conftest import CLEAN, MOBILE, in_state, register

pytestmark = pytest.mark.django_db
D = date.fromisoformat

FORM = {**CLEAN, "decision_no": "测教罚〔2026〕20号", "decided_on": "2026-09-30"}


def action_url(decision: Decision, action: str) -> str:
    return reverse("publicity_staff:action", args=[decision.pk, action])


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def follow_post(client, url: str, data=None) -> str:
    response = client.post(url, data or {}, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


# --- every staff view, every role ---------------------------------------------------------

ROLES = ["admin", "office", "editor", "reviewer", "leader", "town_editor", "citizen", None]
ALLOWED = {
    # Editors register and revoke, reviewers publish, the office withdraws (orgs.permissions).
    "admin": {"list", "detail", "register", "publish", "revoke", "withdraw"},
    "office": {"list", "detail", "register", "publish", "revoke", "withdraw"},
    "editor": {"list", "detail", "register", "revoke"},
    "reviewer": {"list", "detail", "publish", "withdraw"},
    "leader": {"list", "detail"},
    "town_editor": set(),  # a town's editor: the bureau's decisions are not theirs
    "citizen": set(),
    None: set(),
}


@pytest.fixture
def three(district):
    """One decision to publish, two published ones to revoke and to withdraw."""
    reviewer = district.users["reviewer"]
    to_publish = register(district, decision_no="测教罚〔2026〕1号")
    to_revoke = services.decision_publish(
        actor=reviewer, decision=register(district, decision_no="测教罚〔2026〕2号")
    )
    to_withdraw = services.decision_publish(
        actor=reviewer, decision=register(district, decision_no="测教罚〔2026〕3号")
    )
    return to_publish, to_revoke, to_withdraw


@pytest.mark.parametrize("role", ROLES)
def test_every_staff_view_with_every_role(client, district, three, role):
    to_publish, to_revoke, to_withdraw = three
    if role:
        client.force_login(district.users[role])
    list_response = client.get(reverse("publicity_staff:list"))
    detail_response = client.get(reverse("publicity_staff:detail", args=[to_publish.pk]))
    responses = {
        "list": list_response,
        "detail": detail_response,
        "register": client.post(
            reverse("publicity_staff:list"), {**FORM, "unit": district.education.pk}
        ),
        "publish": client.post(action_url(to_publish, "publish")),
        "revoke": client.post(
            action_url(to_revoke, "revoke"), {"on": "2026-10-09", "reason": "复议撤销"}
        ),
        "withdraw": client.post(action_url(to_withdraw, "withdraw"), {"reason": "已撤销"}),
    }
    for decision in three:
        decision.refresh_from_db()
    done = {
        "list": list_response.status_code == 200
        and to_publish.decision_no in list_response.content.decode(),
        "detail": detail_response.status_code == 200,
        "register": Decision.objects.filter(decision_no=FORM["decision_no"]).exists(),
        "publish": to_publish.published_at is not None,
        "revoke": to_revoke.revoked_on == D("2026-10-09"),
        "withdraw": to_withdraw.withdrawn_at is not None,
    }
    assert {name for name, ok in done.items() if ok} == ALLOWED[role]
    for name, response in responses.items():
        if role is None:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif name not in ALLOWED[role] and name not in ("list", "register"):
            # Refused outright: a page of someone else's unit is not found, a step one's role
            # lacks is forbidden; never a redirect that pretends it worked. (Any staff member
            # gets the list, of their own units; a form for a unit not theirs is re-shown.)
            assert response.status_code in (403, 404), (role, name, response.status_code)


def test_a_town_editor_cannot_register_for_the_bureau(client, district):
    client.force_login(district.users["town_editor"])
    response = client.post(reverse("publicity_staff:list"), {**FORM, "unit": district.education.pk})
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Decision.objects.exists()


def test_a_reviewer_is_not_offered_the_register_form(client, district):
    client.force_login(district.users["reviewer"])
    html = page(client, reverse("publicity_staff:list"))
    assert "登记执法决定" not in html
    response = client.post(reverse("publicity_staff:list"), {**FORM, "unit": district.education.pk})
    assert response.status_code == 403


# --- staff pages: what they show -------------------------------------------------------------


def test_register_through_the_page(client, district):
    client.force_login(district.users["editor"])
    html = follow_post(
        client, reverse("publicity_staff:list"), {**FORM, "unit": district.education.pk}
    )
    decision = Decision.objects.get()
    assert decision.publish_due == D("2026-10-15") and decision.unit == district.education
    assert "已登记，应于 2026-10-15 前公示" in html and "<h1>关于某培训学校无证办学" in html


def test_register_shows_the_services_refusal_on_the_form(client, district):
    client.force_login(district.users["editor"])
    data = {**FORM, "unit": district.education.pk, "decided_on": "2026-10-10"}
    response = client.post(reverse("publicity_staff:list"), data)
    assert response.status_code == 200 and "决定日期不能晚于今天" in response.content.decode()
    assert not Decision.objects.exists()


def test_the_list_shows_deadlines_states_and_overdue(client, district, clock):
    register(district, decision_no="测教罚〔2026〕1号")
    services.decision_publish(
        actor=district.users["reviewer"],
        decision=register(district, decision_no="测教罚〔2026〕2号"),
    )
    client.force_login(district.users["editor"])
    html = page(client, reverse("publicity_staff:list"))
    assert "公示：2026-10-15" in html and "待公示" in html and "已公示" in html
    assert "自作出之日起7个工作日内公示" in html and "在3个工作日内撤回" in html
    assert "due-overdue" not in html and "已超期" not in html
    clock.move_to("2026-10-16 09:00 +0800")
    html = page(client, reverse("publicity_staff:list"))
    assert html.count('class="due-overdue"') == 1 and "已超期" in html


def test_the_list_is_scoped_to_the_users_units(client, district):
    register(district, decision_no="测教罚〔2026〕1号")
    register(district, actor="town_editor", unit=district.town, decision_no="东湖罚〔2026〕1号")
    seen = {}
    for role in ("office", "leader", "editor", "reviewer", "town_editor"):
        client.force_login(district.users[role])
        html = page(client, reverse("publicity_staff:list"))
        seen[role] = {no for no in ("测教罚〔2026〕1号", "东湖罚〔2026〕1号") if no in html}
    assert seen["office"] == seen["leader"] == {"测教罚〔2026〕1号", "东湖罚〔2026〕1号"}
    assert seen["editor"] == seen["reviewer"] == {"测教罚〔2026〕1号"}
    assert seen["town_editor"] == {"东湖罚〔2026〕1号"}


def test_the_detail_page_shows_fields_deadline_and_a_readable_log(client, district, published):
    services.decision_revoked(
        actor=district.users["editor"], decision=published, on=D("2026-10-09"), reason="复议撤销"
    )
    client.force_login(district.users["editor"])
    html = page(client, reverse("publicity_staff:detail", args=[published.pk]))
    for text in (CLEAN["decision_no"], CLEAN["party"], CLEAN["basis"], "行政处罚", "测试区教育局"):
        assert text in html
    assert "2026年9月30日" in html and "2026-10-15" in html and "撤回期限" in html
    assert "2026-10-13" in html and "待撤回" in html
    # The log is for people: Chinese words, not the codes stored in the database.
    assert "登记" in html and "复议撤销" in html
    assert "registered" not in html and "revoked" not in html


def test_the_detail_page_offers_only_what_the_user_may_do(client, district, decision):
    publish = action_url(decision, "publish")
    client.force_login(district.users["editor"])
    assert publish not in page(client, reverse("publicity_staff:detail", args=[decision.pk]))
    client.force_login(district.users["reviewer"])
    assert publish in page(client, reverse("publicity_staff:detail", args=[decision.pk]))
    services.decision_publish(actor=district.users["reviewer"], decision=decision)
    detail = reverse("publicity_staff:detail", args=[decision.pk])
    client.force_login(district.users["editor"])
    html = page(client, detail)
    assert action_url(decision, "revoke") in html and action_url(decision, "withdraw") not in html
    client.force_login(district.users["office"])
    assert action_url(decision, "withdraw") in page(client, detail)


def offered(client, decision: Decision) -> set[Step]:
    html = page(client, reverse("publicity_staff:detail", args=[decision.pk]))
    return {step for step in Step if action_url(decision, step) in html}


@pytest.mark.parametrize("state", list(State))
def test_the_detail_page_offers_only_what_the_state_allows(client, district, state):
    # Something to mask in every state; the office may take every step.
    decision = in_state(district, state, summary=f"当事人联系电话{MOBILE}。")
    client.force_login(district.users["office"])
    assert offered(client, decision) == set(DECISION_TRANSITIONS.open_to(state))
    # What the scanner finds matters only while the decision is still to go out.
    html = page(client, reverse("publicity_staff:detail", args=[decision.pk]))
    assert ("隐私与保密检查" in html) == (state == State.PENDING)


@pytest.mark.parametrize(
    ("role", "state", "steps"),
    [
        ("editor", State.PENDING, {Step.MASK, Step.REVOKE}),
        ("reviewer", State.PENDING, {Step.PUBLISH}),
        ("leader", State.PENDING, set()),
        ("editor", State.PUBLISHED, {Step.REVOKE}),
        ("reviewer", State.PUBLISHED, {Step.WITHDRAW}),
        ("editor", State.TO_WITHDRAW, set()),
        ("reviewer", State.TO_WITHDRAW, {Step.WITHDRAW}),
        ("reviewer", State.CLOSED, set()),
    ],
)
def test_the_detail_page_offers_what_the_state_allows_and_the_user_may_take(
    client, district, role, state, steps
):
    decision = in_state(district, state, summary=f"当事人联系电话{MOBILE}。")
    client.force_login(district.users[role])
    assert offered(client, decision) == steps


def test_the_scanner_blocks_publication_and_masking_clears_it(client, district):
    decision = register(district, summary=f"当事人联系电话{MOBILE}。")
    client.force_login(district.users["reviewer"])
    detail = reverse("publicity_staff:detail", args=[decision.pk])
    assert "手机号码" in page(client, detail)  # what the scanner found is shown before publishing
    html = follow_post(client, action_url(decision, "publish"))
    assert "公示内容中有 1 处个人信息或密级标志" in html
    decision.refresh_from_db()
    assert decision.published_at is None

    client.force_login(district.users["editor"])
    html = follow_post(client, action_url(decision, "mask"))
    assert "已遮盖 1 处" in html and "138****5678" in html and MOBILE not in html
    client.force_login(district.users["reviewer"])
    follow_post(client, action_url(decision, "publish"))
    decision.refresh_from_db()
    assert decision.published_at is not None


def test_masking_a_decision_with_nothing_to_mask_says_so(client, district, decision):
    client.force_login(district.users["editor"])
    html = follow_post(client, action_url(decision, "mask"))
    assert "没有需要遮盖的内容" in html and "已遮盖" not in html
    assert [e.action for e in decision.events.all()] == ["registered"]


def test_a_refused_step_says_why(client, district, published):
    client.force_login(district.users["editor"])
    html = follow_post(
        client, action_url(published, "revoke"), {"on": "2026-09-01", "reason": "撤销"}
    )
    assert "日期应在决定日期之后、今天之前" in html
    html = follow_post(client, action_url(published, "revoke"), {"on": "", "reason": ""})
    assert "请填写完整" in html
    published.refresh_from_db()
    assert published.revoked_on is None


def test_an_unknown_step_is_not_found(client, district, decision):
    client.force_login(district.users["office"])
    assert client.post(action_url(decision, "delete")).status_code == 404
    assert client.get(action_url(decision, "publish")).status_code == 405


# --- the public column ----------------------------------------------------------------------


def test_the_public_sees_published_decisions_only(client, district, decision):
    hidden = register(district, decision_no="测教罚〔2026〕99号", title="尚未公示的决定")
    services.decision_publish(actor=district.users["reviewer"], decision=decision)
    html = page(client, reverse("publicity:list"))
    assert CLEAN["title"] in html and CLEAN["decision_no"] in html and "测试区教育局" in html
    assert "2026-09-30" in html
    assert "尚未公示的决定" not in html and "测教罚〔2026〕99号" not in html
    assert client.get(reverse("publicity:detail", args=[hidden.pk])).status_code == 404


def test_the_public_detail_shows_every_field(client, district, published):
    html = page(client, published.get_absolute_url())
    for text in (
        CLEAN["title"],
        CLEAN["decision_no"],
        "行政处罚",
        "测试区教育局",
        "2026年9月30日",
        CLEAN["party"],
        CLEAN["summary"],
        CLEAN["basis"],
    ):
        assert text in html, text


def test_a_withdrawn_decision_shows_the_reason_not_the_content(client, district, published):
    services.decision_withdraw(
        actor=district.users["office"], decision=published, reason="该决定已被复议机关撤销"
    )
    html = page(client, published.get_absolute_url())
    assert "该决定已于2026年10月9日撤回：该决定已被复议机关撤销" in html
    assert CLEAN["summary"] not in html and CLEAN["party"] not in html
    assert "已撤回" in page(client, reverse("publicity:list"))


def test_the_public_list_filters_by_kind(client, district, published):
    permit = register(district, kind="permit", decision_no="测教许〔2026〕5号", title="办学许可")
    services.decision_publish(actor=district.users["reviewer"], decision=permit)
    html = page(client, reverse("publicity:list"), kind="permit")
    assert "办学许可" in html and CLEAN["title"] not in html
    html = page(client, reverse("publicity:list"), kind="nonsense")
    assert "办学许可" in html and CLEAN["title"] in html


# --- query counts ---------------------------------------------------------------------------


@pytest.fixture
def twenty(district):
    reviewer = district.users["reviewer"]
    for n in range(20):
        decision = register(district, decision_no=f"测教罚〔2026〕{n + 1}号")
        if n % 2:
            services.decision_publish(actor=reviewer, decision=decision)
    return Decision.objects.count()


def test_the_staff_list_query_count_is_flat(
    client, district, twenty, clock, django_assert_max_num_queries
):
    clock.move_to("2026-10-16 09:00 +0800")  # half of them overdue
    client.force_login(district.users["editor"])
    # 13: the page states the publication periods, and reading the periods table costs one
    # query per request (its revision); none of them is per row.
    with django_assert_max_num_queries(13):
        html = page(client, reverse("publicity_staff:list"))
    assert html.count('class="due-overdue"') == 10 and "测教罚〔2026〕20号" in html


def test_the_public_list_query_count_is_flat(
    client, district, twenty, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        html = page(client, reverse("publicity:list"))
    assert html.count("测教罚〔2026〕") == 10


def test_the_registrant_is_not_offered_the_publish_button(client, district):
    from .conftest import register

    decision = register(district, actor="office")
    page = reverse("publicity_staff:detail", args=[decision.pk])
    publish = reverse("publicity_staff:action", args=[decision.pk, "publish"])
    client.force_login(district.users["office"])
    assert publish not in client.get(page).content.decode()
    client.force_login(district.users["reviewer"])
    assert publish in client.get(page).content.decode()
