"""The one way a view calls a service and shows its refusal: a `ValidationError` raised by a
service lands on the form (per field when it names fields) or, without a form, in the
messages shown on the next page. Views use `submit_form` (a form posted to a service),
`submit_and_return` (a form posted from another page), or `done` / `refused` (an action that
redirects)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

# Length limits of free text: every text field has one (model or form max_length), so a huge
# value gets the form's error, never a 500 or a page that renders megabytes.
SHORT_TEXT = 200
NOTE_TEXT = 2_000
LONG_TEXT = 10_000
LIST_TEXT = 100_000  # a pasted list of people (below the csv module's 128 KB field limit)


def apply_validation_error(form, error: ValidationError):
    """Show a service's ValidationError on the form (per field when it names fields)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def show_refusal(request, error: ValidationError, form=None):
    """On the form when there is one, else one message per reason."""
    if form is not None:
        apply_validation_error(form, error)
        return
    for message in error.messages:
        messages.error(request, message)


def submit_form(request, form, save, *, success=None):
    """On a valid POST, call the service `save(cleaned_data)` and return what it returns (with
    the `success` message when given); a ValidationError it raises lands on the form and None
    is returned (the form is shown again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as error:
        show_refusal(request, error, form)
        return None
    if success:
        messages.success(request, success)
    return result


def submit_and_return(request, form, save, *, success, to):
    """A form posted from a page that shows it (the participation page, say): `submit_form`,
    then back to `to`; the form's errors, the service's refusal included, become messages."""
    if submit_form(request, form, save, success=success) is None:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(to)


def done(request, message, to, *args, **kwargs):
    """The service succeeded: say so and redirect (`to` as for `redirect`)."""
    messages.success(request, message)
    return redirect(to, *args, **kwargs)


def refused(request, error: ValidationError, to, *args, **kwargs):
    """The service refused: show why and redirect (`to` as for `redirect`)."""
    show_refusal(request, error)
    return redirect(to, *args, **kwargs)
