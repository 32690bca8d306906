"""One allocation run from the database: read, score, solve (optimal and first come first
served on the same edges), write the proposals. Timed step by step (ms)."""

import time
from decimal import Decimal

import numpy as np
from django.db import transaction

from metis.matching import allocate, allocate_greedy, encode
from metis.matching.proposals import graph_of
from metis.matching.reasons import explain
from metis.matching.scoring import build_edges

from . import adapter
from .models import UNFINISHED, AllocationRun, Proposal, RunStatus


class RunStopped(Exception):
    """The run was cancelled or timed out while it was computed: stop, write nothing more."""


def _progress(run, value, **fields):
    """Record progress; raise RunStopped when the run is no longer queued or running."""
    run.progress = value
    for k, v in fields.items():
        setattr(run, k, v)
    updated = AllocationRun.objects.filter(pk=run.pk, status__in=UNFINISHED).update(
        progress=value, **fields
    )
    if not updated:
        raise RunStopped(run.pk)


def compute(run: AllocationRun) -> AllocationRun:
    """Compute `run` (queued) and store its figures and proposals."""
    t0 = time.perf_counter()
    timings = {}
    _progress(run, 5, status=RunStatus.RUNNING)
    programmes = list(run.programmes.all())
    data = adapter.load_market(programmes)
    t1 = time.perf_counter()
    timings["read"] = round(1000 * (t1 - t0))
    _progress(run, 30, data_as_of=data.as_of)

    tax = adapter.taxonomy()
    m = encode(data.volunteers, data.needs, data.companies, data.associations, tax)
    ev, en, score = build_edges(m)
    if data.open_pairs and len(ev):
        # A volunteer already taking part in a need is not proposed on it again.
        keep = np.array(
            [
                (int(m.need_ids[n]), int(m.volunteer_ids[v])) not in data.open_pairs
                for v, n in zip(ev.tolist(), en.tolist(), strict=True)
            ],
            dtype=bool,
        )
        ev, en, score = ev[keep], en[keep], score[keep]
    t2 = time.perf_counter()
    timings["score"] = round(1000 * (t2 - t1))
    _progress(run, 60)

    g = graph_of(m, ev, en, score)
    x = allocate(g, workers=1)
    greedy = allocate_greedy(g)
    t3 = time.perf_counter()
    timings["solve"] = round(1000 * (t3 - t2))
    _progress(run, 80)

    with transaction.atomic():  # the proposals and the final figures, or nothing if stopped
        chosen = np.flatnonzero(x > 0).tolist()
        company_of = {v.id: int(v.company) for v in data.volunteers}
        Proposal.objects.bulk_create(
            [
                Proposal(
                    run=run,
                    need_id=int(m.need_ids[en[k]]),
                    volunteer_id=int(m.volunteer_ids[ev[k]]),
                    company_id=company_of[m.volunteer_ids[ev[k]]],
                    hours=Decimal(int(x[k])),
                    score=int(score[k]),
                    reasons=explain(m, tax, int(score[k]), int(ev[k]), int(en[k])),
                )
                for k in chosen
            ],
            batch_size=500,
        )
        t4 = time.perf_counter()
        timings["write"] = round(1000 * (t4 - t3))
        timings.update(volunteers=len(data.volunteers), needs=len(data.needs), pairs=int(len(ev)))
        _progress(
            run,
            100,
            status=RunStatus.DONE,
            objective=g.objective(x),
            hours=int(x.sum()),
            fcfs_objective=g.objective(greedy),
            fcfs_hours=int(greedy.sum()),
            duration_ms=round(1000 * (t4 - t0)),
            timings=timings,
        )
    return run
