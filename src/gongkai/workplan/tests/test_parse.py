"""The work-plan reader on the five real plans shipped with the demo data, on documents written
for these tests in every supported format, and on bad input."""

import functools
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gongkai.core import ingest
from gongkai.workplan.management.commands.workplan import plan_tree
from gongkai.workplan.parse import (
    Deadline,
    Paragraph,
    ParseError,
    Plan,
    Table,
    find_deadline,
    parse_blocks,
    parse_file,
    parse_text,
    plan_to_json,
    read_file,
    split_units,
)

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "data" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def seed(prefix: str) -> Plan:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return parse_file(path.read_bytes(), path.name)


def fixture(name: str) -> Plan:
    path = FIXTURES / name
    return parse_file(path.read_bytes(), path.name)


def by_number(plan: Plan):
    return {t.number: t for t in plan.tasks}


def assert_consistent(plan: Plan) -> None:
    numbers = [t.number for t in plan.tasks]
    assert len(numbers) == len(set(numbers))
    sections = [s.number for s in plan.sections]
    assert len(sections) == len(set(sections))
    for task in plan.tasks:
        assert task.section in {*sections, ""}
        assert task.number.startswith(task.section)
        assert task.text
        assert "责任单位" not in task.text and "牵头单位" not in task.text
    json.dumps(plan_to_json(plan), ensure_ascii=False)


# -- the seeds --------------------------------------------------------------------------------
def test_seed_001_numbered_items_and_paragraph_headings():
    plan = seed("001")
    assert_consistent(plan)
    assert plan.title == "2023年台儿庄区政务公开工作要点"
    assert plan.year == 2023
    # 13 numbered items under 一、 and 14 （一）-headings each holding one paragraph
    assert len(plan.tasks) == 27
    assert sum(1 for t in plan.tasks if t.number.startswith("一.")) == 13
    assert [s.number for s in plan.sections] == [
        "一",
        "一.（一）",
        "一.（二）",
        "一.（三）",
        "二",
        "三",
        "四",
        "五",
    ]
    tasks = by_number(plan)
    first = tasks["一.（一）.1"]
    assert first.text.startswith("锚定“强工兴产、转型突围”目标")
    assert first.text.endswith("做好标志性项目落地、重大政策创新等关键节点的集中宣传推介。")
    assert first.lead_units == ()
    assert first.responsible_units == (
        "各镇（街）",
        "区发展改革局",
        "区科技局",
        "区财政局",
        "区工业和信息化局",
        "区农业农村局",
        "区商务和投资促进局",
        "区卫生健康局",
        "区文化和旅游局",
        "区地方金融监管局（区金融服务中心）",
        "区大数据中心",
    )
    assert first.section == "一.（一）"
    assert "区民政局" in tasks["一.（一）.2"].responsible_units
    assert tasks["一.（二）.1"].responsible_units == ("区国资中心", "区财政局")
    heading_task = tasks["二.（一）"]
    assert heading_task.text.startswith("持续推进政策集中发布。健全完善规章")
    assert heading_task.text.endswith("加强政策精准公开。")
    assert heading_task.responsible_units == ("各镇（街）", "区政府各部门单位")
    assert heading_task.section == "二"
    assert tasks["四.（四）"].responsible_units == ("区政府有关部门单位",)
    assert tasks["一.（二）.3"].deadline == Deadline(
        "2023年年底前", date(2023, 12, 31), None, None, None
    )
    assert tasks["一.（三）.1"].deadline == Deadline("按季度", None, "quarter", None, None)
    assert tasks["三.（一）"].deadline.within_working_days == 10
    assert tasks["三.（四）"].deadline == Deadline("8月份", date(2023, 8, 31), None, None, None)
    assert tasks["五.（三）"].deadline.within_working_days == 20
    assert "bookmark" not in tasks["一.（一）.2"].text


