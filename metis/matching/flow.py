"""Optimal allocation of whole hours as a min-cost flow, decomposed exactly.

Network: source -> company (remaining pledge) -> volunteer (available hours)
-> need (hours asked, cost -score per hour) -> association (remaining credit)
-> sink, plus a zero-cost source -> sink bypass so that the min-cost flow of the
full supply maximises Σ score × hours without forcing any hour through.

Exact reductions before solving (docs/decisions/0002-matching.md, "Allocation"):
- a volunteer's capacity is min(own hours, company pledge), a need's is
  min(own hours, association credit); zero-capacity nodes and their arcs go;
- a company whose pledge covers all its matchable volunteers' capacities is not
  a constraint: its node is dropped (same for associations) — this is what cuts
  programmes apart;
- the remaining graph splits into connected components (numpy min-label
  propagation with pointer jumping), packed into small chunks (cost scaling is
  superlinear, so small pieces are cheaper than one big one) solved independently,
  in parallel by worker processes. Each chunk is solved to optimality, so the sum is.
"""

import os
import time
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

CHUNK_ARCS = 20_000
PARALLEL_MIN_EDGES = 1_000_000  # below, forking costs more than it saves
SCIPY_MIN_EDGES = 2_000_000


@dataclass
class Graph:
    """Allocation problem on row indices (see instance.py for the JSON form)."""

    vol_company: np.ndarray  # int32 [V]
    vol_hours: np.ndarray  # int64 [V]
    need_association: np.ndarray  # int32 [N]
    need_hours: np.ndarray  # int64 [N]
    company_hours: np.ndarray  # int64 [C]
    association_hours: np.ndarray  # int64 [A]
    edge_vol: np.ndarray  # int32 [E]
    edge_need: np.ndarray  # int32 [E]
    edge_score: np.ndarray  # int [E], 1..100

    def objective(self, x: np.ndarray) -> int:
        return int(np.dot(x.astype(np.int64), self.edge_score.astype(np.int64)))


class SolveError(RuntimeError):
    pass


def _solve_network(tails, heads, caps, costs, supply, n_nodes):
    """Min-cost flow with `supply` at node 0 and demand at node 1; returns arc flows."""
    smcf = min_cost_flow.SimpleMinCostFlow()
    bypass = np.array([0], dtype=np.int32), np.array([1], dtype=np.int32)
    tails = np.concatenate([tails, bypass[0]]).astype(np.int32, copy=False)
    heads = np.concatenate([heads, bypass[1]]).astype(np.int32, copy=False)
    caps = np.concatenate([caps, [supply]]).astype(np.int64, copy=False)
    costs = np.concatenate([costs, [0]]).astype(np.int64, copy=False)
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    smcf.set_nodes_supplies(
        np.array([0, 1], dtype=np.int32), np.array([supply, -supply], dtype=np.int64)
    )
    if n_nodes > 2:  # make sure every node exists even without arcs
        smcf.set_node_supply(n_nodes - 1, 0)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise SolveError(f"min-cost flow status {status}")
    return smcf.flows(arcs)[:-1]


def solve_chunk(lv, ln, score, vcap, vcomp, vcomp_cap, ncap, nassoc, nassoc_cap):
    """One independent piece. Nodes are local (volunteers 0..len(vcap)-1, needs
    0..len(ncap)-1); vcomp/nassoc are -1 where the company/association constraint
    was dropped, else any id shared by the rows under the same constraint."""
    nv, nn = len(vcap), len(ncap)
    has_c = vcomp >= 0
    comp_ids, comp_first, comp_of = np.unique(vcomp[has_c], return_index=True, return_inverse=True)
    has_a = nassoc >= 0
    assoc_ids, assoc_first, assoc_of = np.unique(
        nassoc[has_a], return_index=True, return_inverse=True
    )
    nc, na = len(comp_ids), len(assoc_ids)
    c0 = 2
    v0 = c0 + nc
    n0 = v0 + nv
    a0 = n0 + nn
    vnode = np.arange(v0, v0 + nv, dtype=np.int32)
    nnode = np.arange(n0, n0 + nn, dtype=np.int32)
    v_tail = np.zeros(nv, dtype=np.int32)
    v_tail[has_c] = c0 + comp_of
    n_head = np.ones(nn, dtype=np.int32)
    n_head[has_a] = a0 + assoc_of
    ccap = vcomp_cap[has_c][comp_first]
    acap = nassoc_cap[has_a][assoc_first]
    pair_cap = np.minimum(vcap[lv], ncap[ln])
    tails = np.concatenate(
        [np.zeros(nc, np.int32), v_tail, v0 + lv, nnode, np.arange(a0, a0 + na, dtype=np.int32)]
    )
    heads = np.concatenate(
        [np.arange(c0, c0 + nc, dtype=np.int32), vnode, n0 + ln, n_head, np.ones(na, np.int32)]
    )
    caps = np.concatenate([ccap, vcap, pair_cap, ncap, acap])
    costs = np.concatenate(
        [np.zeros(nc + nv, np.int64), -score.astype(np.int64), np.zeros(nn + na, np.int64)]
    )
    supply = int(ccap.sum() + vcap[~has_c].sum())
    flows = _solve_network(tails, heads, caps, costs, supply, a0 + na)
    start = nc + nv
    return flows[start : start + len(lv)]


