from django.urls import path

from . import desk, search, views, views_notifications

app_name = "core"
urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path("imports/template/<slug:kind>.xlsx", views.import_template, name="import_template"),
    path("about/", views.about, name="about"),
    path("desk/", desk.desk, name="desk"),
    path("search/", search.search_page, name="search"),
    path("notifications/", views_notifications.notification_list, name="notifications"),
    path("notifications/read/", views_notifications.mark_all_read, name="notifications_read"),
]
