"""One pair, scored and explained in French (for the pairs a page displays)."""

import numpy as np

from .model import LEVELS, ON_SITE, REMOTE, Association, Company, Need, Volunteer, encode
from .scoring import score_rows
from .taxonomy import Taxonomy

_PARTIAL = {1: "spécialiste du domaine", 2: "domaine maîtrisé", 3: "compétence voisine"}


def score_pair(
    volunteer: Volunteer,
    need: Need,
    company: Company,
    taxonomy: Taxonomy,
    association: Association | None = None,
) -> tuple[int, list[str]]:
    """(score 1-100, reasons) — or (0, reasons why the pair is excluded)."""
    association = association or Association(need.association, need.hours)
    m = encode([volunteer], [need], [company], [association], taxonomy)
    zero = np.zeros(1, dtype=np.int32)
    score = int(score_rows(m, zero, zero)[0])
    reasons = explain(m, taxonomy, score)
    if (
        need.programmes is not None
        and company.programmes is not None
        and not need.programmes & company.programmes
    ):
        return 0, [*reasons, "l'entreprise n'est pas engagée dans le programme du besoin"]
    return score, reasons


def explain(m, taxonomy: Taxonomy, score: int, vi: int = 0, ni: int = 0) -> list[str]:
    v, n, c = m.volunteers, m.needs, m.companies
    slots = v.slots[vi]
    allowed = c.allowed[v.company[vi]]
    wanted = {}
    for kind, ids in (("required", n.required), ("welcome", n.welcome), ("text", n.text)):
        for i in ids[ni].tolist():
            if i >= 0:
                wanted.setdefault(i, kind)
    exact, partial, personal, restricted, missing = [], [], [], [], []
    for i, kind in wanted.items():
        if not allowed[i]:
            restricted.append(taxonomy.label(i))
            continue
        slot = int(slots[i])
        if slot == 0:
            if kind == "required":
                missing.append(taxonomy.label(i))
            continue
        is_personal, level = LEVELS[slot - 1]
        label = taxonomy.label(i)
        if level == 0:
            (personal if is_personal else exact).append(label)
        else:
            partial.append(f"{label} ({_PARTIAL[level]})")
    reasons = []
    if exact:
        reasons.append(", ".join(exact))
    if personal:
        reasons.append("compétences personnelles : " + ", ".join(personal))
    if partial:
        reasons.append("proche : " + ", ".join(partial))
    if missing:
        reasons.append("manque : " + ", ".join(missing))
    if restricted:
        reasons.append("hors du périmètre de l'engagement : " + ", ".join(restricted))
    if not (exact or personal or partial):
        reasons.append("aucune compétence en commun")

    fmt = int(n.format[ni])
    accepted = fmt & int(v.formats[vi])
    if fmt == REMOTE:
        reasons.append("mission à distance")
    elif n.commune[ni] >= 0 and n.commune[ni] == v.commune[vi]:
        reasons.append("même commune")
    elif n.epci[ni] >= 0 and n.epci[ni] == v.epci[vi]:
        reasons.append("même intercommunalité")
    elif n.departement[ni] >= 0 and n.departement[ni] == v.departement[vi]:
        reasons.append("même département")
    elif fmt == ON_SITE:
        reasons.append("mission sur place hors du département")
    else:
        reasons.append("loin du lieu de la mission")
    if accepted == 0:
        reasons.append("format de mission non accepté")
    elif accepted != fmt:
        reasons.append("format hybride accepté en partie")

    vh, nh = int(v.hours[vi]), int(n.hours[ni])
    reasons.append(f"{vh} h disponibles" + (f" sur {nh} h demandées" if vh < nh else ""))
    lo = max(int(n.start[ni]), int(v.available_from[vi]))
    hi = min(int(n.end[ni]), int(v.available_until[vi]))
    if hi < lo:
        reasons.append("indisponible pendant la période de la mission")
    elif lo > n.start[ni] or hi < n.end[ni]:
        reasons.append("disponible sur une partie de la période")
    return reasons
