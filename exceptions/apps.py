from django.apps import AppConfig


class ExceptionsConfig(AppConfig):
    name = "exceptions"
    verbose_name = "CEO exception requests"

    def ready(self):
        from exceptions.services.platform_flags import exceptions_flag_for_platform
        from platforms.signals import approval_lost

        def flag_exceptions(sender, *, platform, actor=None, reason="", **kwargs):
            exceptions_flag_for_platform(platform=platform, actor=actor, reason=reason)

        approval_lost.connect(
            flag_exceptions, dispatch_uid="exceptions.flag_exceptions", weak=False
        )
