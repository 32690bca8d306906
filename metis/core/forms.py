from django.core.exceptions import ValidationError


def apply_validation_error(form, error: ValidationError):
    """Show a service's ValidationError on the form (per field when it names fields)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def submit_form(request, form, save):
    """On a valid POST, call the service `save(cleaned_data)` and return what it returns; a
    ValidationError it raises lands on the form and None is returned (the form is shown again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        apply_validation_error(form, error)
        return None
