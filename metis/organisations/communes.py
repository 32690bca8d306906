"""French communes, intercommunalities and départements shipped with the platform.

Extracted from the npm package @etalab/decoupage-administratif 6.0.0 (MIT licence, see
data/LICENSE-decoupage-administratif): current communes only, with their postcodes, EPCI and
municipal population.
"""

import csv
import gzip
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name):
    path = DATA_DIR / name
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def load_communes(departement_model, epci_model, commune_model, batch_size=5000) -> int:
    """Insert every shipped commune (idempotent: existing rows are left as they are)."""
    departement_model.objects.bulk_create(
        [departement_model(code=r["code"], name=r["name"]) for r in _rows("departements.csv")],
        ignore_conflicts=True,
    )
    epci_model.objects.bulk_create(
        [epci_model(code=r["code"], name=r["name"], kind=r["kind"]) for r in _rows("epci.csv.gz")],
        ignore_conflicts=True,
    )
    communes = [
        commune_model(
            insee_code=r["insee_code"],
            name=r["name"],
            postcodes=r["postcodes"],
            departement_id=r["departement"],
            epci_id=r["epci"] or None,
            population=int(r["population"] or 0),
        )
        for r in _rows("communes.csv.gz")
    ]
    commune_model.objects.bulk_create(communes, batch_size=batch_size, ignore_conflicts=True)
    return len(communes)
