# Each post's search vector, stored and, on PostgreSQL, indexed (GIN) and filled
# in; other databases search without it (blog.search).

import django.contrib.postgres.search
from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = "blog_post_search_vector_gin"


def index_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Post = apps.get_model("blog", "Post")
    config = settings.SEARCH_CONFIG
    Post.objects.using(schema_editor.connection.alias).update(
        search_vector=SearchVector("title", weight="A", config=config)
        + SearchVector("body", weight="B", config=config)
    )
    table = schema_editor.quote_name(Post._meta.db_table)
    column = schema_editor.quote_name(Post._meta.get_field("search_vector").column)
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {table} USING gin ({column})")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('blog', '0008_editors_group'),
    ]

    operations = [
        migrations.AddField(
            model_name='post',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(index_and_fill, drop_index),
    ]
