#!/usr/bin/env python3
"""The Python side of the GLM benchmark (run-glm.sh runs everything).

  glm_peer.py generate --data DIR --rows N [--features 50]
      writes DIR/glm-N.{X,counts,gaussian,json}: X row-major float64 N x D,
      X ~ N(0, 1); Poisson counts with eta = 0.5 + X b, b ~ N(0, 0.3/sqrt(D))
      (about unit rates); a normal response 1 + X b + N(0, 1). numpy
      default_rng(2026), so the data are the same on every run. Not timed.
  glm_peer.py run --data DIR --rows N [--reps R] [--sigma S] [--cases ...]
      times the peers on the same files and prints JSON (coefficients,
      median seconds, peak RSS of the fits alone).
  glm_peer.py table --data DIR --rows N PROBKIT.json PEER.json
      computes every side's objective from its coefficients, the same way,
      and prints a Markdown table.

Objectives: Poisson MLE, the deviance D; Poisson MAP, D/2 + |b|^2/(2 s^2)
(intercept unpenalised; scikit-learn's alpha = 1/(n s^2), statsmodels'
fit_regularized(L1_wt=0) with alpha = 1/(n s^2) per feature and 0 for the
intercept); normal MLE, the residual sum of squares.
"""
import argparse, json, os, sys, time, datetime, warnings

import numpy as np

CASES = ["poisson-mle", "poisson-map", "normal-mle"]


def paths(data, rows):
    p = os.path.join(data, f"glm-{rows}")
    return p + ".X", p + ".counts", p + ".gaussian", p + ".json"


def generate(data, rows, features):
    xpath, cpath, gpath, jpath = paths(data, rows)
    if os.path.exists(jpath):
        return
    rng = np.random.default_rng(2026)
    X = rng.standard_normal((rows, features))
    b = rng.standard_normal(features) * (0.3 / np.sqrt(features))
    eta = 0.5 + X @ b
    counts = rng.poisson(np.exp(eta)).astype(np.float64)
    gaussian = 1.0 + X @ b + rng.standard_normal(rows)
    X.tofile(xpath)
    counts.tofile(cpath)
    gaussian.tofile(gpath)
    with open(jpath, "w") as f:
        json.dump({"rows": rows, "features": features}, f)


def load(data, rows):
    xpath, cpath, gpath, jpath = paths(data, rows)
    shape = json.load(open(jpath))
    X = np.fromfile(xpath).reshape(shape["rows"], shape["features"])
    return X, np.fromfile(cpath), np.fromfile(gpath)


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def status_kb(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return -1


def poisson_deviance(y, eta):
    mu = np.exp(eta)
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(y / mu), 0.0)
    return 2.0 * np.sum(term - (y - mu))


def objective(case, X, counts, gaussian, coef, intercept, sigma):
    coef = np.asarray(coef)
    eta = X @ coef + intercept
    if case == "poisson-mle":
        return poisson_deviance(counts, eta)
    if case == "poisson-map":
        return poisson_deviance(counts, eta) / 2 + coef @ coef / (2 * sigma**2)
    r = gaussian - eta
    return r @ r


def timed(reps, fit):
    times, result = [], None
    for _ in range(reps):
        start = time.perf_counter()
        result = fit()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2], times, result


