"""Funders, their grants, the reporting each grant asks for, income, and outcomes with targets.

Grants follow 360Giving's terms (identifier, title, amount, currency, award date,
planned dates, grant programme, funding organisation) and keep restricted,
unrestricted and endowment funds apart, as the Charities SORP requires. A funding
organisation is an `Organisation` in people. What a grant is for (a course, a
campaign…) is named through impact's report-content registry: the section's key and
the record's id, never a foreign key into another area.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from chorus.people.models import Organisation


class Fund(models.TextChoices):
    RESTRICTED = "restricted", "Restricted"
    UNRESTRICTED = "unrestricted", "Unrestricted"
    ENDOWMENT = "endowment", "Endowment"


class Source(models.TextChoices):
    GRANT = "grant", "Grants"
    DONATION = "donation", "Donations"
    EARNED = "earned", "Earned income"


class Grant(models.Model):
    identifier = models.CharField(
        max_length=120, unique=True, help_text="360Giving identifier, e.g. 360G-trust-2022-014."
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    funder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name="funding organisation",
    )
    programme = models.CharField("grant programme", max_length=200, blank=True)
    amount = models.DecimalField("amount awarded", max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="GBP")
    award_date = models.DateField()
    planned_start = models.DateField("planned start")
    planned_end = models.DateField("planned end")
    fund = models.CharField(max_length=16, choices=Fund.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-award_date", "identifier"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="funders_grant_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")),
                name="funders_grant_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.identifier})"

    def clean(self) -> None:
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": "The grant must end after it starts."})
        if self.currency and not (len(self.currency) == 3 and self.currency.isalpha()):
            raise ValidationError({"currency": "Give the ISO 4217 code, e.g. GBP."})
        self.currency = (self.currency or "").upper()


class GrantPurpose(models.Model):
    """What a grant pays for: a record another area offers the report (course, campaign…)."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="purposes")
    content_key = models.CharField(max_length=80)  # the report-content section's key
    record_id = models.PositiveIntegerField()
    title = models.CharField(max_length=300)  # as the section named it when linked
    detail = models.CharField(max_length=300, blank=True)
    amount = models.DecimalField(
        "amount of the grant spent on it",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        ordering: ClassVar = ["content_key", "title"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["grant", "content_key", "record_id"], name="funders_purpose_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Duty(models.Model):
    """A milestone or a report a grant asks for, and how it went."""

    class Kind(models.TextChoices):
        REPORT = "report", "Report"
        MILESTONE = "milestone", "Milestone"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="duties")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.REPORT)
    title = models.CharField(max_length=200)
    due_on = models.DateField("due")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    submitted_on = models.DateField("submitted", null=True, blank=True)
    learning_note = models.TextField(
        "the funder's learning conversation",
        blank=True,
        help_text="What the funder asked, said or learnt when you talked it through.",
    )

    class Meta:
        ordering: ClassVar = ["due_on", "pk"]
        verbose_name_plural = "duties"

    def __str__(self) -> str:
        return f"{self.title}, due {self.due_on:%-d %B %Y}"

    @property
    def submitted(self) -> bool:
        return self.submitted_on is not None


class IncomeEntry(models.Model):
    """Money received, by fund and source. A grant's instalments name the grant."""

    received_on = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.CharField(max_length=16, choices=Source.choices)
    fund = models.CharField(max_length=16, choices=Fund.choices)
    grant = models.ForeignKey(
        Grant, null=True, blank=True, on_delete=models.PROTECT, related_name="income"
    )
    description = models.CharField(max_length=300, blank=True)
    # The record another area recorded it from ("training.session:42"), once each.
    reference = models.CharField(max_length=120, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-received_on", "-pk"]
        verbose_name_plural = "income entries"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="funders_income_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"£{self.amount:,} {self.get_source_display().lower()} on {self.received_on}"

    def clean(self) -> None:
        if self.source == Source.GRANT and self.grant_id is None:
            raise ValidationError({"grant": "Name the grant this instalment is of."})
        if self.grant_id is not None and self.source != Source.GRANT:
            raise ValidationError({"grant": "Only grant income names a grant."})
        if self.grant is not None and self.fund != self.grant.fund:
            raise ValidationError({"fund": "A grant's income goes to the grant's own fund."})


# --- Outcomes and targets -------------------------------------------------------------------


class Strategy(models.Model):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering: ClassVar = ["-starts_on", "title"]
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.title


class Outcome(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="outcomes")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["strategy", "pk"]

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    """An outcome measured by a registered indicator, from a baseline."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="measures")
    indicator_code = models.CharField(max_length=80)
    baseline = models.DecimalField(max_digits=14, decimal_places=2)
    baseline_label = models.CharField(
        "baseline period", max_length=60, help_text="e.g. 2021/22", blank=True
    )

    class Meta:
        ordering: ClassVar = ["outcome", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["outcome", "indicator_code"], name="funders_measure_once"
            )
        ]

    def __str__(self) -> str:
        return self.indicator_code


class Target(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="targets")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField("target", max_digits=14, decimal_places=2)

    class Meta:
        ordering: ClassVar = ["measure", "period_start"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["measure", "period_start", "period_end"], name="funders_target_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.value} from {self.period_start} to {self.period_end}"


class EnteredValue(models.Model):
    """A value entered by hand for a period, with who, from where and why."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="entered_values")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2)
    source = models.CharField(max_length=300, help_text="Where the figure comes from.")
    note = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["measure", "period_start", "-entered_at"]

    def __str__(self) -> str:
        return f"{self.value} from {self.period_start} to {self.period_end}, entered by hand"
