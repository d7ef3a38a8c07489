"""The parents' form inputs written as HTML in Python: the same markup as Django's widget
templates (django/forms/widgets/), without a template render per input and per radio option,
which was most of the signing page's cost. Any other widget template renders as usual."""

from django.forms.renderers import BaseRenderer, get_default_renderer
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe


def _s(value) -> str:
    # {{ value|stringformat:'s' }}: the value as text, escaped unless already safe.
    return conditional_escape(value if isinstance(value, SafeData) else str(value))


def _attrs(attrs: dict) -> str:
    # django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name.
    return "".join(
        f" {conditional_escape(name)}" + ("" if value is True else f'="{_s(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


# Django's renderer strips what a template returns, but not the newline each template it
# includes ends with: the writers keep those, so the page is the same to the byte.


def _input(widget: dict) -> str:  # input.html, and text.html, checkbox.html, … that include it
    value = "" if widget["value"] is None else f' value="{_s(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _input_option(widget: dict) -> str:  # radio_option.html / checkbox_option.html
    if not widget.get("wrap_label"):
        return _input(widget)
    label_for = widget["attrs"].get("id")
    label_for = f' for="{conditional_escape(label_for)}"' if label_for else ""
    label = conditional_escape(widget["label"])
    return f"<label{label_for}>{_input(widget)}\n {label}</label>"


def _option(widget: dict) -> str:  # select_option.html
    return (
        f'<option value="{_s(widget["value"])}"{_attrs(widget["attrs"])}>'
        f"{conditional_escape(widget['label'])}</option>"
    )


def _select(widget: dict) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append(f"\n  {_option(option)}\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


_PREFIX = "django/forms/widgets/"
WRITERS = {
    **{
        f"{_PREFIX}{kind}.html": _input
        for kind in ("input", "text", "number", "email", "tel", "url", "password", "checkbox")
    },
    **{f"{_PREFIX}{kind}.html": _input_option for kind in ("radio_option", "checkbox_option")},
    f"{_PREFIX}select_option.html": _option,
    f"{_PREFIX}textarea.html": _textarea,
}


class ParentFormRenderer(BaseRenderer):
    """Writes the inputs above itself; every other template goes to the project's renderer.
    ``select.html`` is written only when its options use Django's own option template."""

    def get_template(self, template_name):
        return get_default_renderer().get_template(template_name)

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        writer = WRITERS.get(template_name)
        if template_name == f"{_PREFIX}select.html" and widget is not None:
            options = (o for _g, choices, _i in widget["optgroups"] for o in choices)
            if all(o["template_name"] == f"{_PREFIX}select_option.html" for o in options):
                writer = _select
        if writer is None or widget is None:
            return get_default_renderer().render(template_name, context, request)
        return mark_safe(writer(widget))  # noqa: S308 — every value above is escaped


renderer = ParentFormRenderer()
