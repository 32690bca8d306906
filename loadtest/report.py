"""The load test's table: one row per page name from Locust's CSV, against the baseline."""

import csv
from dataclasses import dataclass

BASELINE = "baseline (constant template)"
TARGET_RATIO = 3
TARGET_P95_MS = 300


@dataclass(frozen=True)
class Row:
    name: str
    requests: int
    errors: int
    median: float
    p95: float
    p99: float


def read_stats(path) -> tuple[list[Row], Row]:
    """(the rows by name, the aggregated row) of Locust's `<prefix>_stats.csv`."""
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            if line["Request Count"] == "0":  # only sent during the warm-up
                continue
            rows.append(
                Row(
                    name=line["Name"],
                    requests=int(line["Request Count"]),
                    errors=int(line["Failure Count"]),
                    median=float(line["50%"]),
                    p95=float(line["95%"]),
                    p99=float(line["99%"]),
                )
            )
    total = next(row for row in rows if row.name == "Aggregated")
    return sorted((row for row in rows if row.name != "Aggregated"), key=lambda r: r.name), total


def missed_targets(rows: list[Row]) -> list[str]:
    """The pages whose p95 is not under 3 × the baseline's p95 and under 300 ms."""
    baseline = next((row for row in rows if row.name == BASELINE), None)
    if baseline is None:
        return ["the baseline page was not measured"]
    return [
        row.name
        for row in rows
        if row.name != BASELINE
        and (row.p95 >= TARGET_RATIO * baseline.p95 or row.p95 >= TARGET_P95_MS)
    ]


def table(rows: list[Row], total: Row) -> str:
    baseline = next((row for row in rows if row.name == BASELINE), None)
    missed = set(missed_targets(rows))
    width = max(len(row.name) for row in rows) if rows else 10
    header = (
        f"{'page':<{width}}  {'requests':>8}  {'median':>6}  {'p95':>6}  {'p99':>6}  "
        f"{'errors':>6}  {'p95/base':>8}  target"
    )
    lines = [header, "-" * len(header)]
    for row in [*rows, total]:
        ratio = f"{row.p95 / baseline.p95:.1f}" if baseline and baseline.p95 else "-"
        if row is total or row.name == BASELINE:
            verdict = ""
        else:
            verdict = "MISSED" if row.name in missed else "ok"
        lines.append(
            f"{'all requests' if row is total else row.name:<{width}}  {row.requests:>8}  "
            f"{row.median:>6.0f}  {row.p95:>6.0f}  {row.p99:>6.0f}  {row.errors:>6}  "
            f"{ratio:>8}  {verdict}"
        )
    lines.append("Times in ms. Targets: 0 errors; p95 under 3 × the baseline's p95 and 300 ms.")
    if baseline and baseline.p95 >= TARGET_P95_MS:
        lines.append(
            f"The baseline's own p95 is {baseline.p95:.0f} ms: requests queue for the CPU (see the "
            "load average), whatever the page."
        )
    return "\n".join(lines)
