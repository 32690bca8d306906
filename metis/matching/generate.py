"""Seeded instances with a realistic structure, straight into arrays.

Programmes are intercommunalities of ~50 needs, grouped ~40 to a département.
Companies pledge to their home programme, 5% also to a second one in the same
département; volunteers belong to companies. Skills are drawn from the taxonomy
with a skewed popularity of domains (the same for offer and demand). Most needs
are on site, some hybrid, some remote; a remote need is also published in a
second programme of its département. Pledges and credits are drawn around the
hours they could serve, so that about half of them bind.
"""

import json
from dataclasses import dataclass
from datetime import date

import numpy as np

from .model import (
    HYBRID,
    NO_DAY_MAX,
    NO_DAY_MIN,
    ON_SITE,
    REMOTE,
    CompanyArrays,
    Market,
    NeedArrays,
    VolunteerArrays,
    credit_slots,
)
from .taxonomy import Taxonomy

SIZES = {
    "territory": (5_000, 500),
    "departement": (100_000, 20_000),
    "nation": (1_000_000, 200_000),
}
NEEDS_PER_PROGRAMME = 50
PROGRAMMES_PER_DEPARTEMENT = 40
COMMUNES_PER_PROGRAMME = 8
VOLUNTEERS_PER_COMPANY = 20
DAY0 = date(2026, 1, 1).toordinal()


@dataclass
class Draws:
    """Domain and skill pickers from the taxonomy."""

    taxonomy: Taxonomy

    def __post_init__(self):
        t = self.taxonomy
        parent = t.parent
        self.domains = {
            kind: np.array(
                [i for i, s in enumerate(t.skills) if s.parent is None and s.kind == kind]
            )
            for kind in ("professional", "personal")
        }
        self.children = {
            int(d): np.array([j for j in range(len(t)) if parent[j] == d], dtype=np.int32)
            for ds in self.domains.values()
            for d in ds
        }

    def skills(self, rng, kind: str, n: int, per: int, min_per: int = 1) -> np.ndarray:
        """(n, per) padded skill ids: one domain per row, then finer skills in it."""
        domains = self.domains[kind]
        w = 1.0 / np.arange(1, len(domains) + 1) ** 1.4
        dom = domains[rng.choice(len(domains), size=n, p=w / w.sum())]
        out = np.full((n, per), -1, dtype=np.int32)
        count = rng.integers(min_per, per + 1, size=n)
        for d in np.unique(dom):
            rows = np.flatnonzero(dom == d)
            kids = self.children[int(d)]
            if not len(kids):
                kids = np.array([d], dtype=np.int32)
            pick = kids[rng.integers(0, len(kids), size=(len(rows), per))]
            pick[rng.random((len(rows), per)) < 0.15] = d  # sometimes the domain itself
            out[rows] = pick
        out[np.arange(per)[None, :] >= count[:, None]] = -1
        return out


