"""Loading the files of a large architecture side by side, one process per processor.

Parsing YAML is most of the cost of every command, and it is CPU-bound Python,
so threads do not help; forked worker processes each load whole files and send
back the result. Small architectures are loaded in this process: starting
workers and sending results back costs more than it saves below a few MB.
``ICTARCH_JOBS`` sets the number of processes (1 turns this off).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

Result = TypeVar("Result")

PARALLEL_MIN_BYTES = 2 * 1024 * 1024
"""Below this much YAML, loading in this process is faster."""

_serial_only = False


@contextmanager
def serial_loading() -> Iterator[None]:
    """Load in this process only, e.g. while another process loads something else."""
    global _serial_only
    previous, _serial_only = _serial_only, True
    try:
        yield
    finally:
        _serial_only = previous


def worker_count(jobs: int, weight: int) -> int:
    """How many processes should load ``jobs`` files of ``weight`` bytes in total."""
    configured = os.environ.get("ICTARCH_JOBS", "").strip()
    if _serial_only:
        return 1
    if configured.isdigit() and int(configured) > 0:
        wanted = int(configured)
    elif weight < PARALLEL_MIN_BYTES:
        return 1
    else:
        wanted = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    import multiprocessing  # here: a run that loads in one process never imports it

    if not sys.platform.startswith("linux") or multiprocessing.parent_process() is not None:
        return 1  # fork is only safe on Linux; a worker process starts no workers of its own
    return max(1, min(wanted, jobs))


def exit_with_parent() -> None:
    """Make this worker process exit as soon as the process that started it is gone.

    A worker waiting for work, or blocked sending a result nobody reads, would
    otherwise stay behind for good when the command is killed (a CI timeout,
    ``kill -9``): a daemon thread checks every quarter of a second.
    """
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.25)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="ictarch-exit-with-parent", daemon=True).start()


def load_in_parallel(
    function: Callable[..., Result], arguments: Sequence[tuple[Any, ...]], weight: int
) -> list[Result]:
    """``[function(*a) for a in arguments]``, computed by worker processes when worth it.

    This process is one of the workers: it starts one process fewer than it
    wants workers, queues every call for them, and then takes calls back from
    the end of the queue, as long as none of them has started, and makes them
    itself. What it makes needs no sending back, which is the costly part of a
    worker's result (the loaded model). Results come back in the order of
    ``arguments``. Should the workers fail to start or die, the work is done
    here instead, so the outcome never depends on whether processes could be
    started.
    """
    workers = worker_count(len(arguments), weight)
    if workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(
                workers - 1, mp_context=context, initializer=exit_with_parent
            ) as pool:
                futures = [pool.submit(function, *args) for args in arguments]
                made_here: dict[int, Result] = {}
                for index in range(len(arguments) - 1, -1, -1):
                    if not futures[index].cancel():
                        break  # started already: so have all those before it
                    made_here[index] = function(*arguments[index])
                return [
                    made_here[index] if index in made_here else future.result()
                    for index, future in enumerate(futures)
                ]
        except (OSError, BrokenProcessPool):
            pass
    return [function(*args) for args in arguments]
