"""Unit notes and names as real plans write them; every expected answer written by hand."""

import pytest

from gongkai.workplan.parse import parse_text
from gongkai.workplan.parse.units import cell_units, complete_names, split_units

PLAN = "2023年某区政务公开工作要点\n一、深化公开\n"


@pytest.mark.parametrize(
    ("line", "lead", "resp"),
    [
        (
            "（一）公开财政信息。（牵头单位：区财政局；责任单位：区直各部门）",
            ["区财政局"],
            ["区直各部门"],
        ),
        (
            "（一）公开财政信息。(牵头单位:区财政局;责任单位:区直各部门)",
            ["区财政局"],
            ["区直各部门"],
        ),
        ("（一）公开财政信息。（区财政局牵头，区直各部门配合）", ["区财政局"], ["区直各部门"]),
        ("（一）公开财政信息。（区财政局负责）", [], ["区财政局"]),
        ("（一）公开财政信息。（区财政局负责落实）", [], ["区财政局"]),
        ("（一）公开财政信息。（区财政局、区审计局分别负责落实）", [], ["区财政局", "区审计局"]),
        ("（一）公开财政信息。（区财政局、区审计局按职责分工负责）", [], ["区财政局", "区审计局"]),
        ("（一）公开财政信息。【责任单位：区财政局】", [], ["区财政局"]),
        ("（一）公开财政信息。［责任单位：区财政局］", [], ["区财政局"]),
        ("（一）公开财政信息。[责任单位:区财政局,区审计局]", [], ["区财政局", "区审计局"]),
        (
            "（一）公开财政信息。（区财政局牵头，区审计局负责。以下工作均需各镇落实，不再列出）",
            ["区财政局"],
            ["区审计局"],
        ),
    ],
)
def test_unit_notes_in_the_forms_people_write(line, lead, resp):
    (task,) = parse_text(PLAN + line + "\n").tasks
    assert task.text == "公开财政信息。"
    assert (list(task.lead_units), list(task.responsible_units)) == (lead, resp)


@pytest.mark.parametrize(
    ("cell", "default", "lead", "resp"),
    [
        ("区财政局、区审计局", "resp", [], ["区财政局", "区审计局"]),
        ("区财政局", "lead", ["区财政局"], []),
        ("办公室牵头,各科室配合", "resp", ["办公室"], ["各科室"]),
        (
            "市发展改革委牵头，市住建局等政府各有关部门配合",
            "resp",
            ["市发展改革委"],
            ["市住建局", "政府各有关部门"],
        ),
        (
            "市政府各有关部门,各县市区人民政府、功能区管委会负责落实",
            "resp",
            [],
            ["市政府各有关部门", "各县市区人民政府", "功能区管委会"],
        ),
        (
            "市金融办、人民银行潍坊市中心支行分别牵头落实",
            "resp",
            ["市金融办", "人民银行潍坊市中心支行"],
            [],
        ),
        ("牵头单位：区政府办 责任单位：各镇街", "resp", ["区政府办"], ["各镇街"]),
    ],
)
def test_a_units_cell_is_sorted_by_its_verbs_and_labels(cell, default, lead, resp):
    assert cell_units(cell, default) == (lead, resp)


@pytest.mark.parametrize(
    ("written", "names"),
    [
        ("区教育局、区卫健局等有关部门", ["区教育局", "区卫健局"]),
        ("市住建局等政府各有关部门", ["市住建局", "政府各有关部门"]),
        ("区财政局负责落实", ["区财政局"]),
        (
            "区教育局、体育局",
            ["区教育局", "体育局"],
        ),  # never 区教育体育局, nor an unconfirmed 区体育局
    ],
)
def test_names_are_kept_as_written(written, names):
    assert split_units(written) == names


def test_a_shortened_name_is_completed_only_where_the_plan_writes_it_in_full():
    names = ["区人社局", "医保局", "体育局"]
    assert complete_names(names, "……（责任单位：区医保局）……") == ["区人社局", "区医保局", "体育局"]
    assert complete_names(names, "") == names


@pytest.mark.parametrize(
    ("text", "tasks"),
    [
        # items written on one line, one after another
        (
            "一、公开\n（一）政府信息。\n1、更新目录。2、建立制度。3、抓好载体建设。\n",
            ["更新目录。", "建立制度。", "抓好载体建设。"],
        ),
        # an item whose dot was left out
        (
            "一、公开\n1.更新目录。\n2.建立制度。\n3落实依申请公开制度。\n",
            ["更新目录。", "建立制度。", "落实依申请公开制度。"],
        ),
        # a section heading over paragraphs, each a task
        (
            "一、紧扣发展抓好公开\n集中公开重点项目的进展情况。\n依法推进企业信用信息公示。\n",
            ["集中公开重点项目的进展情况。", "依法推进企业信用信息公示。"],
        ),
        # no numbering at all: paragraphs of some length
        (
            "围绕群众关切事项,加大重点领域信息公开力度,公开重大建设项目批准和实施等领域政府信息。\n"
            "围绕推进高质量发展,加大产业转型升级和产品质量提升信息公开力度,公开收费目录清单。\n",
            [
                "围绕群众关切事项,加大重点领域信息公开力度,公开重大建设项目批准和实施等领域政府信息。",
                "围绕推进高质量发展,加大产业转型升级和产品质量提升信息公开力度,公开收费目录清单。",
            ],
        ),
    ],
)
def test_tasks_without_a_number_of_their_own(text, tasks):
    assert [t.text for t in parse_text("2019年某区政务公开工作要点\n" + text).tasks] == tasks
