"""The form renderer (settings.FORM_RENDERER): Django's template renderer, except for the
`<select>` widgets, written here in Python with exactly the HTML of Django's templates.

A select renders one template per option; the catalogue's skill list alone has a hundred, and
its search form was 40 % of the page's CPU time. Any other widget, or a select whose options use
another template, goes through the templates as usual (tested equal in
metis/core/tests/test_form_renderer.py)."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs) -> str:
    """django/forms/widgets/attrs.html: False left out, True as a bare name."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option(option) -> str:
    """select_option.html, with the line end its file has."""
    value = conditional_escape(str(option["value"]))
    label = conditional_escape(option["label"])
    return f'<option value="{value}"{_attrs(option["attrs"])}>{label}</option>\n'


def render_select(widget) -> str:
    """django/forms/widgets/select.html with select_option.html, character for character
    (stripped, as the renderer strips every template's output)."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        parts.extend(f"\n  {_option(option)}" for option in group_choices)
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name == SELECT and all(
            option["template_name"] == OPTION
            for _name, options, _index in widget["optgroups"]
            for option in options
        ):
            return render_select(widget)
        return super().render(template_name, context, request)
