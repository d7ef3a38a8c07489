"""The parents' form fields written as HTML in Python: each field whole (label, input, errors,
help text), its inputs with the same markup as Django's widget templates
(django/forms/widgets/). A template render per field, per input and per radio option was most
of the signing page's cost. Any other widget template renders as usual."""

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


# A whole field of a parent's form: label, input, error and help text, with Bootstrap's
# classes and the ids the input's aria-describedby names (consent.forms.parents
# BootstrapBoundField). ``{{ form.field.as_field_group }}`` writes it.
FIELD_GROUP = "consent/parent_field_group"


def _label_text(field) -> str:
    required = '<span class="asteriskField">*</span>' if field.field.required else ""
    return f"{conditional_escape(field.label)}{required}"


def _field_notes(field) -> str:
    """The field's errors (shown outright for a radio group, whose inputs sit in their own
    boxes: Bootstrap shows .invalid-feedback only after an .is-invalid input), then its help."""
    auto_id = conditional_escape(field.auto_id)
    notes = ""
    if field.errors:
        shown = " d-block" if field.is_radio_group else ""
        errors = "".join(
            f'<p class="mb-0"><strong>{conditional_escape(e)}</strong></p>' for e in field.errors
        )
        notes += f'<div id="{auto_id}_error" class="invalid-feedback{shown}">{errors}</div>\n'
    if field.help_text:
        help_text = conditional_escape(field.help_text)
        notes += f'<div id="{auto_id}_helptext" class="form-text">{help_text}</div>\n'
    return notes


def _field_group(field) -> str:
    auto_id = conditional_escape(field.auto_id)
    if field.is_radio_group:
        described = f' aria-describedby="{auto_id}_error"' if field.errors else ""
        choices = "".join(
            f'<div class="form-check">{choice.tag()}<label for="'
            f'{conditional_escape(choice.id_for_label)}" class="form-check-label">'
            f"{conditional_escape(choice.choice_label)}</label></div>"
            for choice in field
        )
        return (
            f'<fieldset id="div_{auto_id}" class="mb-3"{described}>\n'
            f'<legend class="form-label fs-6">{_label_text(field)}</legend>\n'
            f"{choices}\n{_field_notes(field)}</fieldset>\n"
        )
    label_for = conditional_escape(field.id_for_label)
    if field.is_checkbox:
        return (
            f'<div id="div_{auto_id}" class="mb-3 form-check">\n{field}\n'
            f'<label for="{label_for}" class="form-check-label">{_label_text(field)}</label>\n'
            f"{_field_notes(field)}</div>\n"
        )
    return (
        f'<div id="div_{auto_id}" class="mb-3">\n'
        f'<label for="{label_for}" class="form-label">{_label_text(field)}</label>\n'
        f"{field}\n{_field_notes(field)}</div>\n"
    )


class ParentFormRenderer(BaseRenderer):
    """Writes the inputs above itself; every other template goes to the project's renderer.
    ``select.html`` is written only when its options use Django's own option template."""

    field_template_name = FIELD_GROUP

    def get_template(self, template_name):
        return get_default_renderer().get_template(template_name)

    def render(self, template_name, context, request=None):
        if template_name == FIELD_GROUP:
            return mark_safe(_field_group(context["field"]))  # noqa: S308 — escaped above
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
