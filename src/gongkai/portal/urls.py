from django.urls import path

from . import health, views
from .feeds import LatestDocumentsFeed

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("documents/", views.document_list, name="documents"),
    path("documents/<int:pk>/", views.document_detail, name="document"),
    path("search/", views.search, name="search"),
    path("attachments/<uuid:uuid>/", views.attachment_download, name="attachment"),
    path("feed/atom/", LatestDocumentsFeed(), name="feed"),
    path("elder/", views.elder_mode, name="elder"),
    path("healthz", health.healthz, name="healthz"),
]
