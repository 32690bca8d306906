"""How well a volunteer fits a need: hard constraints, a 1-100 score, reasons.

One vectorised formula (`score_rows`) serves both the bulk path (`build_edges`,
millions of candidate pairs from an inverted index) and `score_pair`, which
scores one pair the same way and explains it in French.

Points (out of 100; remote needs drop proximity and are scaled from 80):
skills 60 (required 45 + welcome/text 15, partial credit by taxonomy level and
professional/personal), proximity 20, format 5, available hours 10, date window 5.
"""

import numpy as np

from .model import ON_SITE, REMOTE, SLOT_WEIGHTS, Market

PAIR_CHUNK = 1 << 18


_WEIGHTS16 = SLOT_WEIGHTS.astype(np.int16)


def _need_table(n):
    """Per need, once: its skills side by side (required | welcome | text) and counts."""
    table = getattr(n, "_table", None)
    if table is None:
        skills = np.concatenate([n.required, n.welcome, n.text], axis=1).astype(np.int16)
        widths = np.cumsum([0, n.required.shape[1], n.welcome.shape[1], n.text.shape[1]])
        counts = [
            (skills[:, a:b] >= 0).sum(axis=1) for a, b in zip(widths[:-1], widths[1:], strict=True)
        ]
        table = n._table = (skills, widths, counts)
    return table


def _credits(m: Market, vi: np.ndarray, ni: np.ndarray, comp: np.ndarray):
    """Σ credit (hundredths) of the required, welcome and text skills of each pair,
    counting only the skills the company's pledge may serve."""
    skills, widths, _ = _need_table(m.needs)
    ids = skills[ni]
    valid = ids >= 0
    s = np.where(valid, ids, 0)
    w = _WEIGHTS16[m.volunteers.slots[vi[:, None], s]] * valid
    allowed = m.companies.allowed
    restricted = getattr(m.companies, "_restricted", None)
    if restricted is None:
        restricted = m.companies._restricted = not allowed.all()
    if restricted:
        w *= allowed[comp[:, None], s]
    return [
        w[:, a:b].sum(axis=1, dtype=np.int32) for a, b in zip(widths[:-1], widths[1:], strict=True)
    ]


def score_rows(m: Market, vi: np.ndarray, ni: np.ndarray) -> np.ndarray:
    """Scores (int16, 0 = excluded by a hard constraint) of the pairs (vi[k], ni[k])."""
    v, n = m.volunteers, m.needs
    comp = v.company[vi]
    c_req, c_wel, c_txt = _credits(m, vi, ni, comp)
    n_req, n_wel, n_txt = (c[ni] for c in _need_table(n)[2])
    cov_req = c_req / np.maximum(100 * n_req, 1)
    extra_den = 100 * n_wel + 50 * n_txt
    cov_extra = np.where(extra_den > 0, (c_wel + 0.5 * c_txt) / np.maximum(extra_den, 1), cov_req)
    skill = np.where(n_req > 0, 45 * cov_req + 15 * cov_extra, 60 * cov_extra)

    fmt = n.format[ni]
    accepted = fmt & v.formats[vi]
    same_dept = (n.departement[ni] == v.departement[vi]) & (v.departement[vi] >= 0)
    same_epci = (n.epci[ni] == v.epci[vi]) & (v.epci[vi] >= 0)
    same_commune = (n.commune[ni] == v.commune[vi]) & (v.commune[vi] >= 0)
    remote = fmt == REMOTE
    proximity = np.where(same_commune, 20, np.where(same_epci, 14, np.where(same_dept, 8, 0)))
    proximity = np.where(remote, 0, proximity)
    fmt_points = np.where(accepted == fmt, 5, 2)

    vh, nh = v.hours[vi], n.hours[ni]
    hours_points = 10 * np.minimum(1.0, vh / np.maximum(nh, 1))
    start, end = n.start[ni].astype(np.int64), n.end[ni].astype(np.int64)
    lo = np.maximum(start, v.available_from[vi])
    hi = np.minimum(end, v.available_until[vi])
    overlap = hi - lo + 1
    bounded = (start > np.iinfo(np.int32).min) & (end < np.iinfo(np.int32).max)
    window = np.where(bounded, np.clip(overlap / np.maximum(end - start + 1, 1), 0.0, 1.0), 1.0)

    points = skill + proximity + fmt_points + hours_points + 5 * window
    score = np.floor(100 * points / np.where(remote, 80, 100) + 0.5)
    score = np.clip(score, 1, 100).astype(np.int16)
    excluded = (
        (c_req + c_wel + c_txt == 0)
        | ((n_req > 0) & (c_req == 0))
        | (accepted == 0)
        | ((fmt == ON_SITE) & ~same_dept)
        | (overlap <= 0)
    )
    score[excluded] = 0
    return score


