from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kosovo_edu.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from kosovo_edu.middleware import start_idle_clock

        from .two_factor import note_second_factor

        user_logged_in.connect(start_idle_clock, dispatch_uid="kosovo_edu.start_idle_clock")
        user_logged_in.connect(note_second_factor, dispatch_uid="kosovo_edu.note_second_factor")
