"""French error messages of the valuation JSON API, and their construction.

The API answers 400 ``{"message", "fields", "errors": [{"field", "message"}]}``; field paths
are dotted (``years.0.donations``). Messages are constants so that tests can import them.
"""

from __future__ import annotations

from pydantic import ValidationError

from .rules import MAX_MONTHS_BETWEEN_FY_ENDS, RulesError
from .schemas import MAX_FISCAL_YEARS, MAX_MONTHLY_HOURS

INVALID_REQUEST = "Requête invalide : corrigez les champs indiqués."
INVALID_JSON = "Le corps de la requête doit être un objet JSON valide."
REQUIRED = "Ce champ est obligatoire."
UNKNOWN_FIELD = "Champ inconnu."
NOT_A_NUMBER = "Ce champ doit être un nombre (chaîne comme « 1000.00 » ou nombre JSON)."
NOT_FINITE = "Ce champ doit être un nombre fini."
NEGATIVE = "Ce montant ne peut pas être négatif."
NOT_POSITIVE = "Cette valeur doit être strictement positive."
TOO_MANY_DECIMALS = "Au plus 2 décimales sont admises."
TOO_LARGE = "Cette valeur est trop élevée."
MONTHLY_HOURS_TOO_LARGE = f"Un mois compte au plus {MAX_MONTHLY_HOURS} heures."
NOT_AN_INTEGER = "Ce champ doit être un nombre entier."
INVALID_DATE = "Date invalide : format attendu AAAA-MM-JJ."
NOT_A_LIST = "Ce champ doit être une liste."
NOT_AN_OBJECT = "Ce champ doit être un objet JSON."
NO_FISCAL_YEAR = "Indiquez au moins un exercice."
TOO_MANY_FISCAL_YEARS = f"Au plus {MAX_FISCAL_YEARS} exercices."
INVALID_VALUE = "Valeur invalide."
DECIMALS_AS_STRING = (
    "Un nombre JSON doit être entier : écrivez un montant à décimales en chaîne (« 1000.50 »)."
)
FISCAL_YEAR_END_TOO_LATE = "Exercice clos après le 31/12/2100 : non pris en charge."
BODY_TOO_LARGE = "Le corps de la requête est trop volumineux."

UNKNOWN_PMSS_YEAR = (
    "Aucun plafond mensuel de la sécurité sociale (PMSS) n'est connu pour l'année {year}."
)
NO_RULE_SET = (
    "Exercice clos le {date} : seuls les exercices clos à partir du 31/12/2020 sont pris en charge."
)
FISCAL_YEARS_OUT_OF_ORDER = (
    "Les exercices doivent être donnés dans l'ordre : celui-ci doit être clos après le précédent."
)
FISCAL_YEARS_NOT_CONSECUTIVE = (
    "Les exercices doivent être consécutifs : celui-ci est clos plus de "
    f"{MAX_MONTHS_BETWEEN_FY_ENDS} mois après le précédent (un exercice manque)."
)

CARRIED_IN_PART = "Part attendue : « coluche », « 60 » ou « 40 »."
CARRIED_IN_EXPIRED = (
    "Ce montant reporté a expiré : son dernier exercice d'utilisation est clos avant le premier "
    "exercice indiqué."
)
CARRIED_IN_USABLE_TOO_LONG = (
    "Un montant reporté d'avant le premier exercice ne s'utilise que sur 5 exercices au plus, "
    "le premier compris."
)
TOO_MANY_CARRIED_IN = "Au plus 50 montants reportés de chaque sorte."

