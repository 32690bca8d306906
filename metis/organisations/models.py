from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from metis.core.models import TimeStampedModel

from .enums import (
    EligibilityEvidence,
    FieldOfAction,
    LegalForm,
    OrganisationStatus,
    PartnerKind,
    SignatoryQuality,
    TaxReturnForm,
)
from .identifiers import validate_rna, validate_siren, validate_siret

WORKS_COUNCIL_DATE_IN_FUTURE = _("The works council cannot have been consulted in the future.")


class Departement(models.Model):
    code = models.CharField(max_length=3, primary_key=True)
    name = models.CharField(max_length=100)

    def __str__(self):
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    """An intercommunality (établissement public de coopération intercommunale)."""

    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)

    class Meta:
        verbose_name = _("intercommunality")
        verbose_name_plural = _("intercommunalities")

    def __str__(self):
        return self.name


class CommuneQuerySet(models.QuerySet):
    def search(self, text):
        # No commune name is longer than 50 characters.
        text = (text or "").strip()[:60]
        if not text:
            return self.none()
        if text.isdigit():
            return self.filter(Q(insee_code__startswith=text) | Q(postcodes__contains=text))
        return self.filter(name__icontains=text).order_by("-population")


class Commune(models.Model):
    """A French commune (shipped data, from @etalab/decoupage-administratif)."""

    insee_code = models.CharField(_("INSEE code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    postcodes = models.CharField(_("postcodes"), max_length=200, blank=True)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    epci = models.ForeignKey(
        Epci, null=True, blank=True, on_delete=models.PROTECT, related_name="communes"
    )
    population = models.PositiveIntegerField(_("population"), default=0)
    # The commune's centre (WGS 84), shipped for the communes GeoNames knows (data/README.md).
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.departement_id})"

    @property
    def label(self):
        first_postcode = self.postcodes.split(" ")[0] if self.postcodes else self.departement_id
        return f"{self.name} ({first_postcode})"


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=OrganisationStatus.ACTIVE)

    def pending(self):
        return self.filter(status=OrganisationStatus.PENDING)


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.PENDING,
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_active(self):
        return self.status == OrganisationStatus.ACTIVE

    @property
    def accepts_invitations(self):
        """Active, or named by an employee and not joined yet (its HR contact is invited)."""
        return self.status in (OrganisationStatus.ACTIVE, OrganisationStatus.NOT_JOINED)


class Operator(Organisation):
    """The body that deploys METIS programmes in many territories."""

    membership_field = "operator"
    history = HistoricalRecords()

    class Meta(Organisation.Meta):
        verbose_name = _("operator")
        verbose_name_plural = _("operators")


def territory_slug(commune):
    slug = slugify(commune.name)
    if Territory.objects.filter(slug=slug).exclude(commune=commune).exists():
        slug = f"{slug}-{commune.insee_code}"
    return slug


