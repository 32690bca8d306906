"""The whole demo, in order: organisations and people, the pilot programme, then the mission
cycle (needs, participations, hours), the documents of the replayed year and this year's civic
days (every employee credited)."""

from django.utils import timezone

from metis.accounts.enums import Role
from metis.civic.services import civic_year_open
from metis.documents.demo import load_documents_demo
from metis.programmes.demo import load_demo_programme

from .cycle import load_needs_demo
from .territory import load_demo


def load_everything() -> dict:
    base = load_demo()
    base["programme"] = load_demo_programme(
        territory=base["territory"],
        companies=base["companies"],
        associations=base["associations"],
        by=base["users"][Role.TERRITORY_OFFICER],
    )
    load_needs_demo(base)
    load_documents_demo(base)
    civic_year_open(year=timezone.localdate().year)
    return base
