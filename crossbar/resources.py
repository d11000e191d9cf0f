"""What a computation may take from the machine: memory estimates checked before allocating.

A request that cannot fit (a history of 10⁹ epochs, a table of 10¹² trials) is refused
before any array is made, with a message that names the size, rather than growing until
the kernel kills the process. The budget is the memory the operating system reports as
available (``MemAvailable`` on Linux), else the physical memory, else no limit.
"""

from __future__ import annotations

import math
import numbers
import os

__all__ = ["ResourceError", "RunMemoryError", "address_limit", "limit_named", "available_memory", "format_bytes", "require_memory",
           "NETWORK_FLOOR", "require_network_room"]


class ResourceError(ValueError):
    """A request that would need more memory (or other resource) than the machine has."""


class RunMemoryError(ResourceError):
    """A memory estimate that failed while a run's chunks ran, after its up-front estimate passed: under an
    address-space limit the room it counted was taken by numba's compiler since. The command line says so with the
    limit, where the engine's advice ("train fewer crossbars at a time") named no option (probe 30c, C30-9)."""


def available_memory():
    """Bytes of memory available to a new allocation, or None if the system does not say: what the system
    has free, and no more than the process's address-space limit (``ulimit -v``) leaves it."""
    limits = [n for n in (_system_memory(), _address_space_left()) if n is not None]
    return min(limits) if limits else None


def _system_memory():
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


def address_limit():
    """The process's address-space limit (RLIMIT_AS, ``ulimit -v``) in bytes, or None if there is none."""
    try:
        import resource

        limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    except (ImportError, OSError, ValueError, AttributeError):  # pragma: no cover - not POSIX
        return None
    return None if limit == resource.RLIM_INFINITY else limit


def limit_named():
    """"this process's address-space limit (ulimit -v = N kB)", as every refusal under one names it, or None where
    there is none."""
    limit = address_limit()
    return None if limit is None else f"this process's address-space limit (ulimit -v = {limit // 1024} kB)"


def _address_space_left():
    """Bytes the address-space limit (RLIMIT_AS, ``ulimit -v``) leaves beyond what the process maps now, or None
    if there is no limit: with one, an allocation the free memory allows still ends in MemoryError."""
    limit = address_limit()
    if limit is None:
        return None
    try:
        with open("/proc/self/status", "rb") as fh:
            mapped = next(int(line.split()[1]) * 1024 for line in fh if line.startswith(b"VmSize:"))
        return max(0, limit - mapped)
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def _bytes(n, name):
    """`n` as a number of bytes >= 0 (an int beyond the range of a double stays an int), or TypeError /
    ValueError naming `name`: "5" was formatted as '5 B', and NaN bytes passed every budget. (Checked here, not
    with numbers.real: numbers.py checks the memory of the arrays it copies, so this module imports nothing.)"""
    if isinstance(n, bool) or not isinstance(n, numbers.Real):
        raise TypeError(f"{name} = {repr(n)[:80]}: expected a number of bytes >= 0, got {type(n).__name__}")
    try:
        n = int(n) if isinstance(n, numbers.Integral) else float(n)
    except OverflowError:  # a Fraction beyond the range of a double
        n = math.inf
    if isinstance(n, float) and not math.isfinite(n) or n < 0:
        shown = "a negative integer" if isinstance(n, int) and n < -10**20 else repr(n)
        raise ValueError(f"{name} = {shown}: expected a number of bytes >= 0")
    return n


def format_bytes(n):
    """``n`` bytes as a short human-readable size (binary prefixes): '119 GiB'."""
    n = _bytes(n, "n")
    if n >= 2**1000:  # toward the end of the range of a double (an int beyond it raised OverflowError)
        return f"{2.0**1000 / 1024**5:.3g} PiB or more"
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
    nbytes = _bytes(nbytes, "nbytes")
    available = available_memory()
    if available is not None and nbytes > available:
        # under ulimit -v the room left may be kilobytes: a worker said "250 KiB ... more than the 192 KiB
        # available; train fewer crossbars", naming neither the limit nor how to raise it (probe 28c, C28-3)
        room, system = _address_space_left(), _system_memory()
        where = "" if room is None or system is not None and system <= room else f" under {limit_named()}"
        message = (f"{what} needs about {format_bytes(nbytes)} of memory, more than the "
                   f"{format_bytes(available)} available{where}")
        raise ResourceError(message + (f"; {fix}" if fix else "") +
                            ("; or raise the limit (ulimit -v unlimited)" if where else ""))


#: The address-space limit below which no network trains: numpy's OpenBLAS maps a buffer of its own at a network's
#: first matrix product, and under a lower limit ended the process with "OpenBLAS error: Memory allocation still
#: failed", status 1, at 485-505 MB (probe 30c, C30-2), where a crossbar (numba's kernel, no BLAS) runs from 482 MB.
#: Networks trained at 510-550 MB in 27 of 27 runs (measured at stop 51, one thread).
NETWORK_FLOOR = 520 * 2**20


def require_network_room(setting):
    """Raise :class:`ResourceError` under an address-space limit below :data:`NETWORK_FLOOR`, naming the hidden layer
    of `setting` (a TrainingSetting) that makes its runs networks."""
    limit = address_limit()
    if limit is not None and limit < NETWORK_FLOOR:
        raise ResourceError(f"setting.hidden = {setting.hidden} trains networks, and none trains under {limit_named()}: numpy's BLAS maps a "
                            f"buffer of its own beside numba's compiler, which together need {NETWORK_FLOOR // 1024} "
                            "kB; raise the limit (ulimit -v unlimited)")