def test_seed_004_flattened_task_table():
    plan = seed("004")
    assert_consistent(plan)
    assert plan.title == "2021年度政务公开工作要点实施方案"
    assert plan.year == 2021
    # the table is the task list: the implementing text before it gives no tasks
    assert [t.number for t in plan.tasks] == [
        "一.（一）.1",
        "一.（一）.2",
        "一.（一）.3",
        "一.（二）.6",
        "一.（二）.7",
        "一.（二）.8",
        "二.（一）.12",
        "二.（一）.13",
        "二.（二）.14",
        "二.（二）.15",
        "二.（二）.16",
        "二.（二）.17",
        "二.（三）.18",
        "二.（三）.19",
        "二.（三）.20",
        "三.（一）.21",
        "三.（一）.23",
        "三.（二）.25",
        "三.（二）.26",
        "三.（三）.27",
    ]
    assert len(plan.sections) == 11
    assert plan.sections[0].title == "紧扣“十四五”开好局起好步深化政务公开"
    assert "总体要求" not in {s.title for s in plan.sections}
    tasks = by_number(plan)
    one = tasks["一.（一）.1"]
    assert one.text == "政府工作要做到公开透明"
    assert one.lead_units == ()
    assert one.responsible_units == ("街道各部门",)
    assert one.requirement.startswith("坚持以公开为常态、不公开为例外")
    assert tasks["一.（一）.3"].responsible_units == ("街道人大工委", "街道政协")
    six = tasks["一.（二）.6"]
    assert six.lead_units == ("区财政局",)
    assert six.responsible_units == ("街道经济发展办（财政所）",)
    assert six.requirement == "推进部门所属单位预算、决算及相关报表公开。"
    assert tasks["二.（二）.16"].lead_units == ("区政府新闻办（区委宣传部）",)
    assert tasks["二.（三）.20"].lead_units == ("区政府新闻办（区委宣传部）", "区委网信办")
    assert tasks["二.（二）.14"].requirement.startswith("畅通政策咨询渠道")
    assert tasks["三.（一）.21"].responsible_units == ("街道各部门",)  # broken over two lines
    assert tasks["三.（一）.23"].lead_units == ("区司法局",)
    assert all(t.responsible_units for t in plan.tasks)


def test_seed_000_framing_sections_hold_no_tasks():
    plan = seed("000")
    assert_consistent(plan)
    assert plan.title == "韩店街道2023年政务公开工作实施方案"
    assert plan.year == 2023
    # 三、组织领导 (1) + items 1–15 under 四、 + 五、（一）–（四） + 六、（一）–（二);
    # 一、总体要求 and the principles under 二、基本原则 are not tasks
    assert len(plan.tasks) == 22
    assert not any(t.number.startswith(("一", "二")) for t in plan.tasks)
    tasks = by_number(plan)
    assert tasks["三"].text.startswith("组织领导。为切实做好政务公开工作")
    assert tasks["三"].section == ""
    assert tasks["四.（一）.1"].text.startswith("围绕“四宜”上党建设，抓好政务公开。要紧密结合")
    assert tasks["四.（四）.15"].text == (
        "抓好培训考核，确保任务落实。要对本要点提出的涉及本单位的重点任务，梳理形成工作台账，"
        "确保落实到位。"
    )
    assert tasks["六.（二）"].text.startswith("落实工作任务。各部门要高度重视")
    assert all(not t.lead_units and not t.responsible_units for t in plan.tasks)


def test_seed_002_paragraph_headings():
    plan = seed("002")
    assert_consistent(plan)
    assert plan.title == "贯彻落实《长治市上党区2023年度政务公开工作考核方案》工作方案"
    assert plan.year == 2023
    assert len(plan.tasks) == 17  # 6 + 4 + 3 + 2 + 2; 一、总体要求 is no task
    tasks = by_number(plan)
    assert tasks["二.（一）"].deadline == Deadline("年底前", date(2023, 12, 31), None, None, None)
    assert tasks["二.（二）"].text.startswith("按照标准推进执行公开。及时主动公开")
    assert tasks["六.（二）"].text.startswith("做好教育培训。要把政务公开列入民警培训课程体系")
    assert [s.number for s in plan.sections] == ["二", "三", "四", "五", "六"]


