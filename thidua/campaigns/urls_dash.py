from django.urls import URLPattern, URLResolver

app_name = "campaign_dash"
urlpatterns: list[URLPattern | URLResolver] = []
