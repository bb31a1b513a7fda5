from django.urls import URLPattern, URLResolver

app_name = "council"
urlpatterns: list[URLPattern | URLResolver] = []
