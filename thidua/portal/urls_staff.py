from django.urls import URLPattern, URLResolver

app_name = "portal_staff"
urlpatterns: list[URLPattern | URLResolver] = []
