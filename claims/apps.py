from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from claims import checks  # noqa: F401  (registers the system checks)
        from claims.linking import link_saved
        from claims.models import ClaimLink

        post_save.connect(link_saved, sender=ClaimLink, dispatch_uid="claims-link-saved")
