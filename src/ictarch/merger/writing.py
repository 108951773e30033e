"""Writing an architecture directory all at once, never into or over one of its inputs."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ictarch import output
from ictarch.errors import IctarchError
from ictarch.i18n import _
from ictarch.inputs import resolve_path


class OutputRefused(IctarchError):
    """The output directory is, holds or lies inside an input, or is not empty."""


def dump_yaml(data: Any) -> str:
    """Block-style YAML, keys in the order given, Unicode as it is (deterministic)."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text: str = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
    return text


def refuse_writing_into_inputs(
    directory: Path, inputs: Iterable[Path], force: bool, files: Iterable[Path] = ()
) -> None:
    """Refuse an output directory that is an input architecture's directory, lies inside
    one or holds one, or holds one of the other input ``files``; and a non-empty
    directory unless ``force``."""
    target = resolve_path(directory)
    for file in files:
        if resolve_path(file).is_relative_to(target):
            raise OutputRefused(
                _("refusing to write {output}: it holds the input {source}").format(
                    output=directory, source=file
                ),
                hint=_("choose an output directory outside every source"),
            )
    for source in inputs:
        if not os.path.lexists(source):  # said plainly, before anything is compared
            raise OutputRefused(_("{path}: no such file or directory").format(path=source))
        resolved = resolve_path(source)
        source_dir = resolved if resolved.is_dir() else resolved.parent
        if target.is_relative_to(source_dir) or source_dir.is_relative_to(target):
            raise OutputRefused(
                _(
                    "refusing to write {output}: it is, holds or lies inside the source {source}"
                ).format(output=directory, source=source),
                hint=_("choose an output directory outside every source"),
            )
    if directory.exists() and not directory.is_dir():
        raise OutputRefused(_("{output} exists and is not a directory").format(output=directory))
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise OutputRefused(
            _("{output} is not empty; nothing was written").format(output=directory),
            hint=_("choose a new directory, or add --force to replace its content"),
        )


def write_directory(files: dict[str, str | bytes], directory: Path, force: bool = False) -> None:
    """Write ``files`` as the whole content of ``directory`` (see
    :func:`ictarch.output.write_directory`; ``force`` replaces a non-empty one)."""
    output.write_directory(files, directory, replace=force)
