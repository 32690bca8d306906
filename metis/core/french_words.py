"""Amounts in French words, for the amount "en toutes lettres" of a tax receipt
(cerfa 16216, docs/rules.md § 5).

Traditional spelling (the one of cheques and receipts): hyphens inside numbers below 100, "et"
in 21, 31, 41, 51, 61 and 71, "quatre-vingts" and "deux cents" plural only at the end of a
number or before "million(s)"/"milliard(s)" (which are nouns) — never before "mille",
which is invariable; "un million d'euros" (a noun is followed by "de").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_UNITS = [
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
]
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}
_MAX = 10**12


def _below_100(n: int, *, final: bool) -> str:
    if n < 17:
        return _UNITS[n]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix…, quatre-vingt-dix…
        base = "soixante" if tens == 7 else "quatre-vingt"
        if tens == 7 and unit == 1:
            return "soixante et onze"
        return f"{base}-{_below_100(10 + unit, final=final)}"
    if tens == 8:
        if unit == 0:
            return "quatre-vingts" if final else "quatre-vingt"
        return "quatre-vingt-" + _UNITS[unit]
    if unit == 0:
        return _TENS[tens]
    if unit == 1:
        return f"{_TENS[tens]} et un"
    return f"{_TENS[tens]}-{_UNITS[unit]}"


def _below_1000(n: int, *, final: bool) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_100(rest, final=final)
    head = "cent" if hundreds == 1 else f"{_UNITS[hundreds]} cent"
    if rest == 0:
        return head + ("s" if hundreds > 1 and final else "")
    return f"{head} {_below_100(rest, final=final)}"


def integer_in_words(n: int) -> str:
    """A non-negative integer below 10¹² in French words."""
    if not 0 <= n < _MAX:
        raise ValueError(f"{n} is out of range")
    if n == 0:
        return "zéro"
    words = []
    billions, rest = divmod(n, 10**9)
    millions, rest = divmod(rest, 10**6)
    thousands, rest = divmod(rest, 1000)
    for count, noun in ((billions, "milliard"), (millions, "million")):
        if count:
            words.append(f"{_below_1000(count, final=True)} {noun}{'s' if count > 1 else ''}")
    if thousands:
        words.append("mille" if thousands == 1 else f"{_below_1000(thousands, final=False)} mille")
    if rest:
        words.append(_below_1000(rest, final=True))
    return " ".join(words)


def euros_in_words(amount: Decimal) -> str:
    """``Decimal("7392.63")`` → "sept mille trois cent quatre-vingt-douze euros et
    soixante-trois centimes" (rounded to the cent, half up)."""
    cents_total = int(Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
    if cents_total < 0:
        raise ValueError("A negative amount has no words on a receipt.")
    euros, cents = divmod(cents_total, 100)
    if euros >= 10**6 and euros % 10**6 == 0:
        unit = "d’euros"
    else:
        unit = "euros" if euros >= 2 else "euro"
    text = f"{integer_in_words(euros)} {unit}"
    if cents:
        cents_text = f"{integer_in_words(cents)} centime{'s' if cents > 1 else ''}"
        text = cents_text if euros == 0 else f"{text} et {cents_text}"
    return text
