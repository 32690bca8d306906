"""History rows (django-simple-history) read by people: the change reasons the services record
as short English codes ("opened", "accepted by 12") shown as French labels."""

import re

from django.utils.translation import gettext_lazy as _

REASONS = {
    "created": _("created"),
    "updated": _("updated"),
    "published": _("published"),
    "opened": _("opened"),
    "proposed": _("proposed"),
    "voted": _("voted"),
    "signed": _("signed"),
    "closed": _("closed"),
    "programme closed": _("programme closed"),
    "completed": _("completed"),
    "cancelled": _("cancelled"),
    "moderated": _("withdrawn by moderation"),
    "accepted": _("accepted"),
    "approved": _("approved by the employer"),
    "activated": _("activated"),
    "ended": _("ended"),
    "refused": _("refused"),
    "withdrawn": _("withdrawn"),
    "extra hours": _("extra hours approved"),
    "invited again from programme": _("invited again from the previous programme"),
}
# "accepted by 12", "extra hours 7": the code, then an id the reader does not need.
TRAILING_ID = re.compile(r"(?: by)? \d+$")


def reason_label(code: str) -> str:
    if not code:
        return ""
    label = REASONS.get(TRAILING_ID.sub("", code.strip()))
    return str(label) if label is not None else ""
