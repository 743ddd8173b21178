"""The privacy and secret guard's scanner: rules, masks, files and the `scan` command.

Check characters and digits below are worked out in the comments, not taken from the code under
test, so a wrong weight or doubling rule in the scanner shows up here.
"""

import io
import json
import time
import zipfile
from itertools import pairwise
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from gongkai.core.privacy import (
    INTERNAL_NOTE,
    MARK_NOTE,
    Finding,
    Kind,
    ScanError,
    apply_masks,
    file_text,
    id_check_character,
    luhn_valid,
    mask,
    scan,
    scan_file,
)

ID, MOBILE, CARD, EMAIL, MARK = (
    Kind.ID_CARD,
    Kind.MOBILE,
    Kind.BANK_CARD,
    Kind.EMAIL,
    Kind.SECRET_MARK,
)

SEEDS = sorted((Path(__file__).parents[2] / "demo" / "data" / "seeds").glob("*.txt"))

# --- worked check characters -----------------------------------------------------------------
#
# GB 11643-1999, weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, remainder r → "10X98765432"[r].
#
# 11010519491231002X:
#   1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 4·6 + 9·3 + 1·7 + 2·9 + 3·10 + 1·5 + 0·8
#   + 0·4 + 2·2 = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 = 15·11 + 2 → "X"
# 14042519880101002X:
#   1·7 + 4·9 + 0·10 + 4·5 + 2·8 + 5·4 + 1·2 + 9·1 + 8·6 + 8·3 + 0·7 + 1·9 + 0·10 + 1·5 + 0·8
#   + 0·4 + 2·2 = 7+36+0+20+16+20+2+9+48+24+0+9+0+5+0+0+4 = 200; 200 = 18·11 + 2 → "X"
#   (so 140425198801010024, ending in 4, has an invalid check digit)
# 320102200001011238:
#   3·7 + 2·9 + 0·10 + 1·5 + 0·8 + 2·4 + 2·2 + 0·1 + 0·6 + 0·3 + 0·7 + 1·9 + 0·10 + 1·5 + 1·8
#   + 2·4 + 3·2 = 21+18+0+5+0+8+4+0+0+0+0+9+0+5+8+8+6 = 92; 92 = 8·11 + 4 → "8"
# 440304199003073016:
#   4·7 + 4·9 + 0·10 + 3·5 + 0·8 + 4·4 + 1·2 + 9·1 + 9·6 + 0·3 + 0·7 + 3·9 + 0·10 + 7·5 + 3·8
#   + 0·4 + 1·2 = 28+36+0+15+0+16+2+9+54+0+0+27+0+35+24+0+2 = 248; 248 = 22·11 + 6 → "6"
#
# Written in groups, 110105 19491231 002X is the same number as 11010519491231002X above: the
# separators are not part of it, so its check character is "X" as worked out there; with "1"
# in its place (110105 19491231 0021) it fails.
# 15 digits, 110105491231002: area 110105 (province 11, Beijing), born 49-12-31 → 1949-12-31,
# sequence 002; no check character. 110105491331002 has month 13: not a date.
#
# Luhn (ISO/IEC 7812-1): from the right, every second digit doubled (minus 9 above 9).
#
# 4111111111111111 (16): doubled 4,1,1,1,1,1,1,1 → 8+2·7 = 22; kept eight 1s = 8; 30 ✓
# 6222021234567894 (16): doubled 6,2,0,1,3,5,7,9 → 3+4+0+2+6+1+5+9 = 30;
#   kept 2,2,2,2,4,6,8,4 = 30; 60 ✓  (…7890 instead: kept sum 26, total 56 ✗)
# 6217001234567890122 (19): doubled 2,7,0,2,4,6,8,0,2 (2nd, 4th… from the right)
#   → 4+5+0+4+8+3+7+0+4 = 35; kept 6,1,0,1,3,5,7,9,1,2 = 35; 70 ✓
# 5500000000000004 (16): doubled 5,0,…,0 → 1; kept 5,0,…,0,4 = 9; 10 ✓


