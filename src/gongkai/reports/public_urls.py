from django.urls import path

from . import views

app_name = "annual_reports"

urlpatterns = [path("", views.public_list, name="list")]
