"""The shapes real plans come in, one minimal example each (tables with a category column, headers
over two rows, tables flattened to text, Word's automatic numbering, closing sections, traditional
script). Every expected reading here was written by hand from the example."""

import io
from datetime import date

from gongkai.workplan.parse import parse_file, parse_text


def rows_of(plan):
    titles = {s.number: s.title for s in plan.sections}
    return [
        (
            titles.get(t.section, ""),
            t.text,
            t.lead_units,
            t.responsible_units,
            t.deadline and t.deadline.text,
        )
        for t in plan.tasks
    ]


def html(body: str) -> bytes:
    return f"<html><body><p>2023年某区政务公开工作任务分解表</p>{body}</body></html>".encode()


# -- 1. a category column merged over several rows ----------------------------------------------
CATEGORY_TABLE = html(
    """<table>
<tr><td>序号</td><td>工作任务</td><td>具体要求</td><td>牵头单位</td><td>责任单位</td><td>完成时限</td></tr>
<tr><td>1</td><td rowspan="2">加强政策解读</td><td>做好重要政策解读。</td><td>区政府办</td>
    <td rowspan="3">区直各部门</td><td>年底前</td></tr>
<tr><td>2</td><td>开展政策进社区。</td><td>区司法局</td><td>6月底前</td></tr>
<tr><td>3</td><td>规范依申请公开</td><td>依法办理政府信息公开申请。</td><td>区政府办</td>
    <td rowspan="2">持续推进</td></tr>
<tr><td>4</td><td>做好年度报告</td><td>按时发布年度报告。</td><td>区政府办</td><td>各镇街</td></tr>
</table>"""
)


def test_a_category_column_is_the_section_and_each_numbered_row_a_task():
    plan = parse_file(CATEGORY_TABLE, "plan.html")
    assert rows_of(plan) == [
        ("加强政策解读", "做好重要政策解读。", ("区政府办",), ("区直各部门",), "年底前"),
        ("加强政策解读", "开展政策进社区。", ("区司法局",), ("区直各部门",), "6月底前"),
        (
            "规范依申请公开",
            "依法办理政府信息公开申请。",
            ("区政府办",),
            ("区直各部门",),
            "持续推进",
        ),
        ("做好年度报告", "按时发布年度报告。", ("区政府办",), ("各镇街",), "持续推进"),
    ]
    assert plan.tasks[1].deadline.due == date(2023, 6, 30)


def category_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("2022年某县政务公开重点任务分解表")
    table = document.add_table(rows=5, cols=5)
    grid = [
        ["序号", "工作任务", "主要内容", "责任单位", "备注"],
        ["1", "深化决策公开", "公开重大决策事项目录。", "县司法局", "3月底前完成"],
        ["2", "", "开展决策预公开。", "", ""],
        ["3", "", "邀请利益相关方列席会议。", "县政府办", ""],
        ["4", "回应社会关切", "及时回应热点。", "县委宣传部", "长期坚持"],
    ]
    for r, values in enumerate(grid):
        for c, text in enumerate(values):
            table.cell(r, c).text = text
    table.cell(1, 1).merge(table.cell(3, 1))
    table.cell(1, 3).merge(table.cell(2, 3))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_merged_cells_in_word_apply_to_every_row_they_span_and_remarks_give_deadlines():
    plan = parse_file(category_docx(), "plan.docx")
    assert rows_of(plan) == [
        ("深化决策公开", "公开重大决策事项目录。", (), ("县司法局",), "3月底前完成"),
        ("深化决策公开", "开展决策预公开。", (), ("县司法局",), None),
        ("深化决策公开", "邀请利益相关方列席会议。", (), ("县政府办",), None),
        ("回应社会关切", "及时回应热点。", (), ("县委宣传部",), "长期坚持"),
    ]
    assert plan.tasks[0].deadline.due == date(2022, 3, 31)


