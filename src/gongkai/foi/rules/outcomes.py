"""Reply outcomes (条例第三十六条至第三十九条), the rows of annual-report table 三 they fill, and
the remedies every reply letter states."""

from dataclasses import dataclass

from gongkai.core.periods import period

from .clock import RuleError


# -- outcomes (第三十六条 to 第三十九条), the rows of annual-report table 三 --------------------
@dataclass(frozen=True)
class Outcome:
    code: str
    group: str  # the table-三 heading: （一）予以公开 …
    label: str  # the row label within the group, or the group itself
    basis: str  # the article the reply letter cites
    letter: str  # what the letter tells the applicant (the Jiangsu standard's wording, shortened)
    note: str = ""  # tells apart outcomes that share a row

    @property
    def display(self) -> str:
        """予以公开, 不予公开：属于国家秘密, … as staff and applicants read it."""
        group = self.group[3:]
        base = group if self.label == self.group else f"{group}：{self.label.split('.', 1)[1]}"
        return f"{base}（{self.note}）" if self.note else base


R = "《中华人民共和国政府信息公开条例》"
# The headings of 三、本年度办理结果 in annual-report table 三, in the format's order.
RESULT_GROUPS = (
    "（一）予以公开",
    "（二）部分公开",
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
    "（六）其他处理",
)
DISCLOSED, PARTIAL, WITHHELD, UNAVAILABLE, NOT_HANDLED, OTHER = RESULT_GROUPS

# In the order of table 三's rows: the table's result rows are read from this list.
OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "disclosed",
        DISCLOSED,
        DISCLOSED,
        f"{R}第三十六条第（二）项",
        "您申请的政府信息属于可以公开的信息，现予提供（或告知获取的方式、途径和时间）。",
    ),
    Outcome(
        "disclosed_published",
        DISCLOSED,
        DISCLOSED,
        f"{R}第三十六条第（一）项",
        "您申请的政府信息已经主动公开，可通过以下方式、途径获取。",
        note="已主动公开",
    ),
    Outcome(
        "partial",
        PARTIAL,
        PARTIAL,
        f"{R}第三十七条",
        "您申请的信息中含有不应当公开的内容，经区分处理，现提供可以公开的部分；"
        "不予公开的内容及理由如下。",
    ),
    Outcome(
        "withheld_secret",
        WITHHELD,
        "1.属于国家秘密",
        f"{R}第十四条、第三十六条第（三）项",
        "您申请的政府信息依法确定为国家秘密，不予公开。",
    ),
    Outcome(
        "withheld_prohibited",
        WITHHELD,
        "2.其他法律行政法规禁止公开",
        f"{R}第十四条、第三十六条第（三）项",
        "您申请的政府信息属于法律、行政法规禁止公开的信息，不予公开。",
    ),
    Outcome(
        "withheld_safety",
        WITHHELD,
        "3.危及“三安全一稳定”",
        f"{R}第十四条、第三十六条第（三）项",
        "您申请的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，不予公开。",
    ),
    Outcome(
        "withheld_third_party",
        WITHHELD,
        "4.保护第三方合法权益",
        f"{R}第十五条、第三十二条、第三十六条第（三）项",
        "您申请的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，不予公开。",
    ),
    Outcome(
        "withheld_internal",
        WITHHELD,
        "5.属于三类内部事务信息",
        f"{R}第十六条第一款、第三十六条第（三）项",
        "您申请的政府信息属于行政机关的内部事务信息，不予公开。",
    ),
    Outcome(
        "withheld_process",
        WITHHELD,
        "6.属于四类过程性信息",
        f"{R}第十六条第二款、第三十六条第（三）项",
        "您申请的政府信息属于行政机关在履行行政管理职能过程中形成的过程性信息，不予公开。",
    ),
    Outcome(
        "withheld_enforcement",
        WITHHELD,
        "7.属于行政执法案卷",
        f"{R}第十六条第二款、第三十六条第（三）项",
        "您申请的政府信息属于行政执法案卷信息，不予公开。",
    ),
    Outcome(
        "withheld_inquiry",
        WITHHELD,
        "8.属于行政查询事项",
        f"{R}第三十六条第（七）项",
        "您申请的信息属于工商、不动产登记资料等信息，请依照有关法律、行政法规的规定办理。",
    ),
    Outcome(
        "unavailable_not_held",
        UNAVAILABLE,
        "1.本机关不掌握相关政府信息",
        f"{R}第三十六条第（四）项、第（五）项",
        "经检索，本机关没有您申请公开的政府信息（或该信息不属于本机关负责公开）。",
    ),
    Outcome(
        "unavailable_needs_making",
        UNAVAILABLE,
        "2.没有现成信息需要另行制作",
        f"{R}第三十八条",
        "您申请的信息需要本机关对现有政府信息进行加工、分析，本机关不予提供。",
    ),
    Outcome(
        "unavailable_unclear",
        UNAVAILABLE,
        "3.补正后申请内容仍不明确",
        f"{R}第三十条",
        "您的申请经补正后内容仍不明确，本机关无法提供。",
    ),
    Outcome(
        "not_handled_petition",
        NOT_HANDLED,
        "1.信访举报投诉类申请",
        f"{R}第三十九条第一款",
        "您的申请属于信访、投诉、举报等事项，不作为政府信息公开申请处理，可通过相应渠道提出。",
    ),
    Outcome(
        "not_handled_repeat",
        NOT_HANDLED,
        "2.重复申请",
        f"{R}第三十六条第（六）项",
        "本机关已就您的申请作出答复，您重复申请公开相同政府信息，不予重复处理。",
    ),
    Outcome(
        "not_handled_publication",
        NOT_HANDLED,
        "3.要求提供公开出版物",
        f"{R}第三十九条第二款",
        "您申请的是政府公报、报刊、书籍等公开出版物，可通过以下途径获取。",
    ),
    Outcome(
        "not_handled_excessive",
        NOT_HANDLED,
        "4.无正当理由大量反复申请",
        f"{R}第三十五条",
        "您申请公开政府信息的数量、频次明显超过合理范围且理由不合理，不予处理。",
    ),
    Outcome(
        "not_handled_confirmation",
        NOT_HANDLED,
        "5.要求行政机关确认或重新出具已获取信息",
        f"{R}第三十六条",
        "您要求确认或重新出具已获取的政府信息，本机关不予处理。",
    ),
    Outcome(
        "other_no_clarification",
        OTHER,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        f"{R}第三十条",
        "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该申请。",
    ),
    Outcome(
        "other_unpaid_fee",
        OTHER,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "国办函〔2020〕109号第七条",
        "您逾期未按收费通知缴纳信息处理费，视为放弃申请，本机关不再处理该申请。",
    ),
    Outcome("other", OTHER, "3.其他", f"{R}", "本机关对您的申请作出如下处理。"),
)
OUTCOME_BY_CODE = {o.code: o for o in OUTCOMES}
# Outcomes the case reaches by itself, never chosen as a reply.
LAPSE_OUTCOMES = {"other_no_clarification", "other_unpaid_fee"}