# --- candidate pairs from an inverted index (programme, skill) -> volunteers ----------


def _explode(offsets: np.ndarray, rows: np.ndarray):
    """Positions offsets[r]..offsets[r+1]-1 of each row r, as (row repeated, position)."""
    starts, stops = offsets[rows], offsets[rows + 1]
    counts = stops - starts
    total = int(counts.sum())
    rep = np.repeat(np.arange(len(rows)), counts)
    pos = (
        np.arange(total, dtype=np.int64)
        - np.repeat(np.cumsum(counts) - counts, counts)
        + starts[rep]
    )
    return rep, pos


def _query_skills(n, needs: np.ndarray) -> np.ndarray:
    """Skills to look up: the required ones (a pair must cover one of them), or all
    of the need's skills when none is required."""
    req = n.required[needs]
    others = np.concatenate([n.welcome[needs], n.text[needs]], axis=1)
    none_required = (req < 0).all(axis=1)
    others[~none_required] = -1
    return np.concatenate([req, others], axis=1)


class SkillIndex:
    """Inverted index: (programme, skill) -> volunteers covering the skill at any level
    whose company pledged to the programme."""

    def __init__(self, m: Market, block: int = 1 << 17):
        v, c = m.volunteers, m.companies
        n_prog = int(max(c.programmes.max(initial=-1), m.needs.programmes.max(initial=-1))) + 1
        keys, vols = [], []
        for s in range(0, len(v), block):
            rows, skills = np.nonzero(v.slots[s : s + block])
            rows = rows + s
            rep, pos = _explode(c.programme_offsets, v.company[rows])
            keys.append(c.programmes[pos].astype(np.int64) * 128 + skills[rep])
            vols.append(rows[rep].astype(np.int32))
        keys = np.concatenate(keys) if keys else np.zeros(0, np.int64)
        vols = np.concatenate(vols) if vols else np.zeros(0, np.int32)
        packed = (keys << 31) | vols  # sorted: by key, then volunteers in id order
        packed.sort()
        self.volunteers = (packed & ((1 << 31) - 1)).astype(np.int32)
        self.offsets = np.zeros(n_prog * 128 + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys, minlength=n_prog * 128), out=self.offsets[1:])

    def candidates(self, m: Market, needs: np.ndarray):
        """Distinct (volunteer, need) pairs sharing a related skill in a common programme,
        sorted by need then volunteer."""
        n = m.needs
        skills = _query_skills(n, needs)
        rows, cols = np.nonzero(skills >= 0)
        rep, pos = _explode(n.programme_offsets, needs[rows])
        keys = n.programmes[pos].astype(np.int64) * 128 + skills[rows, cols][rep]
        q_need = needs[rows][rep]
        rep2, pos2 = _explode(self.offsets, keys)
        pair = q_need[rep2].astype(np.int64) * (1 << 31) + self.volunteers[pos2]
        pair.sort()
        if len(pair):
            pair = pair[np.concatenate([[True], pair[1:] != pair[:-1]])]
        return (pair & ((1 << 31) - 1)).astype(np.int32), (pair >> 31).astype(np.int32)


def build_edges(m: Market, need_block: int = 20000, index: SkillIndex | None = None):
    """All admissible (volunteer, need, score) triples, sorted by need then volunteer."""
    index = index or SkillIndex(m)
    out_v, out_n, out_s = [], [], []
    for s in range(0, len(m.needs), need_block):
        needs = np.arange(s, min(s + need_block, len(m.needs)), dtype=np.int32)
        vi, ni = index.candidates(m, needs)
        for k in range(0, len(vi), PAIR_CHUNK):
            sv, sn = vi[k : k + PAIR_CHUNK], ni[k : k + PAIR_CHUNK]
            sc = score_rows(m, sv, sn)
            keep = sc > 0
            out_v.append(sv[keep])
            out_n.append(sn[keep])
            out_s.append(sc[keep])
    if not out_v:
        z = np.zeros(0, np.int32)
        return z, z.copy(), np.zeros(0, np.int16)
    return np.concatenate(out_v), np.concatenate(out_n), np.concatenate(out_s)


__all__ = ["SkillIndex", "build_edges", "score_rows"]
