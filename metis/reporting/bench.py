"""Seed a territory of N associations with a year of hours, for `manage.py bench_pages`.

Everything up to the approvals goes through the services (so the ledger is right); a year of
validated hours is bulk-inserted, one `time_validated` posting per participation-month that its
entries point to, as the needs demo does (`manage.py ledger_check` stays clean)."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from stdnum import luhn

from metis.accounts.enums import Role
from metis.accounts.models import User
from metis.accounts.services import membership_create
from metis.core.hours import quantize
from metis.documents.replay import documents_accept_all
from metis.ledger import services as ledger
from metis.needs.enums import NeedFormat, TimeEntryStatus
from metis.needs.models import TimeEntry
from metis.needs.services import needs as need_services
from metis.needs.services import participations as participation_services
from metis.organisations.enums import FieldOfAction, LegalForm, OrganisationStatus
from metis.organisations.models import Association, Commune, Company, Operator, Territory
from metis.programmes import services as programmes
from metis.programmes.models import MixedSubsidy, Pledge, Programme
from metis.skills.models import Skill
from metis.valuation.cost_prices import cost_price_record


def _siren(n):
    base = f"{10000000 + n:08d}"
    return base + luhn.calc_check_digit(base)


def _company(n, **fields):
    return Company.objects.create(
        siren=_siren(n),
        legal_form=LegalForm.SAS,
        address="1 rue Houdan",
        headcount=50,
        fiscal_year_end=datetime.date(timezone.localdate().year, 12, 31),
        status=OrganisationStatus.ACTIVE,
        **fields,
    )


def _association(n, **fields):
    return Association.objects.create(
        rna=f"W{920000000 + n:09d}",
        address="2 rue des Écoles",
        statutory_object="Aide aux devoirs et soutien scolaire",
        field_of_action=FieldOfAction.SOCIAL,
        legal_representative="Claire Martin",
        declared_on=datetime.date(2010, 5, 1),
        is_general_interest=True,
        may_issue_tax_receipts=True,
        status=OrganisationStatus.ACTIVE,
        **fields,
    )


def _user(tag, n, role, organisation):
    user = User.objects.create(
        email=f"bench-{tag}-{role}-{n}@bench.metis.example", first_name="Bench", last_name=str(n)
    )
    membership_create(user=user, role=role, organisation=organisation)
    return user


@transaction.atomic
def seed(*, associations=100, companies=10, per_association=2, seed_value=1) -> dict:
    rng = random.Random(seed_value)
    tag = timezone.now().strftime("%Y%m%d%H%M%S")
    today = timezone.localdate()
    commune = (
        Commune.objects.exclude(pk__in=Territory.objects.values("commune_id"))
        .order_by("-population", "pk")
        .first()
    )
    operator = Operator.objects.create(
        name=f"Bench operator {tag}", status=OrganisationStatus.ACTIVE
    )
    territory = Territory.objects.create(
        name=f"Bench {commune.name}",
        commune=commune,
        operator=operator,
        status=OrganisationStatus.ACTIVE,
    )
    programme = Programme.objects.create(
        territory=territory,
        name=f"Bench {tag}",
        starts_on=today - datetime.timedelta(days=365),
        ends_on=today + datetime.timedelta(days=30),
        target_hours=Decimal("100000"),
        reference_hourly_value=Decimal("50"),
        status="open",
    )
    officer = _user(tag, 0, Role.TERRITORY_OFFICER, territory)
    staff = _user(tag, 0, Role.OPERATOR_STAFF, operator)
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(staff, generate_totp_secret())
    company_rows, referents, employees = [], [], []
    for i in range(companies):
        company = _company(
            i, name=f"Bench company {tag}-{i}", commune=commune, agrees_to_be_named=True
        )
        referent = _user(tag, i, Role.COMPANY_REFERENT, company)
        pledge = Pledge.objects.create(
            programme=programme,
            company=company,
            hours=Decimal("20000"),
            starts_on=programme.starts_on,
            ends_on=programme.ends_on,
        )
        programmes.pledge_sign(
            pledge=pledge, signer_name="Bench", signed_on=programme.starts_on, by=referent
        )
        company_rows.append(company)
        referents.append(referent)
    skill = Skill.objects.filter(parent__isnull=False).order_by("pk").first()
    managers, participations = [], []
    for a in range(associations):
        association = _association(a, name=f"Bench association {tag}-{a}", commune=commune)
        manager = _user(tag, a, Role.ASSOCIATION_MANAGER, association)
        managers.append(manager)
        subsidy = MixedSubsidy.objects.create(
            programme=programme,
            association=association,
            cash_previous_period=Decimal(rng.randrange(5000, 50000)),
            cash_current_period=Decimal(rng.randrange(2000, 30000)),
            hours_credit=Decimal("600"),
        )
        programmes.subsidy_vote(
            subsidy=subsidy,
            deliberation_reference=f"BENCH-{a}",
            deliberation_date=programme.starts_on,
            by=officer,
        )
        need = need_services.need_create(
            association=association,
            data={
                "programme": programme,
                "title": f"Mission {a}",
                "description": "Bench",
                "skills_required": [skill],
                "skills_welcome": [],
                "estimated_hours": Decimal("200"),
                "format": NeedFormat.BOTH,
                "starts_on": programme.starts_on,
                "ends_on": programme.ends_on,
                "commune": commune,
                "volunteers_wanted": per_association,
            },
            by=manager,
        )
        need_services.need_publish(need=need, by=manager)
        for v in range(per_association):
            c = (a * per_association + v) % companies
            employee = _user(tag, a * per_association + v, Role.EMPLOYEE, company_rows[c])
            employees.append(employee)
            cost_price_record(
                company=company_rows[c],
                year=today.year,
                monthly_salary=Decimal("4000"),
                monthly_employer_charges=Decimal("1700"),
                employee=employee,
                by=referents[c],
            )
            cost_price_record(
                company=company_rows[c],
                year=today.year - 1,
                monthly_salary=Decimal("3900"),
                monthly_employer_charges=Decimal("1650"),
                employee=employee,
                by=referents[c],
            )
            p = participation_services.participation_apply(need=need, volunteer=employee)
            p = participation_services.participation_accept(participation=p, by=manager)
            p = participation_services.participation_approve(
                participation=p,
                by=referents[c],
                planned_hours=Decimal("250"),
                starts_on=programme.starts_on,
                ends_on=programme.ends_on,
            )
            p = documents_accept_all(p)
            participations.append((p, manager))
    from metis.valuation.cost_prices import cost_price_for

    entries = []
    for p, manager in participations:
        months = defaultdict(list)
        day = p.planned_starts_on + datetime.timedelta(days=rng.randrange(0, 5))
        while day < today:
            months[(day.year, day.month)].append((day, Decimal(rng.choice([2, 3, 3.5, 4]))))
            day += datetime.timedelta(days=rng.choice([5, 7, 9]))
        prices = {}
        for (year, month), rows in sorted(months.items()):
            hours = sum(h for _d, h in rows)
            posting = ledger.time_validated(
                programme=programme,
                association=p.need.association,
                company=p.company,
                participation_id=p.pk,
                hours=hours,
                by=manager,
                occurred_on=rows[-1][0],
                memo=f"bench {p.pk} {year}-{month:02d}",
            )
            if year not in prices:
                price = cost_price_for(company=p.company, employee=p.volunteer, year=year)
                prices[year] = price.hourly_cost if price else None
            for d, h in rows:
                cost = prices[year]
                entries.append(
                    TimeEntry(
                        participation=p,
                        date=d,
                        hours=h,
                        description="Bench",
                        status=TimeEntryStatus.VALIDATED,
                        validated_by=manager,
                        validated_at=timezone.now(),
                        posting=posting,
                        hourly_cost=cost,
                        value=quantize(h * cost) if cost else None,
                    )
                )
    TimeEntry.objects.bulk_create(entries, batch_size=2000)
    return {
        "programme": programme,
        "territory": territory,
        "operator_staff": staff,
        "officer": officer,
        "referent": referents[0],
        "manager": managers[0],
        "employee": employees[0],
        "entries": len(entries),
    }
