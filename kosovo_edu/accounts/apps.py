from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kosovo_edu.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from kosovo_edu.middleware import start_idle_clock

        from .backends import user_changed
        from .two_factor import note_second_factor

        user_logged_in.connect(start_idle_clock, dispatch_uid="kosovo_edu.start_idle_clock")
        user_logged_in.connect(note_second_factor, dispatch_uid="kosovo_edu.note_second_factor")
        for signal in (post_save, post_delete):
            signal.connect(user_changed, sender=get_user_model(), dispatch_uid="user_changed")