def test_seed_003_mixed_brackets_and_a_lost_first_number():
    plan = seed("003")
    assert_consistent(plan)
    assert plan.title == "镇202x年政务公开工作要点"
    assert plan.year is None
    assert len(plan.tasks) == 31
    tasks = by_number(plan)
    # the paragraph under （一） followed by "2." is item 1
    assert tasks["一.（一）.1"].text.startswith("全面公开、精准解读。紧扣省、市、区政府工作报告")
    assert tasks["一.（一）.2"].text.startswith("加强同步跟进解读。按照“谁起草谁解读”原则")
    assert tasks["三.（二）.1"].text.startswith("围绕“放管服”改革新任务新举措")
    assert tasks["二.（二）.3"].deadline.within_working_days == 20
    assert tasks["二.（二）.3"].deadline.due is None
    assert "五.（三）.4" in tasks
    assert plan.sections[1].title == "深入解读重要政策措施"


# -- pieces -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "units"),
    [
        ("区人社局、医保局", ["区人社局", "医保局"]),  # completed only by complete_names
        ("各镇〈街〉、区发展改革局、科技局。", ["各镇（街）", "区发展改革局", "科技局"]),
        ("区直各部门，各镇（街）", ["区直各部门", "各镇（街）"]),
        ("台儿庄区人社局；医保局", ["台儿庄区人社局", "医保局"]),
        ("区住房城乡建设局、市场监管局", ["区住房城乡建设局", "市场监管局"]),
        ("区委宣传部、区政府办", ["区委宣传部", "区政府办"]),
        ("街道人大工委街道政协", ["街道人大工委", "街道政协"]),
        ("区政府新闻办\n（区委宣传部）\n区委网信办", ["区政府新闻办（区委宣传部）", "区委网信办"]),
        ("街道各部\n门", ["街道各部门"]),
        ("区财政局 区税务局", ["区财政局", "区税务局"]),
        ("区教育局、区卫健局等有关部门", ["区教育局", "区卫健局"]),
        ("区民政局、区民政局", ["区民政局"]),
        ("\xa0", []),
        ("无", []),
    ],
)
def test_split_units(written, units):
    assert split_units(written) == units


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("2023年年底前完成", None, ("2023年年底前", date(2023, 12, 31), None, None, None)),
        ("于年底前建立制度", 2024, ("年底前", date(2024, 12, 31), None, None, None)),
        ("年底前建立制度", None, ("年底前", None, None, None, None)),
        ("6月底前完成", 2024, ("6月底前", date(2024, 6, 30), None, None, None)),
        ("将8月份定为开放月", 2023, ("8月份", date(2023, 8, 31), None, None, None)),
        ("2024年3月15日前报送", 2023, ("2024年3月15日前", date(2024, 3, 15), None, None, None)),
        ("十月中旬前完成", 2024, ("十月中旬前", date(2024, 10, 20), None, None, None)),
        ("上半年完成", 2024, ("上半年", date(2024, 6, 30), None, None, None)),
        ("第三季度前完成", 2024, ("第三季度前", date(2024, 9, 30), None, None, None)),
        ("20个工作日内答复", 2024, ("20个工作日内", None, None, 20, None)),
        ("10日内发布", 2024, ("10日内", None, None, None, 10)),
        ("十五天内办结", 2024, ("十五天内", None, None, None, 15)),
        ("每季度公开一次", 2024, ("每季度", None, "quarter", None, None)),
        ("按季度公开", 2024, ("按季度", None, "quarter", None, None)),
        ("每月更新", 2024, ("每月", None, "month", None, None)),
        ("每半年报告", 2024, ("每半年", None, "half_year", None, None)),
        ("每年年底前报送", 2024, ("每年年底前", date(2024, 12, 31), "year", None, None)),
    ],
)
def test_deadline_in_text(text, year, expected):
    assert find_deadline(text, year) == Deadline(*expected)


