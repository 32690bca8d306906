import json
from datetime import date

import numpy as np
import pytest

from metis.matching.generate import generate
from metis.matching.model import Company, Need, Volunteer
from metis.matching.reasons import explain, score_pair
from metis.matching.scoring import build_edges, score_rows
from metis.matching.taxonomy import DATA_PATH, Taxonomy


@pytest.fixture(scope="module")
def taxonomy():
    return Taxonomy.load()


def test_taxonomy_file_is_consistent():
    rows = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    codes = [r["code"] for r in rows]
    assert 90 <= len(rows) <= 128 and len(set(codes)) == len(codes)
    for r in rows:
        assert r["code"].isascii() and r["code"] == r["code"].lower()
        assert r["parent"] is None or r["parent"] in codes
        assert r["kind"] in ("professional", "personal") and r["label_fr"] and r["label_en"]
        assert all(s == s.lower() for s in r["synonyms"])


def test_synonyms_found_in_free_text_with_stemming(taxonomy):
    found = taxonomy.find_in_text("Refaire nos COMPTES annuels, la compta et les Réseaux Sociaux")
    codes = {taxonomy.skills[i].code for i in found}
    assert {"accounting", "social_media"} <= codes


def base_pair(**need):
    v = Volunteer(
        "v1",
        "c1",
        10,
        skills=("accounting", "budgeting"),
        commune="92071",
        epci="e1",
        departement="92",
    )
    n = Need(
        "n1",
        "a1",
        30,
        **{
            "required_skills": ("accounting",),
            "commune": "92071",
            "epci": "e1",
            "departement": "92",
            **need,
        },
    )
    return v, n, Company("c1", 100)


def test_reasons_in_french(taxonomy):
    v, n, c = base_pair(welcome_skills=("budgeting",))
    score, reasons = score_pair(v, n, c, taxonomy)
    assert 1 <= score <= 100
    assert reasons == [
        "comptabilité, gestion budgétaire",
        "même commune",
        "10 h disponibles sur 30 h demandées",
    ]


def test_partial_credit_through_parents(taxonomy):
    v, n, c = base_pair()
    exact, _ = score_pair(v, n, c, taxonomy)
    sibling, reasons = score_pair(
        v, Need(**{**_fields(n), "required_skills": ("audit",)}), c, taxonomy
    )
    other, _ = score_pair(v, Need(**{**_fields(n), "required_skills": ("law",)}), c, taxonomy)
    assert exact > sibling > 0 == other
    assert "proche : audit (compétence voisine)" in reasons


def _fields(n):
    return {k: getattr(n, k) for k in n.__slots__}


def test_proximity_orders_scores(taxonomy):
    v, n, c = base_pair()
    same_commune, _ = score_pair(v, n, c, taxonomy)
    same_epci, _ = score_pair(v, Need(**{**_fields(n), "commune": "x"}), c, taxonomy)
    same_dept, _ = score_pair(v, Need(**{**_fields(n), "commune": "x", "epci": "y"}), c, taxonomy)
    far = Need(**{**_fields(n), "commune": "x", "epci": "y", "departement": "75"})
    assert same_commune > same_epci > same_dept
    assert score_pair(v, far, c, taxonomy)[0] == 0  # on site, other département
    remote, reasons = score_pair(v, Need(**{**_fields(far), "format": "remote"}), c, taxonomy)
    assert remote > 0 and "mission à distance" in reasons


def test_hard_constraints(taxonomy):
    v, n, c = base_pair(start=date(2026, 3, 1), end=date(2026, 4, 1))
    assert score_pair(v, n, c, taxonomy)[0] > 0
    late = Volunteer(**{**_fields(v), "available_from": date(2026, 5, 1)})
    assert score_pair(late, n, c, taxonomy) == (
        0,
        [
            "comptabilité",
            "même commune",
            "10 h disponibles sur 30 h demandées",
            "indisponible pendant la période de la mission",
        ],
    )
    remote_only = Volunteer(**{**_fields(v), "formats": frozenset({"remote"})})
    assert score_pair(remote_only, n, c, taxonomy)[0] == 0
    elsewhere = Company("c1", 100, programmes=frozenset({"p2"}))
    n1 = Need(**{**_fields(n), "programmes": frozenset({"p1"})})
    assert score_pair(v, n1, elsewhere, taxonomy)[0] == 0
    assert score_pair(v, n1, Company("c1", 100, programmes=frozenset({"p1", "p2"})), taxonomy)[0]
    restricted = Company("c1", 100, allowed_skills=frozenset({"digital"}))
    score, reasons = score_pair(v, n, restricted, taxonomy)
    assert score == 0 and any("engagement" in r for r in reasons)


def test_vectorised_and_single_scores_agree_and_index_misses_nothing(taxonomy):
    m = generate((300, 60), seed=3, taxonomy=taxonomy)
    ev, en, sc = build_edges(m)
    assert len(ev) > 100 and sc.min() >= 1 and sc.max() <= 100
    # brute force over all pairs in a common programme
    vi, ni = np.meshgrid(np.arange(300), np.arange(60), indexing="ij")
    vi, ni = vi.ravel().astype(np.int32), ni.ravel().astype(np.int32)
    c, n = m.companies, m.needs
    progs_c = [
        set(c.programmes[c.programme_offsets[k] : c.programme_offsets[k + 1]].tolist())
        for k in range(len(c))
    ]
    progs_n = [
        set(n.programmes[n.programme_offsets[k] : n.programme_offsets[k + 1]].tolist())
        for k in range(len(n))
    ]
    common = np.array(
        [
            bool(progs_c[m.volunteers.company[a]] & progs_n[b])
            for a, b in zip(vi.tolist(), ni.tolist(), strict=True)
        ]
    )
    full = np.where(common, score_rows(m, vi, ni), 0)
    expected = {
        (a, b): s for a, b, s in zip(vi.tolist(), ni.tolist(), full.tolist(), strict=True) if s
    }
    got = dict(zip(zip(ev.tolist(), en.tolist(), strict=True), sc.tolist(), strict=True))
    assert got == expected
    for a, b, s in list(zip(ev.tolist(), en.tolist(), sc.tolist(), strict=True))[:200]:
        reasons = explain(m, taxonomy, s, a, b)
        assert reasons and all(isinstance(r, str) and r for r in reasons)
