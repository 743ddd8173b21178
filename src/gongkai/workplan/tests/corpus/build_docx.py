"""Rebuild the corpus's Word files from the pages' text (real Word files could not be fetched).

    python src/gongkai/workplan/tests/corpus/build_docx.py

Each plan is written as offices write it in Word: task tables whose category, unit and deadline
cells are merged over the rows they cover (real vertical merges), and headings numbered by Word's
automatic numbering, so that 一、（一） are in numbering.xml and not in the text. The text of every
cell and paragraph is the page's, as in the corpus's text and HTML files.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml

HERE = Path(__file__).resolve().parent
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def table(document, header: list[str | None], rows: list[list[str | None]]) -> None:
    """A table; a header cell given as None continues the one on its left (a header spanning
    two columns), a row's cell given as None the one above it (a vertical merge)."""
    grid = document.add_table(rows=len(rows) + 1, cols=len(header))
    grid.style = "Table Grid"
    for c, text in enumerate(header):
        if text is None:
            grid.cell(0, c - 1).merge(grid.cell(0, c))
        else:
            grid.cell(0, c).text = text
    for r, values in enumerate(rows, start=1):
        for c, text in enumerate(values):
            if text is not None:
                grid.cell(r, c).text = text
    for c in range(len(header)):
        r = 1
        while r <= len(rows):
            end = r
            while end < len(rows) and rows[end][c] is None:
                end += 1
            if end > r:
                grid.cell(r, c).merge(grid.cell(end, c))
            r = end + 1


