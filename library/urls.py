from django.urls import path

from library.views import feeds, reading, reviewing, writing

app_name = "library"
urlpatterns = [
    # Reading (everyone)
    path("", reading.index, name="index"),
    path("feed/rss/", feeds.LatestRss(), name="feed_rss"),
    path("feed/atom/", feeds.LatestAtom(), name="feed_atom"),
    path("pillars/<slug:pillar>/feed/rss/", feeds.PillarRss(), name="pillar_feed_rss"),
    path("pillars/<slug:pillar>/feed/atom/", feeds.PillarAtom(), name="pillar_feed_atom"),
    path("tags/<slug:tag>/feed/rss/", feeds.TagRss(), name="tag_feed_rss"),
    path("tags/<slug:tag>/feed/atom/", feeds.TagAtom(), name="tag_feed_atom"),
    path("preview/<str:token>/", writing.shared_preview, name="shared_preview"),
    # Writing and curating (members)
    path("new/article/", writing.new_article, name="new_article"),
    path("new/link/", writing.new_link, name="new_link"),
    path("mine/", writing.mine, name="mine"),
    path("items/<int:item_id>/edit/", writing.edit, name="edit"),
    path("items/<int:item_id>/preview/", writing.preview, name="preview"),
    path("items/<int:item_id>/submit/", writing.submit, name="submit"),
    path("items/<int:item_id>/delete/", writing.delete, name="delete"),
    path("items/<int:item_id>/preview-link/", writing.preview_link, name="preview_link"),
    path("items/<int:item_id>/credits/", writing.credit_add, name="credit_add"),
    path(
        "items/<int:item_id>/credits/<int:credit_id>/remove/",
        writing.credit_remove,
        name="credit_remove",
    ),
    path("credits/<int:credit_id>/accept/", writing.credit_accept, name="credit_accept"),
    path("credits/<int:credit_id>/decline/", writing.credit_decline, name="credit_decline"),
    # Reviewing and curating the library (staff)
    path("review/", reviewing.queue, name="review_queue"),
    path("review/<int:item_id>/", reviewing.review, name="review"),
    path("items/<int:item_id>/decide/", reviewing.decide, name="decide"),
    path("items/<int:item_id>/withdraw/", reviewing.withdraw, name="withdraw"),
    path("items/<int:item_id>/feature/", reviewing.feature, name="feature"),
    path("items/<int:item_id>/fix-link/", reviewing.link_fix, name="link_fix"),
    path("coverage/", reviewing.coverage, name="coverage"),
    # A published item, last: the words above are never given as slugs (services/slugs.py).
    path("<slug:slug>/", reading.item, name="item"),
]
