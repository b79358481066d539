from django.urls import path

from . import views, views_auth

app_name = "accounts"
urlpatterns = [
    path("login/", views_auth.login_view, name="login"),
    path("login/code/", views_auth.otp_verify_view, name="otp_verify"),
    path("logout/", views_auth.logout_view, name="logout"),
    path("password/", views_auth.password_change_view, name="password_change"),
    path("2fa/enrol/", views_auth.otp_enrol_view, name="otp_enrol"),
    path("2fa/remove/", views_auth.otp_remove_view, name="otp_remove"),
    path("me/", views.security, name="security"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/roles/", views.membership_add, name="membership_add"),
    path("users/<int:pk>/roles/<int:membership_id>/revoke/", views.membership_revoke, name="membership_revoke"),
    path("users/<int:pk>/password/", views.user_reset_password, name="user_reset_password"),
    path("users/<int:pk>/active/", views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<int:pk>/second-factor/reset/", views.user_reset_second_factor, name="user_reset_second_factor"),
    path("security-log/", views.audit, name="audit"),
]