def run(args):
    import sklearn
    import statsmodels
    import statsmodels.api as sm
    from sklearn.linear_model import PoissonRegressor

    X, counts, gaussian = load(args.data, args.rows)
    n, d = X.shape
    rows = []
    cases = args.cases.split(",")
    peers = args.peers.split(",")

    def record(case, peer, fit, extract, note=""):
        reset_peak()
        baseline = status_kb("VmRSS")
        seconds, times, result = timed(args.reps if peer != "statsmodels" else args.sm_reps, fit)
        peak = status_kb("VmHWM")
        coef, intercept, iterations = extract(result)
        rows.append({"case": case, "peer": peer, "seconds": seconds, "times": times,
                     "coefficients": list(map(float, coef)), "intercept": float(intercept),
                     "iterations": int(iterations), "extraMB": (peak - baseline) / 1024,
                     "note": note})
        print(f"{case} {peer}: {seconds:.3f} s {times}", file=sys.stderr)

    # statsmodels needs the constant column: built once, not timed (its
    # memory is counted in no one's peak).
    Xc = sm.add_constant(X, prepend=False) if "statsmodels" in peers else None
    alpha = 1.0 / (n * args.sigma**2)
    for case in cases:
        if case.startswith("poisson"):
            mle = case == "poisson-mle"
            if "statsmodels" in peers:
                if mle:
                    record(case, "statsmodels",
                           lambda: sm.GLM(counts, Xc, family=sm.families.Poisson()).fit(),
                           lambda r: (r.params[:d], r.params[d], r.fit_history["iteration"]),
                           "GLM.fit() (IRLS, tol 1e-8)")
                elif args.sm_map:
                    penalty = np.r_[np.full(d, alpha), 0.0]
                    record(case, "statsmodels",
                           lambda: sm.GLM(counts, Xc, family=sm.families.Poisson())
                           .fit_regularized(alpha=penalty, L1_wt=0.0),
                           lambda r: (r.params[:d], r.params[d], 0),
                           "GLM.fit_regularized(L1_wt=0) (scipy BFGS on the ridge objective)")
            if "sklearn" in peers:
                def fit(mle=mle):
                    model = PoissonRegressor(alpha=0.0 if mle else alpha, solver="lbfgs",
                                             tol=args.tol, max_iter=10000)
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        return model.fit(X, counts)
                record(case, "sklearn", fit, lambda r: (r.coef_, r.intercept_, r.n_iter_),
                       f"PoissonRegressor(lbfgs, tol {args.tol:g})")
        elif case == "normal-mle" and "numpy" in peers:
            Xg = np.hstack([X, np.ones((n, 1))])  # not timed, as statsmodels' constant
            record(case, "numpy", lambda: np.linalg.lstsq(Xg, gaussian, rcond=None)[0],
                   lambda r: (r[:d], r[d], 0), "numpy.linalg.lstsq on [X 1]")
            del Xg
    print(json.dumps({"peers": rows, "numpy": np.__version__, "sklearn": sklearn.__version__,
                      "statsmodels": statsmodels.__version__}))


def table(args):
    X, counts, gaussian = load(args.data, args.rows)
    ours = json.load(open(args.probkit))
    peer = json.load(open(args.peer))
    n, d = X.shape
    names = {"poisson-mle": "Poisson MLE (deviance)",
             "poisson-map": f"Poisson MAP σ={args.sigma:g} (½D + ½‖β‖²/σ²)",
             "normal-mle": "Normal MLE (RSS)"}
    print(f"{n:,} × {d}, single-threaded, {datetime.date.today().isoformat()}; "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(default)')}; "
          f"numpy {peer['numpy']}, scikit-learn {peer['sklearn']}, statsmodels {peer['statsmodels']}. "
          "Median seconds of the fit alone; objective computed in numpy from each side's "
          "coefficients; extra MiB = peak RSS during the fits minus RSS before them.")
    print()
    print("| problem | ProbKit s | it. | ProbKit objective | ProbKit extra MiB | peer | peer s | it. | "
          "peer objective | peer extra MiB | speed-up (peer s / ProbKit s) | objective gap (peer − ProbKit, relative) |")
    print("|:--|--:|--:|--:|--:|:--|--:|--:|--:|--:|--:|--:|")
    mine = {r["case"]: r for r in ours["probkit"]}
    for row in peer["peers"]:
        m = mine.get(row["case"])
        if m is None:
            continue
        fm = objective(row["case"], X, counts, gaussian, m["coefficients"], m["intercept"], args.sigma)
        fp = objective(row["case"], X, counts, gaussian, row["coefficients"], row["intercept"], args.sigma)
        print(f"| {names[row['case']]} | {m['seconds']:.3f} | {m['iterations']} | {fm:.12g} | "
              f"{max(m['extraMB'], 0):.0f} | {row['peer']} | {row['seconds']:.3f} | {row['iterations'] or '–'} | "
              f"{fp:.12g} | {max(row['extraMB'], 0):.0f} | {row['seconds'] / m['seconds']:.2f}x | "
              f"{(fp - fm) / abs(fm):.2g} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["generate", "run", "table"])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--data", required=True)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--features", type=int, default=50)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--sm-reps", type=int, default=1, help="repetitions for statsmodels")
    parser.add_argument("--sm-map", type=int, default=1, help="also time statsmodels' ridge fit")
    parser.add_argument("--sigma", type=float, default=1.0)
    parser.add_argument("--tol", type=float, default=1e-6, help="scikit-learn's tol")
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--peers", default="statsmodels,sklearn,numpy")
    args = parser.parse_intermixed_args()
    if args.command == "generate":
        generate(args.data, args.rows, args.features)
    elif args.command == "run":
        run(args)
    else:
        args.probkit, args.peer = args.files
        table(args)