_PYDANTIC_MESSAGES = {
    "literal_error": CARRIED_IN_PART,
    "missing": REQUIRED,
    "extra_forbidden": UNKNOWN_FIELD,
    "decimal_parsing": NOT_A_NUMBER,
    "decimal_type": NOT_A_NUMBER,
    "finite_number": NOT_FINITE,
    "greater_than_equal": NEGATIVE,
    "greater_than": NOT_POSITIVE,
    "decimal_max_places": TOO_MANY_DECIMALS,
    "decimal_whole_digits": TOO_LARGE,
    "decimal_max_digits": TOO_LARGE,
    "less_than": TOO_LARGE,
    "less_than_equal": TOO_LARGE,
    "int_type": NOT_AN_INTEGER,
    "int_parsing": NOT_AN_INTEGER,
    "int_from_float": NOT_AN_INTEGER,
    "date_type": INVALID_DATE,
    "date_parsing": INVALID_DATE,
    "date_from_datetime_parsing": INVALID_DATE,
    "date_from_datetime_inexact": INVALID_DATE,
    "list_type": NOT_A_LIST,
    "model_type": NOT_AN_OBJECT,
    "model_attributes_type": NOT_AN_OBJECT,
    "dict_type": NOT_AN_OBJECT,
    "json_invalid": INVALID_JSON,
    "json_type": INVALID_JSON,
    "decimal_as_string": DECIMALS_AS_STRING,
    "fiscal_year_end_too_late": FISCAL_YEAR_END_TOO_LATE,
}


def message_for(error_type: str) -> str:
    """The French message of a pydantic error type."""
    return _PYDANTIC_MESSAGES.get(error_type, INVALID_VALUE)


def _path(loc) -> str:
    return ".".join(str(part) for part in loc) or "body"


def error_body(errors: list[tuple[str, str]]) -> dict:
    fields = list(dict.fromkeys(field for field, _ in errors))
    message = INVALID_REQUEST if len(errors) != 1 else f"{INVALID_REQUEST} {errors[0][1]}"
    return {
        "message": message,
        "fields": fields,
        "errors": [{"field": field, "message": text} for field, text in errors],
    }


def from_validation_error(exc: ValidationError) -> dict:
    errors = []
    for error in exc.errors(include_url=False, include_input=False):
        loc = error["loc"]
        text = _PYDANTIC_MESSAGES.get(error["type"], INVALID_VALUE)
        if error["type"] == "too_short":
            text = NO_FISCAL_YEAR
        elif error["type"] == "too_long":
            text = TOO_MANY_CARRIED_IN if "carried_in" in loc else TOO_MANY_FISCAL_YEARS
        elif error["type"] == "less_than_equal" and loc and loc[-1] == "monthly_hours":
            text = MONTHLY_HOURS_TOO_LARGE
        elif loc[-1:] == ("monthly_hours",) and error["type"] == "none_required":
            text = INVALID_VALUE
        errors.append((_path(loc), text))
    return error_body(errors)


def from_rules_error(exc: RulesError, *, prefix: tuple = ()) -> dict:
    """Translate a core error; ``prefix`` is the path of the list of FYs (``("years",)``)."""
    if exc.code == "unknown_pmss_year":
        text = UNKNOWN_PMSS_YEAR.format(year=exc.year)
    elif exc.code == "no_rule_set":
        text = NO_RULE_SET.format(date=exc.fiscal_year_end.strftime("%d/%m/%Y"))
    elif exc.code == "fiscal_years_out_of_order":
        text = FISCAL_YEARS_OUT_OF_ORDER
    elif exc.code == "fiscal_years_not_consecutive":
        text = FISCAL_YEARS_NOT_CONSECUTIVE
    elif exc.code == "no_fiscal_year":
        text = NO_FISCAL_YEAR
    elif exc.code == "carried_in_expired":
        text = CARRIED_IN_EXPIRED
    elif exc.code == "carried_in_usable_too_long":
        text = CARRIED_IN_USABLE_TOO_LONG
    else:
        text = INVALID_VALUE
    if exc.field and exc.field.startswith("carried_in"):
        return error_body([(exc.field, text)])
    loc = list(prefix)
    if exc.index is not None:
        loc.append(exc.index)
    if exc.field and exc.field != "years":
        loc.append(exc.field)
    return error_body([(_path(loc), text)])
