"""Dates known to a precision: a year, a month or a day."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from foundation.fastpaths import formatted_date

from .constraints import FieldCheck


class Precision(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")


def normalise(value, precision):
    """Store a year as 1 January and a month as its first day, so dates compare and sort."""
    if value is None or not precision:
        return value
    if precision == Precision.YEAR:
        return datetime.date(value.year, 1, 1)
    if precision == Precision.MONTH:
        return datetime.date(value.year, value.month, 1)
    return value


def period_end(value, precision):
    """The last day a date of this precision covers: a year-only date spans its whole year."""
    if value is None:
        return None
    if precision == Precision.YEAR:
        return datetime.date(value.year, 12, 31)
    if precision == Precision.MONTH:
        next_month = datetime.date(value.year + value.month // 12, value.month % 12 + 1, 1)
        return next_month - datetime.timedelta(days=1)
    return value


def format_precise_date(value, precision):
    """'2016', 'September 2022' or '12 September 2022', in the active language."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    return formatted_date(value, "F Y" if precision == Precision.MONTH else "j F Y")


# A date in a sentence takes the preposition its precision calls for: "en 2022", "en mars
# 2025", but "le 4 mars 2025" and, for a figure's date of reference, "au 4 mars 2025".
_PHRASES = {
    "when": {
        Precision.YEAR: pgettext_lazy("a date known to the year", "in %(date)s"),
        Precision.MONTH: pgettext_lazy("a date known to the month", "in %(date)s"),
        Precision.DAY: pgettext_lazy("a date known to the day", "on %(date)s"),
    },
    "as of": {
        Precision.YEAR: pgettext_lazy("a reference date known to the year", "as of %(date)s"),
        Precision.MONTH: pgettext_lazy("a reference date known to the month", "as of %(date)s"),
        Precision.DAY: pgettext_lazy("a reference date known to the day", "as of %(date)s"),
    },
}


def date_phrase(value, precision, kind="when"):
    """The date in a sentence, at its precision: 'in 2022', 'on 4 March 2025', 'en mars 2025',
    'le 4 mars 2025'; kind "as of" for a figure's reference date ('au 4 mars 2025')."""
    if value is None:
        return ""
    phrase = _PHRASES[kind].get(precision, _PHRASES[kind][Precision.DAY])
    return phrase % {"date": format_precise_date(value, precision)}


def iso_precise_date(value, precision):
    """ISO 8601 at the precision known: '2016', '2022-09' or '2022-09-12' (Popolo, schema.org)."""
    if value is None:
        return None
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def precision_field(verbose_name):
    return models.CharField(
        verbose_name,
        max_length=5,
        choices=Precision.choices,
        blank=True,
        help_text=_("How much of the date the source gives: only a year, a month, or a day."),
    )


def precise_date_fields(verbose_name, precision_verbose_name, **date_options):
    """A date and its precision, declared together: `date, date_precision = ...`."""
    date = models.DateField(verbose_name, null=True, blank=True, **date_options)
    return date, precision_field(precision_verbose_name)


def precise_date_constraints(field):
    """A date and its precision come together, each error on the field that is missing."""
    precision = f"{field}_precision"
    return [
        FieldCheck(
            condition=Q(**{f"{field}__isnull": True}) | ~Q(**{precision: ""}),
            name=f"%(app_label)s_%(class)s_{field}_has_precision",
            field=precision,
            violation_error_message=_("Say whether the date is a year, a month or a day."),
        ),
        FieldCheck(
            condition=Q(**{f"{field}__isnull": False}) | Q(**{precision: ""}),
            name=f"%(app_label)s_%(class)s_{field}_precision_has_date",
            field=field,
            violation_error_message=_("A precision was given without a date: add the date."),
        ),
    ]


def date_order_constraint(start, end, message):
    """Start on or before end, when both are known (dates are stored normalised)."""
    return FieldCheck(
        condition=Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__isnull": True})
        | Q(**{f"{start}__lte": models.F(end)}),
        name=f"%(app_label)s_%(class)s_{start}_before_{end}",
        field=end,
        violation_error_message=message,
    )


def shown_date(field):
    """A property: the date of `field` as words at its precision ('2016', 'September 2022')."""
    return property(
        lambda record: format_precise_date(
            getattr(record, field), getattr(record, f"{field}_precision")
        )
    )


def shown_phrase(field, kind="when"):
    """A property: the date of `field` as a sentence says it ('le 4 mars 2025', date_phrase)."""
    return property(
        lambda record: date_phrase(
            getattr(record, field), getattr(record, f"{field}_precision"), kind
        )
    )


class PreciseDates(models.Model):
    """A record with dates known to a precision (`precise_dates` names them): each is stored
    normalised (a year as 1 January), so dates compare and sort."""

    precise_dates: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        for field in self.precise_dates:
            value = normalise(getattr(self, field), getattr(self, f"{field}_precision"))
            setattr(self, field, value)
