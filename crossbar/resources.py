"""What a computation may take from the machine: memory estimates checked before allocating.

A request that cannot fit (a history of 10⁹ epochs, a table of 10¹² trials) is refused
before any array is made, with a message that names the size, rather than growing until
the kernel kills the process. The budget is the memory the operating system reports as
available (``MemAvailable`` on Linux), else the physical memory, else no limit.
"""

from __future__ import annotations

import os

__all__ = ["ResourceError", "available_memory", "format_bytes", "require_memory"]


class ResourceError(ValueError):
    """A request that would need more memory (or other resource) than the machine has."""


def available_memory():
    """Bytes of memory available to a new allocation, or None if the system does not say."""
    try:
        with open("/proc/meminfo", "rb") as fh:
            for line in fh:
                if line.startswith(b"MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def format_bytes(n):
    """``n`` bytes as a short human-readable size (binary prefixes): '119 GiB'."""
    n = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.3g} {unit}"
        n /= 1024
    return f"{n:.3g} PiB"  # pragma: no cover


def require_memory(nbytes, what, fix=""):
    """Raise :class:`ResourceError` if `nbytes` will not fit in the available memory.

    Parameters
    ----------
    nbytes : int or float
        Estimated peak memory of the request.
    what : str
        What needs it, naming the argument, e.g. ``"the history of setting.max_epochs = 10**9"``.
    fix : str
        What the caller can do instead (appended to the message).
    """
    available = available_memory()
    if available is not None and nbytes > available:
        message = (f"{what} needs about {format_bytes(nbytes)} of memory, more than the "
                   f"{format_bytes(available)} available")
        raise ResourceError(message + (f"; {fix}" if fix else ""))