@pytest.mark.parametrize(
    "text",
    ["2023年7月20日印发", "持续推进", "24小时内发布", "季度评估", "7个月"],
)
def test_no_deadline_in_text(text):
    assert find_deadline(text, 2023) is None


def test_deadline_cell():
    cell = find_deadline("2024年6月30日", None, whole=True)
    assert cell == Deadline("2024年6月30日", date(2024, 6, 30), None, None, None)
    assert find_deadline("长期坚持", 2024, whole=True) == Deadline(
        "长期坚持", None, None, None, None
    )
    assert find_deadline("2024-09-30", None, whole=True).due == date(2024, 9, 30)
    assert find_deadline("", 2024, whole=True) is None


def test_heading_styles_nest_by_order_of_appearance():
    plan = parse_text(
        "某区2024年政务公开工作要点\n"
        "一、深化公开\n"
        "(一)决策公开\n"
        "１．目录管理\n"
        "（1）公开年度目录。（责任单位：区司法局）\n"
        "(2)动态调整目录：\n"
        "①新增事项及时公开。\n"
        "② 调整事项说明理由。\n"
        "2、执行公开。\n"
        "公开重点工作落实情况。\n"
        "二 、 加强解读\n"
        "（一）\u3000解读质量。开展图解解读。\n"
    )
    assert plan.year == 2024
    assert [t.number for t in plan.tasks] == [
        "一.（一）.1.（1）",
        "一.（一）.1.（2）.①",
        "一.（一）.1.（2）.②",
        "一.（一）.2",
        "二.（一）",
    ]
    assert [s.number for s in plan.sections] == [
        "一",
        "一.（一）",
        "一.（一）.1",
        "一.（一）.1.（2）",
        "二",
    ]
    tasks = by_number(plan)
    assert tasks["一.（一）.1.（1）"].responsible_units == ("区司法局",)
    assert tasks["一.（一）.1.（2）.②"].text == "调整事项说明理由。"
    assert tasks["一.（一）.2"].text == "执行公开。公开重点工作落实情况。"
    assert tasks["二.（一）"].text == "解读质量。开展图解解读。"


def test_a_unit_note_inside_the_text():
    plan = parse_text("一、公开\n1.公开预算（牵头单位：区财政局），年底前完成。\n")
    assert plan.tasks[0].text == "公开预算，年底前完成。"
    assert plan.tasks[0].lead_units == ("区财政局",)


def test_a_plan_of_one_line_headings():
    plan = parse_text("一、公开财政预算。\n二、公开部门决算。\n三、总体要求\n")
    assert [(t.number, t.text) for t in plan.tasks] == [
        ("一", "公开财政预算。"),
        ("二", "公开部门决算。"),
    ]


def test_repeated_numbers_are_made_unique():
    plan = parse_text("一、公开\n1.甲事项。\n1.乙事项。\n")
    assert [t.number for t in plan.tasks] == ["一.1", "一.1-2"]


