"""The instance / result JSON files of `python -m metis.matching solve`, validated."""

import json
from dataclasses import dataclass
from datetime import date

import numpy as np

from .flow import Graph
from .model import FORMATS, Association, Company, Market, Need, Volunteer, encode
from .taxonomy import Taxonomy, UnknownSkill

KINDS = ("volunteers", "needs", "companies", "associations")
MAX_HOURS = 10**9  # keeps Σ score × hours far inside int64


class InstanceError(ValueError):
    """Malformed instance; the message is one line for the user."""


@dataclass
class Instance:
    graph: Graph
    volunteer_ids: list
    need_ids: list
    market: Market | None = None  # when the edges were scored here


def _is_id(x) -> bool:
    return isinstance(x, (str, int)) and not isinstance(x, bool)


def _whole(x, what: str, low: int = 0, high: int | None = None) -> int:
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    if not isinstance(x, int) or isinstance(x, bool):
        raise InstanceError(f"{what} must be a whole number, got {json.dumps(x)}")
    if x < low or (high is not None and x > high):
        bounds = f"between {low} and {high}" if high is not None else f">= {low}"
        raise InstanceError(f"{what} must be {bounds}, got {x}")
    return x


def _column(rows, key: str, kind: str, ids, low=0, high=MAX_HOURS) -> np.ndarray:
    try:
        values = [r[key] for r in rows]
        if set(map(type, values)) <= {int}:
            arr = np.array(values, dtype=np.int64)
            if len(arr) == 0 or (arr.min() >= low and arr.max() <= high):
                return arr
    except (KeyError, TypeError, IndexError, OverflowError):
        pass
    out = []
    for i, r in enumerate(rows):
        what = f"{kind[:-1]} {json.dumps(ids[i]) if ids else i}: {key}"
        if not isinstance(r, dict):
            raise InstanceError(f"{kind}[{i}] must be an object")
        if key not in r:
            raise InstanceError(f"{what} is missing")
        out.append(_whole(r[key], what, low, high))
    return np.array(out, dtype=np.int64)


def _index(rows, kind: str) -> tuple[list, dict]:
    if not isinstance(rows, list):
        raise InstanceError(f'"{kind}" must be a list')
    ids = []
    for i, r in enumerate(rows):
        if not isinstance(r, dict):
            raise InstanceError(f"{kind}[{i}] must be an object")
        if not _is_id(r.get("id")):
            raise InstanceError(f'{kind}[{i}] needs an "id" (string or integer)')
        ids.append(r["id"])
    index = {x: i for i, x in enumerate(ids)}
    if len(index) != len(ids):
        seen = set()
        dup = next(x for x in ids if x in seen or seen.add(x))
        raise InstanceError(f"duplicate {kind[:-1]} id {json.dumps(dup)}")
    return ids, index


def _refs(rows, key: str, index: dict, kind: str, ids) -> np.ndarray:
    try:
        return np.array([index[r[key]] for r in rows], dtype=np.int32)
    except (KeyError, TypeError, IndexError):
        for i, r in enumerate(rows):
            where = f"{kind[:-1]} {json.dumps(ids[i])}" if ids else f"{kind}[{i}]"
            if not isinstance(r, dict):
                raise InstanceError(f"{where} must be an object") from None
            if key not in r:
                raise InstanceError(f"{where}: {key} is missing") from None
            if not _is_id(r[key]) or r[key] not in index:
                raise InstanceError(f"{where}: unknown {key} {json.dumps(r[key])}") from None
        raise


def parse(data, taxonomy: Taxonomy | None = None) -> Instance:
    if not isinstance(data, dict):
        raise InstanceError("the instance must be a JSON object")
    for kind in KINDS:
        if kind not in data:
            raise InstanceError(f'missing "{kind}" list')
    (v_ids, v_index), (n_ids, n_index), (c_ids, c_index), (a_ids, a_index) = (
        _index(data[k], k) for k in KINDS
    )
    vols, needs, comps, assocs = (data[k] for k in KINDS)
    vol_company = _refs(vols, "company", c_index, "volunteers", v_ids)
    need_assoc = _refs(needs, "association", a_index, "needs", n_ids)
    hours = [
        _column(data[k], "hours", k, ids)
        for k, ids in zip(KINDS, (v_ids, n_ids, c_ids, a_ids), strict=True)
    ]
    market = None
    edges = data.get("edges")
    if edges is None:
        market = _scored_market(data, taxonomy or Taxonomy.load())
        from .scoring import build_edges

        ev, en, score = build_edges(market)
    else:
        if not isinstance(edges, list):
            raise InstanceError('"edges" must be a list')
        ev = _refs(edges, "volunteer", v_index, "edges", None)
        en = _refs(edges, "need", n_index, "edges", None)
        score = _column(edges, "score", "edges", None, low=1, high=100)
        key = np.sort(ev.astype(np.int64) * max(len(n_ids), 1) + en)
        if len(key) and (key[1:] == key[:-1]).any():
            dup = key[1:][key[1:] == key[:-1]][0]
            k = int(np.flatnonzero(ev.astype(np.int64) * max(len(n_ids), 1) + en == dup)[0])
            v, n = json.dumps(v_ids[ev[k]]), json.dumps(n_ids[en[k]])
            raise InstanceError(f"duplicate edge volunteer {v} need {n}")
    graph = Graph(vol_company, hours[0], need_assoc, hours[1], hours[2], hours[3], ev, en, score)
    return Instance(graph, v_ids, n_ids, market)


