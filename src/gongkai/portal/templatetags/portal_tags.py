from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """The current query string with only the page number changed."""
    params = context["request"].GET.copy()
    params["page"] = number
    return f"?{params.urlencode()}"


@register.filter
def paragraphs(text: str) -> SafeString:
    """Each line of a document body as its own paragraph (bodies are kept as plain lines)."""
    lines = (line.strip() for line in (text or "").splitlines())
    return mark_safe("".join(f"<p>{escape(line)}</p>" for line in lines if line))  # noqa: S308


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, key)
