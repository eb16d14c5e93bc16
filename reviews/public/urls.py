"""The readers' site: every public page, in the `films` and `reviews` namespaces and site-wide.

The catalogue pages keep the `films` namespace (`films:film_detail`) although they live here:
they show reviews too, and `films` knows nothing about reviews.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from films.caching import FILMS, PEOPLE, THEMES
from reviews.caching import CRITICS, LISTS, REVIEWS
from reviews.public import critics, feeds, films, home, lists, people, reviews, search, themes
from reviews.public.sitemaps import SITEMAPS
from reviews_project.tags import listing

# Pages about one film, person, review or critic are tagged by the rows they load; pages that
# list or count a whole collection say which with listing() (reviews_project.tags).

film_patterns = [
    path("films/", listing(films.FilmListView.as_view(), FILMS, PEOPLE, REVIEWS), name="film_list"),
    path("films/<slug:slug>/", films.FilmDetailView.as_view(), name="film_detail"),
    path("people/", listing(people.PersonIndexView.as_view(), PEOPLE), name="person_index"),
    path("people/<slug:slug>/", people.PersonDetailView.as_view(), name="person_detail"),
    path("themes/", listing(themes.ThemeIndexView.as_view(), THEMES), name="theme_index"),
    path("themes/<slug:slug>/", themes.ThemeDetailView.as_view(), name="theme_detail"),
]

review_patterns = [
    path(
        "reviews/",
        listing(reviews.ReviewListView.as_view(), REVIEWS, CRITICS),
        name="review_list",
    ),
    path("reviews/<slug:slug>/", reviews.ReviewDetailView.as_view(), name="review_detail"),
    path("critics/", listing(critics.CriticIndexView.as_view(), CRITICS), name="critic_index"),
    path("lists/", listing(lists.ListIndexView.as_view(), LISTS), name="list_index"),
    path("lists/<slug:slug>/", lists.ListDetailView.as_view(), name="list_detail"),
    path("feeds/lists/", listing(lists.LatestListsFeed(), LISTS), name="list_feed_rss"),
    path("feeds/lists/atom/", listing(lists.LatestListsAtomFeed(), LISTS), name="list_feed_atom"),
    path("critics/<str:username>/", critics.CriticDetailView.as_view(), name="critic_detail"),
    path("feeds/reviews/", listing(feeds.LatestReviewsFeed(), REVIEWS), name="feed_rss"),
    path("feeds/reviews/atom/", listing(feeds.LatestReviewsAtomFeed(), REVIEWS), name="feed_atom"),
    path("feeds/critics/<str:username>/", feeds.CriticReviewsFeed(), name="critic_feed_rss"),
    path(
        "feeds/critics/<str:username>/atom/",
        feeds.CriticReviewsAtomFeed(),
        name="critic_feed_atom",
    ),
]

urlpatterns = [
    path("", listing(home.HomeView.as_view(), REVIEWS), name="home"),
    path("", include((film_patterns, "films"))),
    path("", include((review_patterns, "reviews"))),
    # An index of sections, each in pages of at most Sitemap.limit URLs (reviews.public.sitemaps).
    path(
        "sitemap.xml",
        listing(sitemap_views.index, REVIEWS, FILMS, PEOPLE, CRITICS, LISTS, THEMES),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        listing(sitemap_views.sitemap, REVIEWS, FILMS, PEOPLE, CRITICS, LISTS, THEMES),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("search/", listing(search.search, REVIEWS, FILMS, PEOPLE, LISTS), name="search"),
]
