from django.urls import path

from . import public

app_name = "foi"

urlpatterns = [
    path("", public.guide, name="guide"),
    path("apply/", public.apply, name="apply"),
    path("status/", public.status, name="status"),
    path("status/case/", public.case_view, name="case"),
    path("status/leave/", public.case_leave, name="leave"),
    path("status/letters/<uuid:uuid>.<str:fmt>", public.letter, name="letter"),
    path("deadline/", public.deadline, name="deadline"),
]
