from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kosovo_edu.accounts"
    label = "accounts"
    verbose_name = "Accounts"
