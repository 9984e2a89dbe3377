"""Shared fixtures. Area-specific fixtures live in tests/plugins/*.py and are loaded here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = sorted(
    f"plugins.{p.stem}" for p in (Path(__file__).parent / "plugins").glob("*.py") if p.stem != "__init__"
)


@pytest.fixture(autouse=True)
def _polish_by_default():
    from eplatnik import i18n

    i18n.set_language("pl")
    yield
    i18n.set_language("pl")


@pytest.fixture
def app(tmp_path: Path):
    """An empty workspace in a temporary directory (a real SQLite file)."""
    from eplatnik.app import App

    application = App(tmp_path / "ws")
    yield application
    application.close()


@pytest.fixture
def demo_app(tmp_path: Path):
    """The demo workspace (three firms) in a temporary directory."""
    from eplatnik.app import App
    from eplatnik.demo import create_demo

    application = App(tmp_path / "demo")
    create_demo(application)
    yield application
    application.close()
