"""Entry points for the Django adapter: plain dataclasses in, plain results out."""

from dataclasses import dataclass

import numpy as np

from .flow import Graph, allocate
from .model import Association, Company, Market, Need, Volunteer, encode
from .reasons import explain
from .scoring import SkillIndex, build_edges, score_rows
from .taxonomy import Taxonomy


@dataclass(frozen=True)
class Proposal:
    volunteer: str
    need: str
    hours: int  # 0 for a ranked candidate that the allocation did not choose
    score: int
    reasons: list[str]


def graph_of(m: Market, ev: np.ndarray, en: np.ndarray, score: np.ndarray) -> Graph:
    v, n = m.volunteers, m.needs
    return Graph(
        v.company,
        v.hours,
        n.association,
        n.hours,
        m.companies.hours,
        m.association_hours,
        ev,
        en,
        score,
    )


def propose(
    volunteers: list[Volunteer],
    needs: list[Need],
    companies: list[Company],
    associations: list[Association],
    taxonomy: Taxonomy | None = None,
    workers: int = 1,
) -> list[Proposal]:
    """The optimal allocation (max Σ score × hours) with a score and reasons per pair."""
    taxonomy = taxonomy or Taxonomy.load()
    m = encode(volunteers, needs, companies, associations, taxonomy)
    ev, en, score = build_edges(m)
    x = allocate(graph_of(m, ev, en, score), workers=workers)
    return [
        Proposal(
            m.volunteer_ids[ev[k]],
            m.need_ids[en[k]],
            int(x[k]),
            int(score[k]),
            explain(m, taxonomy, int(score[k]), int(ev[k]), int(en[k])),
        )
        for k in np.flatnonzero(x > 0).tolist()
    ]


def candidates_for_need(
    m: Market, need: int, taxonomy: Taxonomy, limit: int = 10, index: SkillIndex | None = None
) -> list[Proposal]:
    """The `limit` best volunteers for the need at row `need` of an encoded market,
    best first, with reasons (an index can be kept between calls)."""
    index = index or SkillIndex(m)
    vi, ni = index.candidates(m, np.array([need], dtype=np.int32))
    score = score_rows(m, vi, ni)
    keep = np.flatnonzero(score > 0)
    best = keep[np.lexsort((vi[keep], -score[keep]))][:limit]
    return [
        Proposal(
            m.volunteer_ids[vi[k]],
            m.need_ids[need],
            0,
            int(score[k]),
            explain(m, taxonomy, int(score[k]), int(vi[k]), need),
        )
        for k in best.tolist()
    ]
