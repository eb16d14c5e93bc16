from django.urls import path

from reviews import feeds, views

app_name = "reviews"

urlpatterns = [
    path("reviews/", views.ReviewListView.as_view(), name="review_list"),
    path("reviews/<slug:slug>/", views.ReviewDetailView.as_view(), name="review_detail"),
    path("critics/<str:username>/", views.CriticDetailView.as_view(), name="critic_detail"),
    path("feeds/reviews/", feeds.LatestReviewsFeed(), name="feed_rss"),
    path("feeds/reviews/atom/", feeds.LatestReviewsAtomFeed(), name="feed_atom"),
    path("feeds/critics/<str:username>/", feeds.CriticReviewsFeed(), name="critic_feed_rss"),
    path(
        "feeds/critics/<str:username>/atom/",
        feeds.CriticReviewsAtomFeed(),
        name="critic_feed_atom",
    ),
]
