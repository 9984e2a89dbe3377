"""The gateway behind an office proxy: a remote gateway is reached only through the proxy (from
Ustawienia or the environment), while the workspace's own sandbox on loopback never goes through it."""

from __future__ import annotations

import pytest
from plugins.gateway import build_signed_set, start_sandbox

TECHBUD = "9512345675"


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
                 "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_a_remote_gateway_is_reached_through_the_proxy_from_settings(tmp_path, forward_proxy, clean_env):
    from eplatnik.app import App
    from eplatnik.demo import create_demo
    from eplatnik.settings import NET_PROXY

    basedir = tmp_path / "ws"
    with App(basedir) as setup:
        create_demo(setup)
    server = start_sandbox(basedir / "sandbox", processing_seconds=0.1)
    remote = f"http://gateway.eplatnik-test.invalid:{server.url.rsplit(':', 1)[1]}"
    clean_env.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # the environment's proxy is not the one to use
    try:
        with App(basedir, gateway_url=remote) as app:
            app.settings.set(NET_PROXY, forward_proxy.url)
            app.gateway.poll_seconds = 0.1
            sub = app.gateway.enqueue(build_signed_set(app, TECHBUD), source_name="techbud.xml")
            result = app.gateway.process(ids=[sub.id], wait=30)
            assert [s.state for s in result.done] == ["accepted"]
    finally:
        server.stop()
    paths = [path for _, path in forward_proxy.seen]
    assert remote + "/gateway/v1/certificates" in paths and remote + "/gateway/v1/packages" in paths
    assert all(path.startswith(remote) for path in paths)


def test_the_workspace_sandbox_works_behind_an_office_proxy(tmp_path, clean_env):
    from eplatnik.app import App

    clean_env.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # an office proxy this machine cannot reach
    clean_env.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    with App(tmp_path / "ws") as app:
        assert app.gateway.active_profile().name == "sandbox"
        pin = app.gateway.ensure_pin()
        assert pin.gateway_key == "sandbox" and "BEGIN CERTIFICATE" in pin.receipt_cert
