import json

from metis.matching.__main__ import main


def test_bench_runs_on_a_tiny_size(capsys):
    assert (
        main(["bench", "--sizes", "territory,departement", "--scale", "0.01", "--runs", "1"]) == 0
    )
    out = capsys.readouterr().out
    for word in ("METIS", "FCFS", "monolithic", "territory", "departement", "components"):
        assert word in out


def test_generated_instances_solve_from_the_cli(tmp_path, capsys):
    objectives = []
    for extra in ([], ["--no-edges"]):
        path = tmp_path / "g.json"
        assert main(["generate", "territory", "--scale", "0.05", "-o", str(path), *extra]) == 0
        assert main(["solve", str(path), "--reasons"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["hours"] == sum(a["hours"] for a in result["assignments"]) > 0
        objectives.append(result["objective"])
        if extra:
            assert all(a["reasons"] for a in result["assignments"])
    # skills, places and formats scored here give the same edges as the generator's
    assert objectives[0] == objectives[1]
