from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("imports/<int:pk>/", views.import_preview, name="preview"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/publish/", views.plan_publish, name="publish"),
    path("<int:pk>/assessment/", views.assessment, name="assessment"),
    path("<int:pk>/export/<str:what>", views.plan_export, name="export"),
    path("<int:pk>/tasks/<int:task_pk>/", views.task_detail, name="task"),
    path("<int:pk>/tasks/<int:task_pk>/report/", views.task_report, name="report"),
    path("<int:pk>/tasks/<int:task_pk>/<str:action>/", views.task_state, name="task_state"),
    path("<int:pk>/reports/<int:report_pk>/review/", views.progress_report_review, name="review"),
    path("files/<uuid:uuid>/", views.report_file, name="file"),
]