# -- documents in every format ----------------------------------------------------------------
def test_text_with_units_in_brackets():
    plan = fixture("units_in_brackets.txt")
    assert_consistent(plan)
    assert plan.title == "明湖区2024年政务公开工作要点"
    assert plan.year == 2024
    assert len(plan.tasks) == 10
    tasks = by_number(plan)
    one = tasks["二.（一）.1"]
    assert one.lead_units == ("区发展和改革局",)
    assert one.responsible_units == ("各镇（街道）", "区直有关部门")
    assert one.deadline.due == date(2024, 6, 30)
    # 财政局 is shortened and the plan never writes 区财政局: kept as written, for mapping
    assert tasks["二.（一）.2"].responsible_units == ("区统计局", "区发展和改革局", "财政局")
    three = tasks["二.（一）.3"]
    assert (three.lead_units, three.responsible_units) == (
        ("区政务服务和数据管理局",),
        ("区直各部门",),
    )
    assert three.text.endswith("专栏发布。")
    assert three.deadline.within_days == 10
    # a note broken over two lines
    assert tasks["二.（二）.1"].responsible_units == (
        "区教育局",
        "区卫生健康委员会",
        "区医疗保障局",
    )
    assert tasks["二.（二）.1"].text.endswith("公开办事指南和咨询电话。")
    # a note after the last sub-item belongs to all of them
    for number in ("二.（二）.2.（1）", "二.（二）.2.（2）"):
        assert tasks[number].responsible_units == ("区人力资源和社会保障局",)
    assert tasks["二.（二）.2.（1）"].deadline.every == "month"
    for number in ("三.（二）.①", "三.（二）.②"):
        assert tasks[number].lead_units == ("区政府办公室",)
        assert tasks[number].responsible_units == ("区委网信办", "区公安分局（区网安大队）")
    assert tasks["四"].deadline.due == date(2024, 12, 31)
    assert not any(t.text.startswith("坚持以人民为中心") for t in plan.tasks)


def test_text_in_gb18030():
    data = (FIXTURES / "units_in_brackets.txt").read_text(encoding="utf-8").encode("gb18030")
    plan = parse_file(data, "要点.txt")
    assert plan.title == "明湖区2024年政务公开工作要点"
    assert len(plan.tasks) == 10


def test_text_with_units_on_their_own_lines():
    plan = fixture("units_on_own_lines.txt")
    assert_consistent(plan)
    assert plan.title == "东湖街道2024年政务公开工作任务清单"
    assert [t.number for t in plan.tasks] == ["一.1", "一.2", "二.3", "二.4", "三.5", "三.6"]
    tasks = by_number(plan)
    assert tasks["一.1"].lead_units == ("党政办",)
    assert tasks["一.1"].responsible_units == ("各社区", "经济发展办")
    assert tasks["一.1"].deadline is None  # 不少于30日 is a period, not a limit
    assert tasks["一.2"].responsible_units == ("党政办",)
    assert tasks["二.3"].responsible_units == (
        "社会事务办",
        "综合执法队",
        "经济发展办",
        "社区服务中心",
    )
    assert tasks["二.3"].deadline == Deadline("年底前", date(2024, 12, 31), None, None, None)
    assert tasks["三.5"].responsible_units == ()
    assert tasks["三.6"].deadline.within_working_days == 20


