"""The skills taxonomy (metis/skills/data/skills.json) as arrays and bit masks.

Skills are numbered 0..K-1 and a set of skills is a 128-bit mask held in two
uint64 words, so that coverage of a pair is a handful of AND + popcount.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .text import stems

DATA_PATH = Path(__file__).resolve().parent.parent / "skills" / "data" / "skills.json"
MAX_SKILLS = 128


class UnknownSkill(ValueError):
    pass


@dataclass(frozen=True)
class Skill:
    code: str
    parent: str | None
    kind: str
    label_fr: str
    label_en: str
    synonyms: tuple[str, ...]


def _label(text: str) -> str:
    """Label inside a sentence: "Comptabilité" -> "comptabilité", "RSE" stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


@dataclass
class Taxonomy:
    skills: list[Skill]
    index: dict[str, int] = field(init=False)
    parent: np.ndarray = field(init=False)  # int16, -1 for domains
    _phrases: dict[tuple[str, ...], set[int]] = field(init=False)
    _max_len: int = field(init=False)

    def __post_init__(self):
        if len(self.skills) > MAX_SKILLS:
            raise ValueError(f"at most {MAX_SKILLS} skills")
        self.index = {s.code: i for i, s in enumerate(self.skills)}
        if len(self.index) != len(self.skills):
            raise ValueError("duplicate skill code")
        self.parent = np.array(
            [self.index[s.parent] if s.parent else -1 for s in self.skills], dtype=np.int16
        )
        self._phrases = {}
        for i, s in enumerate(self.skills):
            for phrase in (s.label_fr, *s.synonyms):
                key = tuple(stems(phrase))
                if key:
                    self._phrases.setdefault(key, set()).add(i)
        self._max_len = max((len(k) for k in self._phrases), default=1)

    @classmethod
    def load(cls, path: Path | str = DATA_PATH) -> "Taxonomy":
        with open(path, encoding="utf-8") as f:
            rows = json.load(f)
        return cls([Skill(**{**r, "synonyms": tuple(r.get("synonyms", ()))}) for r in rows])

    def __len__(self) -> int:
        return len(self.skills)

    def ids(self, codes) -> list[int]:
        try:
            return [self.index[c] for c in codes]
        except KeyError as e:
            raise UnknownSkill(f"unknown skill {e.args[0]!r}") from None

    def label(self, i: int) -> str:
        return _label(self.skills[i].label_fr)

    def find_in_text(self, text: str) -> set[int]:
        """Skills whose label or a synonym occurs in `text` (stemmed n-grams)."""
        words = stems(text or "")
        found: set[int] = set()
        for start in range(len(words)):
            for n in range(1, min(self._max_len, len(words) - start) + 1):
                hit = self._phrases.get(tuple(words[start : start + n]))
                if hit:
                    found |= hit
        return found

    # --- masks -------------------------------------------------------------
    def mask(self, ids) -> tuple[int, int]:
        lo = hi = 0
        for i in ids:
            if i < 64:
                lo |= 1 << i
            else:
                hi |= 1 << (i - 64)
        return lo, hi

    def expand_down(self, ids) -> set[int]:
        """`ids` plus the finer skills of the domains among them."""
        own = set(ids)
        return own | {
            j for j in range(len(self)) if self.parent[j] >= 0 and int(self.parent[j]) in own
        }
