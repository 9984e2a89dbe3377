"""Settings split by scope: what belongs to this desk (seat) and what the whole office shares
(workspace); both still in settings.json, read and written through one ``Settings``."""

from __future__ import annotations

import json

import pytest

from eplatnik import settings as s


def test_every_setting_has_a_scope():
    declared = [v for v in vars(s).values() if isinstance(v, s.ConfigVar)]
    assert {v.key for v in declared} == set(s.ALL_VARS)
    assert [v.key for v in declared if v.scope not in (s.SEAT, s.WORKSPACE)] == []


def test_the_desk_and_the_office_are_told_apart():
    seat = {v.key for v in s.ALL_VARS.values() if v.scope == s.SEAT}
    assert seat == {"language", "office.current_accountant", "signing.pkcs11_module", "signing.p12_path",
                    "net.proxy", "net.no_proxy", "ui.window_geometry", "smtp.password", "smtp.ca_file",
                    "database.url"}
    workspace = {v.key for v in s.ALL_VARS.values() if v.scope == s.WORKSPACE}
    assert {"gateway.profile", "gateway.url", "gateway.production_url", "gateway.timeout_seconds",
            "kedu.official_schema", "signing.ca_bundle", "visits.slot_minutes", "smtp.host"} <= workspace


def test_settings_go_to_their_part_and_survive_a_restart(tmp_path):
    settings = s.Settings(tmp_path)
    settings.set(s.ACCOUNTANT, "Anna Nowak")
    settings.set(s.GATEWAY_PROFILE, s.CUSTOM_PROFILE)
    settings.set(s.NET_PROXY, "http://proxy.biuro.invalid:3128")
    assert settings.seat.get(s.ACCOUNTANT) == "Anna Nowak"
    assert settings.workspace.get(s.GATEWAY_PROFILE) == s.CUSTOM_PROFILE
    with pytest.raises(ValueError, match="seat setting"):
        settings.workspace.get(s.ACCOUNTANT)
    with pytest.raises(ValueError, match="workspace setting"):
        settings.seat.set(s.GATEWAY_URL, "http://x.invalid")
    again = s.Settings(tmp_path)
    assert again.get(s.ACCOUNTANT) == "Anna Nowak" and again.get(s.GATEWAY_PROFILE) == s.CUSTOM_PROFILE
    assert set(again.seat.as_dict()) | set(again.workspace.as_dict()) == set(s.ALL_VARS)
    # the file an older build wrote and reads: one flat JSON object
    stored = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert stored == {"office.current_accountant": "Anna Nowak", "gateway.profile": "custom",
                      "net.proxy": "http://proxy.biuro.invalid:3128"}


def test_the_seat_knows_its_accountant_and_its_computer(tmp_path):
    from eplatnik.seat import Seat

    settings = s.Settings(tmp_path)
    seat = Seat(settings.seat)
    assert seat.accountant() == ""
    settings.set(s.ACCOUNTANT, "Jan Kowalski")
    assert seat.accountant() == "Jan Kowalski"  # read afresh, as the audit log's actor
    assert ":" in seat.id and seat.id == Seat(settings.seat).id


def test_the_proxy_setting_reaches_the_transport_config(tmp_path):
    from eplatnik.net import NetConfig

    settings = s.Settings(tmp_path)
    assert NetConfig.from_settings(settings).proxy == ""  # from the environment
    settings.set(s.NET_PROXY, " direct ")
    settings.set(s.NET_NO_PROXY, "ewd.zus.pl")
    config = NetConfig.from_settings(settings)
    assert config.proxy == "direct" and config.no_proxy == "ewd.zus.pl" and config.proxy_url() is None
