"""The comment form's renderer: Django's, with its plain widgets written in Python.

The comment form is on every post page. Rendered through their templates, its ten
widgets cost more than the rest of the form and the thread assembly of a short
discussion together. These widget templates are a line each; writing the same HTML
here makes them some twenty times cheaper (tests compare both renderings).
Any other template goes to Django's renderer as usual.
"""

from html import escape

from django.forms.renderers import DjangoTemplates


def _escaped(value) -> str:
    """Django's conditional_escape, without its lazy-string wrapper (which cost
    more than the escaping)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def _attrs(attrs: dict) -> str:
    # django/forms/widgets/attrs.html
    return "".join(
        f" {_escaped(name)}" + ("" if value is True else f'="{_escaped(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    # django/forms/widgets/input.html
    value = widget["value"]
    value = "" if value is None else f' value="{_escaped(value)}"'
    return (
        f'<input type="{_escaped(widget["type"])}" '
        f'name="{_escaped(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _textarea(widget: dict) -> str:
    # django/forms/widgets/textarea.html
    value = _escaped(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_escaped(widget["name"])}"'
        f"{_attrs(widget['attrs'])}>\n{value}</textarea>"
    )


_WIDGETS = {
    "django/forms/widgets/checkbox.html": _input,
    "django/forms/widgets/email.html": _input,
    "django/forms/widgets/hidden.html": _input,
    "django/forms/widgets/text.html": _input,
    "django/forms/widgets/url.html": _input,
    "django/forms/widgets/textarea.html": _textarea,
}


class CommentFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        write = _WIDGETS.get(template_name)
        if write is None:
            return super().render(template_name, context, request)
        return write(context["widget"])
