import pytest
from django.test import RequestFactory

from kosovo_edu.accounts.addresses import client_address

CLIENT, FORGED, PROXY = "203.0.113.7", "198.51.100.66", "10.0.0.2"


def request(forwarded_for: str | None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    return RequestFactory().get("/", REMOTE_ADDR=PROXY, **extra)


def test_without_a_proxy_the_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert client_address(request(CLIENT)) == PROXY


@pytest.mark.parametrize("header", [CLIENT, f"{FORGED}, {CLIENT}", f"1.2.3.4, {FORGED}, {CLIENT}"])
def test_behind_one_proxy_the_client_is_the_last_hop_and_cannot_be_forged(settings, header):
    settings.PROXY_COUNT = 1
    assert client_address(request(header)) == CLIENT


def test_behind_two_proxies_the_client_is_second_from_the_right(settings):
    settings.PROXY_COUNT = 2
    assert client_address(request(f"{FORGED}, {CLIENT}, 10.0.0.9")) == CLIENT


def test_a_request_that_bypassed_the_proxy_is_keyed_on_its_peer(settings):
    settings.PROXY_COUNT = 1
    assert client_address(request(None)) == PROXY


def test_axes_uses_the_same_address(settings):
    from axes.helpers import get_client_ip_address

    settings.PROXY_COUNT = 1
    assert get_client_ip_address(request(f"{FORGED}, {CLIENT}")) == CLIENT
