"""French text normalisation: accents stripped, lower case, stemmed tokens."""

import re
import unicodedata
from functools import lru_cache

import Stemmer

_TOKEN = re.compile(r"[a-z0-9]+")
_STEMMER = Stemmer.Stemmer("french")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def stems(text: str) -> list[str]:
    """Tokens of `text`, accent-free, lower case and stemmed; one-letter tokens
    (the "d" of "d'équipe", the "l" of "l'association") are dropped."""
    words = _TOKEN.findall(strip_accents(text.lower()))
    return [_stem(w) for w in words if len(w) > 1]