def test_worked_check_characters():
    assert id_check_character("11010519491231002") == "X"
    assert id_check_character("14042519880101002") == "X"
    assert id_check_character("32010220000101123") == "8"
    assert id_check_character("44030419900307301") == "6"
    for card in ("4111111111111111", "6222021234567894", "6217001234567890122", "5500000000000004"):
        assert luhn_valid(card)
    assert not luhn_valid("6222021234567890")


# --- rules -----------------------------------------------------------------------------------

CASES = [
    # Resident ID numbers.
    ("身份证号11010519491231002X，", [(ID, "11010519491231002X")]),
    ("公民身份号码：320102200001011238。", [(ID, "320102200001011238")]),
    ("申请人440304199003073016提出申请", [(ID, "440304199003073016")]),
    ("号码14042519880101002x", [(ID, "14042519880101002x")]),  # lower-case x
    ("号码110102200002291236", [(ID, "110102200002291236")]),  # 29 February 2000, a leap year
    ("全角１４０４２５１９８８０１０１００２Ｘ号", [(ID, "１４０４２５１９８８０１０１００２Ｘ")]),
    ("身份证号140425198801010024", []),  # check digit should be X
    ("身份证号110105194912310021", []),  # check digit should be X
    ("身份证号320102200001011239", []),  # check digit should be 8
    ("编号110105199913321234", []),  # month 13
    ("编号110102199902291236", []),  # 29 February 1999 does not exist
    ("编号110102189912311238", []),  # born before 1900
    ("编号110102209901011235", []),  # born in the future
    ("编号910105194912310024", []),  # area codes do not start with 9
    ("编号911010519491231002X", []),  # the ID inside a 19-character number
    ("编号11010519491231002X1", []),
    ("编号A11010519491231002X", []),  # part of a code with letters
    ("批号11010519491231002XB", []),
    # Mobile numbers.
    ("联系电话13812345678。", [(MOBILE, "13812345678")]),
    ("电话：19912345678", [(MOBILE, "19912345678")]),
    ("电话+8613812345678", [(MOBILE, "+8613812345678")]),
    ("电话 +86 138 1234 5678 找张三", [(MOBILE, "+86 138 1234 5678")]),
    ("电话86-138-1234-5678", [(MOBILE, "86-138-1234-5678")]),
    ("电话0086 13812345678", [(MOBILE, "0086 13812345678")]),
    ("电话138-1234-5678或138 1234 5678", [(MOBILE, "138-1234-5678"), (MOBILE, "138 1234 5678")]),
    ("电话１３８１２３４５６７８", [(MOBILE, "１３８１２３４５６７８")]),
    ("号码12345678901", []),  # no 12 network
    ("拨打10086咨询", []),
    ("订单号202311231381234567890", []),  # 21 digits containing 13812345678
    ("号码138123456789", []),  # 12 digits
    ("号码1381234567", []),  # 10 digits
    ("号码138-1234 5678", []),  # mixed separators
    ("固定电话010-12345678，0355-5678901", []),  # landlines are out of scope
    ("单号SF13812345678", []),  # part of a code with letters
    # Bank cards.
    ("卡号6222021234567894，", [(CARD, "6222021234567894")]),
    ("Visa 4111111111111111", [(CARD, "4111111111111111")]),
    ("万事达5500000000000004", [(CARD, "5500000000000004")]),
    ("账号6217001234567890122。", [(CARD, "6217001234567890122")]),
    ("卡号6222 0212 3456 7894", [(CARD, "6222 0212 3456 7894")]),
    ("卡号6222-0212-3456-7894", [(CARD, "6222-0212-3456-7894")]),
    ("卡号6217 0012 3456 7890 122", [(CARD, "6217 0012 3456 7890 122")]),
    ("卡号6222021234567890", []),  # Luhn fails
    ("卡号622202123456789", []),  # 15 digits
    ("编号6222021234567894123456789", []),  # a 25-digit number containing the card
    ("卡号6222 0212 3456 7894 1234", []),  # a fifth group of 4
    ("卡号6222 0212-3456 7894", []),  # mixed separators
    ("订单号2023112300000017", []),  # passes Luhn, but no card starts with 2023
    ("编号511000005000001235", []),  # passes Luhn, but 51… cards have 16 digits
    ("统一社会信用代码121000004000087102", []),  # all digits, passes Luhn
    ("统一社会信用代码11441700007280420Y", []),
    ("索引号11441700007280420Y/2021-00050", []),
    # An ID number (Gansu, area 62…) that happens to pass Luhn is an ID, not a card.
    ("申请人620102198506151202", [(ID, "620102198506151202")]),
    ("申请人650102197001011256", [(ID, "650102197001011256")]),  # Xinjiang, 65…, Luhn too
    # ID numbers in groups, and first-generation 15-digit numbers.
    ("身份证号110105 19491231 002X。", [(ID, "110105 19491231 002X")]),
    ("身份证号110105-19491231-002X", [(ID, "110105-19491231-002X")]),
    ("身份证号1101 0519 4912 3100 2X", [(ID, "1101 0519 4912 3100 2X")]),
    ("身份证号110105 19491231 0021", []),  # fails its check character
    ("身份证号110105-19491231 002X", []),  # two kinds of separator: not one number
    ("老身份证号110105491231002", [(ID, "110105491231002")]),
    ("证号110105491331002", []),  # month 13
    ("证号990105491231002", []),  # 99 is no province
    ("注册号：110105491231002", []),  # a registration number, says the word before it
    ("统一社会信用代码：11010519491231002X", []),
    # An organisation's account in a tender notice is not personal data.
    ("户名：某某建设工程有限公司 开户行：中国农业银行某支行 账号：6222021234567894", []),
    ("退费至申请人账户6222021234567894", [(CARD, "6222021234567894")]),
    # Email addresses.
    ("邮箱zhangsan@example.com。", [(EMAIL, "zhangsan@example.com")]),
    ("来信请寄li.si+gk@mail.gov.cn，谢谢", [(EMAIL, "li.si+gk@mail.gov.cn")]),
    ("邮箱：WANG_WU@163.COM", [(EMAIL, "WANG_WU@163.COM")]),
    ("<a href=mailto:office@gov.cn>", [(EMAIL, "office@gov.cn")]),
    ("见https://www.example.com/people/zhang@example.com页面", []),  # in a URL's path
    ("见http://user@example.com/", []),
    ("见www.example.com/a@b.com", []),
    ("邮箱a@b", []),
    ("邮箱zhang@example.c1", []),
    ("邮箱zhang@@example.com", []),
    ("邮箱张三@example.com", []),  # the local part is ASCII
    ("微博@政务公开", []),
    ("邮箱zhang.@example.com", []),
    # Classification marks.
    ("绝密★", [(MARK, "绝密★")]),
    ("机密★文件", [(MARK, "机密★")]),
    ("秘密★启用前", [(MARK, "秘密★启用前")]),
    ("绝密★30年", [(MARK, "绝密★30年")]),
    ("秘密★1年", [(MARK, "秘密★1年")]),
    ("机密★长期", [(MARK, "机密★长期")]),
    ("秘密☆启用前", [(MARK, "秘密☆启用前")]),
    ("机密*5年", [(MARK, "机密*5年")]),
    ("秘密＊启用前", [(MARK, "秘密＊启用前")]),
    ("秘密 ★ 10年", [(MARK, "秘密 ★ 10年")]),
    ("机密★十年", [(MARK, "机密★十年")]),
    ("机密★6个月", [(MARK, "机密★6个月")]),
    ("绝密★2025年12月31日前", [(MARK, "绝密★2025年12月31日前")]),
    ("本文件为内部资料，不得外传", [(MARK, "内部资料"), (MARK, "不得外传")]),
    ("仅供内部使用，注意保存", [(MARK, "内部使用"), (MARK, "注意保存")]),
    ("★机密", [(MARK, "★机密")]),
    ("★ 秘密 1年", [(MARK, "★ 秘密 1年")]),
    ("机密 ★ 10年", [(MARK, "机密 ★ 10年")]),
    ("密级：秘密", [(MARK, "密级：秘密")]),
    ("密级:机密★5年", [(MARK, "密级:机密★5年")]),
    ("（此件不公开）", [(MARK, "（此件不公开）")]),
    ("(此件不予公开)", [(MARK, "(此件不予公开)")]),
    ("（此件公开发布）", []),
    ("内部文件 不得外传", [(MARK, "内部文件"), (MARK, "不得外传")]),
    ("内部资料\n注意保存\n", [(MARK, "内部资料"), (MARK, "注意保存")]),
    ("（内部资料）", [(MARK, "内部资料")]),
    ("不得以内部资料为由拒绝公开", []),
    ("申请人应注意保存收据", []),
    ("标注“秘密”字样的文件须经审查", []),
    ("依法保护商业秘密和个人隐私", []),
    ("保守秘密，慎之又慎", []),
    ("涉及国家秘密的政府信息不予公开", []),
    ("工作秘密", []),
    ("机密文件", []),
    ("绝密级事项", []),
    ("加强内部资料性出版物管理", []),
    ("清理内部文件", []),  # deliberately not a mark
    ("**秘密**", []),  # typed emphasis, not a star
    ("五星★评价", []),
    # Several findings: adjacent, overlapping candidates, Chinese all round.
    (
        "身份证11010519491231002X手机13812345678邮箱a@b.cn卡号6222021234567894秘密★",
        [
            (ID, "11010519491231002X"),
            (MOBILE, "13812345678"),
            (EMAIL, "a@b.cn"),
            (CARD, "6222021234567894"),
            (MARK, "秘密★"),
        ],
    ),
    ("秘密★内部资料", [(MARK, "秘密★"), (MARK, "内部资料")]),  # touching marks
    ("13812345678，zhang@x.cn", [(MOBILE, "13812345678"), (EMAIL, "zhang@x.cn")]),
    ("邮箱13812345678@163.com", [(EMAIL, "13812345678@163.com")]),  # the longer finding wins
    ("邮箱11010519491231002X@qq.com", [(EMAIL, "11010519491231002X@qq.com")]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_scan(text, expected):
    findings = scan(text)
    assert [(f.kind, f.text) for f in findings] == expected
    for f in findings:
        assert text[f.start : f.end] == f.text
    for before, after in pairwise(findings):
        assert before.end <= after.start


def test_offsets_and_json():
    text = "张三，身份证号11010519491231002X。"
    [finding] = scan(text)
    assert (finding.start, finding.end) == (7, 25)
    assert finding.to_json() == {
        "kind": "id_card",
        "text": "11010519491231002X",
        "start": 7,
        "end": 25,
    }
    assert json.dumps(finding.to_json(), ensure_ascii=False)


def test_findings_are_sorted_on_a_long_text():
    text = "。".join(text for text, _ in CASES) * 3
    findings = scan(text)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert all(a.end <= b.start for a, b in pairwise(findings))
    assert all(text[f.start : f.end] == f.text for f in findings)


def test_scan_is_fast_on_100_kb():
    paragraph = (
        "根据《中华人民共和国政府信息公开条例》，现将有关事项公告如下：联系人张三，"
        "电话13812345678，邮箱zhangsan@example.com，身份证号11010519491231002X。"
        "编号2023112313812345678901，依法保护商业秘密。order 20231123 abc.def "
    )
    text = (paragraph * (100_000 // len(paragraph) + 1))[:100_000]
    started = time.perf_counter()
    findings = scan(text)
    assert time.perf_counter() - started < 2
    assert len(findings) > 1000


# --- masks -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text", "masked"),
    [
        (ID, "140425198801010024", "140425********0024"),
        (ID, "11010519491231002X", "110105********002X"),
        (ID, "１４０４２５１９８８０１０１００２Ｘ", "１４０４２５********００２Ｘ"),
        (MOBILE, "13812345678", "138****5678"),
        (MOBILE, "138-1234-5678", "138-****-5678"),
        (MOBILE, "+86 138 1234 5678", "+86 138 **** 5678"),
        (MOBILE, "8613812345678", "86138****5678"),
        (MOBILE, "１３８１２３４５６７８", "１３８****５６７８"),
        (CARD, "6222021234567894", "6222********7894"),
        (CARD, "6222 0212 3456 7894", "6222 **** **** 7894"),
        (CARD, "6222-0212-3456-7894", "6222-****-****-7894"),
        (CARD, "6217001234567890122", "6217***********0122"),
        (CARD, "6217 0012 3456 7890 122", "6217 **** **** ***0 122"),
        (EMAIL, "zhangsan@example.com", "z*******@example.com"),
        (EMAIL, "li.si@gov.cn", "l****@gov.cn"),
        (EMAIL, "a@b.cn", "*@b.cn"),  # the first character would be all of it
        (MARK, "秘密★1年", MARK_NOTE),
        (MARK, "绝密★启用前", MARK_NOTE),
        (MARK, "机密 * 长期", MARK_NOTE),
        (MARK, "内部资料", INTERNAL_NOTE),
        (MARK, "不得外传", INTERNAL_NOTE),
    ],
)
def test_mask(kind, text, masked):
    assert mask(Finding(kind, text, 0, len(text))) == masked
    if kind is not MARK:
        assert len(masked) == len(text)


def test_mark_notes():
    assert MARK_NOTE == "[已删除密级标志]"
    assert INTERNAL_NOTE == "[已删除内部标注]"


def test_apply_masks_on_a_paragraph():
    text = (
        "秘密★启用前\n"
        "申请人张三（身份证号11010519491231002X，电话138-1234-5678，"
        "邮箱zhangsan@example.com）申请公开商业秘密以外的信息，"
        "退费至6222 0212 3456 7894。本件为内部资料。"
    )
    assert apply_masks(text, scan(text)) == (
        "[已删除密级标志]\n"
        "申请人张三（身份证号110105********002X，电话138-****-5678，"
        "邮箱z*******@example.com）申请公开商业秘密以外的信息，"
        "退费至6222 **** **** 7894。本件为[已删除内部标注]。"
    )


def test_apply_masks_with_some_findings_left_out():
    text = "电话13812345678，邮箱zhangsan@example.com"
    findings = [f for f in scan(text) if f.kind is not MOBILE]
    assert apply_masks(text, findings) == "电话13812345678，邮箱z*******@example.com"
    assert apply_masks(text, []) == text


@pytest.mark.parametrize(
    "finding",
    [
        Finding(MOBILE, "13812345678", 0, 11),  # not where the text has it
        Finding(MOBILE, "13812345678", 30, 41),  # beyond the end
    ],
)
def test_apply_masks_refuses_findings_of_another_text(finding):
    with pytest.raises(ValueError):
        apply_masks("电话13812345678", [finding])


def test_apply_masks_refuses_overlapping_findings():
    text = "电话13812345678"
    with pytest.raises(ValueError):
        apply_masks(text, [Finding(MOBILE, text[2:], 2, 13), Finding(MOBILE, text[4:], 4, 13)])


# --- files -----------------------------------------------------------------------------------

SECRET_TEXT = ["秘密★启用前", "关于张三的情况说明", "申请人身份证号11010519491231002X，现予说明。"]


def make_docx() -> bytes:
    document = docx.Document()
    for line in SECRET_TEXT:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "联系电话"
    table.cell(0, 1).text = "13812345678"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "名单"
    sheet.append(["秘密★1年"])
    sheet.append(["姓名", "身份证号", "电话"])
    sheet.append(["张三", "11010519491231002X", "13812345678"])
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()


def make_pdf() -> bytes:
    # STSong-Light is one of the Adobe CJK fonts every reader knows: nothing is embedded.
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.setFont("STSong-Light", 14)
    for i, line in enumerate(SECRET_TEXT):
        pdf.drawString(72, 760 - 24 * i, line)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def make_png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("make", "name", "expected"),
    [
        (
            make_docx,
            "情况说明.docx",
            [(MARK, "秘密★启用前"), (ID, "11010519491231002X"), (MOBILE, "13812345678")],
        ),
        (
            make_xlsx,
            "名单.xlsx",
            [(MARK, "秘密★1年"), (ID, "11010519491231002X"), (MOBILE, "13812345678")],
        ),
        (make_pdf, "情况说明.pdf", [(MARK, "秘密★启用前"), (ID, "11010519491231002X")]),
        (make_pdf, "misnamed.txt", [(MARK, "秘密★启用前"), (ID, "11010519491231002X")]),
        (make_docx, "no-extension", [(MARK, "秘密★启用前"), (ID, "11010519491231002X")]),
    ],
)
def test_scan_file(make, name, expected):
    data = make()
    findings = scan_file(data, name)
    assert [(f.kind, f.text) for f in findings][: len(expected)] == expected
    text = file_text(data, name)  # offsets are into the extracted text
    assert all(text[f.start : f.end] == f.text for f in findings)


@pytest.mark.parametrize(
    "data",
    [
        "秘密★启用前\r\n身份证号11010519491231002X\r\n".encode(),
        "秘密★启用前\r\n身份证号11010519491231002X\r\n".encode("utf-8-sig"),
        "秘密★启用前\r\n身份证号11010519491231002X\r\n".encode("gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030"],
)
def test_scan_text_file(data):
    findings = scan_file(data, "说明.TXT")
    assert [(f.kind, f.text, f.start) for f in findings] == [
        (MARK, "秘密★启用前", 0),
        (ID, "11010519491231002X", 12),
    ]


def make_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "文件为空"),
        (b"", "empty.pdf", "文件为空"),
        (make_png(), "scan.png", "图片中的文字无法读取"),
        (make_png(), "scan.txt", "图片中的文字无法读取"),
        (b"just some bytes", "data.bin", "不支持的文件类型"),
        ("身份证号".encode("utf-16"), "utf16.txt", "无法识别文本文件的编码"),
        (b"\x81\x30\xff\xfe", "junk.txt", "无法识别文本文件的编码"),
        (b"%PDF-1.4\nnot really a pdf", "broken.pdf", "PDF"),
        (make_zip(), "archive.docx", "不是 DOCX 或 XLSX"),
    ],
)
def test_scan_file_refuses(data, name, message):
    with pytest.raises(ScanError, match=message) as excinfo:
        scan_file(data, name)
    assert isinstance(excinfo.value, ValueError)