def _peak_kb() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _worker_task(args):
    reset_peak()
    index, chunk_args = args
    t = time.perf_counter()
    flows = solve_chunk(*chunk_args)
    return index, flows, os.getpid(), _peak_kb(), time.perf_counter() - t


def components(n_left: int, n_right: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Component label of every left node then every right node of a bipartite graph:
    scipy's csgraph for big graphs when installed (its import costs ~0.3 s), else numpy."""
    n = n_left + n_right
    if len(left) >= SCIPY_MIN_EDGES:
        try:
            from scipy.sparse import coo_matrix
            from scipy.sparse.csgraph import connected_components
        except ImportError:
            pass
        else:
            ones = np.ones(len(left), np.int8)
            adj = coo_matrix((ones, (left, n_left + right)), shape=(n, n)).tocsr()
            return connected_components(adj, directed=False)[1]
    return _components_numpy(n, left, n_left + right)


def _components_numpy(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Min-label propagation with pointer jumping; labels are node ids of the component."""
    label = np.arange(n, dtype=np.int64)
    a, b = a.astype(np.int64), b.astype(np.int64)
    while True:
        la, lb = label[a], label[b]
        low = np.minimum(la, lb)
        before = label.copy()
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        np.minimum.at(label, la, low)
        np.minimum.at(label, lb, low)
        while True:
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        if np.array_equal(label, before):
            return label


def group_order(keys: np.ndarray) -> np.ndarray:
    """A permutation sorting `keys` (non-negative ints), stable: sorts (key, position)
    packed in one int64, much faster than a stable argsort on large arrays."""
    n = len(keys)
    shift = max(int(n).bit_length(), 1)
    top = int(keys.max(initial=0))
    if top.bit_length() + shift > 63:
        return np.argsort(keys, kind="stable")
    packed = (keys.astype(np.int64) << shift) | np.arange(n, dtype=np.int64)
    packed.sort()
    return packed & ((1 << shift) - 1)


def _local_numbering(n: int, rows: np.ndarray, edge_chunk: np.ndarray, n_chunks: int):
    """Rows sorted by chunk (unused rows first), chunk bounds, and each row's index in its chunk."""
    chunk = np.full(n, -1, np.int64)
    chunk[rows] = edge_chunk
    order = group_order(chunk + 1)
    sorted_chunk = chunk[order]
    bounds = np.searchsorted(sorted_chunk, np.arange(n_chunks + 1))
    local = np.empty(n, np.int64)
    local[order] = np.arange(n) - bounds[np.maximum(sorted_chunk, 0)]
    return order, bounds, local


@dataclass
class Plan:
    """How allocate() cut the problem (for the benchmark's notes)."""

    edges: int = 0
    components: int = 0
    largest: int = 0
    chunks: int = 0
    worker_seconds: float = 0.0


def allocate(
    g: Graph,
    workers: int = 1,
    pool=None,
    chunk_arcs: int = CHUNK_ARCS,
    plan: Plan | None = None,
    stats: dict | None = None,
) -> np.ndarray:
    """Optimal whole hours per edge (int64, aligned with g.edge_*). Chunks are solved
    in `pool` (a multiprocessing pool) if given, else in `workers` forked processes
    when the problem is big enough, else here. `stats` receives the workers' peak
    memory (kB, summed over workers)."""
    plan = plan if plan is not None else Plan()
    x = np.zeros(len(g.edge_vol), dtype=np.int64)
    vcap = np.minimum(g.vol_hours, g.company_hours[g.vol_company])
    ncap = np.minimum(g.need_hours, g.association_hours[g.need_association])
    live = np.flatnonzero((vcap[g.edge_vol] > 0) & (ncap[g.edge_need] > 0))
    plan.edges = len(live)
    if not len(live):
        return x
    ev, en = g.edge_vol[live], g.edge_need[live]
    nv, nn = len(vcap), len(ncap)
    used_v = np.bincount(ev, minlength=nv) > 0
    used_n = np.bincount(en, minlength=nn) > 0
    demand_c = np.bincount(
        g.vol_company, weights=np.where(used_v, vcap, 0), minlength=len(g.company_hours)
    )
    demand_a = np.bincount(
        g.need_association, weights=np.where(used_n, ncap, 0), minlength=len(g.association_hours)
    )
    vcomp = np.where((g.company_hours < demand_c)[g.vol_company], g.vol_company, -1).astype(
        np.int64
    )
    nassoc = np.where(
        (g.association_hours < demand_a)[g.need_association], g.need_association, -1
    ).astype(np.int64)
    # component nodes: left = binding companies then free volunteers; right likewise
    n_comp, n_assoc = len(g.company_hours), len(g.association_hours)
    vkey = np.where(vcomp >= 0, vcomp, n_comp + np.arange(nv))
    nkey = np.where(nassoc >= 0, nassoc, n_assoc + np.arange(nn))
    label = components(n_comp + nv, n_assoc + nn, vkey[ev], nkey[en])
    edge_label = label[vkey[ev]]
    sizes = np.bincount(edge_label)
    comp_ids = np.flatnonzero(sizes)
    plan.components, plan.largest = len(comp_ids), int(sizes.max())
    # pack components, largest first, into chunks of about chunk_arcs edges
    comp_ids = comp_ids[np.argsort(-sizes[comp_ids], kind="stable")]
    before = np.cumsum(sizes[comp_ids]) - sizes[comp_ids]
    chunk_of_comp = np.zeros(len(sizes), dtype=np.int64)
    _, chunk_of_comp[comp_ids] = np.unique(before // chunk_arcs, return_inverse=True)
    n_chunks = int(chunk_of_comp[comp_ids].max()) + 1
    plan.chunks = n_chunks
    edge_chunk = chunk_of_comp[edge_label]
    order = group_order(edge_chunk)
    bounds = np.searchsorted(edge_chunk[order], np.arange(n_chunks + 1))
    v_order, v_bounds, v_local = _local_numbering(nv, ev, edge_chunk, n_chunks)
    n_order, n_bounds, n_local = _local_numbering(nn, en, edge_chunk, n_chunks)
    lv_all = v_local[ev].astype(np.int32)
    ln_all = n_local[en].astype(np.int32)
    score = g.edge_score[live]
    vcomp_cap = np.where(vcomp >= 0, g.company_hours[g.vol_company], 0)
    nassoc_cap = np.where(nassoc >= 0, g.association_hours[g.need_association], 0)

    def task(k):
        e = order[bounds[k] : bounds[k + 1]]
        vs = v_order[v_bounds[k] : v_bounds[k + 1]]
        ns = n_order[n_bounds[k] : n_bounds[k + 1]]
        args = (
            lv_all[e],
            ln_all[e],
            score[e],
            vcap[vs],
            vcomp[vs],
            vcomp_cap[vs],
            ncap[ns],
            nassoc[ns],
            nassoc_cap[ns],
        )
        return k, args

    chunks = sorted(range(n_chunks), key=lambda k: bounds[k] - bounds[k + 1])
    own_pool = None
    if pool is None and workers > 1 and n_chunks > 1 and len(live) >= PARALLEL_MIN_EDGES:
        import multiprocessing

        own_pool = pool = multiprocessing.get_context("fork").Pool(min(workers, n_chunks))
    if pool is None or n_chunks == 1:
        for k in chunks:
            _, args = task(k)
            x[live[order[bounds[k] : bounds[k + 1]]]] = solve_chunk(*args)
        return x
    peaks = {}
    busy = 0.0
    try:
        for k, flows, pid, peak, seconds in pool.imap_unordered(
            _worker_task, (task(k) for k in chunks)
        ):
            x[live[order[bounds[k] : bounds[k + 1]]]] = flows
            peaks[pid] = max(peaks.get(pid, 0), peak)
            busy += seconds
    finally:
        if own_pool is not None:
            own_pool.terminate()
            own_pool.join()
    plan.worker_seconds = busy
    if stats is not None:
        stats["worker_peak_kb"] = sum(peaks.values())
    return x


def allocate_monolithic(g: Graph) -> np.ndarray:
    """Baseline: the whole network as one SimpleMinCostFlow, no reduction."""
    nc, nv, nn, na = (
        len(g.company_hours),
        len(g.vol_hours),
        len(g.need_hours),
        len(g.association_hours),
    )
    c0, v0 = 2, 2 + nc
    n0 = v0 + nv
    a0 = n0 + nn
    tails = np.concatenate(
        [
            np.zeros(nc, np.int64),
            c0 + g.vol_company,
            v0 + g.edge_vol,
            n0 + np.arange(nn),
            a0 + np.arange(na),
        ]
    )
    heads = np.concatenate(
        [
            c0 + np.arange(nc),
            v0 + np.arange(nv),
            n0 + g.edge_need,
            a0 + g.need_association,
            np.ones(na, np.int64),
        ]
    )
    caps = np.concatenate(
        [
            g.company_hours,
            g.vol_hours,
            np.minimum(g.vol_hours[g.edge_vol], g.need_hours[g.edge_need]),
            g.need_hours,
            g.association_hours,
        ]
    )
    costs = np.concatenate(
        [np.zeros(nc + nv, np.int64), -g.edge_score.astype(np.int64), np.zeros(nn + na, np.int64)]
    )
    flows = _solve_network(tails, heads, caps, costs, int(g.company_hours.sum()), a0 + na)
    return flows[nc + nv : nc + nv + len(g.edge_vol)].astype(np.int64)
