from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        from django.contrib.auth.models import User
        from django.db.models.signals import post_delete, post_save

        from articles.models import Outlet
        from articles.page_cache import bump_generation
        from claims.models import Tag

        # Shown on every reading page and in no story's fingerprint: see articles.page_cache.
        for model in (Tag, Outlet, User):
            for signal in (post_save, post_delete):
                signal.connect(bump_generation, sender=model, dispatch_uid=f"page-cache-{model}")
