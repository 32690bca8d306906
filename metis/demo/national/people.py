"""The organisations and people of the national data set, each table by one INSERT ... SELECT
over a number series: territories over the most populous real communes, their companies and
associations, the employees (users and memberships), one manager per organisation, the needs
(from the shipped need templates, with their skills and their search text) and the volunteer
profiles of one employee in five.

The ids are explicit and follow the numbering of the plan (`Plan`): employee i is user
`users + i`, of company `(i - 1) % C + 1`, whose territory is `(c - 1) % T + 1`; association a
is in territory `(a - 1) % T + 1`; need n is of year `(n - 1) % Y` and association
`((n - 1) / Y) % A + 1`."""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from metis.accounts.enums import Role
from metis.accounts.models import Membership, User, VolunteerProfile
from metis.needs.enums import NeedFormat, NeedStatus
from metis.needs.models import Need
from metis.needs.search import normalise
from metis.needs.templates_data import need_templates
from metis.organisations.enums import FieldOfAction, LegalForm, OrganisationStatus
from metis.organisations.models import Association, Company, Operator, Territory
from metis.programmes.models import Programme
from metis.skills.models import Skill

from .sql import analyze, insert_select, max_id, quote, table

PASSWORD = "metis-national"
FIRST_NAMES = [
    "Camille", "Léa", "Hugo", "Louis", "Emma", "Jade", "Gabriel", "Chloé", "Arthur", "Manon",
    "Nathan", "Inès", "Jules", "Sarah", "Lucas", "Zoé", "Adam", "Louise", "Raphaël", "Alice",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
]  # fmt: skip
FIELDS = [choice.value for choice in FieldOfAction]


@dataclass
class Plan:
    """The sizes and the first id of each table (ids are written explicitly)."""

    employees: int
    associations: int
    needs: int
    years: int
    territories: int
    companies: int
    first_year: int
    today: datetime.date
    users: int = 0
    territory_ids: int = 0
    company_ids: int = 0
    association_ids: int = 0
    need_ids: int = 0
    programme_ids: int = 0
    participations: int = 0
    pledge_ids: int = 0
    subsidy_ids: int = 0
    participation_ids: int = 0
    entry_ids: int = 0
    time_posting_ids: int = 0

    @property
    def officers(self) -> int:  # user ids of the territory officers start after
        return self.users + self.employees

    @property
    def referents(self) -> int:
        return self.officers + self.territories

    @property
    def managers(self) -> int:
        return self.referents + self.companies

    @property
    def operator_staff(self) -> int:
        return self.managers + self.associations + 1

    def year(self, index: int) -> int:
        return self.first_year + index


def _names(column: str) -> tuple[str, str, list]:
    """First and last name expressions of person number `column`."""
    return (
        f"(%s::text[])[1 + mod({column}, {len(FIRST_NAMES)})]",
        f"(%s::text[])[1 + mod({column} / 7, {len(LAST_NAMES)})]",
        [FIRST_NAMES, LAST_NAMES],
    )


def territories(cursor, plan: Plan, operator_name="Opérateur national METIS") -> int:
    operator = Operator.objects.create(name=operator_name, status=OrganisationStatus.ACTIVE)
    plan.territory_ids = max_id(cursor, Territory)
    count = insert_select(
        cursor,
        Territory,
        {
            "id": "%s + c.n",
            "name": "'Territoire de ' || c.name",
            "status": "%s",
            "commune_id": "c.insee_code",
            "operator_id": "%s",
            "slug": "'territoire-' || c.insee_code",
        },
        "(SELECT insee_code, name, ROW_NUMBER() OVER (ORDER BY population DESC, insee_code) "
        "AS n FROM organisations_commune ORDER BY population DESC, insee_code LIMIT %s) c",
        [plan.territory_ids, OrganisationStatus.ACTIVE.value, operator.pk, plan.territories],
    )
    cursor.execute(
        "CREATE TEMP TABLE nat_territory AS SELECT id - %s AS t, id, commune_id "
        f"FROM {table(Territory)} WHERE id > %s",
        [plan.territory_ids, plan.territory_ids],
    )
    cursor.execute("CREATE UNIQUE INDEX ON nat_territory (t)")
    analyze(cursor, "nat_territory")
    plan.territories = count
    return count


def _siren(number: int) -> str:
    from stdnum import luhn

    base = f"7{number:07d}"
    return base + luhn.calc_check_digit(base)


