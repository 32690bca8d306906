"""French, forgiving full-text search over needs, identical on SQLite and PostgreSQL.

One normalisation for the stored text and the query: lower case, accents removed, words split
on anything that is not a letter or digit, French Snowball stems (PyStemmer). The stored
`Need.search_text` is " stem stem …" (a leading space before each stem), so a query word
matches with `search_text__contains=" <stem>"` — the start of a stored word — and every word of
the query must match (AND). On PostgreSQL a GIN trigram index (pg_trgm) serves these
`LIKE '% stem%'` lookups (migration 0002); SQLite scans, which is fine at its scale.
"""

import re
import unicodedata
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[a-z0-9]+")
# Very frequent French words that would match nearly everything.
STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "et",
        "la",
        "le",
        "les",
        "leur",
        "mais",
        "ou",
        "par",
        "pour",
        "sur",
        "un",
        "une",
        "d",
        "l",
        "qu",
        "que",
        "qui",
        "se",
        "sa",
        "son",
        "ses",
        "nos",
        "vos",
    ]
)


@lru_cache(maxsize=1)
def _stemmer():
    return Stemmer.Stemmer("french")


def unaccent(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Stems of the words of `text`, in order, stop words left out."""
    words = [w for w in _WORD.findall(unaccent(text or "").lower()) if w not in STOP_WORDS]
    return _stemmer().stemWords(words)


def normalise(*texts: str) -> str:
    """The stored form: each distinct stem once, each preceded by a space."""
    seen = dict.fromkeys(stem for text in texts for stem in tokens(text))
    return "".join(f" {stem}" for stem in seen)


def query_terms(query: str) -> list[str]:
    return list(dict.fromkeys(tokens(query)))


def need_search_text(need) -> str:
    skills = list(need.skills_required.all()) + list(need.skills_welcome.all())
    labels = []
    for skill in skills:
        labels += [skill.label_fr, skill.label_en, *(skill.synonyms or [])]
    return normalise(need.title, need.description, *labels)
