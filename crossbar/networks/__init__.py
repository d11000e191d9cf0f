"""Networks of crossbar layers trained in situ: inputs -> hidden -> outputs, each layer a
differential-pair crossbar with the device models, rules and non-idealities of the single
crossbar, trained with the sign of the back-propagated error (Manhattan).

* :mod:`~crossbar.networks.model`: the equations (reads, activations, errors, steps, pulses);
* :mod:`~crossbar.networks.layers`: one layer's devices for many networks at once;
* :mod:`~crossbar.networks.energy`: what the pulses and reads cost;
* :mod:`~crossbar.networks.engine`: :func:`train_networks`, many networks at once;
* :mod:`~crossbar.networks.reference`: :func:`network_reference`, one network at a time;
* :mod:`~crossbar.networks.gains`: :func:`fan_in_gains`, gains chosen at one size carried to another.

This layer imports :mod:`crossbar.devices`, :mod:`crossbar.tasks` and :mod:`crossbar.training`.
"""

from .energy import EnergyModel
from .engine import NetworkBatch, network_shapes, train_networks
from .gains import fan_in_gains
from .reference import NetworkTrial, network_reference

__all__ = ["EnergyModel", "NetworkBatch", "NetworkTrial", "fan_in_gains", "network_reference", "network_shapes",
           "train_networks"]
