"""Benchmark commands never write into a database that holds data: with --here they refuse
(and write nothing); without it they create and drop a database of their own."""

import ast
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from metis.accounts.tests.factories import UserFactory
from metis.core.bench import data_held
from metis.organisations.models import Association, Operator
from metis.programmes.models import Programme

BENCHES = {
    "bench_pages": {"associations": 1, "companies": 1, "per_association": 1, "runs": 1},
    "bench_ledger": {"postings": 2, "writers": [1], "repeat": 1},
    "bench_receipts": {"workers": 1},
    "bench_matching": {"runs": 1},
    "bench_civic_days": {"accounts": 2},
    "bench_national_pages": {"scale": 0.001, "runs": 1},
}


@pytest.mark.parametrize("command", sorted(BENCHES))
def test_bench_refuses_a_database_that_holds_data(db, command):
    UserFactory()
    before = (Operator.objects.count(), Association.objects.count(), Programme.objects.count())
    with pytest.raises(CommandError, match="already holds"):
        args = ["1"] if command == "bench_receipts" else []
        call_command(command, *args, here=True, **BENCHES[command])
    after = (Operator.objects.count(), Association.objects.count(), Programme.objects.count())
    assert after == before


def test_reference_data_alone_is_not_data(db):
    assert data_held() == []
    UserFactory()
    assert len(data_held()) == 1


def test_bench_modules_do_not_import_test_code():
    root = Path(__file__).resolve().parents[2]
    modules = [root / "core/bench.py", root / "reporting/bench.py", root / "civic/bench.py"]
    modules += list(root.glob("*/management/commands/bench_*.py"))
    assert len(modules) == 9
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                names += [alias.name for alias in node.names]
                assert not any(".tests" in name or "factory" in name for name in names), path
