"""Plain data of the matching core: dataclasses for the adapter, arrays for bulk work."""

from dataclasses import dataclass
from datetime import date

import numpy as np

from .taxonomy import Taxonomy

ON_SITE, REMOTE, HYBRID = 1, 2, 3
FORMATS = {"on_site": ON_SITE, "remote": REMOTE, "hybrid": HYBRID}
NO_DAY_MIN = np.iinfo(np.int32).min
NO_DAY_MAX = np.iinfo(np.int32).max

# Credit of a need's skill by the volunteer's skill sets, best first:
# (professional/personal, level) where the level is 0 own skill, 1 domain of which
# the volunteer holds a finer skill, 2 finer skill of a domain held, 3 sibling.
LEVELS = ((0, 0), (0, 1), (1, 0), (1, 1), (0, 2), (1, 2), (0, 3), (1, 3))
LEVEL_WEIGHTS = np.array([100, 80, 80, 64, 50, 40, 30, 24], dtype=np.int64)
# weight (hundredths) of a credit slot: 0 = not covered, else 1 + index in LEVELS
SLOT_WEIGHTS = np.concatenate([[0], LEVEL_WEIGHTS])
N_SKILL_COLUMNS = 128


@dataclass(frozen=True, slots=True)
class Volunteer:
    id: str
    company: str
    hours: int
    skills: tuple[str, ...] = ()
    personal_skills: tuple[str, ...] = ()
    commune: str | None = None
    epci: str | None = None
    departement: str | None = None
    formats: frozenset[str] = frozenset({"on_site", "remote"})
    available_from: date | None = None
    available_until: date | None = None


@dataclass(frozen=True, slots=True)
class Need:
    id: str
    association: str
    hours: int
    required_skills: tuple[str, ...] = ()
    welcome_skills: tuple[str, ...] = ()
    text: str = ""
    commune: str | None = None
    epci: str | None = None
    departement: str | None = None
    format: str = "on_site"
    start: date | None = None
    end: date | None = None
    programmes: frozenset[str] | None = None  # None: open to every programme


@dataclass(frozen=True, slots=True)
class Company:
    id: str
    hours: int  # remaining pledge
    allowed_skills: frozenset[str] | None = None  # pledge restricted to these (and finer) skills
    programmes: frozenset[str] | None = None  # None: every programme


@dataclass(frozen=True, slots=True)
class Association:
    id: str
    hours: int  # remaining credit


@dataclass
class VolunteerArrays:
    company: np.ndarray  # int32
    hours: np.ndarray  # int64
    slots: np.ndarray  # uint8 (V, 128): per skill, 0 or 1 + index in LEVELS of its best credit
    commune: np.ndarray  # int32 place codes, -1 unknown
    epci: np.ndarray
    departement: np.ndarray
    formats: np.ndarray  # uint8 bits ON_SITE | REMOTE
    available_from: np.ndarray  # int32 ordinal day
    available_until: np.ndarray

    def __len__(self):
        return len(self.hours)


@dataclass
class NeedArrays:
    association: np.ndarray  # int32
    hours: np.ndarray  # int64
    required: np.ndarray  # int16 (N, k) skill ids, -1 padding
    welcome: np.ndarray  # int16 (N, k), not required
    text: np.ndarray  # int16 (N, k), found in the text, neither required nor welcome
    commune: np.ndarray
    epci: np.ndarray
    departement: np.ndarray
    format: np.ndarray  # uint8 ON_SITE, REMOTE or HYBRID
    start: np.ndarray  # int32 ordinal day
    end: np.ndarray
    programme_offsets: np.ndarray  # int64 (N+1): CSR of the programmes a need is published in
    programmes: np.ndarray  # int32

    def __len__(self):
        return len(self.hours)


@dataclass
class CompanyArrays:
    hours: np.ndarray  # int64
    allowed: np.ndarray  # bool (C, 128): skills the pledge may serve
    programme_offsets: np.ndarray  # int64 (C+1)
    programmes: np.ndarray  # int32

    def __len__(self):
        return len(self.hours)


@dataclass
class Market:
    """Everything the bulk path needs, as arrays; ids map rows back to the adapter's ids."""

    volunteers: VolunteerArrays
    needs: NeedArrays
    companies: CompanyArrays
    association_hours: np.ndarray  # int64
    volunteer_ids: list | None = None
    need_ids: list | None = None
    company_ids: list | None = None
    association_ids: list | None = None


