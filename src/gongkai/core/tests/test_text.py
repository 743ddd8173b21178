import pytest

from gongkai.core.refusals import Refusal
from gongkai.core.text import encodable, id_number, phone_number, postcode, strip_invisible, visible


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800000000", "13800000000"),
        (" 010-8888 8888 ", "010-8888 8888"),
        ("１３８００００００００", "13800000000"),  # full width
        ("＋８６ １３８００００００００", "+86 13800000000"),
        ("０１０－８８８８８８８８", "010-88888888"),
    ],
)
def test_phone_numbers_as_typed(typed, stored):
    assert phone_number(typed) == stored


@pytest.mark.parametrize(
    "typed", ["١٣٨٠٠٠٠٠٠٠٠", "१३८००००००००", "13８0000000x", "123456", "1" * 21, "\u200b13800000000"]
)
def test_phone_numbers_refused(typed):
    with pytest.raises(Refusal) as refused:
        phone_number(typed)
    assert refused.value.field == "phone"


@pytest.mark.parametrize(
    ("typed", "id_type", "stored"),
    [
        ("11010119900307123x", "id_card", "11010119900307123X"),
        ("１１０１０１ １９９００３０７ １２３Ｘ", "id_card", "11010119900307123X"),
        ("91350100m000100y43", "credit_code", "91350100M000100Y43"),
        ("ｅ１２３４５６７８", "passport", "E12345678"),
        ("A123456(7)", "hmt", "A123456(7)"),
        ("南字第123456号", "other", "南字第123456号"),
    ],
)
def test_id_numbers_as_typed(typed, id_type, stored):
    assert id_number(typed, id_type) == stored


@pytest.mark.parametrize(
    ("typed", "id_type"),
    [
        ("١١٠١٠١١٩٩٠٠٣٠٧١٢٣٤", "id_card"),
        ("1101011990030712", "id_card"),
        ("E١٢٣٤٥٦٧٨", "passport"),
        ("南字第١٢٣٤٥٦号", "other"),
        ("9135010-M000100Y43", "credit_code"),
    ],
)
def test_id_numbers_refused(typed, id_type):
    with pytest.raises(Refusal) as refused:
        id_number(typed, id_type)
    assert refused.value.field == "id_number"


def test_postcodes():
    assert postcode("１０００８３") == "100083" and postcode(" ") == ""
    with pytest.raises(Refusal):
        postcode("١٠٠٠٨٣")


@pytest.mark.parametrize(
    ("text", "shows"),
    [
        ("张三", True),
        ("\ue000", True),  # private use: a rare character in a name
        ("\U00031350", True),  # a CJK character newer than this Python's Unicode tables
        ("", False),
        ("\u200b\u200c\u200d\u2060\ufeff", False),
        ("\u3000\u00a0 \t", False),
        ("\u3164\u2800", False),
        ("\u0301\ufe0f", False),
    ],
)
def test_visible(text, shows):
    assert visible(text) is shows


def test_strip_invisible():
    assert strip_invisible("\ufeff\u200b 张三\u3000\u200d") == "张三"
    assert strip_invisible("Jose\u0301") == "Jose\u0301"


def test_encodable():
    assert encodable("张三") and not encodable("\ud800") and not encodable("a\udfff")
