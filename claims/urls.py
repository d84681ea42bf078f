from django.urls import path

from claims import views

app_name = "claims"
urlpatterns = [
    path("claims/<int:pk>/tags/", views.add_tag, name="add_tag"),
    path("claims/<int:pk>/tags/<int:tag>/remove/", views.remove_tag, name="remove_tag"),
    path("claims/<int:pk>/status/", views.set_status, name="set_status"),
    path("claims/<int:pk>/notes/", views.add_note, name="add_note"),
    path("claims/<int:pk>/links/", views.link_claim, name="link_claim"),
    path("claims/<int:pk>/links/<int:link>/", views.decide_link, name="decide_link"),
    path("review/", views.review_queue, name="review"),
    path("review/links/<int:link>/", views.review_decide, name="review_decide"),
    path("review/orphans/<int:pk>/", views.resolve_orphan, name="resolve_orphan"),
    path("tags/", views.tags, name="tags"),
    path("tags/<int:pk>/", views.edit_tag, name="edit_tag"),
    path("stories/<slug:slug>/claims.csv", views.export_csv, name="export_csv"),
    path(
        "stories/<slug:slug>/claimreview.jsonld",
        views.export_claim_reviews,
        name="export_claim_reviews",
    ),
]
