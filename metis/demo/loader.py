"""The whole demo, in order: organisations and people, the pilot programme, then the mission
cycle (needs, participations, hours), the outcome forms of the completed missions, a call for
applications widening the panel, the documents of the replayed year, the civic days (every
employee credited, days booked, answered, given), and the local ecosystem (partners, charters
voted by the council and signed, project holders) and its events."""

from django.contrib.auth.hashers import make_password

from metis.accounts.enums import Role
from metis.calls.demo import load_calls_demo
from metis.civic.demo import load_civic_demo
from metis.documents.demo import load_documents_demo
from metis.ecosystem.demo import load_ecosystem_demo
from metis.events.demo import load_events_demo
from metis.outcomes.demo import load_outcomes_demo
from metis.programmes.demo import load_demo_programme

from .cycle import load_needs_demo
from .territory import DEMO_DOMAIN, DEMO_PASSWORD, _siren, load_demo


def load_everything() -> dict:
    base = load_demo()
    base["programme"] = load_demo_programme(
        territory=base["territory"],
        companies=base["companies"],
        associations=base["associations"],
        by=base["users"][Role.TERRITORY_OFFICER],
    )
    load_needs_demo(base)
    # The outcome forms of the completed missions, this year's and the past year's.
    load_outcomes_demo(programmes=base["territory"].programmes.all())
    # A call widening the pilot panel: applications, scores, selection, subsidies proposed.
    base["call"] = load_calls_demo(
        programme=base["programme"],
        officer=base["users"][Role.TERRITORY_OFFICER],
        password=make_password(DEMO_PASSWORD),
        domain=DEMO_DOMAIN,
    )
    load_documents_demo(base)
    load_civic_demo(base, password=DEMO_PASSWORD, siren=_siren(900))
    base["ecosystem"] = load_ecosystem_demo(base, password=DEMO_PASSWORD)
    base["events"] = load_events_demo(base)
    return base
