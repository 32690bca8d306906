"""A catalogue search an employee keeps (a model of metis.needs, imported by its models)."""

from django.conf import settings
from django.db import models
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from metis.core.models import TimeStampedModel


class SavedSearch(TimeStampedModel):
    """A catalogue search an employee keeps, replayed on the catalogue and in the daily digest
    (the needs published since `digested_at`)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=100)
    # The catalogue form's query parameters (metis.needs.forms.CatalogueForm.saved).
    criteria = models.JSONField(_("criteria"), default=dict, blank=True)
    digested_at = models.DateTimeField(_("last digest"))

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_search_name_per_owner")
        ]

    def __str__(self):
        return self.name

    @property
    def query_string(self) -> str:
        return urlencode(self.criteria)
