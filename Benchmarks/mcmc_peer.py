#!/usr/bin/env python3
"""The Python side of the posterior-sampling benchmark (run-mcmc.sh runs
everything): NumPyro's NUTS (JAX on CPU, float64) and PyMC's NUTS on the
posteriors mcmc-benchmark samples with ProbKit, and the table of all three.

  mcmc_peer.py generate --data DIR
      writes the data once (numpy default_rng(2026), so every run has the
      same): DIR/eight-schools.json; DIR/logistic.{X,y} (5,000 x 20 float64,
      row-major; y in {0, 1}); DIR/gaussian.precision (100 x 100 float64,
      row-major) and DIR/mcmc-data.json (the shapes). Not timed.
  mcmc_peer.py run --data DIR --side numpyro|pymc [--models a,b] [--seed S]
      samples every model with 4 chains one after the other, 1000 warmup and
      1000 draws each, target acceptance 0.8, a diagonal metric; writes each
      model's draws to DIR/../mcmc-results/SIDE-MODEL.draws (float64, chains x
      draws x parameters) and prints JSON (seconds, compile seconds, names,
      divergences, leapfrog steps).
  mcmc_peer.py table --data DIR --results DIR
      reads every side's draws, computes each parameter's bulk ESS with
      ArviZ (az.ess, method="bulk") the same way for all sides, and prints
      the Markdown table: min bulk ESS / wall seconds per side and ProbKit's
      ratios.

The models (the same log density on every side, up to a constant):

- eight-schools: non-centred; mu ~ N(0, 5), tau ~ half-Cauchy(5) (sampled
  as log tau), theta_tilde[8] ~ N(0, 1), y_j ~ N(mu + tau theta_tilde_j,
  sigma_j). 10 parameters.
- logistic: beta[20] ~ N(0, 1), y_i ~ Bernoulli(logit^-1(x_i . beta)),
  5,000 rows. 20 parameters.
- gaussian: x ~ N(0, P^-1) in 100 dimensions, with P the inverse of an AR(1)
  correlation matrix (rho = 0.95) scaled by standard deviations log-uniform
  on [0.1, 10]: log p = -x'Px/2. 100 parameters, diagonal metric.
"""
import argparse, json, os, sys, time

import numpy as np

MODELS = ["eight-schools", "logistic", "gaussian"]
CHAINS, WARMUP, DRAWS, TARGET = 4, 1000, 1000, 0.8
ROWS, FEATURES, GAUSS_DIM, GAUSS_RHO = 5000, 20, 100, 0.95

SCHOOLS_Y = [28.0, 8.0, -3.0, 7.0, -1.0, 1.0, 18.0, 12.0]
SCHOOLS_SIGMA = [15.0, 10.0, 16.0, 11.0, 9.0, 11.0, 10.0, 18.0]


def generate(data):
    os.makedirs(data, exist_ok=True)
    if os.path.exists(os.path.join(data, "mcmc-data.json")):
        return
    rng = np.random.default_rng(2026)
    with open(os.path.join(data, "eight-schools.json"), "w") as f:
        json.dump({"y": SCHOOLS_Y, "sigma": SCHOOLS_SIGMA}, f)
    X = rng.standard_normal((ROWS, FEATURES))
    beta = rng.standard_normal(FEATURES) * 0.5
    y = (rng.random(ROWS) < 1 / (1 + np.exp(-X @ beta))).astype(np.float64)
    X.tofile(os.path.join(data, "logistic.X"))
    y.tofile(os.path.join(data, "logistic.y"))
    scales = np.exp(rng.uniform(np.log(0.1), np.log(10), GAUSS_DIM))
    idx = np.arange(GAUSS_DIM)
    corr = GAUSS_RHO ** np.abs(idx[:, None] - idx[None, :])
    cov = corr * np.outer(scales, scales)
    P = np.linalg.inv(cov)
    P = 0.5 * (P + P.T)
    P.tofile(os.path.join(data, "gaussian.precision"))
    with open(os.path.join(data, "mcmc-data.json"), "w") as f:
        json.dump({"rows": ROWS, "features": FEATURES, "gaussianDimension": GAUSS_DIM,
                   "gaussianRho": GAUSS_RHO, "gaussianScales": scales.tolist()}, f)


def load(data):
    meta = json.load(open(os.path.join(data, "mcmc-data.json")))
    schools = json.load(open(os.path.join(data, "eight-schools.json")))
    X = np.fromfile(os.path.join(data, "logistic.X")).reshape(meta["rows"], meta["features"])
    y = np.fromfile(os.path.join(data, "logistic.y"))
    d = meta["gaussianDimension"]
    P = np.fromfile(os.path.join(data, "gaussian.precision")).reshape(d, d)
    return meta, schools, X, y, P


# ---------------------------------------------------------------- NumPyro