# --- the command -----------------------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("scan", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "说明.txt"
    path.write_text("身份证号11010519491231002X\n联系电话：138 1234 5678，秘密★启用前\n")
    return path


def test_command_json(sample):
    assert json.loads(run(str(sample), "--json")) == [
        {"kind": "id_card", "text": "11010519491231002X", "start": 4, "end": 22},
        {"kind": "mobile", "text": "138 1234 5678", "start": 28, "end": 41},
        {"kind": "secret_mark", "text": "秘密★启用前", "start": 42, "end": 48},
    ]
    assert "秘密★启用前" in run(str(sample), "--json")  # not \u-escaped


def test_command_report(sample):
    lines = run(str(sample)).splitlines()
    assert lines[1:] == [
        "  第 1 行第 5 列  身份证号码  11010519491231002X  → 建议遮盖为：110105********002X",
        "  第 2 行第 6 列  手机号码  138 1234 5678  → 建议遮盖为：138 **** 5678",
        "  第 2 行第 20 列  密级标志  秘密★启用前  → 建议遮盖为：[已删除密级标志]",
        "共发现 3 处：身份证号码 1 处，手机号码 1 处，密级标志 1 处",
    ]


def test_command_on_a_docx(tmp_path):
    path = tmp_path / "情况说明.docx"
    path.write_bytes(make_docx())
    kinds = [row["kind"] for row in json.loads(run(str(path), "--json"))]
    assert kinds == ["secret_mark", "id_card", "mobile"]


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name for p in SEEDS])
def test_seed_documents_have_no_findings(seed):
    assert json.loads(run(str(seed), "--json")) == []
    assert "未发现个人信息或密级标志" in run(str(seed))


def test_there_are_five_seeds():
    assert len(SEEDS) == 5


def test_command_missing_file(tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        run(str(tmp_path / "nope.txt"))


def test_command_directory(tmp_path):
    with pytest.raises(CommandError, match="不是文件"):
        run(str(tmp_path))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.png", make_png(), "图片中的文字无法读取"),
        ("data.bin", b"just some bytes", "不支持的文件类型"),
        ("empty.txt", b"", "文件为空"),
    ],
)
def test_command_unusable_file(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError, match=message):
        run(str(path))


def test_command_too_large(sample, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(CommandError, match="文件过大"):
        run(str(sample))
