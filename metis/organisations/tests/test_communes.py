"""Loading the shipped communes' centres (migrations and the transactional tests' reference
data)."""

from decimal import Decimal

from metis.organisations.communes import load_commune_centres
from metis.organisations.models import Commune


def test_the_centres_are_written_back_and_nothing_else_changes(db):
    sceaux = Commune.objects.get(pk="92071")
    shipped = (sceaux.latitude, sceaux.longitude)
    Commune.objects.filter(pk="92071").update(latitude=None, longitude=None, population=1)
    Commune.objects.filter(pk="69123").update(latitude=Decimal("1.00000"))

    assert load_commune_centres(Commune) > 30_000

    sceaux.refresh_from_db()
    assert (sceaux.latitude, sceaux.longitude) == shipped
    assert sceaux.population == 1 and sceaux.name == "Sceaux"
    assert Commune.objects.get(pk="69123").latitude != Decimal("1.00000")
    assert Commune.objects.filter(latitude__isnull=False).count() > 30_000
