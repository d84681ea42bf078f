from django.urls import path

from articles import import_views, views

app_name = "articles"
urlpatterns = [
    path("", views.stories, name="stories"),
    path("stories/<slug:slug>/", views.story, name="story"),
    path("stories/<slug:slug>/matrix/", views.matrix, name="matrix"),
    path("stories/<slug:slug>/export.json", views.story_export, name="story_export"),
    path("import/", import_views.import_page, name="import"),
    path("import/<int:pk>/", import_views.import_job, name="import_job"),
    path("import/<int:pk>/retry/", import_views.import_retry, name="import_retry"),
]
