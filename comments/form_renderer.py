"""The comment form's renderer: Django's, with its plain widgets written in Python.

The comment form is on every post page. Rendered through their templates, its ten
widgets cost more than the rest of the form and the thread assembly of a short
discussion together. These widget templates are a line each; writing the same HTML
here makes them some twenty times cheaper (tests compare both renderings).
Any other template goes to Django's renderer as usual.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape


def _attrs(attrs: dict) -> str:
    # django/forms/widgets/attrs.html
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    # django/forms/widgets/input.html
    value = widget["value"]
    value = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _textarea(widget: dict) -> str:
    # django/forms/widgets/textarea.html
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"'
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
