"""The set-based writing of `seed_national`: one INSERT ... SELECT per table and step, explicit
ids computed from the row numbers (so that a posting line finds its posting and its accounts
by arithmetic, not by a join on natural keys), the sequences moved past them at the end, and
the time of each step for the printed table. PostgreSQL only."""

import time
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def analyze(cursor, *names) -> None:
    """The planner's statistics of the tables `names`, once their rows are written."""
    for name in names:
        cursor.execute(f"ANALYZE {name}")


def table(model) -> str:
    return quote(model._meta.db_table)


def _default(model_field, now):
    if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
        return now
    return model_field.get_db_prep_save(model_field.get_default(), connection)


def insert_select(cursor, model, columns: dict[str, str], source: str, params=()) -> int:
    """INSERT INTO model's table: `columns` maps a column to its SQL expression over `source`
    (the FROM clause and what follows it); every other concrete field gets its default (the
    time stamps: now). Returns the number of rows written."""
    now = timezone.now()
    names, expressions, values = [], [], []
    for model_field in model._meta.concrete_fields:
        if model_field.column in columns:
            continue
        if model_field.primary_key:
            continue
        names.append(quote(model_field.column))
        expressions.append("%s")
        values.append(_default(model_field, now))
    names += [quote(column) for column in columns]
    expressions += list(columns.values())
    cursor.execute(
        f"INSERT INTO {table(model)} ({', '.join(names)}) "
        f"SELECT {', '.join(expressions)} FROM {source}",
        [*values, *params],
    )
    return cursor.rowcount


def max_id(cursor, model) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table(model)}")
    return cursor.fetchone()[0]


def move_sequence(cursor, model) -> None:
    """The id sequence (identity column) past the explicit ids written."""
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
        f"GREATEST((SELECT COALESCE(MAX(id), 0) FROM {table(model)}), 1))",
        [model._meta.db_table],
    )


def scalar(cursor, sql: str, params=()):
    cursor.execute(sql, list(params))
    return cursor.fetchone()[0]


@dataclass
class Steps:
    """Each step's rows and seconds, printed as a table at the end."""

    rows: list[tuple[str, int, float]] = field(default_factory=list)
    _started: float = 0.0

    def run(self, name: str, function, *args, **kwargs):
        started = time.perf_counter()
        count = function(*args, **kwargs)
        self.rows.append((name, int(count or 0), time.perf_counter() - started))
        return count

    def table(self) -> str:
        width = max(len(name) for name, _, _ in self.rows) if self.rows else 10
        lines = [f"{'Step':<{width}}  {'Rows':>12}  {'Seconds':>8}  {'Rows/s':>10}"]
        total = 0.0
        for name, count, seconds in self.rows:
            total += seconds
            rate = f"{count / seconds:,.0f}" if seconds > 0 and count else ""
            lines.append(f"{name:<{width}}  {count:>12,}  {seconds:>8.1f}  {rate:>10}")
        lines.append(f"{'Total':<{width}}  {'':>12}  {total:>8.1f}")
        return "\n".join(lines)
