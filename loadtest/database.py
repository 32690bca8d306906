"""The load test's throwaway PostgreSQL database: created, filled with the demo territory, read
for the scenarios' targets, dropped. Runs inside Django (the runner sets it up)."""

import datetime
import io
import json
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError, OperationalError
from django.utils import timezone

from metis.core.bench import refuse_if_data_held
from metis.demo.territory import DEMO_TOTP_SECRET

NOT_POSTGRES = "The load test runs on PostgreSQL (the production stack); DATABASE_URL is %s."
DECLARED_HOURS = Decimal("0.5")


def refuse_database_holding_data() -> None:
    """The configured database must hold no organisation, person, programme or need (tables not
    created yet count as empty): the load test writes into it and drops it at the end."""
    if "accounts_user" in connection.introspection.table_names():
        refuse_if_data_held()


def database_exists() -> bool:
    try:
        connection.ensure_connection()
    except OperationalError:
        return False
    return True


def prepare() -> None:
    """Create the configured database if it is absent, else refuse it if it holds data (the
    load test fills it and drops it at the end)."""
    if connection.vendor != "postgresql":
        raise CommandError(NOT_POSTGRES % connection.vendor)
    if database_exists():
        refuse_database_holding_data()
        return
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(_name())}")


def drop_database() -> None:
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(_name())} WITH (FORCE)")


def _name() -> str:
    return connection.settings_dict["NAME"]


def fill(national: float | None = None) -> str:
    """Migrate and load the demo territory (the same data as `make demo`), or with `national`
    the national data set at that scale (`seed_national --scale`), whose people the scenarios
    log in as get the demo's password. Returns what was loaded, for the runner's message."""
    call_command("migrate", verbosity=0)
    if national is None:
        call_command("load_demo", stdout=io.StringIO())
        connection.close()
        return "the demo"
    out = io.StringIO()
    call_command("seed_national", here=True, scale=national, no_check=True, stdout=out)
    connection.close()
    return f"the national data set at scale {national}:\n{out.getvalue()}"


def checkpoint() -> str:
    """Write the filling's dirty pages to disk before the run (CHECKPOINT), so that the measure
    does not pay for them: the filling leaves gigabytes that the checkpointer would otherwise
    write during the run. Returns what was done, for the runner's message; a role that may not
    checkpoint (neither superuser nor pg_checkpoint) only loses that."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError as error:
        return f"not checkpointed ({str(error).strip()})"
    return "checkpointed"


def give_demo_password(found: dict, password: str) -> None:
    """The national data set's people the scenarios log in as: the demo's password."""
    from django.apps import apps
    from django.contrib.auth.hashers import make_password

    emails = [e["email"] for e in found["employees"]]
    emails += found["managers"] + found["referents"] + found["officers"] + found["operators"]
    user_model = apps.get_model("accounts", "User")
    user_model.objects.filter(email__in=emails).update(password=make_password(password))


def give_demo_second_factor(found: dict) -> None:
    """The operator's staff the scenarios log in as: an authenticator app (TOTP) with the
    demo's secret, for those who have none (the national data set's); allauth asks them for a
    code after their password."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.apps import apps

    user_model = apps.get_model("accounts", "User")
    for user in user_model.objects.filter(email__in=found["operators"]).exclude(
        authenticator__type=Authenticator.Type.TOTP
    ):
        TOTP.activate(user, found["totp_secret"])


def targets(limit: int | None = None) -> dict:
    """What the scenarios act on, read once before the run: the demo log-ins per role (and the
    operator's second factor), public needs, programmes and the territories that have one, and
    for each active participation the days on which hours can still be declared (from its
    activation to today, none declared yet), how many declarations the hours left allow, and
    the needs its volunteer may apply to; the declared hours managers leave alone."""
    from django.apps import apps

    need_model = apps.get_model("needs", "Need")
    programme_model = apps.get_model("programmes", "Programme")
    participation_model = apps.get_model("needs", "Participation")
    membership_model = apps.get_model("accounts", "Membership")
    today = timezone.localdate()
    employees, association_ids, company_ids, applying = [], set(), set(), set()
    active = participation_model.objects.filter(status="active").select_related("volunteer", "need")
    # The national data set has tens of thousands: a sample spread over the territories.
    for participation in active.order_by("?")[:limit] if limit else active:
        first = max(participation.planned_starts_on, timezone.localdate(participation.activated_at))
        last = min(participation.planned_ends_on, today)
        taken = set(participation.time_entries.counting().values_list("date", flat=True))
        days = [
            first + datetime.timedelta(days=n)
            for n in range((last - first).days + 1)
            if first + datetime.timedelta(days=n) not in taken
        ]
        left = participation.reserved_hours - participation.time_entries.counting().total_hours()
        employees.append(
            {
                "email": participation.volunteer.email,
                "participation": participation.pk,
                "days": [day.isoformat() for day in reversed(days)],
                "declarations": max(int(left / DECLARED_HOURS), 0),
            }
        )
        # A person with several active participations is several users of the run: only the
        # first applies, or two would apply to the same need (refused the second time).
        volunteer = participation.volunteer_id
        employees[-1]["needs"] = (
            []
            if volunteer in applying
            else _open_to(participation, need_model, participation_model, today)
        )
        applying.add(volunteer)
        association_ids.add(participation.need.association_id)
        company_ids.add(participation.company_id)
    memberships = membership_model.objects.current().order_by("pk")

    def emails(**filters):
        return list(
            dict.fromkeys(memberships.filter(**filters).values_list("user__email", flat=True))
        )

    time_entry_model = apps.get_model("needs", "TimeEntry")
    return {
        # Declared before the run on participations completed since: their reservation was
        # released on completion, so validating them is refused (see docs/developing.md).
        "stale_entries": list(
            time_entry_model.objects.filter(status="declared")
            .exclude(participation__status="active")
            .values_list("pk", flat=True)
        ),
        "needs": list(need_model.objects.visible_in_catalogue().values_list("pk", flat=True)),
        "programmes": list(
            programme_model.objects.exclude(status="draft").values_list("pk", flat=True)
        ),
        "employees": employees,
        "managers": emails(role="association_manager", association_id__in=association_ids),
        "referents": emails(role="company_referent", company_id__in=company_ids),
        "officers": emails(role="territory_officer")[: limit or None],
        "operators": emails(role="operator_staff"),
        # The territories the operator looks at one by one: those with a programme open.
        "territories": sorted(
            set(
                programme_model.objects.exclude(status="draft").values_list(
                    "territory_id", flat=True
                )
            )
        ),
        "declared_hours": str(DECLARED_HOURS),
        "totp_secret": DEMO_TOTP_SECRET,
    }


def _open_to(participation, need_model, participation_model, today) -> list[int]:
    """The needs the volunteer may apply to: open, not expired, in a programme their employer
    pledged to, and none they already take part in."""
    taken = participation_model.objects.filter(volunteer_id=participation.volunteer_id).open()
    return list(
        need_model.objects.filter(
            status__in=["published", "in_progress"],
            ends_on__gte=today,
            programme__pledges__company_id=participation.company_id,
            programme__pledges__status__in=["signed", "closed"],
        )
        .exclude(pk__in=taken.values("need_id"))
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def write_targets(path, limit: int | None = None) -> dict:
    found = targets(limit)
    path.write_text(json.dumps(found, indent=1), encoding="utf-8")
    return found