def outcome(code: str) -> Outcome:
    try:
        return OUTCOME_BY_CODE[code]
    except KeyError:
        raise RuleError(f"未知的答复类型：{code}") from None


# -- annual-report table 三 (国办公开办函〔2021〕30号) ------------------------------------------
# The rows word for word: reports.format lays them out, the statistics count by them.
NEW_ROW = "一、本年新收政府信息公开申请数量"
CARRIED_ROW = "二、上年结转政府信息公开申请数量"
RESULTS = "三、本年度办理结果"
TOTAL_ROW = "（七）总计"
FORWARD_ROW = "四、结转下年度继续办理"
# The format's cell for 部分公开 also says how to count it.
COUNTING_NOTES = {PARTIAL: "（区分处理的，只计这一情形，不计其他情形）"}


def _result_rows() -> dict[tuple[str, str], tuple[str, ...]]:
    rows: dict[tuple[str, str], tuple[str, ...]] = {}
    for o in OUTCOMES:
        rows[(o.group, o.label)] = (*rows.get((o.group, o.label), ()), o.code)
    return rows


# Each row of 三、本年度办理结果 as (group, label), with the outcomes it adds up.
TABLE3_RESULTS = _result_rows()
# Every row of the table as the path of its label cells, as the format prints them.
TABLE3_ROWS: tuple[tuple[str, ...], ...] = (
    (NEW_ROW,),
    (CARRIED_ROW,),
    *(
        (RESULTS, group + COUNTING_NOTES.get(group, ""))
        if label == group
        else (RESULTS, group, label)
        for group, label in TABLE3_RESULTS
    ),
    (RESULTS, TOTAL_ROW),
    (FORWARD_ROW,),
)


def remedies() -> str:
    """The remedies every reply letter states (第五十一条)."""
    review, litigation = period("remedy.review"), period("remedy.litigation")
    return (
        f"如对本答复不服，可以自收到本答复之日起{review}内依法申请行政复议，"
        f"或者自收到本答复之日起{litigation}内依法向人民法院提起行政诉讼。"
    )
