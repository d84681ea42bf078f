from django.urls import path

from articles import views

app_name = "articles"
urlpatterns = [
    path("", views.stories, name="stories"),
    path("stories/<slug:slug>/", views.story, name="story"),
    path("stories/<slug:slug>/matrix/", views.matrix, name="matrix"),
    path("stories/<slug:slug>/export.json", views.story_export, name="story_export"),
]
