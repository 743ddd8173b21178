from django.core.exceptions import ValidationError
from django.db import models


class CalendarYear(models.Model):
    """A year whose holidays are kept in this table (the library lacks it, or it was corrected).

    When a year is here, the table decides: weekends are rest days and weekdays are working
    days, except the days listed below it.
    """

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source_document = models.CharField(
        "依据",
        max_length=200,
        blank=True,
        help_text="例如：国务院办公厅关于2027年部分节假日安排的通知",
    )
    # Touched by every change to the year or its days: running computations key on it.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "节假日安排（年度）"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"


class CalendarDay(models.Model):
    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("节日", max_length=30, help_text="例如：春节")

    class Meta:
        verbose_name = verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}{self.get_kind_display()}"

    def clean(self) -> None:
        if self.date and self.year_id and self.date.year != self.year.year:
            raise ValidationError({"date": "日期不在所属年份内"})
