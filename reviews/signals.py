from django.dispatch import Signal

# Sent after commit whenever what readers can see of a review changed (publish, unpublish,
# publish changes, correction, scheduled change applied, delete of a public review).
# kwargs: review (the Review), tags (set[str] of extra cache tags, may be empty)
public_review_changed = Signal()

# Sent after commit whenever what readers can see of a curated list changed (publish,
# unpublish, an edit of a public list). kwargs: curated_list, tags (set[str]: the cache tags
# of its films' lists, reviews.caching.film_lists_tag, before and after the change)
public_list_changed = Signal()
