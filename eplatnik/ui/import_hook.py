"""A cheaper answer to PySide6's question "does this module use PySide6?".

Importing PySide6 installs an import hook (for its ``__feature__`` switch: ``snake_case``,
``true_property``) that asks, for every module imported afterwards, whether its source mentions
"PySide6"; it reads the source through ``inspect.getsource`` (tokenize, linecache), about 0.17 ms a
module. On the way to the first window that is 56 modules and about 9 ms, a tenth of the program's
start-up beyond a bare window (docs/performance.md). :func:`install` gives the hook the same answer
from one plain read of the module's ``.py`` file; anything else (no file, a file we cannot read, a
module without source) still gets PySide6's own check. eplatnik selects no ``__feature__``, so the
answer only has to be the same, and it is: the same text searched for the same word.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any


def install() -> bool:
    """Replace PySide6's source check with :func:`uses_pyside` (once; False when PySide6's support
    module is not the shape we know, and then nothing is changed)."""
    import PySide6  # noqa: F401 - the hook and its support module exist once PySide6 is imported

    feature: Any = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or not callable(original):
        return False
    if getattr(original, "_eplatnik", False):
        return True

    def check(module: ModuleType) -> bool:
        return uses_pyside(module, original)

    check._eplatnik = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = check
    return True


def uses_pyside(module: ModuleType, fallback: Callable[[ModuleType], bool]) -> bool:
    """Whether the module's source mentions "PySide6", read as bytes from its ``.py`` file."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return fallback(module)
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return fallback(module)