def run_numpyro(data, models, seed, out):
    import jax
    import numpyro

    numpyro.set_host_device_count(1)
    numpyro.enable_x64()
    import jax.numpy as jnp
    import numpyro.distributions as dist
    from numpyro.infer import MCMC, NUTS

    compile_events = []

    def listen(event, duration, **kwargs):
        if event.startswith("/jax/core/compile/"):
            compile_events.append(duration)

    jax.monitoring.register_event_duration_secs_listener(listen)

    meta, schools, X, y, P = load(data)

    def eight_schools(sy, ssigma):
        mu = numpyro.sample("mu", dist.Normal(0.0, 5.0))
        tau = numpyro.sample("tau", dist.HalfCauchy(5.0))
        theta_tilde = numpyro.sample("theta_tilde", dist.Normal(0.0, 1.0).expand([8]).to_event(1))
        numpyro.sample("y", dist.Normal(mu + tau * theta_tilde, ssigma).to_event(1), obs=sy)

    def logistic(Xj, yj):
        beta = numpyro.sample("beta", dist.Normal(0.0, 1.0).expand([Xj.shape[1]]).to_event(1))
        numpyro.sample("y", dist.Bernoulli(logits=Xj @ beta).to_event(1), obs=yj)

    def gaussian(Pj):
        x = numpyro.sample(
            "x", dist.ImproperUniform(dist.constraints.real_vector, (), event_shape=(Pj.shape[0],)))
        numpyro.factor("lp", -0.5 * x @ (Pj @ x))

    cases = {
        "eight-schools": (eight_schools, (jnp.array(schools["y"]), jnp.array(schools["sigma"])),
                          ["mu", "tau", "theta_tilde"]),
        "logistic": (logistic, (jnp.array(X), jnp.array(y)), ["beta"]),
        "gaussian": (gaussian, (jnp.array(P),), ["x"]),
    }
    results = {"side": "numpyro", "versions": {"jax": jax.__version__,
                                               "numpyro": numpyro.__version__}, "models": {}}
    for name in models:
        model, args, sites = cases[name]
        kernel = NUTS(model, target_accept_prob=TARGET, dense_mass=False, max_tree_depth=10)
        mcmc = MCMC(kernel, num_warmup=WARMUP, num_samples=DRAWS, num_chains=CHAINS,
                    chain_method="sequential", progress_bar=False)
        # numpyro traces and compiles inside run() (its sampling loop again
        # for every run and chain); JAX reports every tracing, lowering and
        # XLA compilation to the listener, and their sum is the compile
        # time, taken out of the sampling time.
        compile_events.clear()
        t0, c0 = time.perf_counter(), time.process_time()
        mcmc.run(jax.random.PRNGKey(seed), *args, extra_fields=("diverging", "num_steps"))
        samples = mcmc.get_samples(group_by_chain=True)
        jax.block_until_ready(samples)
        total = time.perf_counter() - t0
        cpu = time.process_time() - c0
        compile_s = sum(compile_events)
        seconds = total - compile_s
        draws, names = flatten({s: np.asarray(samples[s]) for s in sites}, sites)
        draws.tofile(os.path.join(out, f"numpyro-{name}.draws"))
        extra = mcmc.get_extra_fields(group_by_chain=True)
        results["models"][name] = {
            "seconds": seconds, "totalSeconds": total, "compileSeconds": compile_s,
            "cpuSeconds": cpu, "compileEvents": len(compile_events), "parameters": names,
            "chains": CHAINS, "draws": DRAWS,
            "divergences": int(np.asarray(extra["diverging"]).sum()),
            "leapfrogSteps": int(np.asarray(extra["num_steps"]).sum()),
        }
        print(f"numpyro {name}: {seconds:.2f} s (+{compile_s:.2f} s compile)",
              file=sys.stderr)
    return results


def flatten(samples, sites):
    """chains x draws x parameters from {site: chains x draws [x k]}."""
    columns, names = [], []
    for s in sites:
        a = samples[s]
        if a.ndim == 2:
            columns.append(a[:, :, None])
            names.append(s)
        else:
            columns.append(a)
            names += [f"{s}[{i}]" for i in range(a.shape[2])]
    return np.ascontiguousarray(np.concatenate(columns, axis=2), dtype=np.float64), names


# ------------------------------------------------------------------- PyMC


