import json
import subprocess
import sys

import pytest

from metis.matching.__main__ import main

EXAMPLE = {
    "volunteers": [{"id": "v1", "company": "c1", "hours": 20}],
    "needs": [{"id": "n1", "association": "a1", "hours": 30}],
    "companies": [{"id": "c1", "hours": 500}],
    "associations": [{"id": "a1", "hours": 100}],
    "edges": [{"volunteer": "v1", "need": "n1", "score": 87}],
}


def run(tmp_path, data, capsys, raw=None):
    path = tmp_path / "instance.json"
    path.write_text(raw if raw is not None else json.dumps(data))
    out = tmp_path / "result.json"
    code = main(["solve", str(path), "-o", str(out)])
    err = capsys.readouterr().err
    return code, (json.loads(out.read_text()) if code == 0 else None), err


def test_example(tmp_path, capsys):
    code, result, _ = run(tmp_path, EXAMPLE, capsys)
    assert code == 0
    assert result == {
        "assignments": [{"volunteer": "v1", "need": "n1", "hours": 20}],
        "objective": 1740,
        "hours": 20,
    }


def test_zero_capacities_are_valid(tmp_path, capsys):
    data = json.loads(json.dumps(EXAMPLE))
    data["companies"][0]["hours"] = 0
    code, result, _ = run(tmp_path, data, capsys)
    assert code == 0 and result == {"assignments": [], "objective": 0, "hours": 0}


def mutate(path, value):
    data = json.loads(json.dumps(EXAMPLE))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    "data, message",
    [
        (mutate(["volunteers", 0, "hours"], -1), "hours must be between 0 and"),
        (mutate(["companies", 0, "hours"], 1.5), "whole number"),
        (mutate(["edges", 0, "score"], 0), "between 1 and 100"),
        (mutate(["edges", 0, "score"], 101), "between 1 and 100"),
        (mutate(["edges", 0, "score"], "87"), "whole number"),
        (mutate(["edges", 0, "volunteer"], "v9"), 'unknown volunteer "v9"'),
        (mutate(["edges", 0, "need"], "n9"), 'unknown need "n9"'),
        (mutate(["volunteers", 0, "company"], "c9"), 'unknown company "c9"'),
        (mutate(["needs", 0, "association"], "a9"), 'unknown association "a9"'),
        (
            mutate(["volunteers"], [{"id": "v1", "company": "c1", "hours": 1}] * 2),
            "duplicate volunteer id",
        ),
        (mutate(["edges"], EXAMPLE["edges"] * 2), "duplicate edge"),
        (mutate(["needs", 0, "hours"], None), "whole number"),
        ({"volunteers": []}, 'missing "needs"'),
        ([], "JSON object"),
        (mutate(["edges"], {}), "must be a list"),
        (mutate(["edges"], [["v1", "n1", 3]]), "must be an object"),
        (mutate(["edges", 0, "score"], True), "whole number"),
        (mutate(["volunteers", 0, "hours"], 10**30), "between 0 and"),
        (mutate(["volunteers", 0, "hours"], float("nan")), "whole number"),
        (mutate(["volunteers", 0], {"company": "c1", "hours": 3}), 'needs an "id"'),
        (mutate(["companies", 0], {"id": "c1"}), "hours is missing"),
    ],
)
def test_malformed_input_is_one_line_and_exit_2(tmp_path, capsys, data, message):
    code, _, err = run(tmp_path, data, capsys)
    assert code == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_not_json(tmp_path, capsys):
    code, _, err = run(tmp_path, None, capsys, raw="{nope")
    assert code == 2 and "not valid JSON" in err


def test_missing_file(tmp_path, capsys):
    assert main(["solve", str(tmp_path / "absent.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_instance_without_edges_is_scored(tmp_path, capsys):
    data = {
        "volunteers": [
            {
                "id": "v1",
                "company": "c1",
                "hours": 10,
                "skills": ["accounting"],
                "departement": "92",
            },
            {
                "id": "v2",
                "company": "c1",
                "hours": 10,
                "skills": ["web_development"],
                "departement": "75",
                "formats": ["remote"],
            },
        ],
        "needs": [
            {
                "id": "n1",
                "association": "a1",
                "hours": 8,
                "text": "tenir la compta",
                "departement": "92",
            },
            {
                "id": "n2",
                "association": "a1",
                "hours": 30,
                "required_skills": ["digital"],
                "format": "remote",
                "start": "2026-01-01",
                "end": "2026-06-30",
            },
        ],
        "companies": [{"id": "c1", "hours": 100}],
        "associations": [{"id": "a1", "hours": 100}],
    }
    path = tmp_path / "i.json"
    path.write_text(json.dumps(data))
    assert main(["solve", str(path), "--reasons"]) == 0
    result = json.loads(capsys.readouterr().out)
    got = {(a["volunteer"], a["need"]): a for a in result["assignments"]}
    assert set(got) == {("v1", "n1"), ("v2", "n2")}
    assert got[("v1", "n1")]["hours"] == 8 and got[("v2", "n2")]["hours"] == 10
    assert all(a["reasons"] for a in result["assignments"])
    data["needs"][0]["required_skills"] = ["no_such_skill"]
    path.write_text(json.dumps(data))
    assert main(["solve", str(path)]) == 2
    assert "unknown skill" in capsys.readouterr().err


def test_module_entry_point(tmp_path):
    path = tmp_path / "i.json"
    path.write_text(json.dumps(EXAMPLE))
    proc = subprocess.run(
        [sys.executable, "-m", "metis.matching", "solve", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 0 and json.loads(proc.stdout)["objective"] == 1740
    path.write_text('{"volunteers": 3}')
    proc = subprocess.run(
        [sys.executable, "-m", "metis.matching", "solve", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 2 and proc.stderr.startswith("error:") and proc.stdout == ""
