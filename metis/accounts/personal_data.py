"""What each app keeps about a person, for the export (RGPD art. 15 and 20) and the erasure
(art. 17) in accounts.services.

Apps above accounts register, in their AppConfig.ready(), an exporter (user → dict of extra keys
for the JSON export) and an eraser called inside `user_erase`'s transaction with the person's
former identity (the names and e-mail to remove from free text), after the user row has been
pseudonymised. Retention periods: docs/privacy.md."""

from dataclasses import dataclass

ERASED_NAME = "Personne effacée"
ERASED_TEXT = "[contenu effacé à la demande de la personne]"

EXPORTERS = []
ERASERS = []
PURGERS = []

# Retention periods (docs/privacy.md), applied by `manage.py purge_personal_data` (daily).
ACCESS_LOG_DAYS = 180  # log-in attempts and access logs (security)
INVITATION_DAYS = 365  # invitations, counted from their expiry
READ_NOTICE_DAYS = 365  # notices already read
HISTORY_YEARS = 10  # history rows (who changed what), like the documents they explain


@dataclass(frozen=True)
class FormerIdentity:
    """How the person was written before erasure: every form to replace in free text."""

    full_name: str
    email: str

    @property
    def forms(self) -> list[str]:
        return [form for form in (self.full_name, self.email) if form]


def register_personal_data(*, export=None, erase=None, purge=None):
    """`purge(now) -> {label: rows deleted}` deletes what is past its retention period."""
    for function, registry in ((export, EXPORTERS), (erase, ERASERS), (purge, PURGERS)):
        if function is not None and function not in registry:
            registry.append(function)


def iso(value):
    return value.isoformat() if value is not None else None


def text(value):
    return str(value) if value is not None else None
