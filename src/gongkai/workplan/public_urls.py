from django.urls import path

from . import public

app_name = "progress"

urlpatterns = [
    path("", public.progress_list, name="list"),
    path("<int:pk>/", public.progress_detail, name="detail"),
]
