"""Reference values for ProbKitMCMC's convergence diagnostics, from ArviZ.

For seeded numpy draws (chains x iterations of one scalar parameter) this
records what ArviZ computes:

    az.rhat(method="rank")                    rank-normalised split-R-hat
    az.ess(method="bulk" | "tail" | "mean" | "identity")
    az.mcse(method="mean" | "sd")
    az.summary(round_to="none")               mean, sd, mcse_mean, mcse_sd,
                                              ess_bulk, ess_tail, r_hat
    np.quantile(all draws, [0.05, 0.5, 0.95]) (linear, numpy's default)
    az.bfmi(energy)                           E-BFMI of each chain's energies

Cases: iid normal, AR(1) chains with strong autocorrelation, chains with
shifted means, heavy tails (Student t, 1.5 degrees of freedom), few draws
(odd and even), one chain, random walks (Geyer's sequence runs to
hundreds of lags), discrete draws (ties in the ranks), constant
draws and chains stuck at different values. Where ArviZ answers NaN (R-hat of
one chain or of constant draws, MCSE of the sd of constant draws) the
fixture says "nan" and the Swift tests check ProbKit's documented value
instead.

Writes Tests/ProbKitMCMCTests/Fixtures/mcmc_diagnostics.json:
{"arviz": version, "numpy": version, "scipy": version,
 "cases": [{"name", "draws": [[str]], "rhat", "essBulk", "essTail", "essMean",
   "essIdentity", "mcseMean", "mcseSd", "summary": {"mean", "sd", "q5", "q50",
   "q95", "mcseMean", "mcseSd", "essBulk", "essTail", "rhat"}}],
 "bfmi": [{"name", "energy": [[str]], "values": [str]}]}   (numbers as repr strings)
Run: python3 Tests/Reference/generate_mcmc_diagnostics.py   (pip install arviz)
"""

import json
import os
import warnings

import arviz as az
import numpy as np
import scipy

warnings.simplefilter("ignore")


def fmt(value):
    return repr(float(value))


def ar1(rng, chains, draws, phi, start_spread=0.0):
    out = np.empty((chains, draws))
    for c in range(chains):
        x = rng.normal(0, start_spread) if start_spread > 0 else 0.0
        for i in range(draws):
            x = phi * x + np.sqrt(1 - phi * phi) * rng.normal()
            out[c, i] = x
    return out


def cases():
    rng = np.random.default_rng(20261203)
    yield "iid normal", rng.normal(1.5, 2.0, size=(4, 500))
    yield "AR(1) phi 0.95", ar1(rng, 4, 1000, 0.95)
    yield "AR(1) phi 0.99, 2 chains", ar1(rng, 2, 800, 0.99, start_spread=3.0)
    shifted = rng.normal(0, 1, size=(4, 300)) + np.array([[0.0], [0.5], [1.0], [1.5]])
    yield "shifted means", shifted
    yield "slightly shifted means", rng.normal(0, 1, size=(4, 400)) + np.array(
        [[0.0], [0.0], [0.0], [0.15]]
    )
    yield "heavy tails", rng.standard_t(1.5, size=(4, 400))
    yield "few draws, odd", rng.normal(size=(2, 7))
    yield "few draws, 4 each", rng.normal(size=(3, 4))
    yield "one chain", ar1(rng, 1, 200, 0.5)
    yield "discrete (ties)", rng.poisson(3.0, size=(4, 250)).astype(float)
    yield "large offset", 1e6 + rng.normal(size=(4, 200))
    yield "random walks", np.cumsum(rng.normal(size=(4, 1500)), axis=1)
    yield "constant", np.full((4, 50), 2.0)
    yield "stuck chains", np.repeat(np.array([[1.0], [2.0], [3.0]]), 20, axis=1)


def energy_cases():
    rng = np.random.default_rng(20261204)
    yield "iid energies", rng.gamma(3.0, 1.0, size=(4, 500)) + 10.0
    yield "sticky energies", 5.0 + np.cumsum(rng.normal(size=(2, 600)), axis=1) * 0.1
    yield "AR(1) phi 0.9", 100.0 + ar1(rng, 3, 400, 0.9)
    yield "two draws", np.array([[1.0, 3.0], [2.0, -1.0]])


def main():
    energies = []
    for name, energy in energy_cases():
        energies.append(
            {
                "name": name,
                "energy": [[fmt(v) for v in chain] for chain in energy],
                "values": [fmt(v) for v in az.bfmi(energy)],
            }
        )
    out = []
    for name, draws in cases():
        summary = az.summary({"x": draws}, round_to="none")
        row = summary.loc["x"]
        q5, q50, q95 = np.quantile(draws, [0.05, 0.5, 0.95])
        out.append(
            {
                "name": name,
                "draws": [[fmt(v) for v in chain] for chain in draws],
                "rhat": fmt(az.rhat(draws, method="rank")),
                "essBulk": fmt(az.ess(draws, method="bulk")),
                "essTail": fmt(az.ess(draws, method="tail")),
                "essMean": fmt(az.ess(draws, method="mean")),
                "essIdentity": fmt(az.ess(draws, method="identity")),
                "mcseMean": fmt(az.mcse(draws, method="mean")),
                "mcseSd": fmt(az.mcse(draws, method="sd")),
                "summary": {
                    "mean": fmt(row["mean"]),
                    "sd": fmt(row["sd"]),
                    "q5": fmt(q5),
                    "q50": fmt(q50),
                    "q95": fmt(q95),
                    "mcseMean": fmt(row["mcse_mean"]),
                    "mcseSd": fmt(row["mcse_sd"]),
                    "essBulk": fmt(row["ess_bulk"]),
                    "essTail": fmt(row["ess_tail"]),
                    "rhat": fmt(row["r_hat"]),
                },
            }
        )
    path = os.path.join(
        os.path.dirname(__file__), "..", "ProbKitMCMCTests", "Fixtures", "mcmc_diagnostics.json"
    )
    with open(path, "w") as handle:
        json.dump(
            {
                "arviz": az.__version__,
                "numpy": np.__version__,
                "scipy": scipy.__version__,
                "cases": out,
                "bfmi": energies,
            },
            handle,
            indent=1,
        )
        handle.write("\n")


if __name__ == "__main__":
    main()
