from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("<slug:slug>/", views.ReviewDetailView.as_view(), name="review_detail"),
]