def _raw_levels_table(taxonomy: Taxonomy) -> np.ndarray:
    """(K+1, 4, 2) masks of each single skill's four raw levels; row K is empty padding."""
    k = len(taxonomy)
    table = np.zeros((k + 1, 4, 2), dtype=np.uint64)
    parent = taxonomy.parent

    def put(i, level, j):
        table[i, level, j // 64] |= np.uint64(1) << np.uint64(j % 64)

    for i in range(k):
        put(i, 0, i)
        p = int(parent[i])
        if p >= 0:
            put(i, 1, p)
        for j in range(k):
            if parent[j] == i:
                put(i, 2, j)
            if p >= 0 and parent[j] == p:
                put(i, 3, j)
    return table


_TABLES: dict[int, np.ndarray] = {}


def credit_slots(
    taxonomy: Taxonomy, professional: np.ndarray, personal: np.ndarray, block: int = 1 << 16
) -> np.ndarray:
    """(V, 128) credit slots from padded skill id matrices (-1 = none)."""
    table = _TABLES.get(id(taxonomy))
    if table is None:
        table = _TABLES[id(taxonomy)] = _raw_levels_table(taxonomy)
    pad = len(taxonomy)
    out = np.zeros((len(professional), N_SKILL_COLUMNS), dtype=np.uint8)
    for b in range(0, len(professional), block):
        raw = []
        for ids in (professional[b : b + block], personal[b : b + block]):
            ids = np.where(ids < 0, pad, ids)
            raw.append(np.bitwise_or.reduce(table[ids], axis=1))  # (B, 4, 2)
        seen = np.zeros((len(raw[0]), 2), dtype=np.uint64)
        part = out[b : b + block]
        for slot, (kind, level) in enumerate(LEVELS):
            m = raw[kind][:, level] & ~seen
            seen |= m
            bits = np.unpackbits(m.astype("<u8").view(np.uint8), axis=1, bitorder="little")
            part[bits.astype(bool)] = slot + 1
    return out


def padded(rows: list[list[int]]) -> np.ndarray:
    width = max((len(r) for r in rows), default=0) or 1
    out = np.full((len(rows), width), -1, dtype=np.int32)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r
    return out


def _day(d: date | None, default: int) -> int:
    return default if d is None else d.toordinal()


def encode(volunteers, needs, companies, associations, taxonomy: Taxonomy) -> Market:
    """Dataclasses -> arrays. Unknown skill codes raise UnknownSkill, unknown
    company or association ids raise KeyError."""
    places: dict[str, int] = {}

    def place(v):
        return -1 if v is None else places.setdefault(v, len(places))

    comp_index = {c.id: i for i, c in enumerate(companies)}
    assoc_index = {a.id: i for i, a in enumerate(associations)}
    programmes = sorted(
        {p for x in (*needs, *companies) if x.programmes is not None for p in x.programmes}
    ) or ["*"]
    prog_index = {p: i for i, p in enumerate(programmes)}

    def csr(items):
        rows = [
            range(len(programmes))
            if x.programmes is None
            else [prog_index[p] for p in sorted(x.programmes)]
            for x in items
        ]
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(r) for r in rows])
        values = np.fromiter((p for r in rows for p in r), dtype=np.int32, count=int(offsets[-1]))
        return offsets, values

    vol = VolunteerArrays(
        company=np.array([comp_index[v.company] for v in volunteers], dtype=np.int32),
        hours=np.array([v.hours for v in volunteers], dtype=np.int64),
        slots=credit_slots(
            taxonomy,
            padded([taxonomy.ids(v.skills) for v in volunteers]),
            padded([taxonomy.ids(v.personal_skills) for v in volunteers]),
        ),
        commune=np.array([place(v.commune) for v in volunteers], dtype=np.int32),
        epci=np.array([place(v.epci) for v in volunteers], dtype=np.int32),
        departement=np.array([place(v.departement) for v in volunteers], dtype=np.int32),
        formats=np.array(
            [sum(FORMATS[f] for f in set(v.formats)) for v in volunteers], dtype=np.uint8
        ),
        available_from=np.array(
            [_day(v.available_from, NO_DAY_MIN) for v in volunteers], dtype=np.int32
        ),
        available_until=np.array(
            [_day(v.available_until, NO_DAY_MAX) for v in volunteers], dtype=np.int32
        ),
    )
    req = [taxonomy.ids(n.required_skills) for n in needs]
    wel = [taxonomy.ids(n.welcome_skills) for n in needs]
    wel = [[i for i in w if i not in r] for r, w in zip(req, wel, strict=True)]
    txt = [
        sorted(taxonomy.find_in_text(n.text) - set(r) - set(w))
        for n, r, w in zip(needs, req, wel, strict=True)
    ]
    n_off, n_prog = csr(needs)
    need = NeedArrays(
        association=np.array([assoc_index[n.association] for n in needs], dtype=np.int32),
        hours=np.array([n.hours for n in needs], dtype=np.int64),
        required=padded(req).astype(np.int16),
        welcome=padded(wel).astype(np.int16),
        text=padded(txt).astype(np.int16),
        commune=np.array([place(n.commune) for n in needs], dtype=np.int32),
        epci=np.array([place(n.epci) for n in needs], dtype=np.int32),
        departement=np.array([place(n.departement) for n in needs], dtype=np.int32),
        format=np.array([FORMATS[n.format] for n in needs], dtype=np.uint8),
        start=np.array([_day(n.start, NO_DAY_MIN) for n in needs], dtype=np.int32),
        end=np.array([_day(n.end, NO_DAY_MAX) for n in needs], dtype=np.int32),
        programme_offsets=n_off,
        programmes=n_prog,
    )
    allowed = np.ones((len(companies), N_SKILL_COLUMNS), dtype=bool)
    for i, c in enumerate(companies):
        if c.allowed_skills is not None:
            allowed[i] = False
            allowed[i, sorted(taxonomy.expand_down(taxonomy.ids(c.allowed_skills)))] = True
    c_off, c_prog = csr(companies)
    comp = CompanyArrays(
        hours=np.array([c.hours for c in companies], dtype=np.int64),
        allowed=allowed,
        programme_offsets=c_off,
        programmes=c_prog,
    )
    return Market(
        vol,
        need,
        comp,
        np.array([a.hours for a in associations], dtype=np.int64),
        [v.id for v in volunteers],
        [n.id for n in needs],
        [c.id for c in companies],
        [a.id for a in associations],
    )
