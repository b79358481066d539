from django.urls import path

from . import views, views_registry, views_video

app_name = "alerts"

urlpatterns = [
    path("alerts/org/<int:pk>/", views.console, name="console"),
    path("alerts/org/<int:pk>/feed/", views.feed, name="feed"),
    path("alerts/alarm/<int:pk>/", views.alarm_page, name="alarm"),
    path("alerts/alarm/<int:pk>/<slug:verb>/", views.alarm_step, name="step"),
    path("alerts/device/<int:pk>/readings/", views.readings, name="readings"),
    path("alerts/org/<int:pk>/cameras/", views_registry.cameras, name="cameras"),
    path("alerts/school/<int:pk>/cameras/new/", views_registry.camera_form, name="camera_new"),
    path("alerts/camera/<int:camera_pk>/edit/", views_registry.camera_form, name="camera_edit"),
    path("alerts/camera/<int:pk>/", views_video.camera_page, name="camera"),
    path("alerts/view/<int:pk>/beat/", views_video.beat, name="beat"),
    path("alerts/demo-stream/<str:gb_id>/<str:name>", views_video.demo_stream, name="demo_stream"),
    path("alerts/org/<int:pk>/devices/", views_registry.devices, name="devices"),
    path("alerts/school/<int:pk>/gateways/new/", views_registry.add_gateway, name="gateway_new"),
    path("alerts/gateway/<int:pk>/secret/", views_registry.gateway_secret, name="gateway_secret"),
    path("alerts/school/<int:pk>/devices/new/", views_registry.device_form, name="device_new"),
    path("alerts/device/<int:device_pk>/edit/", views_registry.device_form, name="device_edit"),
    path("alerts/org/<int:pk>/duty/", views_registry.duty_roster, name="duty"),
    path("alerts/shift/<int:pk>/remove/", views_registry.remove_shift, name="shift_remove"),
    path("alerts/org/<int:pk>/live-views/", views_registry.live_views, name="views"),
    path("alerts/org/<int:pk>/patrols/", views_video.routes, name="routes"),
    path("alerts/route/<int:pk>/start/", views_video.start_round, name="round_start"),
    path("alerts/round/<int:pk>/", views_video.round_page, name="round"),
    path("alerts/round/<int:pk>/look/<int:camera_pk>/", views_video.look, name="look"),
]
