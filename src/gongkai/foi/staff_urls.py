from django.urls import path

from . import views

app_name = "foi_staff"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_intake, name="intake"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/archive.zip", views.case_archive_zip, name="archive"),
    path("<int:pk>/<slug:name>/", views.case_step, name="step"),
    path("files/<uuid:uuid>/", views.case_file, name="file"),
]