def _date(x, what):
    if x is None:
        return None
    try:
        return date.fromisoformat(x)
    except (TypeError, ValueError):
        raise InstanceError(
            f"{what} must be an ISO date (YYYY-MM-DD), got {json.dumps(x)}"
        ) from None


def _strings(x, what) -> tuple:
    if x is None:
        return ()
    if not isinstance(x, list) or not all(isinstance(s, str) for s in x):
        raise InstanceError(f"{what} must be a list of strings")
    return tuple(x)


def _scored_market(data, taxonomy: Taxonomy) -> Market:
    """Instance without edges: volunteers and needs carry skills, places and formats."""

    def opt(r, k, what):
        v = r.get(k)
        if v is not None and not isinstance(v, str):
            raise InstanceError(f"{what}: {k} must be a string")
        return v

    vols, needs = [], []
    for r in data["volunteers"]:
        w = f"volunteer {json.dumps(r['id'])}"
        formats = _strings(r.get("formats", ["on_site", "remote"]), f"{w}: formats")
        if any(f not in ("on_site", "remote") for f in formats):
            raise InstanceError(f"{w}: formats are among on_site, remote")
        vols.append(
            Volunteer(
                r["id"],
                r["company"],
                r["hours"],
                _strings(r.get("skills"), f"{w}: skills"),
                _strings(r.get("personal_skills"), f"{w}: personal_skills"),
                opt(r, "commune", w),
                opt(r, "epci", w),
                opt(r, "departement", w),
                frozenset(formats),
                _date(r.get("available_from"), f"{w}: available_from"),
                _date(r.get("available_until"), f"{w}: available_until"),
            )
        )
    for r in data["needs"]:
        w = f"need {json.dumps(r['id'])}"
        fmt = r.get("format", "on_site")
        if fmt not in FORMATS:
            raise InstanceError(f"{w}: format is one of on_site, remote, hybrid")
        text = r.get("text") or ""
        if not isinstance(text, str):
            raise InstanceError(f"{w}: text must be a string")
        progs = r.get("programmes")
        needs.append(
            Need(
                r["id"],
                r["association"],
                r["hours"],
                _strings(r.get("required_skills"), f"{w}: required_skills"),
                _strings(r.get("welcome_skills"), f"{w}: welcome_skills"),
                text,
                opt(r, "commune", w),
                opt(r, "epci", w),
                opt(r, "departement", w),
                fmt,
                _date(r.get("start"), f"{w}: start"),
                _date(r.get("end"), f"{w}: end"),
                None if progs is None else frozenset(_strings(progs, f"{w}: programmes")),
            )
        )
    comps = []
    for r in data["companies"]:
        w = f"company {json.dumps(r['id'])}"
        allowed, progs = r.get("allowed_skills"), r.get("programmes")
        comps.append(
            Company(
                r["id"],
                r["hours"],
                None if allowed is None else frozenset(_strings(allowed, f"{w}: allowed_skills")),
                None if progs is None else frozenset(_strings(progs, f"{w}: programmes")),
            )
        )
    assocs = [Association(r["id"], r["hours"]) for r in data["associations"]]
    try:
        return encode(vols, needs, comps, assocs, taxonomy)
    except UnknownSkill as e:
        raise InstanceError(str(e)) from None


def load(path: str, taxonomy: Taxonomy | None = None) -> Instance:
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise InstanceError(f"cannot read {path}: {e.strerror}") from None
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InstanceError(f"{path} is not valid JSON: {e}") from None
    return parse(data, taxonomy)


def result(inst: Instance, x: np.ndarray, reasons: bool = False, taxonomy=None) -> dict:
    g = inst.graph
    pos = np.flatnonzero(x > 0)
    vids, nids = inst.volunteer_ids, inst.need_ids
    hours = x[pos].tolist()
    assignments = [
        {"volunteer": vids[v], "need": nids[n], "hours": h}
        for v, n, h in zip(g.edge_vol[pos].tolist(), g.edge_need[pos].tolist(), hours, strict=True)
    ]
    if reasons:
        from .reasons import explain

        for a, k in zip(assignments, pos.tolist(), strict=True):
            a["score"] = int(g.edge_score[k])
            if inst.market is not None:
                v, n = int(g.edge_vol[k]), int(g.edge_need[k])
                a["reasons"] = explain(inst.market, taxonomy, a["score"], v, n)
    return {"assignments": assignments, "objective": g.objective(x), "hours": int(sum(hours))}
