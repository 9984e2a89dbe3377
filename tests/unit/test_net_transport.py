"""The one HTTP transport (eplatnik/net) against a real local server that drops, answers 503 and is
slow: retries by the policy (with a seeded random source), timeouts, cancel in the middle of a call,
kept-alive connections, and proxies from the environment and from Ustawienia."""

from __future__ import annotations

import random
import threading
import time

import pytest

from eplatnik.errors import Cancelled, UserFacingError
from eplatnik.net import CancelToken, HttpTransport, NetConfig, RetryPolicy, Unreachable
from eplatnik.progress import Progress

FAST = RetryPolicy(4, 0.01, 0.05, "half")


@pytest.fixture
def no_env_proxy(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                 "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def http(no_env_proxy):
    transport = HttpTransport(NetConfig(timeout=5), rng=random.Random(7))
    yield transport
    transport.close()


def test_a_dropped_connection_and_a_503_are_retried_after_the_policys_delays(flaky_server, http):
    flaky_server.plan = ["drop", "503"]
    delays: list[float] = []
    answer = http.request("GET", flaky_server.url + "/x", retry=FAST, on_retry=lambda n, d, why: delays.append(d))
    assert answer.status == 200 and answer.json()["n"] == 3
    expected = random.Random(7)
    assert delays == [FAST.delay(0, expected), FAST.delay(1, expected)]
    assert all(0.005 <= d <= 0.02 for d in delays)


def test_the_transport_gives_up_after_the_attempts_and_says_why(flaky_server, http):
    flaky_server.plan = ["503"] * 10
    with pytest.raises(Unreachable) as info:
        http.request("GET", flaky_server.url + "/x", retry=RetryPolicy(3, 0.01, 0.01, "none"))
    assert info.value.attempts == 3 and len(flaky_server.seen) == 3
    assert "HTTP 503" in info.value.render("pl") and "próbowano 3 razy" in info.value.render("pl")


def test_a_4xx_answer_is_returned_not_retried(flaky_server, http):
    flaky_server.plan = ["404"]
    assert http.request("GET", flaky_server.url + "/x", retry=FAST).status == 404
    assert len(flaky_server.seen) == 1


def test_a_post_is_repeated_only_when_the_caller_says_it_carries_a_key(flaky_server, http):
    flaky_server.plan = ["503", "503"]
    with pytest.raises(Unreachable) as info:
        http.request("POST", flaky_server.url + "/book", json={"a": 1}, retry=FAST)
    assert info.value.attempts == 1 and len(flaky_server.seen) == 1
    flaky_server.plan, flaky_server.seen[:] = ["drop", "503"], []
    answer = http.request("POST", flaky_server.url + "/book", json={"key": "k-1"}, retry=FAST, idempotent=True)
    assert answer.status == 200
    assert [s.body for s in flaky_server.seen] == [b'{"key":"k-1"}'] * 3  # the same bytes every time


def test_a_slow_server_times_out(flaky_server, http):
    flaky_server.plan = ["slow-headers", "slow-headers"]
    with pytest.raises(Unreachable) as info:
        http.request("GET", flaky_server.url + "/slow", timeout=0.3, retry=RetryPolicy(2, 0.01, 0.01, "none"))
    assert "Timeout" in info.value.detail and info.value.attempts == 2


def test_calls_to_one_server_reuse_their_connection(flaky_server, http):
    for _ in range(3):
        assert http.request("GET", flaky_server.url + "/x").status == 200
    assert len({s.client_port for s in flaky_server.seen}) == 1


def _cancel_when(event: threading.Event, token: CancelToken | Progress) -> None:
    def later() -> None:
        if event.wait(10):
            token.cancel()

    threading.Thread(target=later, daemon=True).start()


def test_cancel_in_the_middle_of_a_slow_body_returns_at_once_and_shuts_the_connection(flaky_server, http):
    flaky_server.plan = ["slow-body"]
    token = CancelToken()
    _cancel_when(flaky_server.body_started, token)
    started = time.monotonic()
    with pytest.raises(Cancelled):
        http.request("GET", flaky_server.url + "/big", cancel=token, timeout=60)
    assert time.monotonic() - started < 10  # the body would take 30 s
    assert flaky_server.client_gone.wait(10)  # the socket was shut, not left open until the timeout
    assert http.request("GET", flaky_server.url + "/after").status == 200  # the transport still works


def test_a_progress_cancelled_from_the_ui_stops_the_call(flaky_server, http):
    flaky_server.plan = ["slow-body"]
    progress = Progress()
    _cancel_when(flaky_server.body_started, progress)
    with pytest.raises(Cancelled):
        http.request("GET", flaky_server.url + "/big", cancel=CancelToken.following(progress), timeout=60)
    assert flaky_server.client_gone.wait(10)


def test_cancel_while_the_server_has_not_answered_yet(flaky_server, http):
    flaky_server.plan = ["slow-headers"]
    token = CancelToken()
    arrived = threading.Event()
    threading.Thread(target=lambda: (_wait_for_request(flaky_server), arrived.set(), token.cancel()),
                     daemon=True).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        http.request("GET", flaky_server.url + "/slow", cancel=token, timeout=60)
    assert arrived.is_set() and time.monotonic() - started < 10


def _wait_for_request(flaky) -> None:
    deadline = time.monotonic() + 10
    while not flaky.seen and time.monotonic() < deadline:
        time.sleep(0.01)


def test_cancel_between_attempts(flaky_server, http):
    flaky_server.plan = ["503"] * 5
    token = CancelToken()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        http.request("GET", flaky_server.url + "/x", cancel=token, retry=RetryPolicy(5, 30.0, 30.0, "none"),
                     on_retry=lambda n, d, why: token.cancel())
    assert time.monotonic() - started < 10 and len(flaky_server.seen) == 1


# -- proxies ----------------------------------------------------------------------------------------
def test_a_remote_gateway_is_reached_through_the_environments_proxy(flaky_server, forward_proxy, no_env_proxy):
    no_env_proxy.setenv("HTTP_PROXY", forward_proxy.url)
    remote = f"http://eplatnik-test.invalid:{flaky_server.server.server_address[1]}"
    with HttpTransport(NetConfig(timeout=5)) as http:
        assert http.request("GET", remote + "/gateway/v1/certificates").json()["path"] == "/gateway/v1/certificates"
    assert forward_proxy.seen == [("GET", remote + "/gateway/v1/certificates")]


def test_loopback_never_goes_through_a_proxy(flaky_server, no_env_proxy):
    no_env_proxy.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # an office proxy this machine cannot reach
    no_env_proxy.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    with HttpTransport(NetConfig(timeout=5)) as http:
        assert http.request("GET", flaky_server.url + "/x", retry=FAST).status == 200
    port = flaky_server.server.server_address[1]
    with HttpTransport(NetConfig(proxy="http://127.0.0.1:9", timeout=5)) as http:
        assert http.request("GET", f"http://localhost:{port}/x", retry=FAST).status == 200


def test_no_proxy_from_the_environment_is_honoured(other_loopback_server, forward_proxy, no_env_proxy):
    no_env_proxy.setenv("HTTP_PROXY", forward_proxy.url)
    with HttpTransport(NetConfig(timeout=5)) as http:
        assert http.request("GET", other_loopback_server.url + "/a").status == 200
        assert len(forward_proxy.seen) == 1  # 127.0.0.2 is not one of the always-direct names
        no_env_proxy.setenv("NO_PROXY", "127.0.0.2")
    with HttpTransport(NetConfig(timeout=5)) as http:
        assert http.request("GET", other_loopback_server.url + "/b").status == 200
    assert len(forward_proxy.seen) == 1


def test_the_proxy_from_settings_wins_over_the_environment(other_loopback_server, forward_proxy, no_env_proxy):
    no_env_proxy.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    with HttpTransport(NetConfig(proxy=forward_proxy.url, timeout=5)) as http:
        assert http.request("GET", other_loopback_server.url + "/a", retry=FAST).status == 200
    assert [path for _, path in forward_proxy.seen] == [other_loopback_server.url + "/a"]
    with HttpTransport(NetConfig(proxy=forward_proxy.url, no_proxy="127.0.0.2", timeout=5)) as http:
        assert http.request("GET", other_loopback_server.url + "/b", retry=FAST).status == 200
    no_env_proxy.setenv("HTTP_PROXY", forward_proxy.url)
    with HttpTransport(NetConfig(proxy="direct", timeout=5)) as http:
        assert http.request("GET", other_loopback_server.url + "/c", retry=FAST).status == 200
    assert len(forward_proxy.seen) == 1


def test_a_changed_proxy_setting_applies_to_the_next_call(other_loopback_server, forward_proxy, no_env_proxy):
    config = {"value": NetConfig(proxy="direct", timeout=5)}
    with HttpTransport(lambda: config["value"]) as http:
        http.request("GET", other_loopback_server.url + "/a")
        config["value"] = NetConfig(proxy=forward_proxy.url, timeout=5)
        http.request("GET", other_loopback_server.url + "/b")
    assert [path for _, path in forward_proxy.seen] == [other_loopback_server.url + "/b"]


def test_a_proxy_setting_that_cannot_work_is_explained(no_env_proxy):
    with HttpTransport(NetConfig(proxy="socks://biuro:1080")) as http, pytest.raises(UserFacingError) as info:
        http.request("GET", "http://127.0.0.1:9/x")
    assert "serwera pośredniczącego" in info.value.render("pl") and "Ustawieniach" in info.value.render("pl")
    with HttpTransport(NetConfig()) as http, pytest.raises(UserFacingError, match="Niepoprawny adres"):
        http.request("GET", "ftp://gateway/x")