def docx_plan() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("明湖区2024年政务公开工作实施方案")
    document.add_paragraph("一、总体要求")
    document.add_paragraph("以公开促落实、强监管、优服务。")
    document.add_paragraph("附件")
    document.add_paragraph("重点任务分解表")
    table = document.add_table(rows=1, cols=6)
    header = ["序号", "主要任务", "牵头单位", "责任单位", "完成时限", "具体要求"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    rows = [
        ["一、强化政策解读"],
        ["1", "落实政策解读三同步", "区政府办", "区直各部门", "长期坚持", "同步组织、同步审签"],
        ["2", "开展政策进社区活动", "区司法局", "各镇（街）", "2024年9月底前", ""],
        ["二、规范依申请公开"],
        ["3", "规范依申请公开答复", "区政府办", "区司法局", "", "20个工作日内答复"],
        ["", "规范依申请公开答复", "", "区政务服务和数据管理局", "", ""],
    ]
    for values in rows:
        cells = table.add_row().cells
        if len(values) == 1:
            merged = cells[0].merge(cells[-1])
            merged.text = values[0]
        else:
            for cell, text in zip(cells, values, strict=True):
                cell.text = text
    last = len(table.rows) - 1
    table.cell(last - 1, 1).merge(table.cell(last, 1))  # the task spans two rows
    document.add_paragraph("抄送：区委办公室。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_with_a_task_table():
    plan = parse_file(docx_plan(), "方案.docx")
    assert_consistent(plan)
    assert plan.title == "明湖区2024年政务公开工作实施方案"
    assert plan.year == 2024
    assert [s.number for s in plan.sections] == ["一", "二"]
    assert [s.title for s in plan.sections] == ["强化政策解读", "规范依申请公开"]
    assert [t.number for t in plan.tasks] == ["一.1", "一.2", "二.3"]
    first, second, third = plan.tasks
    assert first.text == "落实政策解读三同步"
    assert (first.lead_units, first.responsible_units) == (("区政府办",), ("区直各部门",))
    assert first.deadline == Deadline("长期坚持", None, None, None, None)
    assert first.requirement == "同步组织、同步审签"
    assert second.deadline.due == date(2024, 9, 30)
    assert third.responsible_units == ("区司法局", "区政务服务和数据管理局")
    assert third.deadline.within_working_days == 20  # from the requirement


def test_docx_paragraphs_and_tables_keep_document_order():
    blocks = read_file(docx_plan(), "plan.bin")
    kinds = [type(b).__name__ for b in blocks]
    assert kinds.index("Table") == 5
    assert blocks[0] == Paragraph("明湖区2024年政务公开工作实施方案")
    assert isinstance(blocks[-1], Paragraph)


def test_html_page_with_a_table():
    plan = fixture("task_table.html")
    assert_consistent(plan)
    assert plan.title == "明湖区2024年政务公开重点任务分解表"
    assert [t.number for t in plan.tasks] == ["一.1", "一.2", "二.3", "二.4"]
    tasks = by_number(plan)
    assert tasks["一.1"].text == "公开年度重大行政决策事项目录，并动态调整。"
    assert tasks["一.1"].deadline.due == date(2024, 4, 30)
    assert tasks["一.2"].lead_units == ("区司法局",)  # rowspan
    assert tasks["一.2"].responsible_units == ("区发展和改革局", "区住房和城乡建设局")
    assert tasks["一.2"].deadline.within_working_days == 20
    assert tasks["二.3"].responsible_units == ("各镇（街道）", "区财政局")
    assert tasks["二.3"].deadline.every == "quarter"
    assert tasks["二.4"].deadline.due == date(2024, 9, 30)


def test_html_without_a_table():
    page = (
        "<html><body><h2>某街道2024年政务公开工作要点</h2>"
        "<p>一、深化公开</p><p>1．公开街道预算。<br>（责任单位：经济发展办）</p>"
        "<ul><li>2．公开办事指南。</li></ul></body></html>"
    )
    plan = parse_file(page.encode(), "page.html")
    assert [t.number for t in plan.tasks] == ["一.1", "一.2"]
    assert plan.tasks[0].responsible_units == ("经济发展办",)


def xlsx_plan() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务分解"
    sheet.append(["明湖区2024年政务公开重点任务分解表"])
    sheet.merge_cells("A1:F1")
    sheet.append(["序号", "工作内容", "牵头单位", "配合单位", "完成时限", "工作要求"])
    sheet.append(["一、优化公开平台"])
    sheet.merge_cells("A3:F3")
    sheet.append(
        [1, "政府网站集约化改造", "区政务服务和数据管理局", "区直各部门", date(2024, 6, 30)]
    )
    sheet.append(
        [2, "政务新媒体常态化检查", None, "各镇（街道）、区委网信办", "每季度", "通报结果"]
    )
    sheet.merge_cells("C4:C5")
    sheet.append([3, "政府公报数字化", "区政府办", "区档案馆", "2024年6月底前", ""])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_with_lead_and_cooperating_units():
    plan = parse_file(xlsx_plan(), "分解表.xlsx")
    assert_consistent(plan)
    assert plan.title == "明湖区2024年政务公开重点任务分解表"
    assert plan.year == 2024
    assert [t.number for t in plan.tasks] == ["一.1", "一.2", "一.3"]
    first, second, third = plan.tasks
    assert first.text == "政府网站集约化改造"
    assert first.lead_units == ("区政务服务和数据管理局",)
    assert first.responsible_units == ("区直各部门",)
    assert first.deadline == Deadline("2024年6月30日", date(2024, 6, 30), None, None, None)
    assert second.lead_units == ("区政务服务和数据管理局",)  # merged cell
    assert second.responsible_units == ("各镇（街道）", "区委网信办")
    assert second.deadline.every == "quarter"
    assert second.requirement == "通报结果"
    assert third.deadline.due == date(2024, 6, 30)


@pytest.mark.parametrize(
    ("build", "name", "wrong_name"),
    [
        (docx_plan, "方案.docx", "方案.txt"),
        (docx_plan, "方案.docx", "方案.xlsx"),
        (xlsx_plan, "分解表.xlsx", "分解表.txt"),
        (xlsx_plan, "分解表.xlsx", "分解表.html"),
    ],
    ids=["docx_as_txt", "docx_as_xlsx", "xlsx_as_txt", "xlsx_as_html"],
)
def test_format_is_told_by_content_not_name(build, name, wrong_name):
    data = build()
    assert len(parse_file(data, wrong_name).tasks) == 3
    assert plan_to_json(parse_file(data, wrong_name)) == plan_to_json(parse_file(data, name))


def test_blocks_are_the_common_input():
    plan = parse_blocks(
        [
            Paragraph("某局2024年政务公开工作要点"),
            Table([["任务", "责任科室"], ["一、公开"], ["1.公开权责清单", "法规科"]]),
        ]
    )
    assert plan.tasks[0].number == "一.1"
    assert plan.tasks[0].responsible_units == ("法规科",)


# -- bad input --------------------------------------------------------------------------------
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空"),
        (b"  \n\r\n\t ", "文件为空"),
        (PNG, "不支持的文件格式"),
        (b"%PDF-1.7\n", "PDF"),
        (b"\x00\x01\x02\x03binary", "不支持的文件格式"),
        ("关于做好政务公开工作的通知\n请各单位认真落实。\n".encode(), "未找到任何工作任务"),
    ],
)
def test_bad_input(data, message):
    with pytest.raises(ParseError, match=message):
        parse_file(data, "upload.bin")


