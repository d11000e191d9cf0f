"""Views: figures, the book's widgets and report formatting, on top of the compute layers.

* :mod:`~crossbar.views.plotting`: every figure (one function per figure, optional ``ax``);
* :mod:`~crossbar.views.widgets`: the book's widget callbacks as plain, testable functions;
* :mod:`~crossbar.views.explorer`: a callback precomputed on a grid of slider positions, as
  self-contained HTML that static pages can move without a kernel;
* :mod:`~crossbar.views.report`: numbers and tables as prose and pages want them.

The only layer that imports matplotlib (and IPython, lazily). Importing ``crossbar`` does not
import it; ``from crossbar.views import plotting`` does.
"""