class Territory(Organisation):
    """A commune running a METIS programme, with its intercommunality."""

    membership_field = "territory"
    commune = models.OneToOneField(
        Commune, on_delete=models.PROTECT, related_name="territory", verbose_name=_("commune")
    )
    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="territories", verbose_name=_("operator")
    )
    # The territory's name in public addresses (/territoires/<slug>/): its commune's name, with
    # the INSEE code when another territory's commune has the same name.
    slug = models.SlugField(_("slug"), max_length=120, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta(Organisation.Meta):
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = territory_slug(self.commune)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisations:territory_detail", args=[self.pk])

    @property
    def epci(self):
        return self.commune.epci


class Company(Organisation):
    membership_field = "company"
    siren = models.CharField(_("SIREN"), max_length=9, unique=True, validators=[validate_siren])
    legal_form = models.CharField(_("legal form"), max_length=10, choices=LegalForm.choices)
    address = models.CharField(_("address"), max_length=300)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="companies", verbose_name=_("commune")
    )
    headcount = models.PositiveIntegerField(_("headcount"), default=0)
    fiscal_year_end = models.DateField(
        _("end of the current fiscal year"),
        help_text=_("The closing date of the current fiscal year, e.g. 31/12/2026."),
    )
    agrees_to_be_named = models.BooleanField(
        _("agrees to be named on public impact pages"), default=False
    )
    # Code du travail L8241-2: a works council (CSE) is consulted before loans of staff are
    # set up; the date is printed on the loan agreements.
    has_works_council = models.BooleanField(_("has a works council (CSE)"), default=False)
    works_council_consulted_on = models.DateField(
        _("works council consulted on loans of staff on"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta(Organisation.Meta):
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.CheckConstraint(
                name="works_council_consulted_only_with_one",
                condition=Q(works_council_consulted_on__isnull=True) | Q(has_works_council=True),
            )
        ]

    def get_absolute_url(self):
        return reverse("organisations:company_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if not self.has_works_council:
            self.works_council_consulted_on = None
        elif (self.works_council_consulted_on or timezone.localdate()) > timezone.localdate():
            raise ValidationError({"works_council_consulted_on": WORKS_COUNCIL_DATE_IN_FUTURE})


class CompanyFiscalYear(TimeStampedModel):
    """Figures of one closed or current fiscal year that the 238 bis computation needs."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="fiscal_years")
    end_date = models.DateField(_("fiscal year end"))
    turnover_excl_tax = models.DecimalField(
        _("turnover excl. tax (€)"), max_digits=14, decimal_places=2
    )
    corporate_tax_due = models.DecimalField(
        _("corporate tax due (€)"), max_digits=14, decimal_places=2
    )
    other_donations = models.DecimalField(
        _("other donations outside METIS (€)"), max_digits=14, decimal_places=2, default=0
    )
    other_coluche_donations = models.DecimalField(
        _("other donations to 'loi Coluche' bodies outside METIS (€)"),
        max_digits=14,
        decimal_places=2,
        default=0,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        ordering = ["company", "end_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "end_date"], name="one_fiscal_year_per_end_date"
            ),
            models.CheckConstraint(
                name="fiscal_year_amounts_non_negative",
                condition=Q(
                    turnover_excl_tax__gte=0,
                    corporate_tax_due__gte=0,
                    other_donations__gte=0,
                    other_coluche_donations__gte=0,
                ),
            ),
        ]

    def __str__(self):
        return f"{self.company} — {self.end_date:%d/%m/%Y}"


class Association(Organisation):
    membership_field = "association"
    rna = models.CharField(
        _("RNA number"),
        max_length=10,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_rna],
    )
    siren = models.CharField(
        _("SIREN"), max_length=9, null=True, blank=True, unique=True, validators=[validate_siren]
    )
    siret = models.CharField(
        _("SIRET"), max_length=14, null=True, blank=True, validators=[validate_siret]
    )
    court_register_number = models.CharField(
        _("court register number (Alsace-Moselle)"),
        max_length=50,
        null=True,
        blank=True,
    )
    address = models.CharField(_("address"), max_length=300)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, related_name="associations", verbose_name=_("commune")
    )
    statutory_object = models.TextField(_("statutory object"))
    field_of_action = models.CharField(
        _("field of action"), max_length=32, choices=FieldOfAction.choices
    )
    legal_representative = models.CharField(_("legal representative"), max_length=200)
    legal_representative_title = models.CharField(
        _("legal representative's title"), max_length=100, default="Président(e)"
    )
    declared_on = models.DateField(_("date declared"), null=True, blank=True)
    is_general_interest = models.BooleanField(_("of general interest"), default=False)
    may_issue_tax_receipts = models.BooleanField(_("may issue tax receipts"), default=False)
    eligibility_evidence = models.CharField(
        _("evidence of eligibility"),
        max_length=16,
        choices=EligibilityEvidence.choices,
        blank=True,
    )
    eligibility_reference = models.CharField(
        _("reference of the evidence (e.g. rescrit date and number)"),
        max_length=200,
        blank=True,
    )
    is_coluche_body = models.BooleanField(
        _("'loi Coluche' body (free meals, housing, care for people in difficulty)"),
        default=False,
    )
    fiscal_year_end_month = models.PositiveSmallIntegerField(
        _("month in which the fiscal year closes"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("The fiscal year closes on the last day of this month (12: 31 December)."),
    )
    tax_return_form = models.CharField(
        _("tax return filed"),
        max_length=8,
        choices=TaxReturnForm.choices,
        default=TaxReturnForm.NONE,
        help_text=_("Where the yearly figures of the receipts are declared (art. 222 bis CGI)."),
    )
    history = HistoricalRecords()

    class Meta(Organisation.Meta):
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        constraints = [
            models.CheckConstraint(
                name="association_has_an_identifier",
                condition=Q(rna__isnull=False)
                | Q(siren__isnull=False)
                | Q(court_register_number__isnull=False),
            ),
            models.CheckConstraint(
                name="receipts_need_general_interest",
                condition=Q(may_issue_tax_receipts=False) | Q(is_general_interest=True),
            ),
            models.CheckConstraint(
                name="association_fiscal_year_end_month_valid",
                condition=Q(fiscal_year_end_month__gte=1, fiscal_year_end_month__lte=12),
            ),
        ]

    def get_absolute_url(self):
        return reverse("organisations:association_detail", args=[self.pk])

    @property
    def identifiers(self):
        parts = []
        if self.rna:
            parts.append(f"RNA {self.rna}")
        if self.siren:
            parts.append(f"SIREN {self.siren}")
        if self.court_register_number:
            parts.append(str(_("Register")) + f" {self.court_register_number}")
        return " · ".join(parts)


class SignatoryQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_at__isnull=True)

    def for_association(self, association):
        return self.filter(association=association)


class AssociationSignatory(TimeStampedModel):
    """A person the association records as entitled to sign its tax receipts: its president,
    its treasurer or a person it authorised (docs/rules.md § 5). Only a current signatory who is
    also a manager on METIS can issue a receipt; the receipt prints that person's name and
    quality."""

    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="signatories"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="receipt_signatures",
        verbose_name=_("person"),
    )
    full_name = models.CharField(_("name printed on receipts"), max_length=200)
    quality = models.CharField(_("quality"), max_length=16, choices=SignatoryQuality.choices)
    authorisation = models.CharField(
        _("authorisation (decision, date)"),
        max_length=300,
        blank=True,
        help_text=_("For an authorised person: the decision that authorises them to sign."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = SignatoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("receipt signatory")
        ordering = ["association", "quality", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "user"],
                condition=Q(ended_at__isnull=True),
                name="one_current_signatory_per_person",
            ),
            models.CheckConstraint(
                name="authorised_signatory_has_authorisation",
                condition=~Q(quality=SignatoryQuality.AUTHORISED) | ~Q(authorisation=""),
            ),
        ]

    def __str__(self):
        return f"{self.full_name} — {self.get_quality_display()}"


class Counterpart(TimeStampedModel):
    """A counterpart the association gave the company for its donations of one of the
    company's fiscal years (docs/rules.md § 4.6): it must stay in marked disproportion (the
    administration tolerates 25 % of the donation)."""

    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="counterparts")
    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="counterparts"
    )
    fiscal_year_end = models.DateField(_("company's fiscal year end"))
    description = models.CharField(_("description"), max_length=300)
    value = models.DecimalField(_("value (€)"), max_digits=12, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("counterpart")
        ordering = ["fiscal_year_end", "association", "pk"]
        constraints = [
            models.CheckConstraint(name="counterpart_value_non_negative", condition=Q(value__gte=0))
        ]

    def __str__(self):
        return f"{self.company} ← {self.association}: {self.description} ({self.value} €)"


class Partner(Organisation):
    """An actor of a territory's local ecosystem (crowdfunding platform, bank, third place,
    support network…): its staff keep its page and offers up to date; the commune signs a
    partnership charter with it (docs/ecosystem.md)."""

    membership_field = "partner"
    kind = models.CharField(_("kind"), max_length=32, choices=PartnerKind.choices)
    siren = models.CharField(
        _("SIREN"), max_length=9, null=True, blank=True, unique=True, validators=[validate_siren]
    )
    description = models.TextField(_("presentation"), max_length=2000, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    territories = models.ManyToManyField(
        Territory, related_name="partners", verbose_name=_("territories served")
    )
    history = HistoricalRecords()

    class Meta(Organisation.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def get_absolute_url(self):
        return reverse("ecosystem:partner_detail", args=[self.pk])
