"""French identifiers of organisations: validation with python-stdnum and the RNA format."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren, siret

RNA_PATTERN = re.compile(r"^W\d{9}$")

INVALID_SIREN = _("This SIREN number is not valid (9 digits with a correct check digit).")
INVALID_SIRET = _("This SIRET number is not valid (14 digits with a correct check digit).")
INVALID_RNA = _("This RNA number is not valid: it is a W followed by 9 digits.")


def clean_siren(value: str) -> str:
    try:
        return siren.validate(value)
    except StdnumError:
        raise ValidationError(INVALID_SIREN, code="invalid_siren") from None


def clean_siret(value: str) -> str:
    try:
        return siret.validate(value)
    except StdnumError:
        raise ValidationError(INVALID_SIRET, code="invalid_siret") from None


def clean_rna(value: str) -> str:
    compact = re.sub(r"\s", "", value).upper()
    if not RNA_PATTERN.match(compact):
        raise ValidationError(INVALID_RNA, code="invalid_rna")
    return compact


def validate_siren(value):
    clean_siren(value)


def validate_siret(value):
    clean_siret(value)


def validate_rna(value):
    clean_rna(value)
