from django.urls import path

from . import views

app_name = "publicity_staff"

urlpatterns = [
    path("", views.staff_list, name="list"),
    path("<int:pk>/", views.staff_detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.staff_action, name="action"),
]