MB = 1024 * 1024
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def repack(source: bytes, edit: Callable[[str, bytes], Iterator[bytes]]) -> bytes:
    """A copy of a zip package with each member passed through `edit`, written as it streams."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as old,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            with new.open(info.filename, "w", force_zip64=True) as member:
                for chunk in edit(info.filename, old.read(info)):
                    member.write(chunk)
    return out.getvalue()


@functools.cache
def xlsx_bomb() -> bytes:
    """The plan with 201 MB of blanks in its sheet's XML, which deflate to about 200 KB."""

    def pad(name: str, data: bytes) -> Iterator[bytes]:
        if name != "xl/worksheets/sheet1.xml":
            yield data
            return
        head, tail = data.rsplit(b"</worksheet>", 1)
        yield head
        for _ in range(201):
            yield b" " * MB
        yield b"</worksheet>" + tail

    return repack(xlsx_plan(), pad)


def xlsm() -> bytes:
    """The plan saved as a macro-enabled workbook: its content type and a VBA project."""

    def to_macro(name: str, data: bytes) -> Iterator[bytes]:
        if name == "[Content_Types].xml":
            data = data.replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            )
        yield data

    out = io.BytesIO(repack(xlsx_plan(), to_macro))
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("xl/vbaProject.bin", OLE + bytes(100))
    return out.getvalue()


def zip_of_text() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "一、公开\n1.事项。")
    return out.getvalue()


