"""Every text field of every form has a length limit (a 2 MB need description is refused)."""

import importlib
import inspect
import pkgutil

from django import forms

import metis


def _form_classes():
    for module_info in pkgutil.walk_packages(metis.__path__, "metis."):
        name = module_info.name
        if ".tests" in name or ".migrations" in name or not name.split(".")[-1].endswith("forms"):
            continue
        module = importlib.import_module(name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                yield cls


def test_every_text_field_of_every_form_has_a_max_length():
    classes = list(_form_classes())
    assert len(classes) > 15
    unbounded = [
        f"{cls.__module__}.{cls.__name__}.{field_name}"
        for cls in classes
        for field_name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField) and not field.max_length
    ]
    assert not unbounded, unbounded
