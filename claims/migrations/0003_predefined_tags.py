"""The tags every newsroom starts with; admins add more."""

from django.db import migrations

TAGS = [
    ("verified", "#17693a", "Checked against a reliable source."),
    ("disputed", "#a4370d", "Outlets or sources contradict each other."),
    ("needs-check", "#b07d00", "Someone should verify this."),
    ("opinion", "#5b4a9c", "An opinion or assessment, not a checkable fact."),
    ("misleading", "#8a1c1c", "True in part, but gives a false impression."),
]


def create_tags(apps, schema_editor):
    Tag = apps.get_model("claims", "Tag")
    for name, colour, description in TAGS:
        Tag.objects.get_or_create(name=name, defaults={"colour": colour, "description": description})


def remove_tags(apps, schema_editor):
    apps.get_model("claims", "Tag").objects.filter(name__in=[t[0] for t in TAGS]).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_editorial")]

    operations = [migrations.RunPython(create_tags, remove_tags)]
