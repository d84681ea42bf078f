"""Give the roles the editorial permissions of issue 5 (tags, review, links, notes).

The permissions come from the claims migrations that add the models; `sync_roles` gives
each role exactly what `articles.roles` lists, as 0002 does.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def sync(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    from articles.roles import sync_roles

    sync_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_roles"),
        ("claims", "0003_predefined_tags"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
