"""Crisis mode's pages: preparation, activation, availability and needs (prepare_urls.py); the plan, the roll
call and the end (plan_urls.py)."""

from passerelles.crisis import plan_urls, prepare_urls

app_name = "crisis"
urlpatterns = prepare_urls.urlpatterns + plan_urls.urlpatterns
