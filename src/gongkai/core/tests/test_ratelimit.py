"""Whose address a rate limit counts: the socket's, unless the socket is a proxy we trust."""

from ipaddress import ip_network

import pytest
from django.test import RequestFactory

from gongkai.core.ratelimit import client_address

NGINX = "127.0.0.1"
BALANCER = "10.1.0.5"
CLIENT = "203.0.113.7"
FORGED = "198.51.100.1"


@pytest.mark.parametrize(
    ("trusted", "meta", "expected"),
    [
        # No proxy configured: the headers are the client's own words and count for nothing.
        ([], {"HTTP_X_REAL_IP": FORGED}, NGINX),
        ([], {"HTTP_X_FORWARDED_FOR": FORGED}, NGINX),
        # nginx on the same host, setting both headers as the README says.
        (["127.0.0.1"], {"HTTP_X_REAL_IP": CLIENT}, CLIENT),
        (
            ["127.0.0.1"],
            {"HTTP_X_REAL_IP": CLIENT, "HTTP_X_FORWARDED_FOR": f"{FORGED}, {CLIENT}"},
            CLIENT,
        ),
        # nginx passes a client's own X-Forwarded-For on when told only to set X-Real-IP.
        (["127.0.0.1"], {"HTTP_X_REAL_IP": CLIENT, "HTTP_X_FORWARDED_FOR": FORGED}, CLIENT),
        # A balancer in front of nginx: skip every hop that is a trusted proxy, from the right.
        (
            ["127.0.0.0/8", "10.1.0.0/24"],
            {"HTTP_X_REAL_IP": BALANCER, "HTTP_X_FORWARDED_FOR": f"{FORGED}, {CLIENT}, {BALANCER}"},
            CLIENT,
        ),
        # The same chain when the balancer is not in the list: it is the client as far as we know.
        (
            ["127.0.0.1"],
            {"HTTP_X_REAL_IP": BALANCER, "HTTP_X_FORWARDED_FOR": f"{FORGED}, {CLIENT}, {BALANCER}"},
            BALANCER,
        ),
        # A trusted proxy that forwarded nothing: the request came from the proxy host itself.
        (["127.0.0.1"], {}, NGINX),
        # Every hop trusted (a probe on the proxy host): the first of them.
        (["127.0.0.1", "10.1.0.0/24"], {"HTTP_X_REAL_IP": BALANCER}, BALANCER),
        # What a trusted proxy wrote but is no address counts against the proxy, not as a key.
        (["127.0.0.1"], {"HTTP_X_REAL_IP": "not-an-address"}, NGINX),
        # One address, one key, however it is written.
        (["127.0.0.1"], {"HTTP_X_REAL_IP": "2001:DB8:0::1"}, "2001:db8::1"),
    ],
)
def test_client_address(settings, trusted, meta, expected):
    settings.TRUSTED_PROXIES = [ip_network(p) for p in trusted]
    request = RequestFactory().get("/", REMOTE_ADDR=NGINX, **meta)
    assert client_address(request) == expected


def test_a_socket_outside_the_list_is_the_client(settings):
    settings.TRUSTED_PROXIES = [ip_network("127.0.0.1")]
    request = RequestFactory().get("/", REMOTE_ADDR=CLIENT, HTTP_X_REAL_IP=FORGED)
    assert client_address(request) == CLIENT
