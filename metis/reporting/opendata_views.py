"""Open data pages (docs/open-data.md): the list of datasets with their schema, and the files,
national or for one territory, public and cacheable."""

import hashlib
import re

from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from metis.core.replica import reads_from_replica
from metis.organisations.enums import OrganisationStatus
from metis.organisations.models import Territory

from .opendata.datasets import DATASETS
from .opendata.publish import CONTENT_TYPES, FORMATS, LICENCE, dataset_file, table_schema

MAX_AGE = 3600
SLUG = re.compile(r"[-a-z0-9]{1,120}")


def _dataset(slug):
    if slug not in DATASETS:
        raise Http404
    return DATASETS[slug]


def _territories():
    return (
        Territory.objects.filter(status=OrganisationStatus.ACTIVE)
        .select_related("commune")
        .order_by("commune__name")
    )


@login_not_required
@require_safe
def index(request):
    chosen = None
    slug = request.GET.get("territoire", "")
    if slug and not SLUG.fullmatch(slug):
        raise Http404
    if slug:
        chosen = get_object_or_404(_territories(), slug=slug)
    datasets = [
        {"dataset": dataset, "schema": table_schema(dataset)} for dataset in DATASETS.values()
    ]
    return render(
        request,
        "reporting/open_data.html",
        {
            "datasets": datasets,
            "territories": _territories(),
            "chosen": chosen,
            "licence": LICENCE,
        },
    )


@login_not_required
@require_safe
@reads_from_replica
def download(request, dataset, fmt, slug=None):
    if fmt not in FORMATS:
        raise Http404
    territory = get_object_or_404(_territories(), slug=slug) if slug else None
    name, day = dataset_file(dataset=_dataset(dataset), territory=territory, fmt=fmt)
    etag = '"' + hashlib.sha256(name.encode()).hexdigest()[:32] + '"'  # the name holds the day
    if etag in request.headers.get("If-None-Match", ""):
        response = FileResponse(status=304)
    else:
        scope = "national" if territory is None else territory.slug
        response = FileResponse(
            default_storage.open(name, "rb"),
            content_type=CONTENT_TYPES[fmt],
            as_attachment=fmt == "csv",
            filename=f"metis-{dataset}-{scope}-{day.isoformat()}.{fmt}",
        )
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


@login_not_required
@require_safe
def schema(request, dataset):
    response = JsonResponse(
        table_schema(_dataset(dataset)), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response
