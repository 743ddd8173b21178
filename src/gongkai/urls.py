from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from gongkai.api.api import api
from gongkai.orgs.forms import AdminLoginForm, LoginForm
from gongkai.portal import staff as portal_staff
from gongkai.portal.sitemaps import DocumentSitemap, PageSitemap

handler500 = "gongkai.core.web.server_error"

admin.site.site_header = "公开 · 平台配置"
admin.site.site_title = "公开平台配置"
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", include("gongkai.portal.urls")),
    path("staff/foi/", include("gongkai.foi.staff_urls")),
    path("staff/plans/", include("gongkai.workplan.urls")),
    path("progress/", include("gongkai.workplan.public_urls")),
    path("staff/enforcement/", include("gongkai.enforcement.staff_urls")),
    path("enforcement/", include("gongkai.enforcement.public_urls")),
    path("staff/reports/", include("gongkai.reports.urls")),
    path("annual-reports/", include("gongkai.reports.public_urls")),
    path("staff/notifications/", portal_staff.notifications, name="notifications"),
    path("staff/logins/", portal_staff.login_locks, name="login_locks"),
    path("staff/logins/<int:pk>/unlock/", portal_staff.login_unlock, name="login_unlock"),
    path("staff/", include("gongkai.publishing.urls")),
    path("foi/", include("gongkai.foi.public_urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": PageSitemap, "documents": DocumentSitemap}},
        name="sitemap",
    ),
]