def run_pymc(data, models, seed, out):
    import pymc as pm
    import pytensor
    import pytensor.tensor as pt

    meta, schools, X, y, P = load(data)

    def build(name):
        with pm.Model() as model:
            if name == "eight-schools":
                mu = pm.Normal("mu", 0.0, 5.0)
                tau = pm.HalfCauchy("tau", 5.0)
                theta_tilde = pm.Normal("theta_tilde", 0.0, 1.0, shape=8)
                pm.Normal("y", mu + tau * theta_tilde, np.array(schools["sigma"]),
                          observed=np.array(schools["y"]))
                sites = ["mu", "tau", "theta_tilde"]
            elif name == "logistic":
                beta = pm.Normal("beta", 0.0, 1.0, shape=X.shape[1])
                pm.Bernoulli("y", logit_p=pt.dot(X, beta), observed=y)
                sites = ["beta"]
            else:
                x = pm.Flat("x", shape=P.shape[0])
                pm.Potential("lp", -0.5 * pt.dot(x, pt.dot(P, x)))
                sites = ["x"]
        return model, sites

    results = {"side": "pymc", "versions": {"pymc": pm.__version__,
                                            "pytensor": pytensor.__version__}, "models": {}}
    for name in models:
        model, sites = build(name)
        with model:
            # A short run first, so that PyTensor's C modules are compiled
            # (and cached) before the timed run; the timed run still builds
            # the model's functions, from that cache.
            t0 = time.perf_counter()
            pm.sample(draws=10, tune=10, chains=1, cores=1, progressbar=False,
                      compute_convergence_checks=False, random_seed=seed)
            first = time.perf_counter() - t0
            t0, c0 = time.perf_counter(), time.process_time()
            trace = pm.sample(draws=DRAWS, tune=WARMUP, chains=CHAINS, cores=1,
                              target_accept=TARGET, random_seed=seed, progressbar=False,
                              compute_convergence_checks=False)
            seconds = time.perf_counter() - t0
            cpu = time.process_time() - c0
        posterior = trace.posterior
        draws, names = flatten({s: posterior[s].values for s in sites}, sites)
        draws.tofile(os.path.join(out, f"pymc-{name}.draws"))
        stats = trace.sample_stats
        results["models"][name] = {
            "seconds": seconds, "cpuSeconds": cpu, "warmupRunSeconds": first,
            "parameters": names,
            "chains": CHAINS, "draws": DRAWS,
            "divergences": int(stats["diverging"].values.sum()),
            "leapfrogSteps": int(stats["n_steps"].values.sum()),
        }
        print(f"pymc {name}: {seconds:.2f} s", file=sys.stderr)
    return results


# ------------------------------------------------------------------ table


def table(data, results_dir):
    import arviz as az

    sides = []
    for side in ["probkit", "numpyro", "pymc"]:
        path = os.path.join(results_dir, f"{side}.json")
        if os.path.exists(path):
            sides.append((side, json.load(open(path))))
    rows = {}
    for side, result in sides:
        for name, m in result["models"].items():
            shape = (m["chains"], m["draws"], len(m["parameters"]))
            draws = np.fromfile(os.path.join(results_dir, f"{side}-{name}.draws")).reshape(shape)
            ess = np.array([float(az.ess(draws[:, :, j], method="bulk"))
                            for j in range(shape[2])])
            j = int(np.argmin(ess))
            rows.setdefault(name, {})[side] = dict(
                m, minESS=float(ess[j]), minESSParameter=m["parameters"][j],
                essPerSecond=float(ess[j]) / m["seconds"])
    print("| posterior | side | wall s | min bulk ESS (parameter) | ESS/s | ProbKit ÷ side "
          "| leapfrog steps | divergent | compile s |")
    print("|:--|:--|--:|--:|--:|--:|--:|--:|--:|")
    summary = {}
    for name in MODELS:
        if name not in rows:
            continue
        pk = rows[name].get("probkit")
        for side in ["probkit", "numpyro", "pymc"]:
            r = rows[name].get(side)
            if r is None:
                continue
            ratio = "" if side == "probkit" or pk is None else \
                f"{pk['essPerSecond'] / r['essPerSecond']:.1f}x"
            compile_s = f"{r['compileSeconds']:.2f}" if "compileSeconds" in r else ""
            print(f"| {name} | {side} | {r['seconds']:.2f} | {r['minESS']:.0f} "
                  f"({r['minESSParameter']}) | {r['essPerSecond']:.0f} | {ratio} "
                  f"| {r['leapfrogSteps']} | {r['divergences']} | {compile_s} |")
            summary.setdefault(name, {})[side] = {
                k: r[k] for k in ["seconds", "minESS", "minESSParameter", "essPerSecond",
                                  "leapfrogSteps", "divergences"]}
    print()
    for side, result in sides:
        if "versions" in result:
            print(f"{side}: " + ", ".join(f"{k} {v}" for k, v in result["versions"].items()))
    with open(os.path.join(results_dir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("command", choices=["generate", "run", "table"])
    p.add_argument("--data", required=True)
    p.add_argument("--results")
    p.add_argument("--side", choices=["numpyro", "pymc"])
    p.add_argument("--models", default=",".join(MODELS))
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    if a.command == "generate":
        generate(a.data)
    elif a.command == "run":
        models = [m for m in a.models.split(",") if m]
        out = a.results or os.path.join(os.path.dirname(a.data.rstrip("/")), "mcmc-results")
        os.makedirs(out, exist_ok=True)
        run = run_numpyro if a.side == "numpyro" else run_pymc
        print(json.dumps(run(a.data, models, a.seed, out), indent=1))
    else:
        table(a.data, a.results or os.path.join(os.path.dirname(a.data.rstrip("/")),
                                                "mcmc-results"))


if __name__ == "__main__":
    main()
