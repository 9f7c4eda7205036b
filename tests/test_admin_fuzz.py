"""Generated input for every admin add form: never a 500, never a partial write."""

from http import HTTPStatus

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foundation.models.kinds import content_models
from tests.admin_forms import form_data
from tests.test_admin import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_browser(editor):
    """Built once per test: Hypothesis runs every example against the same fixtures."""
    return logged_in(editor)


# Every content model with an admin of its own (figures and participants are edited inline).
MODELS = [model for model in content_models() if model in admin.site._registry]

JUNK = st.sampled_from(["", " ", "x", "-1", "0", "99999999", "2022-02-30", "<script>", "é" * 3])


def text_for(field):
    limit = getattr(field, "max_length", None) or 300
    return st.one_of(st.text(max_size=min(limit + 5, 400)), JUNK)


def value_for(field):
    """A strategy of what a browser (or someone pretending to be one) could post."""
    if isinstance(field, forms.ModelChoiceField):
        pks = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:50]]
        return st.one_of(st.sampled_from(pks), JUNK) if pks else JUNK
    if isinstance(field, forms.ChoiceField):
        values = [str(value) for value, _ in field.choices if not isinstance(_, list | tuple)]
        return st.one_of(st.sampled_from(values), JUNK) if values else JUNK
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", None])
    if isinstance(field, forms.DateField):
        return st.one_of(st.dates().map(lambda d: d.isoformat()), JUNK)
    if isinstance(field, forms.IntegerField | forms.DecimalField):
        return st.one_of(
            st.integers(min_value=-(10**20), max_value=10**20).map(str),
            st.decimals(allow_nan=True, allow_infinity=True, places=6).map(str),
            JUNK,
        )
    if isinstance(field, forms.SlugField):
        return st.one_of(st.from_regex(r"\A[a-z0-9-]{1,20}\Z"), text_for(field))
    return text_for(field)


def draw_form(draw, form, prefix=""):
    data = {}
    for name, field in form.fields.items():
        if name == "loaded_version" or field.disabled:
            continue
        key = f"{prefix}{name}"
        if isinstance(field.widget, forms.MultiWidget):
            for index, _ in enumerate(field.widget.widgets):
                data[f"{key}_{index}"] = draw(st.one_of(JUNK, st.dates().map(str)))
            continue
        value = draw(value_for(field))
        if value is not None:
            data[key] = value
    return data


def counts():
    """Rows in every table the admin can write: records, through rows and history."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_app_config("foundation").get_models(include_auto_created=True)
    }


@pytest.fixture(params=MODELS, ids=lambda model: model.__name__)
def add_form(request, seed, editor_browser):
    """The add page as the browser first gets it: its url, posted data, form and inlines."""
    opts = request.param._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    page = editor_browser.get(url)
    inlines = [inline.formset for inline in page.context["inline_admin_formsets"]]
    return url, form_data(page), page.context["adminform"].form, inlines


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_add_form_input_never_fails_or_half_writes(editor_browser, add_form, data):
    url, initial, form, inlines = add_form
    posted = {**initial, **draw_form(data.draw, form)}
    for formset in inlines:
        if data.draw(st.booleans(), label=f"fill {formset.prefix}"):
            posted[f"{formset.prefix}-TOTAL_FORMS"] = "1"
            posted.update(draw_form(data.draw, formset.empty_form, f"{formset.prefix}-0-"))
    before = counts()

    response = editor_browser.post(url, posted)

    assert response.status_code in {HTTPStatus.OK, HTTPStatus.FOUND}
    if response.status_code != HTTPStatus.FOUND:
        assert counts() == before
