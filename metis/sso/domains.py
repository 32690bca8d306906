"""Which e-mail domains a company may claim for its single sign-on."""

import re

# Public webmail and internet-provider mailboxes: anybody can hold an address there, so no
# company may route them to its identity provider.
PUBLIC_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "outlook.fr",
        "hotmail.com",
        "hotmail.fr",
        "live.com",
        "live.fr",
        "msn.com",
        "yahoo.com",
        "yahoo.fr",
        "ymail.com",
        "aol.com",
        "aol.fr",
        "icloud.com",
        "me.com",
        "mac.com",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "club-internet.fr",
        "bbox.fr",
        "laposte.net",
        "numericable.fr",
        "noos.fr",
        "aliceadsl.fr",
        "cegetel.net",
        "gmx.fr",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "proton.me",
        "protonmail.com",
        "protonmail.ch",
        "pm.me",
        "tutanota.com",
        "tuta.io",
        "mail.com",
        "yandex.com",
        "yandex.ru",
        "mail.ru",
        "zoho.com",
        "fastmail.com",
        "hey.com",
        "qq.com",
        "163.com",
    }
)
DOMAIN_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def normalise(domain: str) -> str:
    return domain.strip().lower().lstrip("@").rstrip(".")


def parse_domains(text: str) -> list[str]:
    """One domain per line, or separated by commas, semicolons or spaces; duplicates dropped."""
    seen = []
    for part in re.split(r"[\s,;]+", text or ""):
        domain = normalise(part)
        if domain and domain not in seen:
            seen.append(domain)
    return seen


def domain_of(email: str) -> str:
    return normalise(email.rpartition("@")[2]) if "@" in (email or "") else ""
