"""Registries of named implementations that import their module on first use.

A registry (reporters by format, exporters, ``--fail-on`` conditions ...) is a
plain dict written out where it belongs; its keys are the command's choices
(``ictarch.cli.options.choice``). Registries of functions that live in heavy
modules hold :func:`lazy` entries, so that listing the choices (for ``--help``
or for checking an option) costs no import.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy(module: str, name: str) -> Callable[..., Any]:
    """A function that imports ``module`` when first called and calls its ``name``."""

    def call(*arguments: Any, **options: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*arguments, **options)

    call.__name__ = name
    call.__qualname__ = f"lazy({module}.{name})"
    return call
