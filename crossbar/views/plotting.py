"""Figures: every function takes results, an optional ``ax``, and returns the Figure.

One namespace for the book (``from crossbar.views import plotting``); the functions live in
:mod:`.device_figures`, :mod:`.training_figures` and :mod:`.study_figures`. The views layer is
the only one that imports matplotlib; the compute layers never do.
"""

from .device_figures import *  # noqa: F401,F403
from .device_figures import __all__ as _device
from .study_figures import *  # noqa: F401,F403
from .study_figures import __all__ as _study
from .training_figures import *  # noqa: F401,F403
from .training_figures import __all__ as _training

__all__ = [*_device, *_training, *_study]
