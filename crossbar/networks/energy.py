"""What a training costs in energy: the write pulses, and the reads of an inference.

A write pulse of amplitude V_w and width t_w across a device whose conductance goes from G to G'
dissipates V_w^2 (G + G') / 2 t_w, NeuroSim's write energy of an analog cell (MLP+NeuroSim V3.0,
``Cell.cpp``, ``AnalogNVM::WriteEnergyCalculation``), here without the wires' capacitance and
the half-selected cells, which depend on the array's layout. A reset pulse of the refresh rule
is a write pulse too, with the same V_w and t_w, from G to the device's start G'. A read of one pattern applies the
input voltages V_j to the rows for t_r and dissipates sum_j V_j^2 sum_c G_jc t_r in a layer.

G is each device's own conductance, g(0) + its rise + its offset, on the device's curve (a preset's
curve scaled onto the embedded device's window), not the crossbar model's weight conductance
K (g - g(0) + s) that gives the layers' currents: K is taken for a gain of the circuit around the
devices, which a pulse or a read across a device does not pass through, and a device conducts its
g(0) whatever its weight. The reads are charged on these conductances too, not on those the
currents are computed with; were K a number of devices in parallel, both would be K times the
device's. Defaults: the device file's own pulse
amplitude and width where its header gives them (the embedded device: 2 V, 1 ms), else
NeuroSim V3.0's real-device defaults, V_w = 2 V and t_w = 80 ns (``RealDevice`` in ``Cell.cpp``);
a read lasts t_r = 5 ns, NeuroSim's read pulse width. The model's ``source`` says which pulse was
taken, and the reports print it: an energy on NeuroSim's pulse is not the device's own.

A device whose data give its depressing pulse apart from its potentiating one (a depression
file's own header, ``ON Voltage (V):-3`` and ``tON (ms):5``, or its pulse rows; a two-way
file's depressing rows) has its depressing pulses, and the refresh rule's resets (which take a
device down to its start), charged at that pulse: ``depress_voltage``, ``depress_width``,
``depress_source``. Where the data give none, every pulse is charged at the one write pulse, as
before (probe 12a, E1: a depression file's 3 V, 5 ms pulses were charged at the potentiation
file's 2 V, 1 ms, 11 times too little).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np

from ..devices import DeviceCurve
from ..devices.checks import outside_range, range_text
from ..numbers import instance, real, real_array
from ..resources import require_memory
from ..tasks import MAX_INPUT_VOLTAGE
from ..training.physics import ordered_sum

__all__ = ["EnergyModel", "NEUROSIM_WRITE_VOLTAGE", "NEUROSIM_WRITE_WIDTH", "NEUROSIM_READ_WIDTH"]

#: NeuroSim V3.0's real-device write voltage, V, and write pulse width, s (``Cell.cpp``, RealDevice).
NEUROSIM_WRITE_VOLTAGE = 2.0
NEUROSIM_WRITE_WIDTH = 80e-9
#: NeuroSim V3.0's read pulse width, s.
NEUROSIM_READ_WIDTH = 5e-9
#: Inputs smaller than this are not held to the memory budget: reading /proc/meminfo at each epoch of a
#: training would cost more than such arrays can.
_UNCHECKED_BYTES = 2**24
#: The least write voltage, V, and pulse width, s, of a physical pulse (the device files' floor too): 5e-324 V or s
#: was a finite number > 0 and gave energies of about 0 J.
MIN_VOLTAGE = 1e-3
MIN_WIDTH = 1e-12
#: What `EnergyModel.write` takes per device: the engine sends one pulse a device at most per call.
_ONE_PULSE = "-1, 0 or +1 per device (one pulse, its sign the direction; 0 where none is sent)"
# what each pulse parameter may be: (least, what is expected)
_RANGES = {"write_voltage": (MIN_VOLTAGE, "a finite number >= 1e-3 (1 mV), <= 1000 (V)"),
           "write_width": (MIN_WIDTH, "a finite number >= 1e-12 (1 ps), <= 1000 (s)"),
           "read_width": (MIN_WIDTH, "a finite number >= 1e-12 (1 ps), <= 1000 (s)"),
           "depress_voltage": (MIN_VOLTAGE, "a finite number >= 1e-3 (1 mV), <= 1000 (V), or None"),
           "depress_width": (MIN_WIDTH, "a finite number >= 1e-12 (1 ps), <= 1000 (s), or None")}


@dataclass(frozen=True)
class EnergyModel:
    """Write and read pulse parameters; see the module docstring for the equations."""

    write_voltage: float = NEUROSIM_WRITE_VOLTAGE  # V_w, V
    write_width: float = NEUROSIM_WRITE_WIDTH  # t_w, s
    read_width: float = NEUROSIM_READ_WIDTH  # t_r, s
    source: str = field(default="given", compare=False)  # where V_w and t_w come from, for the reports
    depress_voltage: float | None = None  # V of a depressing pulse (and a reset) where it is not V_w, V
    depress_width: float | None = None  # its width, s (both given, or neither)
    depress_source: str | None = field(default=None, compare=False)  # where they come from

    def __post_init__(self):
        down = (self.depress_voltage, self.depress_width)
        if (down[0] is None) != (down[1] is None):
            raise ValueError(f"EnergyModel: depress_voltage = {down[0]!r} and depress_width = {down[1]!r}: expected "
                             "both (a depressing pulse of its own) or neither (every pulse the write pulse)")
        for name, (least, expected) in _RANGES.items():
            if name.startswith("depress") and getattr(self, name) is None:
                continue
            value = real(getattr(self, name), f"EnergyModel.{name}", expected)
            if not least <= value <= 1e3:
                raise ValueError(f"EnergyModel.{name} = {value!r}: expected {expected}")
            object.__setattr__(self, name, float(value))
        for name in ("source", "depress_source"):
            value = getattr(self, name)
            if not isinstance(value, str) and not (name == "depress_source" and value is None):
                raise TypeError(f"EnergyModel.{name} must be a str, got {type(value).__name__}")
        if down[0] is not None and self.depress_source is None:
            object.__setattr__(self, "depress_source", "given")

    @classmethod
    def of(cls, device):
        """The device's pulse amplitude and width (its file's header) where it gives them, NeuroSim's
        otherwise; `source` says which. A value it gives that is no pulse is refused, not replaced. A two-way
        device whose data give its depressing pulse apart (a depression file's header or pulse rows, a two-way
        file's depressing rows) gets it as ``depress_voltage`` and ``depress_width``, with ``depress_source``."""
        meta = instance(device, DeviceCurve, "device", "a DeviceCurve (crossbar.preset(name) or "
                        "crossbar.load_device(path))").metadata
        from_file = bool(device.source) and not device.source.startswith("preset:")
        origin = "the device file's header" if from_file else "the device's metadata"
        values, given = {}, []
        rows = _rows_voltage(device, meta) if meta.get("pulse_voltage") is None else None
        for key, name, default in (("pulse_voltage", "write_voltage", NEUROSIM_WRITE_VOLTAGE),
                                   ("pulse_width", "write_width", NEUROSIM_WRITE_WIDTH)):
            value = meta.get(key)
            if value is None and key == "pulse_voltage" and rows is not None:
                value, origin_rows = rows
            if value is None:
                values[name] = default
                continue
            values[name] = _pulse_value(device, key, value)
            given.append(key)
        if rows is not None:  # the voltage from the file's pulse rows, not its header
            width = "pulse_width from the device file's header" if "pulse_width" in given else \
                "NeuroSim's default pulse_width"
            source = f"pulse_voltage from {origin_rows}, {width}"
        elif len(given) == 2:
            source = origin
        elif not given:
            source = f"NeuroSim's default: {'the device file' if from_file else 'the device'} gives none"
        else:
            source = f"{given[0]} from {origin}, the other NeuroSim's default"
        return cls(**values, source=source, **_depressing_pulse(device, meta, values))

    def pulse(self, sign):
        """(voltage, width) of a pulse of `sign`: > 0 potentiates, < 0 depresses (the depressing pulse where the
        model has one of its own)."""
        if sign < 0 and self.depress_voltage is not None:
            return self.depress_voltage, self.depress_width
        return self.write_voltage, self.write_width

    def pulse_text(self):
        """The write pulse(s) the energy assumes and where they come from, for a report line."""
        if self.depress_voltage is None:
            return f"{self.write_voltage:g} V, {self.write_width:.3g} s each; {self.source}"
        return (f"potentiating {self.write_voltage:g} V, {self.write_width:.3g} s ({self.source}); depressing "
                f"{self.depress_voltage:g} V, {self.depress_width:.3g} s ({self.depress_source})")

    def write(self, before, after, pulses):
        """Energy of the pulses (B, N, C), one per device at most: +1 a potentiating pulse, -1 a depressing one,
        0 none (or True where sent), J per trial (B,), of devices going from conductances `before` to `after`
        (S, in the physical range 1e-15 ... 1 S, each of the pulses' shape or one that broadcasts to it)."""
        pulses = _array(pulses, "EnergyModel.write: pulses", f"an array (B, ...) of pulses, {_ONE_PULSE}", "fiub")
        if pulses.ndim == 0:
            raise ValueError("EnergyModel.write: pulses must have a leading trial axis (B, ...), got a scalar")
        # the checks and the sums make about four arrays of the pulses' shape (broadcast inputs are views)
        _memory(32 * pulses.size, f"EnergyModel.write: pulses of shape {pulses.shape}")
        if pulses.dtype.kind != "b":  # NaN was counted as a pulse sent, and 3 (or 2.5) as one pulse (probe 11a, E3)
            bad = (pulses != 0) & (pulses != 1) & (pulses != -1)
            if bad.any():
                where = np.unravel_index(np.argmax(bad), pulses.shape)
                raise ValueError(f"EnergyModel.write: pulses[{', '.join(map(str, where))}] = {pulses[where].item()!r}: "
                                 f"expected {_ONE_PULSE}")
        before, after = (_conductances(v, f"EnergyModel.write: {name}", pulses.shape)
                         for v, name in ((before, "before"), (after, "after")))
        e = self.write_voltage ** 2 * 0.5 * (before + after) * self.write_width
        if pulses.size == 0:  # no trial, or no device: nothing sent (reshape(0, -1) raised numpy's own error)
            return np.zeros(pulses.shape[0])
        if self.depress_voltage is not None:  # depressing pulses (and resets, True) at the depressing pulse
            down = self.depress_voltage ** 2 * 0.5 * (before + after) * self.depress_width
            e = down if pulses.dtype.kind == "b" else np.where(pulses < 0, down, e)
        return np.where(pulses != 0, e, 0.0).reshape(pulses.shape[0], -1).sum(axis=1)

    def read(self, voltages, conductance):
        """Energy of reading patterns `voltages` (B, P, N) through devices `conductance` (B, N, C),
        J per pattern and trial (B, P): summed over the columns, then the rows, each in its order
        (not a BLAS product, whose order depends on its thread count)."""
        voltages = _array(voltages, "EnergyModel.read: voltages", "an array (B, P, N) of input voltages, V")
        conductance = _array(conductance, "EnergyModel.read: conductance", "an array of device conductances, S")
        if voltages.ndim != 3 or conductance.ndim != 3 or voltages.shape[0] != conductance.shape[0] \
                or voltages.shape[2] != conductance.shape[1]:
            raise ValueError(f"EnergyModel.read: voltages {voltages.shape} and conductance {conductance.shape}: "
                             "expected finite voltages (B, P, N) and conductances (B, N, C), the same B and N")
        # the checks make about three bytes per number of each input (broadcast inputs are views); the sums,
        # one row of voltages at a time, three arrays (B, P)
        B, P, N = voltages.shape
        _memory(3 * (voltages.size + conductance.size) + 24 * B * P,
                f"EnergyModel.read: voltages {voltages.shape} and conductance {conductance.shape}")
        bad = ~((voltages >= -MAX_INPUT_VOLTAGE) & (voltages <= MAX_INPUT_VOLTAGE))  # NaN too; 1e200 V made inf
        if bad.any():
            where = np.unravel_index(np.argmax(bad), voltages.shape)
            at = ", ".join(map(str, where))
            raise ValueError(f"EnergyModel.read: voltages[{at}] = {float(voltages[where])!r} V: expected finite "
                             f"voltages within +-{MAX_INPUT_VOLTAGE:g} V, the range of a row voltage")
        conductance = _conductances(conductance, "EnergyModel.read: conductance")
        if N == 0 or conductance.shape[2] == 0:  # no row or no column: no device is read, which costs nothing
            return np.zeros((B, P))  # (ordered_sum of nothing raised StopIteration)
        rows = ordered_sum(np.moveaxis(conductance, -1, 0))  # (B, N): sum_c G_jc
        terms = (voltages[..., j] * voltages[..., j] * rows[..., j, None] for j in range(N))
        return ordered_sum(terms) * self.read_width

    def describe(self):
        out = {"write_voltage": self.write_voltage, "write_width": self.write_width, "read_width": self.read_width,
               "source": self.source}
        if self.depress_voltage is not None:
            out.update(depress_voltage=self.depress_voltage, depress_width=self.depress_width,
                       depress_source=self.depress_source)
        return out


def _pulse_value(device, key, value, where="metadata"):
    """|value| of a pulse setting `key` (pulse_voltage, V, or pulse_width, s) the device's metadata gives, as a float,
    or ValueError: a value that is no pulse is refused, not replaced by NeuroSim's."""
    voltage = key.endswith("pulse_voltage")
    expected = "a voltage of 1 mV <= |V| <= 1000 V" if voltage else "a width of 1 ps ... 1000 s"
    least = MIN_VOLTAGE if voltage else MIN_WIDTH
    if isinstance(value, bool) or not isinstance(value, numbers.Real) \
            or not least <= abs(value) <= 1e3 or (not voltage and value < 0):
        raise ValueError(f"device {device.name!r}: {where} {key} = {value!r}: expected {expected} (the "
                         "write pulse its energy assumes)")
    return abs(float(value))


def _depressing_pulse(device, meta, up):
    """{depress_voltage, depress_width, depress_source} of a two-way device whose data give its depressing pulse
    apart from the potentiating one (`up`: write_voltage and write_width), else {} (every pulse the write pulse,
    as before): a depression file's own header or pulse rows (`meta["depression_metadata"]`, the loader's), or a
    two-way file's depressing rows (`meta["depress_rows"]`). What the data do not give is the potentiating pulse's."""
    if not device.two_way:
        return {}
    down = meta.get("depression_metadata")
    if isinstance(down, dict):  # a depression file of its own (or metadata as load_device writes it)
        name = meta.get("depression_file")
        file = f"the depression file {name}" if name else "the depression branch"
        header = f"{file}'s header" if name else "the depression branch's metadata"
        voltage, width, where = down.get("pulse_voltage"), down.get("pulse_width"), "depression_metadata"
        rows = _rows_voltage(device, down, file=file) if voltage is None else None
        voltage_from = None if voltage is None and rows is None else header
        if rows is not None:
            voltage, voltage_from = rows
        width_from = None if width is None else header
    else:  # one two-way file: its depressing rows' voltage, its one tON (the potentiating pulse's width)
        rows = _rows_voltage(device, meta, "depress_rows")
        if rows is None:
            return {}
        (voltage, voltage_from), width, width_from, where = rows, None, None, "metadata"
    if voltage is None and width is None:
        return {}
    voltage = up["write_voltage"] if voltage is None else _pulse_value(device, "pulse_voltage", voltage, where)
    width = up["write_width"] if width is None else _pulse_value(device, "pulse_width", width, where)
    if voltage_from == width_from:
        source = voltage_from
    else:
        source = (f"voltage from {voltage_from}" if voltage_from else "voltage the potentiating pulse's voltage") \
            + (f", width from {width_from}" if width_from else ", width the potentiating pulse's width")
    return {"depress_voltage": voltage, "depress_width": width, "depress_source": source}


def _rows_voltage(device, meta, key="pulse_rows", file="the device file"):
    """(voltage, where it comes from) of a device file's pulse rows where its header gives no 'ON Voltage' (the
    loader notes them as "pulse_rows"; a two-way file's depressing rows as "depress_rows"), or None; ValueError if
    they disagree beyond 1 %: no one write voltage."""
    rows = meta.get(key)
    if not isinstance(rows, dict) or not {"voltage", "low", "high", "count", "line"} <= rows.keys():
        return None
    median = rows["voltage"]
    depressing = key == "depress_rows"
    what = "depressing pulse rows" if depressing else "pulse rows"
    if max(abs(rows["low"] - median), abs(rows["high"] - median)) > 0.01 * abs(median):
        if depressing:
            said, hint = f"its {rows['count']} depressing pulse rows", "expected one depressing write voltage"
        else:
            said = (f"{'' if file == 'the device file' else file + ' has '}no 'ON Voltage (V): value' header line, "
                    f"and its {rows['count']} pulse rows of one polarity")
            hint = "expected one write voltage; give it in an 'ON Voltage (V):' header line"
        raise ValueError(f"device {device.name!r} ({device.source}): {said} (from line {rows['line']}) are at "
                         f"{rows['low']:g} ... {rows['high']:g} V, more than 1 % from their median {median:g} V: "
                         f"{hint}")
    return median, f"{file}'s {what} (the median of {rows['count']}, from line {rows['line']})"


def _array(values, name, expected, kinds="fiu"):
    """`values` as a numeric array (an array of numbers is taken as it is: the engine hands one over per epoch;
    the refresh rule's reset pulses are booleans), or TypeError naming `name`."""
    if isinstance(values, np.ndarray) and values.dtype.kind in kinds:
        return values
    return real_array(values, name, expected)


def _conductances(values, name, shape=None):
    """`values` as conductances in the physical range 1e-15 ... 1 S, broadcasting to `shape` if given; or an error
    naming `name`: negative ones gave a negative energy, 5 S an energy reported as physical, 1e308 S an infinite
    one, None "unsupported operand type(s) for +"."""
    g = _array(values, name, "an array of device conductances, S")
    if shape is not None:  # checked first: the range check makes arrays of g's own size
        try:
            fits = np.broadcast_shapes(g.shape, shape) == shape
        except ValueError:
            fits = False
        if not fits:
            raise ValueError(f"{name} has shape {g.shape}, the pulses {shape}: expected the "
                             "pulses' shape (or one that broadcasts to it)")
    bad = outside_range(g)
    if bad.any():
        where = np.unravel_index(np.argmax(bad), g.shape)
        at = f"[{', '.join(map(str, where))}]" if where else ""
        raise ValueError(f"{name}{at} = {float(g[where])!r} S: expected conductances in the physical range "
                         f"{range_text()}")
    return g


def _memory(nbytes, what):
    """Refuse, before any array is made, inputs (broadcast views of a small array, say) whose sums need more
    memory than there is: a MemoryError was raised from inside."""
    if nbytes > _UNCHECKED_BYTES:
        require_memory(nbytes, what, "pass fewer trials or patterns at once")
