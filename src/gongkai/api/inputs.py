"""What the API reads, and what its document says about it.

Types are checked here: a boolean where an id goes, a list where text goes, text with a lone
surrogate ("\\ud800" is valid JSON, and neither UTF-8 nor a database holds it) are refused with
422. What the text says is the web form's to check, with its messages (400), so the document
takes the form's rules: its required fields are required and not empty, its bounds are
maxLength, its choices are enum.
"""

from collections.abc import Callable, Collection
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from pydantic import field_validator

from gongkai.core.text import encodable

UNENCODABLE = "含有无法识别的字符（如单独的代理码位），请检查后重新提交"
NOT_AS_DOCUMENTED = "请求内容不符合接口说明，请按提示修改"
NOT_JSON = "请求内容不是有效的 JSON 对象"
# Pydantic's error types, in words.
TYPE_MESSAGES = {
    "missing": "缺少此项",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "string_type": "应为文字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表",
    "model_type": NOT_JSON,
    "model_attributes_type": NOT_JSON,
    "dict_type": NOT_JSON,
}
WHOLE = "__all__"


class FieldErrors(Schema):
    message: str
    errors: dict[str, list[str]] = Field(description="按字段列出的错误；__all__ 为整体错误")


class Input(Schema):
    """The base of every schema the API reads."""

    @field_validator("*")
    @classmethod
    def _encodable(cls, value: Any) -> Any:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and not encodable(item):
                raise ValueError(UNENCODABLE)
        return value


def _choices(field: forms.ChoiceField) -> list[str]:
    values: list[str] = []
    for value, label in field.choices:
        if isinstance(label, list | tuple):  # a group
            values += [str(v) for v, _ in label]
        elif value != "":
            values.append(str(value))
    return values


def _not_null(prop: dict[str, Any]) -> dict[str, Any]:
    branches = [b for b in prop.get("anyOf", []) if b.get("type") != "null"]
    if len(branches) != 1:
        return prop
    rest = {k: v for k, v in prop.items() if k not in ("anyOf", "default")}
    return {**rest, **branches[0]}


def documented_by(
    form: type[forms.BaseForm], *, optional: Collection[str] = ()
) -> Callable[[dict[str, Any]], None]:
    """`json_schema_extra` for a schema whose text `form` validates; `optional` names the form's
    required fields the API fills in itself."""

    def document(schema: dict[str, Any]) -> None:
        required = list(schema.get("required", []))
        properties = schema["properties"]
        for name, prop in properties.items():
            field = form.base_fields.get(name)
            if field is None:
                continue
            if field.required and name not in optional:
                required += [] if name in required else [name]
                prop = properties[name] = _not_null(prop)
                if prop.get("type") == "string":
                    prop["minLength"] = 1
            text = next((b for b in prop.get("anyOf", [prop]) if b.get("type") == "string"), None)
            if text is None:
                continue
            if getattr(field, "max_length", None):
                text["maxLength"] = field.max_length
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                text["enum"] = _choices(field)
        schema["required"] = required

    return document


def _field(location: tuple[Any, ...]) -> str:
    # ("body", "payload", "receiver"), ("query", "params", "q"), ("query", "consultation", 0)
    names = [part for part in location[1:] if isinstance(part, str)]
    return names[-1] if len(names) > 1 or location[0] != "body" else WHOLE


def _message(error: dict[str, Any]) -> str:
    if error["type"] == "value_error":
        return str(error["ctx"]["error"])
    return TYPE_MESSAGES.get(error["type"], "格式不正确")


def field_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in errors:
        found.setdefault(_field(tuple(error["loc"])), []).append(_message(error))
    return found


def refuse_in_chinese(api: NinjaAPI) -> None:
    """Refusals in the shape the document gives (FieldErrors), in Chinese."""

    def not_as_documented(request: HttpRequest, error: ValidationError) -> HttpResponse:
        body = {"message": NOT_AS_DOCUMENTED, "errors": field_errors(error.errors)}
        return api.create_response(request, body, status=422)

    def unreadable(request: HttpRequest, error: HttpError) -> HttpResponse:
        message = NOT_JSON if error.status_code == 400 else error.message
        body = {"message": message, "errors": {WHOLE: [message]}}
        return api.create_response(request, body, status=error.status_code)

    api.add_exception_handler(ValidationError, not_as_documented)
    api.add_exception_handler(HttpError, unreadable)
