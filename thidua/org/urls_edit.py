from django.urls import URLPattern, URLResolver

app_name = "org_edit"
urlpatterns: list[URLPattern | URLResolver] = []
