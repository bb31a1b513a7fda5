from django.urls import URLPattern, URLResolver

app_name = "nominations"
urlpatterns: list[URLPattern | URLResolver] = []
