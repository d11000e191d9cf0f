"""Figures: every function takes results, an optional ``ax``, and returns the Figure.

One namespace for the book (``from crossbar.views import plotting``); the functions live in
:mod:`.device_figures`, :mod:`.training_figures`, :mod:`.study_figures` and :mod:`.devices`
(real devices: presets, law fits, tolerance sweeps), :mod:`.own_device` (a user's device: its
cycles, their noise, units) and :mod:`.network_figures` (networks of crossbar layers). The views layer is
the only one that imports matplotlib; the compute layers never do.
"""

from .device_figures import *  # noqa: F401,F403
from .device_figures import __all__ as _device
from .devices import *  # noqa: F401,F403
from .devices import __all__ as _real
from .own_device import *  # noqa: F401,F403
from .own_device import __all__ as _own
from .network_figures import *  # noqa: F401,F403
from .network_figures import __all__ as _network
from .study_figures import *  # noqa: F401,F403
from .study_figures import __all__ as _study
from .training_figures import *  # noqa: F401,F403
from .training_figures import __all__ as _training

__all__ = [*_device, *_training, *_study, *_real, *_own, *_network]
