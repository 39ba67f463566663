from django.contrib.auth import views as auth_views
from django.urls import path

from . import two_factor, views

urlpatterns = [
    path("", views.account, name="account"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", two_factor.login_code, name="login_code"),
    path("two-factor/", two_factor.setup, name="two_factor"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("data/", views.my_data, name="my_data"),
    path("delete/", views.delete, name="delete_account"),
]