# -- headers over two rows, or over two columns ------------------------------------------------
def test_a_header_over_two_rows():
    plan = parse_file(
        html(
            """<table>
<tr><th rowspan="2">序号</th><th rowspan="2">工作任务</th><th colspan="2">责任单位</th>
    <th rowspan="2">完成时限</th></tr>
<tr><th>牵头单位</th><th>配合单位</th></tr>
<tr><td>1</td><td>公开财政预决算。</td><td>区财政局</td><td>区直各部门</td><td>年底前</td></tr>
<tr><td>2</td><td>公开政府采购信息。</td><td>区财政局</td><td>各镇街</td><td>每季度</td></tr>
</table>"""
        ),
        "plan.html",
    )
    assert [(t.text, t.lead_units, t.responsible_units) for t in plan.tasks] == [
        ("公开财政预决算。", ("区财政局",), ("区直各部门",)),
        ("公开政府采购信息。", ("区财政局",), ("各镇街",)),
    ]
    assert plan.tasks[1].deadline.every == "quarter"


def test_a_header_spanning_the_number_and_the_text():
    plan = parse_file(
        html(
            """<table>
<tr><td colspan="2">具体要求</td><td>责任单位</td><td>时限</td></tr>
<tr><td>1</td><td>规范设置信息公开专栏。</td><td>区政府办</td><td>年底前</td></tr>
<tr><td>2</td><td>更新公开指南。</td><td>区政府办</td><td>每年</td></tr>
</table>"""
        ),
        "plan.html",
    )
    assert [(t.number, t.text) for t in plan.tasks] == [
        ("1", "规范设置信息公开专栏。"),
        ("2", "更新公开指南。"),
    ]


# -- 2. tables flattened to text ---------------------------------------------------------------
PIPE_ROWS = """2021年某市政务公开任务清单
工作任务 | 具体要求 | 责任单位 | 时限要求 |
一、助力经济发展。 | 1 | 公开涉企政策。 | 市发展改革委牵头，市商务局配合 | 持续推进 |
2 | 开设帮扶政策专题。 | 市政府各有关部门负责落实 | 年底前 |
二、优化政务服务。 | 3 | 公开办事指南。 | 市政务服务中心 | 9月底前 |
"""


def test_a_table_pasted_with_bars_one_row_per_line():
    plan = parse_text(PIPE_ROWS)
    assert rows_of(plan) == [
        ("助力经济发展", "公开涉企政策。", ("市发展改革委",), ("市商务局",), "持续推进"),
        ("助力经济发展", "开设帮扶政策专题。", (), ("市政府各有关部门",), "年底前"),
        ("优化政务服务", "公开办事指南。", (), ("市政务服务中心",), "9月底前"),
    ]


CELL_PER_LINE = """某局2024年政务公开重点任务清单
工作任务
|
序号
|
具体要求
|
责任科室
|
时限要求
|
强化规范性文件公开
|
1
|
公布现行有效规范性文件目录。
|
办公室
|
年底前
|
做好主动公开
|
2
|
规范政府信息公开专栏。
|
各科室
|
持续推进
|
3
|
编制发布年度报告。
|
办公室
|
持续推进
|
"""


def test_a_table_pasted_one_cell_per_line():
    plan = parse_text(CELL_PER_LINE)
    assert rows_of(plan) == [
        ("强化规范性文件公开", "公布现行有效规范性文件目录。", (), ("办公室",), "年底前"),
        ("做好主动公开", "规范政府信息公开专栏。", (), ("各科室",), "持续推进"),
        ("做好主动公开", "编制发布年度报告。", (), ("办公室",), "持续推进"),
    ]


def test_a_table_pasted_with_tabs_and_no_header():
    plan = parse_text(
        "2020年某县政务公开工作要点分解表\n"
        "1\t公开权责清单。\t县委编办\t6月底前\n"
        "2\t公开行政执法结果。\t县司法局、县市场监管局\t长期坚持\n"
        "3\t更新政务公开事项目录。\t县政府办\t每季度\n"
    )
    assert [(t.text, t.responsible_units) for t in plan.tasks] == [
        ("公开权责清单。", ("县委编办",)),
        ("公开行政执法结果。", ("县司法局", "县市场监管局")),
        ("更新政务公开事项目录。", ("县政府办",)),
    ]
    assert plan.tasks[0].deadline.due == date(2020, 6, 30)


