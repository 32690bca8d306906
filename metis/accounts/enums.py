from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR_STAFF = "operator_staff", _("Operator staff")
    TERRITORY_OFFICER = "territory_officer", _("Territory officer")
    COMPANY_REFERENT = "company_referent", _("Company referent")
    EMPLOYEE = "employee", _("Employee volunteer")
    ASSOCIATION_MANAGER = "association_manager", _("Association manager")
    # The mayor or an elected member with delegation: signs charters on the commune's behalf
    # (docs/ecosystem.md).
    ELECTED_MEMBER = "elected_member", _("Mayor or elected member with delegation")
    PARTNER_STAFF = "partner_staff", _("Partner staff")


# Which organisation field a membership of each role points to.
ROLE_ORGANISATION_FIELD = {
    Role.OPERATOR_STAFF: "operator",
    Role.TERRITORY_OFFICER: "territory",
    Role.COMPANY_REFERENT: "company",
    Role.EMPLOYEE: "company",
    Role.ASSOCIATION_MANAGER: "association",
    Role.ELECTED_MEMBER: "territory",
    Role.PARTNER_STAFF: "partner",
}
ORGANISATION_FIELDS = ("operator", "territory", "company", "association", "partner")


class Format(models.TextChoices):
    REMOTE = "remote", _("Remote")
    ON_SITE = "on_site", _("On site")


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")
    SATURDAY = "sat", _("Saturday")
    SUNDAY = "sun", _("Sunday")
