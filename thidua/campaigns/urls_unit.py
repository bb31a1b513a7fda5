from django.urls import URLPattern, URLResolver

app_name = "campaign_unit"
urlpatterns: list[URLPattern | URLResolver] = []
