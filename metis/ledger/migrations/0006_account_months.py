"""Rolled-up figures of the ledger: every line inserted adds its amount to its account's row for
the month of its posting's date, its event and the reversed posting's event (a database trigger,
in the same transaction, whatever inserts the line); the lines already there are rolled up once.
The civic days' lines are left out: one account per person, read from the balances.
"""

import django.db.models.deletion
from django.db import migrations, models


POSTGRESQL = """
CREATE OR REPLACE FUNCTION ledger_roll_up_lines() RETURNS trigger AS $$
BEGIN
    INSERT INTO ledger_accountmonth (account_id, month, event, reversed_event, amount)
    SELECT l.account_id, date_trunc('month', p.occurred_on)::date, p.event,
           COALESCE(r.event, ''), SUM(l.amount)
    FROM new_lines l
    JOIN ledger_posting p ON p.id = l.posting_id
    LEFT JOIN ledger_posting r ON r.id = p.reverses_id
    WHERE p.event NOT LIKE 'civic%'
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (account_id, month, event, reversed_event)
    DO UPDATE SET amount = ledger_accountmonth.amount + EXCLUDED.amount;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_postingline_roll_up AFTER INSERT ON ledger_postingline
REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION ledger_roll_up_lines();
"""

SQLITE = """
CREATE TRIGGER ledger_postingline_roll_up AFTER INSERT ON ledger_postingline
BEGIN
    INSERT INTO ledger_accountmonth (account_id, month, event, reversed_event, amount)
    SELECT NEW.account_id, date(p.occurred_on, 'start of month'), p.event,
           COALESCE(r.event, ''), NEW.amount
    FROM ledger_posting p LEFT JOIN ledger_posting r ON r.id = p.reverses_id
    WHERE p.id = NEW.posting_id AND p.event NOT LIKE 'civic%'
    ON CONFLICT (account_id, month, event, reversed_event)
    DO UPDATE SET amount = amount + excluded.amount;
END;
"""

BACKFILL = """
INSERT INTO ledger_accountmonth (account_id, month, event, reversed_event, amount)
SELECT l.account_id, {month}, p.event, COALESCE(r.event, ''), SUM(l.amount)
FROM ledger_postingline l
JOIN ledger_posting p ON p.id = l.posting_id
LEFT JOIN ledger_posting r ON r.id = p.reverses_id
WHERE p.event NOT LIKE 'civic%'
GROUP BY l.account_id, {month}, p.event, COALESCE(r.event, '')
"""
MONTH = {
    "postgresql": "CAST(date_trunc('month', p.occurred_on) AS date)",
    "sqlite": "date(p.occurred_on, 'start of month')",
}


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in MONTH:  # pragma: no cover
        raise NotImplementedError(f"No roll-up trigger for {vendor}")
    schema_editor.execute(BACKFILL.format(month=MONTH[vendor]), params=None)
    schema_editor.execute(POSTGRESQL if vendor == "postgresql" else SQLITE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS ledger_postingline_roll_up ON ledger_postingline;"
            "DROP FUNCTION IF EXISTS ledger_roll_up_lines();",
            params=None,
        )
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS ledger_postingline_roll_up;", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0005_civic_accounts"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccountMonth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(verbose_name="month")),
                ("event", models.CharField(max_length=32, verbose_name="event")),
                (
                    "reversed_event",
                    models.CharField(blank=True, max_length=32, verbose_name="reversed event"),
                ),
                (
                    "amount",
                    models.DecimalField(decimal_places=2, max_digits=14, verbose_name="hours"),
                ),
                (
                    "account",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="months",
                        to="ledger.account",
                    ),
                ),
            ],
            options={
                "verbose_name": "account month",
                "verbose_name_plural": "account months",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("account", "month", "event", "reversed_event"),
                        name="ledger_account_month_unique",
                    )
                ],
            },
        ),
        migrations.RunPython(create_trigger, drop_trigger, elidable=False),
    ]
