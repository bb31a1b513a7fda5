from django.urls import URLPattern, URLResolver

app_name = "awards_records"
urlpatterns: list[URLPattern | URLResolver] = []
