import django.db.models.deletion
from django.db import migrations, models


# Work-plan progress reports are "progress reports": "report" is the annual report's name.
class Migration(migrations.Migration):
    dependencies = [("workplan", "0001_initial")]

    operations = [
        migrations.RenameModel("Report", "ProgressReport"),
        migrations.RenameModel("ReportFile", "ProgressReportFile"),
        migrations.AlterField(
            model_name="progressreport",
            name="task",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="progress_reports",
                to="workplan.task",
            ),
        ),
    ]