@pytest.mark.parametrize(
    ("build", "name", "message"),
    [
        (xlsx_bomb, "分解表.xlsx", ingest.ZIP_BOMB),
        (xlsm, "分解表.xlsm", ingest.MACRO_OFFICE),
        (xlsm, "分解表.xlsx", ingest.MACRO_OFFICE),
        (
            lambda: OLE + bytes(504) + "Workbook".encode("utf-16-le"),
            "分解表.xls",
            ingest.LEGACY_OFFICE,
        ),
        (
            lambda: OLE + bytes(504) + "EncryptedPackage".encode("utf-16-le"),
            "分解表.xlsx",
            ingest.ENCRYPTED_OFFICE,
        ),
        (lambda: b"PK\x03\x04" + bytes(50), "方案.docx", ingest.BROKEN_ZIP),
        (zip_of_text, "方案.docx", ingest.NOT_OOXML),
    ],
    ids=["xlsx_bomb", "xlsm", "xlsm_named_xlsx", "xls", "encrypted", "broken_zip", "plain_zip"],
)
def test_office_files_are_refused_as_attachments_are(build, name, message):
    with pytest.raises(ParseError) as refused:
        parse_file(build(), name)
    assert str(refused.value) == message


def test_the_xlsx_bomb_is_small_on_disk():
    assert len(xlsx_bomb()) < MB


@pytest.mark.parametrize("stray", ["XFD13", "A40000"], ids=["far_right", "far_down"])
def test_a_workbook_over_the_cell_budget(stray):
    """A stray far-off cell spreads the sheet's grid over more cells than a plan is read from."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_plan()))
    workbook.active[stray] = "备注"
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(ParseError, match=r"XLSX 文件的表格过大（分解表.xlsx）.*超过 20 万个单元格"):
        parse_file(out.getvalue(), "分解表.xlsx")


# -- the command ------------------------------------------------------------------------------
def test_plan_to_json():
    data = plan_to_json(seed("001"))
    assert set(data) == {"title", "year", "sections", "tasks", "unplaced"}
    assert data["unplaced"] == []
    task = next(t for t in data["tasks"] if t["number"] == "一.（二）.3")
    assert task["deadline"] == {
        "text": "2023年年底前",
        "due": "2023-12-31",
        "every": None,
        "within_working_days": None,
        "within_days": None,
    }
    assert set(task) == {
        "number",
        "text",
        "lead_units",
        "responsible_units",
        "deadline",
        "requirement",
        "section",
    }
    assert data["tasks"][0]["deadline"] is None


def test_plan_tree():
    lines = plan_tree(seed("004"))
    assert lines[0] == "2021年度政务公开工作要点实施方案"
    assert "一 紧扣“十四五”开好局起好步深化政务公开" in lines
    assert "  （一） 围绕建设法治政府全面推进政务公开" in lines
    assert "    6 稳步扩大预决算公开范围。" in lines
    assert "      牵头单位：区财政局" in lines


def test_command_prints_json():
    (path,) = SEEDS.glob("004_*.txt")
    out = io.StringIO()
    call_command("workplan", "parse", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert len(data["tasks"]) == 20
    assert "街道各部门" in out.getvalue()  # not escaped


def test_command_prints_a_tree(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx_plan())
    out = io.StringIO()
    call_command("workplan", "parse", str(path), stdout=out)
    assert "1 政府网站集约化改造" in out.getvalue()
    assert "完成时限：2024年6月30日（2024-06-30）" in out.getvalue()


def test_command_errors(tmp_path):
    with pytest.raises(CommandError, match="无法读取文件"):
        call_command("workplan", "parse", str(tmp_path / "missing.docx"))
    image = tmp_path / "plan.png"
    image.write_bytes(PNG)
    with pytest.raises(CommandError, match="不支持的文件格式"):
        call_command("workplan", "parse", str(image))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="文件为空"):
        call_command("workplan", "parse", str(empty))
