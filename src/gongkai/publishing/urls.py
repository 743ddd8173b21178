from django.urls import path

from . import views

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("review/", views.review_board, name="review_board"),
    path("negative-list/", views.negative_list, name="negative_list"),
    path("negative-list/<int:pk>/retire/", views.negative_item_retire, name="negative_item_retire"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/submit/", views.document_submit, name="document_submit"),
    path("documents/<int:pk>/review/", views.document_review, name="document_review"),
    path("documents/<int:pk>/take-back/", views.document_take_back, name="document_take_back"),
    path("documents/<int:pk>/findings/mask/", views.findings_mask, name="findings_mask"),
    path("documents/<int:pk>/findings/override/", views.finding_override, name="finding_override"),
    path("documents/<int:pk>/exempt/", views.interpretation_exempt, name="interpretation_exempt"),
    path("documents/<int:pk>/versions/", views.document_versions, name="document_versions"),
    path("documents/<int:pk>/withdraw/", views.document_withdraw, name="document_withdraw"),
    path("documents/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<uuid:uuid>/remove/", views.attachment_remove, name="attachment_remove"),
]
