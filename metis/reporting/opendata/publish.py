"""Publishing the datasets: one file per dataset, scope (national or a territory), format and
day, in the default storage (`opendata/<day>/<scope>/<dataset>.<csv|json>`). A day's files are
written once — the national ones by the workers' daily run, a territory's at its first download
of the day — and served as they are until the next day; the last KEEP_DAYS days are kept."""

import csv
import datetime
import io
import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from .datasets import DATASETS, Dataset

log = logging.getLogger(__name__)

ROOT = "opendata"
FORMATS = ("csv", "json")
NATIONAL = "national"
KEEP_DAYS = 7
LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def scope_of(territory) -> str:
    return NATIONAL if territory is None else f"territoires/{territory.slug}"


def file_name(dataset: Dataset, territory, fmt: str, day: datetime.date) -> str:
    return f"{ROOT}/{day.isoformat()}/{scope_of(territory)}/{dataset.slug}.{fmt}"


def schema_url(dataset: Dataset) -> str:
    return settings.SITE_URL + reverse("reporting:open_data_schema", args=[dataset.slug])


def table_schema(dataset: Dataset) -> dict:
    """The dataset's Table Schema (specs.frictionlessdata.io/table-schema), French titles."""
    return {
        "name": dataset.slug,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "licenses": [LICENCE],
        "fields": [
            {
                "name": field.name,
                "type": field.type,
                "title": str(field.title),
                "description": str(field.description),
                "example": field.example,
                **({"decimalChar": "."} if field.type == "number" else {}),
            }
            for field in dataset.fields
        ],
        "primaryKey": list(dataset.primary_key),
    }


def _csv(dataset: Dataset, rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[f.name for f in dataset.fields], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _json(dataset: Dataset, territory, day, rows: list[dict]) -> bytes:
    document = {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "territory": None if territory is None else territory.commune_id,
        "published_on": day.isoformat(),
        "licence": LICENCE,
        "schema": schema_url(dataset),
        "rows": rows,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def dataset_build(*, dataset: Dataset, territory, day: datetime.date) -> None:
    """Write the day's CSV and JSON of one dataset and scope (the same rows in both)."""
    rows = list(dataset.rows(territory))
    for fmt, content in (
        ("csv", _csv(dataset, rows)),
        ("json", _json(dataset, territory, day, rows)),
    ):
        name = file_name(dataset, territory, fmt, day)
        if default_storage.exists(name):  # written meanwhile by another request: keep it
            continue
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:  # a concurrent writer won the name: drop our copy
            default_storage.delete(saved)


def dataset_file(*, dataset: Dataset, territory, fmt: str) -> tuple[str, datetime.date]:
    """The name of today's file, written first if it is not yet."""
    day = timezone.localdate()
    name = file_name(dataset, territory, fmt, day)
    if not default_storage.exists(name):
        with transaction.atomic():  # one consistent snapshot for both formats on PostgreSQL
            dataset_build(dataset=dataset, territory=territory, day=day)
    return name, day


def open_data_publish(*, day: datetime.date | None = None) -> int:
    """The day's national files (every dataset), and the files of days past KEEP_DAYS
    deleted. Returns how many datasets were written."""
    day = day or timezone.localdate()
    written = 0
    for dataset in DATASETS.values():
        if not default_storage.exists(file_name(dataset, None, "json", day)):
            with transaction.atomic():
                dataset_build(dataset=dataset, territory=None, day=day)
            written += 1
    _purge(day)
    return written


def _purge(day: datetime.date) -> None:
    if not default_storage.exists(ROOT):
        return
    days, _files = default_storage.listdir(ROOT)
    oldest = (day - datetime.timedelta(days=KEEP_DAYS - 1)).isoformat()
    for folder in days:
        if folder < oldest:
            _delete_tree(f"{ROOT}/{folder}")


def _delete_tree(path: str) -> None:
    folders, files = default_storage.listdir(path)
    for name in files:
        default_storage.delete(f"{path}/{name}")
    for folder in folders:
        _delete_tree(f"{path}/{folder}")
    default_storage.delete(path)


@task(queue_name="documents")
def open_data_publish_task() -> int:
    return open_data_publish()


def open_data_daily() -> None:
    """Housekeeping (every worker, every beat): enqueue the day's publication once."""
    day = timezone.localdate()
    if cache.add(f"opendata-published-{day.isoformat()}", True, timeout=24 * 3600):
        transaction.on_commit(open_data_publish_task.enqueue)