def companies(cursor, plan: Plan) -> int:
    plan.company_ids = max_id(cursor, Company)
    sirens = [_siren(n) for n in range(1, plan.companies + 1)]
    return insert_select(
        cursor,
        Company,
        {
            "id": "%s + s.n",
            "name": "'Entreprise nationale n°' || s.n",
            "status": "%s",
            "siren": "(%s::text[])[s.n]",
            "legal_form": "%s",
            "address": "s.n || ' rue du Commerce'",
            "commune_id": "t.commune_id",
            "headcount": "%s",
            "fiscal_year_end": "%s",
            "agrees_to_be_named": "mod(s.n, 2) = 0",
        },
        "generate_series(1, %s) s(n) JOIN nat_territory t ON t.t = mod(s.n - 1, %s) + 1",
        [
            plan.company_ids,
            OrganisationStatus.ACTIVE.value,
            sirens,
            LegalForm.SAS.value,
            max(1, plan.employees // plan.companies),
            datetime.date(plan.today.year, 12, 31),
            plan.companies,
            plan.territories,
        ],
    )


def associations(cursor, plan: Plan) -> int:
    plan.association_ids = max_id(cursor, Association)
    first, last, names = _names("s.n")
    return insert_select(
        cursor,
        Association,
        {
            "id": "%s + s.n",
            "name": "'Association nationale n°' || s.n",
            "status": "%s",
            "rna": "'W' || LPAD(s.n::text, 9, '0')",
            "address": "s.n || ' place de la Mairie'",
            "commune_id": "t.commune_id",
            "statutory_object": "'Agir pour l''intérêt général de son territoire.'",
            "field_of_action": f"(%s::text[])[1 + mod(s.n, {len(FIELDS)})]",
            "legal_representative": f"{first} || ' ' || {last}",
            "is_general_interest": "TRUE",
            "may_issue_tax_receipts": "mod(s.n, 3) = 0",
        },
        "generate_series(1, %s) s(n) JOIN nat_territory t ON t.t = mod(s.n - 1, %s) + 1",
        [
            plan.association_ids,
            OrganisationStatus.ACTIVE.value,
            FIELDS,
            *names,
            plan.associations,
            plan.territories,
        ],
    )


def users(cursor, plan: Plan) -> int:
    """Employees first (1..E), then one officer per territory, one referent per company, one
    manager per association and one operator staff member; all with the same password."""
    plan.users = max_id(cursor, User)
    total = plan.operator_staff - plan.users
    first, last, names = _names("s.n")
    e, o = plan.employees, plan.employees + plan.territories
    r, m = o + plan.companies, o + plan.companies + plan.associations
    email = (
        f"CASE WHEN s.n <= {e} THEN 'salarie-' || s.n "
        f"WHEN s.n <= {o} THEN 'territoire-' || (s.n - {e}) "
        f"WHEN s.n <= {r} THEN 'referent-' || (s.n - {o}) "
        f"WHEN s.n <= {m} THEN 'association-' || (s.n - {r}) "
        "ELSE 'operateur' END || '@national.metis.example'"
    )
    return insert_select(
        cursor,
        User,
        {
            "id": "%s + s.n",
            "email": email,
            "password": "%s",
            "first_name": first,
            "last_name": last,
        },
        "generate_series(1, %s) s(n)",
        [plan.users, make_password(PASSWORD), *names, total],
    )


def email_addresses(cursor, plan: Plan) -> int:
    """Each user's address, verified and primary (allauth asks for it at log-in)."""
    return insert_select(
        cursor,
        EmailAddress,
        {"user_id": "u.id", "email": "u.email", "verified": "TRUE", "primary": "TRUE"},
        f"{table(User)} u WHERE u.id > %s",
        [plan.users],
    )


def memberships(cursor, plan: Plan) -> int:
    def add(role, field, first_user, organisation_sql, count, params=()):
        return insert_select(
            cursor,
            Membership,
            {"user_id": f"{first_user} + s.n", "role": "%s", f"{field}_id": organisation_sql},
            "generate_series(1, %s) s(n)",
            [role.value, *params, count],
        )

    operator = Operator.objects.order_by("-pk").values_list("pk", flat=True).first()
    written = add(
        Role.EMPLOYEE,
        "company",
        plan.users,
        "%s + mod(s.n - 1, %s) + 1",
        plan.employees,
        [plan.company_ids, plan.companies],
    )
    written += add(
        Role.TERRITORY_OFFICER,
        "territory",
        plan.officers,
        "%s + s.n",
        plan.territories,
        [plan.territory_ids],
    )
    written += add(
        Role.COMPANY_REFERENT,
        "company",
        plan.referents,
        "%s + s.n",
        plan.companies,
        [plan.company_ids],
    )
    written += add(
        Role.ASSOCIATION_MANAGER,
        "association",
        plan.managers,
        "%s + s.n",
        plan.associations,
        [plan.association_ids],
    )
    written += add(Role.OPERATOR_STAFF, "operator", plan.operator_staff - 1, "%s", 1, [operator])
    return written


def _templates() -> list[dict]:
    """The shipped need templates with their skills' ids and their search text."""
    skills = {skill.code: skill for skill in Skill.objects.all()}
    result = []
    for code, template in sorted(need_templates().items()):
        required = [skills[c] for c in template["skills_required"] if c in skills]
        welcome = [skills[c] for c in template.get("skills_welcome", []) if c in skills]
        labels = []
        for skill in required + welcome:
            labels += [skill.label_fr, skill.label_en, *(skill.synonyms or [])]
        result.append(
            {
                "code": code,
                "title": template["title"],
                "description": template["description"],
                "format": template.get("format") or NeedFormat.BOTH.value,
                "search_text": normalise(template["title"], template["description"], *labels),
                "required": [skill.pk for skill in required],
                "welcome": [skill.pk for skill in welcome],
            }
        )
    return result


def needs(cursor, plan: Plan) -> int:
    """Needs of past years completed, of the current year published (ending after today)."""
    plan.need_ids = max_id(cursor, Need)
    templates = _templates()
    k = len(templates)
    y, a_count, t_count = plan.years, plan.associations, plan.territories
    pick = f"(%s::text[])[1 + mod(s.n / {y}, {k})]"
    year = f"({plan.first_year} + mod(s.n - 1, {y}))"
    association = f"(mod((s.n - 1) / {y}, {a_count}) + 1)"
    is_current = f"mod(s.n - 1, {y}) = {y - 1}"
    count = insert_select(
        cursor,
        Need,
        {
            "id": "%s + s.n",
            "association_id": f"%s + {association}",
            "programme_id": f"%s + mod(s.n - 1, {y}) * {t_count} + t.t",
            "title": pick,
            "slug": pick,
            "description": pick,
            "template_code": pick,
            "format": pick,
            "search_text": pick,
            "estimated_hours": "40 + mod(s.n, 40)",
            "starts_on": f"make_date({year}, 1, 15) + mod(s.n, 60)::int",
            "ends_on": f"CASE WHEN {is_current} THEN %s::date + 30 + mod(s.n, 180)::int "
            f"ELSE make_date({year}, 12, 31) END",
            "commune_id": "t.commune_id",
            "volunteers_wanted": "1 + mod(s.n, 5)",
            "status": f"CASE WHEN {is_current} THEN %s ELSE %s END",
            "published_at": f"make_date({year}, 1, 15)::timestamptz",
            "created_by_id": f"%s + {association}",
        },
        "generate_series(1, %s) s(n) JOIN nat_territory t "
        f"ON t.t = mod({association} - 1, {t_count}) + 1",
        [
            plan.need_ids,
            plan.association_ids,
            plan.programme_ids,
            [t["title"] for t in templates],
            [slugify(t["title"]) for t in templates],
            [t["description"] for t in templates],
            [t["code"] for t in templates],
            [t["format"] for t in templates],
            [t["search_text"] for t in templates],
            plan.today,
            NeedStatus.PUBLISHED.value,
            NeedStatus.COMPLETED.value,
            plan.managers,
            plan.needs,
        ],
    )
    for relation, key in (("skills_required", "required"), ("skills_welcome", "welcome")):
        through = getattr(Need, relation).through
        pairs = [(t["code"], skill) for t in templates for skill in t[key]]
        if not pairs:
            continue
        count += insert_select(
            cursor,
            through,
            {"need_id": "n.id", "skill_id": "m.skill"},
            f"{table(Need)} n JOIN unnest(%s::text[], %s::bigint[]) m(code, skill) "
            "ON m.code = n.template_code WHERE n.id > %s",
            [[p[0] for p in pairs], [p[1] for p in pairs], plan.need_ids],
        )
    return count


def profiles(cursor, plan: Plan) -> int:
    """One employee in five has a volunteer profile (open to suggestions) with one skill."""
    skills = list(Skill.objects.order_by("pk").values_list("pk", flat=True))
    count = insert_select(
        cursor,
        VolunteerProfile,
        {
            "user_id": "%s + s.n",
            "job_title": "'Salarié·e'",
            "hours_per_month": "4 + mod(s.n, 12)",
            "commune_id": "c.commune_id",
            "consents_to_suggestions": "TRUE",
        },
        f"generate_series(5, %s, 5) s(n) JOIN {table(Company)} c "
        "ON c.id = %s + mod(s.n - 1, %s) + 1",
        [plan.users, plan.employees, plan.company_ids, plan.companies],
    )
    through = VolunteerProfile.skills.through
    count += insert_select(
        cursor,
        through,
        {
            "volunteerprofile_id": "p.id",
            "skill_id": f"(%s::bigint[])[1 + mod(p.user_id, {len(skills)})]",
        },
        f"{quote(VolunteerProfile._meta.db_table)} p",
        [skills],
    )
    return count


def programme_ids(cursor, plan: Plan) -> None:
    plan.programme_ids = max_id(cursor, Programme)
