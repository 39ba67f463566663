from django.http import HttpRequest, HttpResponse
from django.urls import path

from kosovo_edu.urls import urlpatterns as app_urlpatterns


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("bench/hello", hello), *app_urlpatterns]