def generate(
    size: str | tuple[int, int], seed: int = 1, scale: float = 1.0, taxonomy=None
) -> Market:
    n_vol, n_need = SIZES[size] if isinstance(size, str) else size
    n_vol, n_need = max(2, int(n_vol * scale)), max(2, int(n_need * scale))
    rng = np.random.default_rng(seed)
    taxonomy = taxonomy or Taxonomy.load()
    draws = Draws(taxonomy)
    n_prog = max(1, n_need // NEEDS_PER_PROGRAMME)
    prog_dept = np.arange(n_prog) // PROGRAMMES_PER_DEPARTEMENT

    def same_dept_other(progs):
        first = prog_dept[progs] * PROGRAMMES_PER_DEPARTEMENT
        width = np.minimum(PROGRAMMES_PER_DEPARTEMENT, n_prog - first)
        return (first + rng.integers(0, width)).astype(np.int32)

    # companies and their pledges (programme CSR)
    n_comp = max(1, n_vol // VOLUNTEERS_PER_COMPANY)
    comp_home = rng.integers(0, n_prog, n_comp).astype(np.int32)
    second = rng.random(n_comp) < 0.05
    second_prog = same_dept_other(comp_home)
    second &= second_prog != comp_home
    counts = 1 + second
    c_off = np.zeros(n_comp + 1, np.int64)
    np.cumsum(counts, out=c_off[1:])
    c_prog = np.empty(c_off[-1], np.int32)
    c_prog[c_off[:-1]] = comp_home
    c_prog[c_off[:-1][second] + 1] = second_prog[second]

    # volunteers
    vol_comp = np.sort(rng.integers(0, n_comp, n_vol)).astype(np.int32)
    vol_prog = comp_home[vol_comp]
    vol_hours = rng.choice([5, 10, 15, 20, 30, 40], size=n_vol, p=[0.15, 0.3, 0.15, 0.2, 0.1, 0.1])
    fmt = rng.choice([ON_SITE | REMOTE, ON_SITE, REMOTE], size=n_vol, p=[0.7, 0.2, 0.1])
    windowed = rng.random(n_vol) < 0.2
    v_from = np.where(windowed, DAY0 + rng.integers(0, 200, n_vol), NO_DAY_MIN).astype(np.int32)
    v_until = np.where(windowed, v_from.astype(np.int64) + rng.integers(60, 300, n_vol), NO_DAY_MAX)
    volunteers = VolunteerArrays(
        company=vol_comp,
        hours=vol_hours.astype(np.int64),
        slots=credit_slots(
            taxonomy,
            draws.skills(rng, "professional", n_vol, 3),
            np.where(rng.random((n_vol, 1)) < 0.5, draws.skills(rng, "personal", n_vol, 2), -1),
        ),
        commune=(
            vol_prog * COMMUNES_PER_PROGRAMME + rng.integers(0, COMMUNES_PER_PROGRAMME, n_vol)
        ).astype(np.int32),
        epci=vol_prog,
        departement=prog_dept[vol_prog].astype(np.int32),
        formats=fmt.astype(np.uint8),
        available_from=v_from,
        available_until=v_until.astype(np.int32),
    )

    # needs and associations
    n_assoc = max(1, n_need // 3)
    assoc_prog = rng.integers(0, n_prog, n_assoc).astype(np.int32)
    need_assoc = np.sort(rng.integers(0, n_assoc, n_need)).astype(np.int32)
    need_prog = assoc_prog[need_assoc]
    need_hours = rng.choice(
        [5, 10, 20, 30, 40, 60], size=n_need, p=[0.1, 0.25, 0.25, 0.2, 0.1, 0.1]
    )
    need_fmt = rng.choice([ON_SITE, HYBRID, REMOTE], size=n_need, p=[0.7, 0.15, 0.15]).astype(
        np.uint8
    )
    personal = rng.random(n_need) < 0.25
    req = np.where(
        personal[:, None],
        draws.skills(rng, "personal", n_need, 2),
        draws.skills(rng, "professional", n_need, 2),
    )
    req[rng.random(n_need) < 0.7, 1] = -1
    wel = draws.skills(rng, "professional", n_need, 2, min_per=0)
    txt = draws.skills(rng, "professional", n_need, 1, min_per=0)
    start = DAY0 + rng.integers(0, 300, n_need)
    remote = need_fmt == REMOTE
    other = same_dept_other(need_prog)
    linked = remote & (other != need_prog)
    n_off = np.zeros(n_need + 1, np.int64)
    np.cumsum(1 + linked, out=n_off[1:])
    n_prog_csr = np.empty(n_off[-1], np.int32)
    n_prog_csr[n_off[:-1]] = need_prog
    n_prog_csr[n_off[:-1][linked] + 1] = other[linked]
    wel[(wel[:, :, None] == req[:, None, :]).any(axis=2)] = -1
    txt[(txt[:, :, None] == np.concatenate([req, wel], axis=1)[:, None, :]).any(axis=2)] = -1
    needs = NeedArrays(
        association=need_assoc,
        hours=need_hours.astype(np.int64),
        required=req.astype(np.int16),
        welcome=wel.astype(np.int16),
        text=txt.astype(np.int16),
        commune=(
            need_prog * COMMUNES_PER_PROGRAMME + rng.integers(0, COMMUNES_PER_PROGRAMME, n_need)
        ).astype(np.int32),
        epci=need_prog,
        departement=prog_dept[need_prog].astype(np.int32),
        format=need_fmt,
        start=start.astype(np.int32),
        end=(start + rng.integers(30, 180, n_need)).astype(np.int32),
        programme_offsets=n_off,
        programmes=n_prog_csr,
    )
    comp_hours = np.bincount(vol_comp, weights=vol_hours, minlength=n_comp) * rng.uniform(
        0.3, 1.5, n_comp
    )
    assoc_hours = np.bincount(need_assoc, weights=need_hours, minlength=n_assoc) * rng.uniform(
        0.4, 1.3, n_assoc
    )
    allowed = np.ones((n_comp, 128), dtype=bool)
    companies = CompanyArrays(comp_hours.round().astype(np.int64), allowed, c_off, c_prog)
    return Market(volunteers, needs, companies, assoc_hours.round().astype(np.int64))


def write_json(args) -> int:
    """`generate`: the instance file for `solve` (with scored edges, or with skills)."""
    from .scoring import build_edges

    taxonomy = Taxonomy.load()
    m = generate(args.size, args.seed, args.scale, taxonomy)
    v, n = m.volunteers, m.needs
    data = {
        "volunteers": [
            {"id": f"v{i}", "company": f"c{c}", "hours": int(h)}
            for i, (c, h) in enumerate(zip(v.company.tolist(), v.hours.tolist(), strict=True))
        ],
        "needs": [
            {"id": f"n{i}", "association": f"a{a}", "hours": int(h)}
            for i, (a, h) in enumerate(zip(n.association.tolist(), n.hours.tolist(), strict=True))
        ],
        "companies": [
            {"id": f"c{i}", "hours": int(h)} for i, h in enumerate(m.companies.hours.tolist())
        ],
        "associations": [
            {"id": f"a{i}", "hours": int(h)} for i, h in enumerate(m.association_hours.tolist())
        ],
    }
    if args.no_edges:
        _describe(m, data, taxonomy)
    else:
        ev, en, sc = build_edges(m)
        data["edges"] = [
            {"volunteer": f"v{a}", "need": f"n{b}", "score": int(s)}
            for a, b, s in zip(ev.tolist(), en.tolist(), sc.tolist(), strict=True)
        ]
    with open(args.output, "w") as f:
        json.dump(data, f)
    return 0


def _codes(taxonomy, ids) -> list[str]:
    return [taxonomy.skills[i].code for i in ids.tolist() if i >= 0]


def _describe(m: Market, data: dict, taxonomy: Taxonomy):
    """Skills, places, formats and programmes instead of edges (own skills only)."""
    v, n, c = m.volunteers, m.needs, m.companies
    fmt_names = {ON_SITE: "on_site", REMOTE: "remote", HYBRID: "hybrid"}
    for i, r in enumerate(data["volunteers"]):
        r["skills"] = _codes(taxonomy, np.flatnonzero(v.slots[i] == 1))
        r["personal_skills"] = _codes(taxonomy, np.flatnonzero(v.slots[i] == 3))
        r.update(
            commune=f"c{v.commune[i]}", epci=f"e{v.epci[i]}", departement=f"d{v.departement[i]}"
        )
        r["formats"] = [
            name for bit, name in ((ON_SITE, "on_site"), (REMOTE, "remote")) if v.formats[i] & bit
        ]
        if v.available_from[i] != NO_DAY_MIN:
            r["available_from"] = date.fromordinal(int(v.available_from[i])).isoformat()
            r["available_until"] = date.fromordinal(int(v.available_until[i])).isoformat()
    for i, r in enumerate(data["needs"]):
        r["required_skills"] = _codes(taxonomy, n.required[i])
        r["welcome_skills"] = _codes(taxonomy, n.welcome[i])
        r["text"] = " ; ".join(taxonomy.skills[j].synonyms[0] for j in n.text[i].tolist() if j >= 0)
        r.update(
            commune=f"c{n.commune[i]}", epci=f"e{n.epci[i]}", departement=f"d{n.departement[i]}"
        )
        r["format"] = fmt_names[int(n.format[i])]
        r["start"] = date.fromordinal(int(n.start[i])).isoformat()
        r["end"] = date.fromordinal(int(n.end[i])).isoformat()
        r["programmes"] = [
            f"p{p}" for p in n.programmes[n.programme_offsets[i] : n.programme_offsets[i + 1]]
        ]
    for i, r in enumerate(data["companies"]):
        r["programmes"] = [
            f"p{p}" for p in c.programmes[c.programme_offsets[i] : c.programme_offsets[i + 1]]
        ]
