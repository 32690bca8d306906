"""Baseline: first come, first served, as platforms do today."""

import numpy as np

from .flow import Graph


def allocate_greedy(g: Graph) -> np.ndarray:
    """Needs in order of posting (row order), each takes hours from its candidates in
    order of arrival (row order) while the volunteer, its company, the need and its
    association have hours left. Scores are ignored."""
    x = np.zeros(len(g.edge_vol), dtype=np.int64)
    key = g.edge_need.astype(np.int64) * max(len(g.vol_hours), 1) + g.edge_vol
    order = np.arange(len(key)) if np.all(key[1:] > key[:-1]) else np.argsort(key, kind="stable")
    ev = g.edge_vol[order].tolist()
    starts = np.searchsorted(g.edge_need[order], np.arange(len(g.need_hours) + 1)).tolist()
    vol_left = g.vol_hours.tolist()
    need_left = g.need_hours.tolist()
    comp_left = g.company_hours.tolist()
    assoc_left = g.association_hours.tolist()
    vol_company = g.vol_company.tolist()
    need_assoc = g.need_association.tolist()
    given = {}
    for n in range(len(need_left)):
        a = need_assoc[n]
        want = min(need_left[n], assoc_left[a])
        k = starts[n]
        stop = starts[n + 1]
        while want > 0 and k < stop:
            v = ev[k]
            c = vol_company[v]
            h = min(want, vol_left[v], comp_left[c])
            if h > 0:
                vol_left[v] -= h
                comp_left[c] -= h
                want -= h
                given[k] = h
            k += 1
        taken = min(need_left[n], assoc_left[a]) - want
        need_left[n] -= taken
        assoc_left[a] -= taken
    if given:
        pos = np.fromiter(given.keys(), dtype=np.int64, count=len(given))
        x[order[pos]] = np.fromiter(given.values(), dtype=np.int64, count=len(given))
    return x
