import multiprocessing

import numpy as np
import pytest
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from metis.matching.flow import Graph, Plan, _components_numpy, allocate, allocate_monolithic
from metis.matching.greedy import allocate_greedy


def random_graph(rng, max_side=12, max_hours=12) -> Graph:
    nv, nn, nc, na = (int(k) for k in rng.integers(1, max_side, 4))
    pairs = rng.choice(nv * nn, size=int(rng.integers(0, nv * nn + 1)), replace=False)
    return Graph(
        vol_company=rng.integers(0, nc, nv).astype(np.int32),
        vol_hours=rng.integers(0, max_hours, nv),
        need_association=rng.integers(0, na, nn).astype(np.int32),
        need_hours=rng.integers(0, max_hours, nn),
        company_hours=rng.integers(0, 2 * max_hours, nc),
        association_hours=rng.integers(0, 2 * max_hours, na),
        edge_vol=(pairs // nn).astype(np.int32),
        edge_need=(pairs % nn).astype(np.int32),
        edge_score=rng.integers(1, 101, len(pairs)),
    )


def union(graphs: list[Graph]) -> Graph:
    """Disjoint union: independent programmes side by side."""
    offsets = dict.fromkeys(("v", "n", "c", "a"), 0)
    parts = []
    for g in graphs:
        parts.append(
            Graph(
                g.vol_company + offsets["c"],
                g.vol_hours,
                g.need_association + offsets["a"],
                g.need_hours,
                g.company_hours,
                g.association_hours,
                g.edge_vol + offsets["v"],
                g.edge_need + offsets["n"],
                g.edge_score,
            )
        )
        offsets["v"] += len(g.vol_hours)
        offsets["n"] += len(g.need_hours)
        offsets["c"] += len(g.company_hours)
        offsets["a"] += len(g.association_hours)
    return Graph(
        *(np.concatenate([getattr(p, f) for p in parts]) for f in Graph.__dataclass_fields__)
    )


def lp_optimum(g: Graph) -> float:
    """The flow LP solved by HiGHS; its optimum is integral."""
    e = np.arange(len(g.edge_vol))
    rows = [g.edge_vol, g.edge_need, g.vol_company[g.edge_vol], g.need_association[g.edge_need]]
    caps = [g.vol_hours, g.need_hours, g.company_hours, g.association_hours]
    offsets = np.cumsum([0] + [len(c) for c in caps])
    r = np.concatenate([rw + off for rw, off in zip(rows, offsets, strict=False)])
    a = coo_matrix((np.ones(len(r)), (r, np.tile(e, 4))), shape=(offsets[-1], len(e)))
    res = linprog(-g.edge_score.astype(float), A_ub=a, b_ub=np.concatenate(caps).astype(float))
    assert res.status == 0
    return -res.fun


def assert_feasible(g: Graph, x: np.ndarray):
    assert x.dtype.kind == "i" and (x >= 0).all()

    def load(groups, n):
        return np.bincount(groups, weights=x, minlength=n)

    assert (load(g.edge_vol, len(g.vol_hours)) <= g.vol_hours).all()
    assert (load(g.edge_need, len(g.need_hours)) <= g.need_hours).all()
    assert (load(g.vol_company[g.edge_vol], len(g.company_hours)) <= g.company_hours).all()
    na = len(g.association_hours)
    assert (load(g.need_association[g.edge_need], na) <= g.association_hours).all()


@pytest.mark.parametrize("seed", range(60))
def test_allocation_is_optimal_and_feasible(seed):
    rng = np.random.default_rng(seed)
    g = random_graph(rng) if seed % 2 else union([random_graph(rng, 8) for _ in range(3)])
    x = allocate(g, chunk_arcs=int(rng.integers(1, 30)))
    assert_feasible(g, x)
    expected = lp_optimum(g) if len(g.edge_vol) else 0.0
    assert g.objective(x) == round(expected)
    assert abs(expected - round(expected)) < 1e-6
    y = allocate_monolithic(g)
    assert_feasible(g, y)
    assert g.objective(y) == g.objective(x)
    assert_feasible(g, allocate_greedy(g))


def test_parallel_chunks_match_single_process():
    rng = np.random.default_rng(7)
    graphs = [random_graph(rng, max_side=30, max_hours=40) for _ in range(8)]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for g in graphs:
            plan, stats = Plan(), {}
            x = allocate(g, pool=pool, chunk_arcs=20, plan=plan, stats=stats)
            assert_feasible(g, x)
            assert g.objective(x) == g.objective(allocate(g))


def test_decomposition_splits_independent_programmes():
    # two programmes joined only by a company whose pledge is not binding
    g = Graph(
        vol_company=np.array([0, 0], np.int32),
        vol_hours=np.array([5, 5]),
        need_association=np.array([0, 1], np.int32),
        need_hours=np.array([4, 4]),
        company_hours=np.array([100]),
        association_hours=np.array([10, 10]),
        edge_vol=np.array([0, 1], np.int32),
        edge_need=np.array([0, 1], np.int32),
        edge_score=np.array([50, 60]),
    )
    plan = Plan()
    x = allocate(g, chunk_arcs=1, plan=plan)
    assert plan.components == 2 and plan.chunks == 2
    assert x.tolist() == [4, 4] and g.objective(x) == 440


def test_zero_capacities_and_no_edges():
    g = Graph(
        *(np.zeros(1, np.int32), np.zeros(1, np.int64)) * 2,
        np.zeros(1, np.int64),
        np.zeros(1, np.int64),
        np.zeros(1, np.int32),
        np.zeros(1, np.int32),
        np.array([10]),
    )
    assert allocate(g).tolist() == [0]
    empty = Graph(
        *(np.zeros(0, np.int32), np.zeros(0, np.int64)) * 2,
        *[np.zeros(0, np.int64)] * 2,
        np.zeros(0, np.int32),
        np.zeros(0, np.int32),
        np.zeros(0, np.int64),
    )
    assert allocate(empty).tolist() == []


def test_greedy_is_first_come_first_served():
    g = Graph(
        vol_company=np.array([0, 0], np.int32),
        vol_hours=np.array([10, 10]),
        need_association=np.array([0], np.int32),
        need_hours=np.array([10]),
        company_hours=np.array([100]),
        association_hours=np.array([100]),
        edge_vol=np.array([1, 0], np.int32),
        edge_need=np.array([0, 0], np.int32),
        edge_score=np.array([90, 10]),
    )
    assert allocate_greedy(g).tolist() == [0, 10]  # volunteer 0 arrived first
    assert allocate(g).tolist() == [10, 0]


def test_numpy_components_match_scipy():
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    rng = np.random.default_rng(3)
    for n, m in ((50, 30), (2000, 1500), (5000, 4000)):
        a, b = rng.integers(0, n, m), rng.integers(0, n, m)
        ours = _components_numpy(n, a, b)
        adj = coo_matrix((np.ones(m), (a, b)), shape=(n, n))
        theirs = connected_components(adj, directed=False)[1]
        # same partition: a bijection between labels
        pairs = set(zip(ours.tolist(), theirs.tolist(), strict=True))
        assert len(pairs) == len(set(ours.tolist())) == len(set(theirs.tolist()))


def test_parallel_pool_of_its_own():
    from metis.matching import flow

    rng = np.random.default_rng(11)
    g = union([random_graph(rng, max_side=20, max_hours=30) for _ in range(4)])
    saved = flow.PARALLEL_MIN_EDGES
    flow.PARALLEL_MIN_EDGES = 1
    try:
        plan = Plan()
        x = allocate(g, workers=2, chunk_arcs=10, plan=plan)
    finally:
        flow.PARALLEL_MIN_EDGES = saved
    assert plan.chunks > 1
    assert_feasible(g, x)
    assert g.objective(x) == g.objective(allocate_monolithic(g))
