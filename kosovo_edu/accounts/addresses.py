"""The client's address, behind the number of reverse proxies the deployment declares.

Each proxy appends the address it received the connection from to X-Forwarded-For, so behind
``PROXY_COUNT`` proxies the client is the ``PROXY_COUNT``-th entry from the right; everything left
of it was sent by the client and may be forged. With no proxy, X-Forwarded-For is ignored.
django-axes, the log-in throttle and the signup throttle all key on this one function.
"""

from django.conf import settings
from django.http import HttpRequest
from ipware.ip import get_client_ip

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"
UNKNOWN = "0.0.0.0"  # an address that no real client has, so unknown clients share one bucket


def client_address(request: HttpRequest) -> str:
    proxies: int = settings.PROXY_COUNT
    peer = request.META.get("REMOTE_ADDR") or UNKNOWN
    if proxies == 0 or not request.META.get(FORWARDED_FOR):
        return peer
    # ipware counts the hops *after* the client in the header (its "proxy_count"), reading
    # from the right; non-strict so a longer (forged-prefix) chain still yields the real hop.
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies - 1,
        request_header_order=[FORWARDED_FOR],
        strict=False,
    )
    return address or peer
