"""`python -m metis.matching bench`: build + solve on generated instances, against
first-come-first-served and one monolithic ortools solve. Medians over runs.

Peak memory: VmHWM of this process (reset before each method) plus, for the
decomposed solve, the peaks of the worker processes (forked before any instance
exists, so they hold only their chunks)."""

import gc
import multiprocessing
import statistics
import time

from .flow import Graph, Plan, _peak_kb, allocate, allocate_monolithic, reset_peak
from .generate import generate
from .greedy import allocate_greedy
from .scoring import SkillIndex, build_edges
from .taxonomy import Taxonomy


def _graph(m, ev, en, sc) -> Graph:
    return Graph(
        m.volunteers.company,
        m.volunteers.hours,
        m.needs.association,
        m.needs.hours,
        m.companies.hours,
        m.association_hours,
        ev,
        en,
        sc,
    )


def one_run(size, seed, scale, taxonomy, pool, monolithic=True) -> dict:
    m = generate(size, seed, scale, taxonomy)
    gc.collect()
    reset_peak()
    t0 = time.perf_counter()
    index = SkillIndex(m)
    t_index = time.perf_counter()
    ev, en, sc = build_edges(m, index=index)
    del index
    g = _graph(m, ev, en, sc)
    t1 = time.perf_counter()
    plan, stats = Plan(), {}
    x = allocate(g, pool=pool, plan=plan, stats=stats)
    t2 = time.perf_counter()
    out = {
        "volunteers": len(m.volunteers),
        "needs": len(m.needs),
        "pairs": len(ev),
        "plan": plan,
        "index_s": t_index - t0,
        "flow": {
            "build": t1 - t0,
            "solve": t2 - t1,
            "peak": _peak_kb() + stats.get("worker_peak_kb", 0),
            "objective": g.objective(x),
            "hours": int(x.sum()),
        },
    }
    del x
    for name, method in (("greedy", allocate_greedy), ("monolithic", allocate_monolithic)):
        if name == "monolithic" and not monolithic:
            continue
        gc.collect()
        reset_peak()
        t = time.perf_counter()
        y = method(g)
        out[name] = {
            "build": t1 - t0,
            "solve": time.perf_counter() - t,
            "peak": _peak_kb(),
            "objective": g.objective(y),
            "hours": int(y.sum()),
        }
        del y
    return out


def _median(runs, *keys):
    values = []
    for r in runs:
        for k in keys:
            r = r[k]
        values.append(r)
    return statistics.median(values)


def run(args) -> int:
    taxonomy = Taxonomy.load()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        print(
            f"{'size':<12} {'volunteers':>10} {'needs':>8} {'pairs':>10} {'method':<11} "
            f"{'build s':>8} {'solve s':>8} {'total s':>8} {'peak MB':>8} "
            f"{'objective':>12} {'hours':>9} {'% of opt':>8}",
            flush=True,
        )
        for size in args.sizes.split(","):
            runs = [
                one_run(size, args.seed, args.scale, taxonomy, pool, not args.no_monolithic)
                for _ in range(args.runs)
            ]
            r0 = runs[0]
            best = r0["flow"]["objective"]
            for method in ("flow", "greedy", "monolithic"):
                if method not in r0:
                    continue
                build, solve = _median(runs, method, "build"), _median(runs, method, "solve")
                obj = _median(runs, method, "objective")
                label = {"flow": "METIS", "greedy": "FCFS", "monolithic": "monolithic"}[method]
                print(
                    f"{size:<12} {r0['volunteers']:>10} {r0['needs']:>8} {r0['pairs']:>10} "
                    f"{label:<11} {build:>8.2f} {solve:>8.2f} {build + solve:>8.2f} "
                    f"{_median(runs, method, 'peak') / 1024:>8.0f} {obj:>12} "
                    f"{_median(runs, method, 'hours'):>9} {100 * obj / max(best, 1):>8.1f}",
                    flush=True,
                )
            p = r0["plan"]
            print(
                f"{'':<12} components {p.components}, largest {p.largest} pairs, "
                f"chunks {p.chunks}, index {_median(runs, 'index_s'):.2f} s of the build; "
                f"runs {args.runs}",
                flush=True,
            )
            if "monolithic" in r0 and any(
                r["monolithic"]["objective"] != r["flow"]["objective"] for r in runs
            ):
                print("ERROR: decomposed objective differs from the monolithic one")
                return 1
    return 0