# -- 5. Word's automatic numbering, closing sections ------------------------------------------
def numbered_docx() -> bytes:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    abstract = parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90">'
        + "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>'
            for i, (fmt, text) in enumerate(levels)
        )
        + "</w:abstractNum>"
    )
    numbering = document.part.numbering_part.element
    numbering.insert(0, abstract)
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )

    document.add_paragraph("2025年某镇政务公开工作要点")
    numbered("总体要求", 0)
    document.add_paragraph("坚持以人民为中心。")
    numbered("推进决策公开", 0)
    numbered("规范决策程序", 1)
    numbered("公开重大行政决策事项目录。（责任单位：镇党政办）", 2)
    numbered("开展决策预公开。（责任单位：镇司法所）", 2)
    numbered("加强政策解读", 1)
    document.add_paragraph("做好政策解读工作。（责任单位：镇党政办）")
    numbered("保障措施", 0)
    numbered("加强组织领导", 1)
    document.add_paragraph("各单位要高度重视。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_automatic_numbering_gives_the_headings():
    plan = parse_file(numbered_docx(), "plan.docx")
    assert [(t.number, t.text, t.responsible_units) for t in plan.tasks] == [
        ("二.（一）.1", "公开重大行政决策事项目录。", ("镇党政办",)),
        ("二.（一）.2", "开展决策预公开。", ("镇司法所",)),
        ("二.（二）", "加强政策解读。做好政策解读工作。", ("镇党政办",)),
    ]


def test_closing_sections_hold_no_tasks():
    plan = parse_text(
        "2019年某区政务公开工作要点\n一、深化主动公开\n（一）公开财政信息。（责任单位：区财政局）\n"
        "（二）公开执法信息。（责任单位：区司法局）\n二、保障措施\n（一）加强组织领导。各单位要高度重视。\n"
        "（二）强化考核。将政务公开纳入绩效考核。\n三、工作要求\n请各单位于12月10日前报送总结。\n"
    )
    assert [t.text for t in plan.tasks] == ["公开财政信息。", "公开执法信息。"]


# -- 6. traditional script ----------------------------------------------------------------------
def test_traditional_script_is_read_and_shown_as_written():
    plan = parse_text(
        "2020年某縣政務公開工作要點\n一、推進決策公開\n"
        "（一）公開重大決策事項目錄。（牽頭單位：縣政府辦；責任單位：縣司法局）\n"
        "（二）開展政策解讀。（責任單位：各鄉鎮、縣直各部門）\n"
    )
    assert plan.title == "2020年某縣政務公開工作要點"
    assert [(t.text, t.lead_units, t.responsible_units) for t in plan.tasks] == [
        ("公開重大決策事項目錄。", ("縣政府辦",), ("縣司法局",)),
        ("開展政策解讀。", (), ("各鄉鎮", "縣直各部門")),
    ]


# -- what the reader could not place ----------------------------------------------------------
def test_rows_that_hold_no_task_are_reported_not_dropped():
    plan = parse_file(
        html(
            """<table>
<tr><td>序号</td><td>工作任务</td><td>责任单位</td><td>完成时限</td></tr>
<tr><td>1</td><td>公开财政预决算。</td><td>区财政局</td><td>年底前</td></tr>
<tr><td>2</td><td></td><td>区审计局</td><td>6月底前</td></tr>
</table>"""
        ),
        "plan.html",
    )
    assert [t.text for t in plan.tasks] == ["公开财政预决算。"]
    assert plan.unplaced == ("2 区审计局 6月底前",)


def test_a_copied_row_that_fits_no_column_is_reported_not_forced_into_a_task():
    plan = parse_text(PIPE_ROWS + "11 |  | 区审计局 | 年底前 | 另行通知 | 备查 |\n")
    assert [t.text for t in plan.tasks][-1] == "公开办事指南。"
    assert plan.unplaced == ("11 区审计局 年底前 另行通知 备查",)
