"""Seed N employees set-based for `manage.py bench_civic_days`: one company, N users and their
current employee memberships, each by one INSERT ... SELECT over a number series
(generate_series on PostgreSQL, a recursive CTE elsewhere)."""

import datetime

from django.db import connection
from django.utils import timezone
from stdnum import luhn

from metis.accounts.enums import Role
from metis.accounts.models import Membership, User
from metis.organisations.enums import LegalForm, OrganisationStatus
from metis.organisations.models import Commune, Company

EMAIL_PREFIX = "civic-bench-"


def _series(count: int) -> tuple[str, list]:
    """SQL selecting n = 1..count (and its parameters)."""
    if connection.vendor == "postgresql":
        return "SELECT generate_series(1, %s) AS n", [count]
    return (
        "WITH RECURSIVE series(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM series "
        "WHERE n < %s) SELECT n FROM series",
        [count],
    )


def _constants(model, skip) -> tuple[list[str], list[str], list]:
    """Columns, placeholders and values of the model's other fields (their defaults)."""
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in skip:
            continue
        default = field.get_default()
        columns.append(field.column)
        values.append(field.get_db_prep_save(default, connection))
    return columns, ["%s"] * len(columns), values


def _company() -> Company:
    base = "99999999"
    return Company.objects.create(
        name="Entreprise du banc d'essai civique",
        siren=base + luhn.calc_check_digit(base),
        legal_form=LegalForm.SAS,
        address="1 rue Houdan",
        commune=Commune.objects.order_by("insee_code").first(),
        headcount=50,
        fiscal_year_end=datetime.date(timezone.localdate().year, 12, 31),
        status=OrganisationStatus.ACTIVE,
    )


def seed_employees(count: int) -> Company:
    """`count` active users, each a current employee of one company: two statements."""
    company = _company()
    series, series_params = _series(count)
    quote = connection.ops.quote_name
    columns, placeholders, values = _constants(User, {"email"})
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(User._meta.db_table)} ({', '.join(columns)}, email) "
            f"SELECT {', '.join(placeholders)}, %s || CAST(s.n AS VARCHAR(12)) || '@metis.example' "
            f"FROM ({series}) s",
            [*values, EMAIL_PREFIX, *series_params],
        )
        now = timezone.now()
        columns, placeholders, values = _constants(
            Membership, {"user", "company", "role", "created_at", "updated_at", "started_at"}
        )
        cursor.execute(
            f"INSERT INTO {quote(Membership._meta.db_table)} ({', '.join(columns)}, user_id, "
            "company_id, role, created_at, updated_at, started_at) "
            f"SELECT {', '.join(placeholders)}, u.id, %s, %s, %s, %s, %s "
            f"FROM {quote(User._meta.db_table)} u WHERE u.email LIKE %s",
            [*values, company.pk, Role.EMPLOYEE.value, now, now, now, EMAIL_PREFIX + "%"],
        )
    return company
