import pytest
from django import forms

from gongkai.core.web import MAX_PAGE, VisibleText, int_param, page_of


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("1", 1),
        ("100", 100),
        ("007", 7),
        # Unicode digits: str.isdigit() says yes to all of them, int() to some.
        ("²", None),
        ("１２", None),
        ("٣", None),
        ("߃", None),
        # out of range
        ("0", None),
        ("101", None),
        ("99999", None),
        ("9" * 5000, None),
        # not a whole number as written
        ("", None),
        (" 12", None),
        ("12 ", None),
        ("+12", None),
        ("-3", None),
        ("1_0", None),
        ("12.0", None),
        ("0x10", None),
        ("\x00", None),
    ],
)
def test_int_param_takes_ascii_digits_in_range_only(value, expected):
    assert int_param({"n": value}, "n", 1, 100, None) == expected


def test_int_param_without_the_parameter_gives_the_default():
    assert int_param({}, "n", 1, 100, 42) == 42
    assert int_param({"n": 5}, "n", 1, 100, 42) == 42  # only text is parsed


@pytest.mark.parametrize("value", ["²", "١", "１", "0", "-1", "", "x"])
def test_a_page_number_that_is_not_one_gives_the_first_page(value):
    assert page_of(range(100), {"page": value}).number == 1


def test_deep_pages_stop_at_the_last_allowed():
    params = {"page": str(MAX_PAGE + 10)}
    assert page_of(range(100_000), params, size=10).number == MAX_PAGE


class NameForm(VisibleText, forms.Form):
    name = forms.CharField(max_length=20, error_messages={"required": "请填写姓名"})
    note = forms.CharField(max_length=20, required=False)


@pytest.mark.parametrize("blank", ["\u200b", "\u2060\ufeff", "\u3164", "\u00a0\u200d", "\u0301"])
def test_a_text_of_invisible_characters_is_no_text(blank):
    form = NameForm(data={"name": blank, "note": blank})
    assert not form.is_valid() and form.errors == {"name": ["请填写姓名"]}
    form = NameForm(data={"name": "张三", "note": blank})
    assert form.is_valid() and form.cleaned_data["note"] == ""


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("\u200b张三\ufeff", "张三"),
        ("张\u200b三", "张\u200b三"),  # inside a name it is the applicant's business
        ("Jose\u0301", "Jose\u0301"),  # a mark at the end belongs to its letter
        ("\ue000", "\ue000"),  # a rare character in the private-use area
    ],
)
def test_invisible_characters_at_the_ends_are_dropped(typed, kept):
    form = NameForm(data={"name": typed})
    assert form.is_valid() and form.cleaned_data["name"] == kept
