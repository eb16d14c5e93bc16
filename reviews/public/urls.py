"""The readers' site: every public page, in the `films` and `reviews` namespaces and site-wide.

The catalogue pages keep the `films` namespace (`films:film_detail`) although they live here:
they show reviews too, and `films` knows nothing about reviews.
"""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from reviews import search_views
from reviews.public import critics, feeds, films, home, people, reviews
from reviews.public.sitemaps import SITEMAPS

film_patterns = [
    path("films/", films.FilmListView.as_view(), name="film_list"),
    path("films/<slug:slug>/", films.FilmDetailView.as_view(), name="film_detail"),
    path("people/<slug:slug>/", people.PersonDetailView.as_view(), name="person_detail"),
]

review_patterns = [
    path("reviews/", reviews.ReviewListView.as_view(), name="review_list"),
    path("reviews/<slug:slug>/", reviews.ReviewDetailView.as_view(), name="review_detail"),
    path("critics/<str:username>/", critics.CriticDetailView.as_view(), name="critic_detail"),
    path("feeds/reviews/", feeds.LatestReviewsFeed(), name="feed_rss"),
    path("feeds/reviews/atom/", feeds.LatestReviewsAtomFeed(), name="feed_atom"),
    path("feeds/critics/<str:username>/", feeds.CriticReviewsFeed(), name="critic_feed_rss"),
    path(
        "feeds/critics/<str:username>/atom/",
        feeds.CriticReviewsAtomFeed(),
        name="critic_feed_atom",
    ),
]

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("", include((film_patterns, "films"))),
    path("", include((review_patterns, "reviews"))),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("search/", search_views.search, name="search"),
]
