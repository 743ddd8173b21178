from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("remedies/", views.remedy_list, name="remedies"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("remedies/<int:pk>/decide/", views.remedy_decide, name="remedy_decide"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/figures/", views.figure_enter, name="figure_enter"),
    path("<int:pk>/figures/clear/", views.figure_clear, name="figure_clear"),
    path("<int:pk>/submit/", views.report_submit, name="submit"),
    path("<int:pk>/report.docx", views.report_docx, name="docx"),
    path("<int:pk>/report.pdf", views.report_pdf, name="pdf"),
]