def numbering(document) -> str:
    """An automatic list: 一、 / （一） / 1. ; returns its numId."""
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    abstract = parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="77">'
        + "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/></w:lvl>'
            for i, (fmt, text) in enumerate(levels)
        )
        + "</w:abstractNum>"
    )
    root = document.part.numbering_part.element
    root.insert(0, abstract)
    root.append(parse_xml(f'<w:num {W} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    return "77"


def numbered(document, num_id: str, level: int, text: str) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def jiangmen() -> docx.Document:
    document = docx.Document()
    document.add_paragraph("江门市土地储备中心政务公开重点工作任务")
    table(
        document,
        ["工作任务", "具体要求", "责任部门"],
        [
            ["一、做好财政信息公开。", "1.积极推进本中心预算、决算及相关报表公开。", "财务科"],
            ["二、做好政府网站专栏信息公开。", "2.及时更新网站频道的各类型概况信息。", "办公室"],
            [None, "3.及时反馈网民对调查征集信息的意见。", "各科室"],
            [None, "4.及时更新微信公众号信息。", "办公室牵头,各科室配合"],
            [
                "三、持续加强重大政策发布解读。",
                "5.聚焦我中心工作,切实加强重大政策实施的发布解读。要开展深入宣传阐释,精心组织策划,"
                "及时发布权威信息,积极开展多角度、全方位、立体化、多频次的深度解读。",
                "各科室",
            ],
            [
                None,
                "6.综合运用新闻发布会、在线访谈、图文动画、短视频等形式,对重大政策开展深入解读,"
                "更加注重对政策背景、出台目的、重要举措等方面的实质性解读。",
                None,
            ],
            [
                "四、不断改进政策解读工作方式。",
                "7.按照《江门市政府系统政策解读工作细则(试行)》相关要求,健全政策解读工作机制,规范工作流程,"
                "确保解读方案、解读材料与政策文件同步组织、同步审签、同步部署。",
                "办公室牵头,各科室配合",
            ],
            [
                None,
                "8.加强政策咨询服务,要积极解答政策执行机关和企业、群众的咨询,精准传达政策意图"
                "(政策文件和解读资料需添加咨询方式)。",
                "各科室",
            ],
            [
                None,
                "9.加强内部协调工作,修订本单位政府信息公开指南,明确对外告知政府信息公开渠道。",
                "办公室牵头,各科室配合",
            ],
            [
                "五、切实增强回应关切效果。",
                "10.密切关注涉及土地储备等方面的舆情并及时作出回应,助力防范化解重大风险。",
                "各科室",
            ],
        ],
    )
    return document


def jingzhou() -> docx.Document:
    document = docx.Document()
    document.add_paragraph("2022年政务公开任务分解责任清单")
    units = "市政府各有关部门,各县市区人民政府、功能区管委会负责落实"
    table(
        document,
        ["工作任务", None, "具体要求", None, "责任单位", "时限要求"],
        [
            [
                "一、以公开助力经济平稳健康发展。",
                "(一)加强涉及市场主体的信息公开。",
                "1",
                "进一步增强政策文件制定实施的透明度与可预期性,更好地提振市场主体信心、持续打造更优营商环境,"
                "切实公开涉及市场主体政策文件的决策、解读、执行落实情况。",
                units,
                "持续推进",
            ],
            [
                None,
                None,
                "2",
                "开设行业帮扶政策公开专题,加大受疫情影响重的餐饮、住宿、零售、文化、旅游、客运等行业帮扶政策"
                "与解读的公开力度,切实促进行业发展和消费恢复。",
                None,
                None,
            ],
        ],
    )
    return document


def weifang() -> docx.Document:
    document = docx.Document()
    document.add_paragraph("潍坊市2017年政务公开工作要点实施方案")
    table(
        document,
        ["目标", "任务", "主要内容", "责任单位"],
        [
            [
                "一、以政务公开助力稳增长",
                "(一)加强预期引导",
                "围绕我市经济社会发展形势、国家宏观经济政策和全市相关经济政策执行落实情况,通过市政府例行新闻"
                "发布会、市政府新闻办新闻发布会、媒体采访、提供解读素材等形式及时宣传解读。",
                "市发改委牵头落实",
            ],
            [
                None,
                None,
                "围绕出台促进就业规划、就业创业政策,加强就业创业政策信息公开,深入解读政策背景、依据、目标任务、"
                "涉及范围、落实情况等。",
                "市人社局牵头落实",
            ],
            [
                None,
                None,
                "围绕稳健中性的货币政策、优化融资结构和信贷结构等信贷政策,加强金融政策信息公开,通过政策通报会、"
                "银企对接会等方式,加大货币和金融业改革发展政策的宣传和预期引导,及时准确将政策意图传递给市场,"
                "以政策解读的“透”赢得市场预期的“稳”。",
                "市金融办、人民银行潍坊市中心支行、潍坊银监分局分别牵头落实",
            ],
            [
                None,
                None,
                "加强财政政策信息公开,按月公开全市财政收支情况,解读财政收支增减变化情况及原因、预判财政收入走势,"
                "主动解释说明收支运行中可能引发社会关注的热点问题,引导社会各方面正确认识财政形势。",
                "市财政局牵头落实",
            ],
        ],
    )
    return document


def hunan() -> docx.Document:
    document = docx.Document()
    for line in (
        "湖南省人力资源和社会保障厅办公室关于印发《2016年政务公开实施方案》的通知",
        "湘人社办发〔2016〕16号",
        "2016年政务公开实施方案",
        "为深入贯彻中共中央办公厅、国务院办公厅《关于全面推进政务公开工作的意见》(中办发〔2016〕8号)"
        "和《中华人民共和国政府信息公开条例》,构建公开透明、运行规范、制约有效、监督有力的政务运行机制。",
    ):
        document.add_paragraph(line)
    num = numbering(document)
    numbered(document, num, 0, "主动公开行政决策信息")
    numbered(
        document,
        num,
        1,
        "推进行政决策公开。坚持依法科学民主决策,把公众参与、专家论证、风险评估、合法性审查和集体讨论决定"
        "作为重大决策的必经程序。涉及群众切身利益、社会关切的重大改革方案、重大政策措施、重点工程项目,"
        "在决策前要广泛征求群众意见,并以适当方式公布决策过程和结果信息(法规处牵头)。",
    )
    numbered(
        document,
        num,
        1,
        "推进权利清单和责任清单公开。及时调整完善并公开权力清单和责任清单,全面公开人力资源社会保障部门"
        "职责职能、法律依据、实施主体、责任权限、管理流程、监督方式,做到法定职责必须为、法无授权不可为。"
        "做好审核转报的行政审批事项公开,公开审核主体、审核依据和最终的审批主体等事项(法规处牵头)。",
    )
    return document


BUILDERS = {
    "jiangmen-tdcb": jiangmen,
    "jingzhou-2022": jingzhou,
    "weifang-2017": weifang,
    "hunan-2016": hunan,
}


def main() -> None:
    for name, build in BUILDERS.items():
        path = HERE / f"{name}.docx"
        build().save(path)
        docx.Document(path)  # reads back
        print(path.name)


if __name__ == "__main__":
    main()
