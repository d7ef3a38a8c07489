"""The parents' inputs written in Python (consent/forms/widgets_html.py) are the HTML Django's
widget templates write, to the byte: values, escaping, errors, choices and option groups."""

import re

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils.html import conditional_escape

from consent.forms.parents import CodeForm, DecisionForm, RevokeForm, VerifyForm
from consent.forms.widgets_html import renderer

HOSTILE = '"><script>alert(1)</script>&'


def rendered(form_class, **kwargs):
    """Each input of the form (each radio option on its own too), by our renderer and by
    Django's templates."""

    def inputs(form):
        html = [str(field) for field in form]
        html += [choice.tag() for field in form for choice in field.subwidgets]
        return html

    ours = form_class(**kwargs)
    django = form_class(renderer=get_default_renderer(), **kwargs)
    assert ours.renderer is renderer
    return inputs(ours), inputs(django)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"decision": "grant", "student_mobile": HOSTILE, "signer_name": HOSTILE},
        {
            "decision": "decline",
            "relationship": "mother",
            "signer_name": "Rosa Lopez",
            "esign_agreed": "on",
            "duplicate_alerts": "on",
            "parent_mobile": "773-555-0100",
        },
    ],
)
def test_decision_form_inputs_match_djangos_templates(bulk_alerts, data):
    # Arrange: a program that offers the parent's own phone too, so every input shows.
    bulk_alerts.allows_duplicate_alerts = True

    # Act
    ours, django = rendered(DecisionForm, data=data, program=bulk_alerts)

    # Assert
    assert ours == django
    assert len(ours) > 7


@pytest.mark.parametrize(
    ("form_class", "data"),
    [
        (VerifyForm, None),
        (VerifyForm, {"month": "2", "day": "31", "year": HOSTILE}),
        (RevokeForm, {"reason": HOSTILE, "details": HOSTILE}),
        (RevokeForm, None),
        (CodeForm, {"code": HOSTILE}),
    ],
)
def test_other_parent_forms_inputs_match_djangos_templates(form_class, data):
    # Act
    ours, django = rendered(form_class, data=data)

    # Assert
    assert ours == django


class EveryWidget(forms.Form):
    """Widgets the parents' forms may use next: option groups, labels wrapped round inputs,
    an initial value that is already marked safe."""

    default_renderer = renderer

    grouped = forms.ChoiceField(choices=[("Group <1>", [("a", "A & a"), ("b", "B")]), ("c", "C")])
    many = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "<Y>")], widget=forms.CheckboxSelectMultiple
    )
    radios = forms.ChoiceField(choices=[("1", "One")], widget=forms.RadioSelect)
    email = forms.EmailField(initial="a@b.example")
    number = forms.IntegerField(initial=2010)
    hidden = forms.CharField(widget=forms.HiddenInput, initial=HOSTILE)
    text = forms.CharField(widget=forms.Textarea, required=False)


@pytest.mark.parametrize("data", [None, {"grouped": "a", "many": ["x", "y"], "text": HOSTILE}])
def test_widgets_with_groups_and_wrapped_labels_match_djangos_templates(data):
    # Act
    ours, django = rendered(EveryWidget, data=data)

    # Assert
    assert ours == django
    assert any("<optgroup" in html for html in ours)
    assert any("<label" in html for html in ours)


def described_ids(html: str) -> list[str]:
    return [i for ids in re.findall(r'aria-describedby="([^"]+)"', html) for i in ids.split()]


@pytest.mark.parametrize(
    ("form_class", "data"),
    [
        (DecisionForm, None),
        (DecisionForm, {"decision": "maybe", "student_mobile": HOSTILE, "signer_name": "x"}),
        (VerifyForm, {"month": "13", "day": "", "year": HOSTILE}),
        (CodeForm, {"code": ""}),
    ],
)
def test_each_field_group_labels_its_input_and_holds_what_it_describes(
    bulk_alerts, form_class, data
):
    # Arrange
    kwargs = {"program": bulk_alerts} if form_class is DecisionForm else {}
    form = form_class(data=data, **kwargs)

    for field in form:
        # Act
        html = str(field.as_field_group())

        # Assert: the label names the input (or the legend the radio group), each id the input
        # or group says describes it is in the group, errors and help are shown and escaped.
        if field.is_radio_group:
            assert html.startswith("<fieldset") and "<legend" in html
            assert html.count('class="form-check-label"') == len(field.field.choices)
        else:
            assert f'<label for="{field.id_for_label}"' in html
            assert f'id="{field.id_for_label}"' in html
        for described in described_ids(html):
            assert f'id="{described}"' in html, (field.name, described)
        for error in field.errors:
            assert str(conditional_escape(error)) in html
        assert ("d-block" in html) == bool(field.errors and field.is_radio_group)
        if field.help_text:
            assert f'id="{field.auto_id}_helptext" class="form-text"' in html
        assert "<script>" not in html
    assert form.is_bound == bool(any(field.errors for field in form))
