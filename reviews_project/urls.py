"""Root URLs: the public site, then the editors' admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from reviews_project import health, views
from reviews_project.admin_widgets import BoundedLoginForm, make_every_changelist_safe
from reviews_project.media import media_urlpatterns

admin.site.site_header = f"{settings.SITE_NAME} — editors"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Reviews and catalogue"
admin.site.login_form = BoundedLoginForm
make_every_changelist_safe(admin.site)

urlpatterns = [
    path("", include("reviews.public.urls")),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler404 = "reviews_project.views.page_not_found"
handler500 = "reviews_project.views.server_error"

# Uploaded files, when no nginx or object storage serves them (reviews_project.media).
urlpatterns += media_urlpatterns()
