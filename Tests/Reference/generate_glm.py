#!/usr/bin/env python3
"""Generate the reference fixture for ProbKit's generalized linear models (issue 13).

Writes ``Tests/ProbKitRegressionTests/Fixtures/glm.json``.

JSON schema
===========
Every number is a JSON string: doubles in Python ``repr`` form (shortest string that
round-trips to the same double, at most 17 significant digits: "0.1",
"-3.772539433927191e-06"; no inf or nan occurs), integers as plain integer strings
("32").  ``null`` marks "does not apply".  Booleans are JSON booleans.  Keys are sorted
within each entry; one data set / case per line.

    {
      "generator": {"script": "Tests/Reference/generate_glm.py", "date": "YYYY-MM-DD",
                    "python": "3.x.y", "numpy": "...", "scipy": "...", "mpmath": "...",
                    "statsmodels": "...", "scikit-learn": "..."},
      "datasets": [Dataset, ...],
      "mle": [MLECase, ...],
      "map": [MAPCase, ...]
    }

    Dataset = {
      "name": String,                 // referenced by the cases
      "description": String,          // source and the exact transformation applied
      "source": String,               // e.g. "statsmodels.datasets.spector"
      "rowCount": Int,                // rows stored (after any subsampling)
      "originalRowCount": Int,        // rows in the shipped data set
      "subsample": String | null,     // the deterministic rule, null when all rows are kept
      "featureNames": [String],       // columns of "features" (no intercept column)
      "features": [[Double]],         // rowCount rows x featureCount; the design matrix
                                      // WITHOUT the intercept column, exactly as fitted
      "response": [Double],           // y (counts for Poisson / NB / Binomial successes)
      "trials": [Double] | null,      // Binomial: trials per row (successes + failures)
      "exposure": [Double] | null,    // raw exposure when the offset is log(exposure)
      "offset": [Double] | null       // the offset added to the linear predictor, as
                                      // statsmodels used it (numpy float64 log(exposure))
    }

    Parameter = {"estimate", "standardError", "z", "pValue", "lower", "upper": Double}
                                      // lower / upper: 95% Wald interval

    MLECase = {
      "name": String,                 // unique, e.g. "spector-bernoulli-probit"
      "dataset": String,
      "family": "bernoulli" | "binomial" | "poisson" | "gaussian" | "gamma" |
                "negativeBinomial",
      "link": "logit" | "probit" | "cloglog" | "log" | "identity",
      "hasIntercept": Bool,
      "usesOffset": Bool,             // true: add dataset.offset to X beta
      "weights": [Double] | null,     // statsmodels freq_weights (integers here), per row
      "intercept": Parameter | null,  // null when hasIntercept is false
      "coefficients": [Parameter],    // one per dataset feature, in featureNames order
      "exactIntercept": Double | null,     // the MLE computed to ~30 digits by this script
      "exactCoefficients": [Double],       // (mpmath Newton), rounded once to doubles
      "maxRelativeDifference": Double,     // max_j |statsmodels_j - exact_j| / |exact_j|
      "maxDifferenceInStandardErrors": Double, // max_j |statsmodels_j - exact_j| / SE_j
      "deviance", "nullDeviance", "pearsonChi2", "logLikelihood", "nullLogLikelihood",
      "scale", "aic", "bicLlf", "bicDeviance": Double,
      "scaleMethod": "fixed" | "pearson",  // fixed = 1 (bernoulli, binomial, poisson, NB)
      "statistic": "z",               // statsmodels GLM uses normal z statistics, also for
                                      // the Gaussian and Gamma families (use_t = False)
      "nobs": Int,                    // rows
      "weightedNobs": Double,         // sum of freq_weights (= nobs without weights)
      "dfModel": Double,              // statsmodels: rank(X) - 1, even without intercept
      "dfResid": Double,              // weightedNobs - rank(X)
      "iterations": Int,              // statsmodels IRLS iterations with its DEFAULT settings
                                      // (tol 1e-8 on the deviance); every stored statistic
                                      // comes from a second fit to tol 1e-13 on the params
      "covariance": [[Double]],       // cov_params() (scale-multiplied), reordered as
                                      // ProbKit's: coefficients, then the intercept
      "meanInterval": {               // get_prediction at the data set's first row (with
          "mean": Double,             // its offset): the mean and its 95% Wald interval
          "lower": Double,            // (eta +- z SE mapped through the inverse link)
          "upper": Double},
      "gamma": null | {               // Gamma family only
          "shapeMLE": Double,         // nu solving log nu - digamma(nu) = deviance/(2 W)
          "logLikelihoodAtShapeMLE": Double,  // at the GLM mean and shape nu
          "pearsonShape": Double},    // 1 / scale: the shape statsmodels' llf uses
      "negativeBinomial": null | {    // NegativeBinomial family only
          "alpha": Double,            // discrete NegativeBinomial (NB2) MLE of alpha;
                                      // the GLM above is fitted with this fixed alpha
          "alphaStandardError": Double,
          "logLikelihood": Double,    // discrete model's llf (equals the GLM's llf)
          "intercept": Double | null, "coefficients": [Double]}  // discrete model's betas
    }

    MAPCase = {
      "name": String, "dataset": String,
      "family": "poisson" | "bernoulli" | "gaussian",
      "link": "log" | "logit" | "identity",
      "sigma": Double,                // prior standard deviation; sigma^2 = exact square
      "objective": Double,            // f at the optimum (definition below)
      "intercept": Double,            // unpenalised
      "coefficients": [Double],       // penalised, in featureNames order
      "gradientNorm": Double,         // Euclidean norm of grad f at the ~40-digit optimum
      "roundedObjective": Double,     // f evaluated exactly at the stored doubles
      "sklearn": {
          "estimator": "PoissonRegressor" | "LogisticRegression" | "Ridge",
          "settings": String,         // the exact constructor arguments
          "intercept": Double, "coefficients": [Double],
          "objective": Double,        // f evaluated (high precision) at sklearn's doubles
          "relativeObjectiveGap": Double,  // (f_sklearn - f_opt) / |f_opt|, >= 0 up to rounding
          "iterations": Int | null}
    }

MAP objective (no weights; sigma^2 exact square of the stored double sigma; the
intercept b is unpenalised; eta_i = b + x_i . beta):

    f(b, beta) = sum_i l_i(eta_i) + (1/2) sum_j beta_j^2 / sigma^2
    poisson (log):      l_i = exp(eta_i) - y_i eta_i + log Gamma(y_i + 1)  (the full
                        negative log-likelihood, log y! included)
    bernoulli (logit):  l_i = log(1 + exp(eta_i)) - y_i eta_i
    gaussian (identity, known scale 1): l_i = (y_i - eta_i)^2 / 2  (the constant
                        log(2 pi)/2 per row is NOT included)

scikit-learn conversions (each solves the same minimiser; its objective is a positive
multiple of f up to a constant):

    PoissonRegressor(alpha = 1 / (n sigma^2)): (1/(2n)) sum deviance + (alpha/2)|beta|^2
        = f/n + const.  With sample weights sklearn divides by sum(w), so alpha = 1/(W sigma^2).
    LogisticRegression(C = sigma^2) (l2): C sum logloss + |beta|^2 / 2 = sigma^2 f.
    Ridge(alpha = 1 / sigma^2): |y - b - X beta|^2 + alpha |beta|^2 = 2 f.

Data sets
=========
All ship inside statsmodels (statsmodels.datasets) or scikit-learn (load_diabetes);
nothing is downloaded at generation time.  The design matrices are stored exactly as
fitted (any log taken by numpy in float64 and stored), so the Swift side needs no
transformation.  See each entry's "description".

    spector     32 x 3   Bernoulli: GRADE ~ GPA, TUCE, PSI
    anes96      944 x 9  Bernoulli: vote ~ logpopul, TVnews, selfLR, ClinLR, DoleLR, PID,
                         age, educ, income
    star98      303 x 20 Binomial: NABOVE successes out of NABOVE + NBELOW trials
    cancer      301 x 1  Binomial: cancer deaths out of population ~ log(population);
                         Poisson: cancer ~ log(population) with exposure population
    cpunish     17 x 6   Poisson: EXECUTIONS ~ log(INCOME), PERPOVERTY, PERBLACK,
                         log(VC100k96), SOUTH, DEGREE
    randhie     2000 x 9 Poisson / NB: mdvis ~ lncoins, idp, lpi, fmde, physlm, disea,
                         hlthg, hlthf, hlthp.  SUBSAMPLED: the shipped set has 20190 rows;
                         rows floor(i * 20190 / 2000), i = 0 ..< 2000, are kept in order.
    committee   20 x 5   NB / Poisson: BILLS104 ~ SIZE, SUBS, STAFF, PRESTIGE,
                         log(BILLS103 + 1)
    diabetes    442 x 10 Gaussian: sklearn.datasets.load_diabetes (scaled features)
    stackloss   21 x 3   Gaussian: STACKLOSS ~ AIRFLOW, WATERTEMP, ACIDCONC
    scotland    32 x 7   Gamma: YES ~ COUTAX, UNEMPF, MOR, ACT, GDP, AGE, COUTAX_FEMALEUNEMP
    engel       235 x 1  Gamma: foodexp ~ log(income)

statsmodels conventions the Swift side must copy (checked by this script)
=======================================================================
* scale: 1 for Bernoulli / Binomial / Poisson / NB; Pearson chi^2 / dfResid for
  Gaussian and Gamma (Gaussian: equal to RSS / (W - p)).
* logLikelihood: Gaussian identity uses the CONCENTRATED log-likelihood, i.e. sigma^2 =
  RSS / W (the MLE), not the reported scale.  Every other family uses the reported scale:
  Gamma's llf is at shape 1/scale (Pearson), not the shape MLE (recorded separately).
  Binomial's llf includes the log binomial coefficients log C(n_i, y_i); Poisson's
  includes -log y!; NB's includes the log Gamma terms.
* aic = -2 llf + 2 k and bicLlf = -2 llf + k log(W) with k = rank(X) = number of
  coefficients (intercept included): the scale parameter of Gaussian / Gamma and NB's
  alpha are NOT counted.  bicDeviance = deviance - dfResid log(W).  (statsmodels' ``bic``
  is ``bic_llf`` in this version.)
* freq_weights act like repeated rows: deviance, Pearson chi^2 and llf are weighted sums,
  W = sum of weights replaces n in dfResid, the scale, the Gaussian concentrated scale
  and the BIC; the script checks each against the fit to the replicated rows.
* nullDeviance / nullLogLikelihood: the model with ONLY a constant (plus the offset when
  one is used), also for the cases without an intercept.  nullLogLikelihood evaluates the
  null model's mean at the FULL model's scale: for the Gaussian it is NOT concentrated
  (unlike llf), i.e. -W/2 log(2 pi scale) - nullDeviance / (2 scale) with scale =
  RSS_full / (W - p); for Gamma the shape is 1 / (full model's Pearson scale).
* pValue = 2 Phi(-|z|) in double (scipy's norm.sf): it underflows to 0.0 for |z| > ~38.5
  (a few intercepts here store "0.0").
* Near-zero coefficients (e.g. committee's SIZE, -3.8e-6 with SE 0.01; scotland's GDP,
  8e-6): statsmodels agrees with the exact MLE to ~1e-13 standard errors but only ~1e-10
  relative there, so compare coefficients relative to their standard error (or with an
  absolute floor), not purely relatively.
* Standard errors come from the expected (Fisher) information at the optimum, times the
  scale: for the non-canonical links (probit, cloglog, Gamma-log) this is NOT the
  observed-information (Hessian) standard error.  NB standard errors treat alpha as
  known.  p-values and intervals use the normal distribution (z = 1.959963984540054).

How the exact optimum is computed
=================================
MLE: statsmodels' IRLS estimate (tol 1e-13, tol_criterion "params": the default deviance
criterion only pins the coefficients to ~sqrt(tol)) is refined by Newton steps whose
gradient (score) and observed information are evaluated with mpmath at 40 significant
digits until the score norm is below 1e-28 max(1, |llf|); the result is rounded once to
doubles (``exactCoefficients``) and the statsmodels coefficients must agree with it to
1e-9 standard errors (they agree to ~1e-12 or better).  MAP: damped Newton in float64 from zero until the gradient
is below 1e-13 relative, then the same mpmath refinement; the script asserts that the
float64 Newton answer and the mpmath optimum agree to 1e-10 relative, and evaluates f
and its gradient with mpmath.

scikit-learn is fitted with its exact solvers (newton-cholesky, Ridge's cholesky) and
tol=1e-12, so its coefficients agree with the optimum to ~1e-14 and its objective gap is
at the level of double rounding (~1e-30 relative); the script aborts unless
-1e-13 <= gap <= 1e-6.

Usage:  python3 Tests/Reference/generate_glm.py [--check] [--verbose]
(Python >= 3.9, numpy, scipy, mpmath, statsmodels, scikit-learn; about 20 s.)
``--check`` compares everything but the "generator" line (which holds the date).
"""

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import mpmath  # noqa: E402
import numpy as np  # noqa: E402
import scipy  # noqa: E402
from mpmath import mp, mpf  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference_support import fmt, to_double  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "Tests" / "ProbKitRegressionTests" / "Fixtures" / "glm.json"
GENERATOR = "Tests/Reference/generate_glm.py"
DPS = 40
SIGMAS = [0.1, 1.0, 10.0]
SUBSAMPLE_ROWS = 2000


class ReferenceError_(Exception):
    pass


def check(condition, message):
    if not condition:
        raise ReferenceError_(message)


# ---------------------------------------------------------------------------
# Data sets
# ---------------------------------------------------------------------------

def dataset(name, source, description, names, X, y, trials=None, exposure=None, offset=None,
            original=None, subsample=None):
    X = np.asarray(X, dtype=float)
    check(X.shape[1] == len(names), f"{name}: column names")
    return {"name": name, "source": source, "description": description, "featureNames": list(names),
            "X": X, "y": np.asarray(y, dtype=float),
            "trials": None if trials is None else np.asarray(trials, dtype=float),
            "exposure": None if exposure is None else np.asarray(exposure, dtype=float),
            "offset": None if offset is None else np.asarray(offset, dtype=float),
            "originalRowCount": original if original is not None else X.shape[0], "subsample": subsample}


def make_datasets():
    import statsmodels.api as sm
    from sklearn.datasets import load_diabetes
    D = {}
    s = sm.datasets.spector.load_pandas().data
    D["spector"] = dataset("spector", "statsmodels.datasets.spector",
                           "Spector & Mazzeo (1980): GRADE (0/1) ~ GPA, TUCE, PSI",
                           ["GPA", "TUCE", "PSI"], s[["GPA", "TUCE", "PSI"]].values, s["GRADE"].values)
    a = sm.datasets.anes96.load_pandas().data
    cols = ["logpopul", "TVnews", "selfLR", "ClinLR", "DoleLR", "PID", "age", "educ", "income"]
    D["anes96"] = dataset("anes96", "statsmodels.datasets.anes96",
                          "1996 American National Election Study: vote (0/1) ~ " + ", ".join(cols),
                          cols, a[cols].values, a["vote"].values)
    st = sm.datasets.star98.load_pandas()
    success = st.endog["NABOVE"].values
    trials = success + st.endog["NBELOW"].values
    D["star98"] = dataset("star98", "statsmodels.datasets.star98",
                          "California STAR 1998: NABOVE successes of NABOVE + NBELOW trials ~ the 20 "
                          "exog columns of the shipped data set", list(st.exog.columns), st.exog.values,
                          success, trials=trials)
    c = sm.datasets.cancer.load_pandas().data
    pop = c["population"].values.astype(float)
    D["cancer"] = dataset("cancer", "statsmodels.datasets.cancer",
                          "Breast-cancer deaths and population of 301 US counties: y = cancer; feature "
                          "log(population) (numpy float64); trials = population (Binomial); exposure = "
                          "population, offset = log(population) (Poisson)",
                          ["logPopulation"], np.log(pop)[:, None], c["cancer"].values, trials=pop,
                          exposure=pop, offset=np.log(pop))
    cp = sm.datasets.cpunish.load_pandas().data
    X = np.column_stack([np.log(cp["INCOME"].values), cp["PERPOVERTY"], cp["PERBLACK"],
                         np.log(cp["VC100k96"].values), cp["SOUTH"], cp["DEGREE"]])
    D["cpunish"] = dataset("cpunish", "statsmodels.datasets.cpunish",
                           "US executions 1997: EXECUTIONS ~ log(INCOME), PERPOVERTY, PERBLACK, "
                           "log(VC100k96), SOUTH, DEGREE (logs in numpy float64)",
                           ["logINCOME", "PERPOVERTY", "PERBLACK", "logVC100k96", "SOUTH", "DEGREE"],
                           X, cp["EXECUTIONS"].values)
    r = sm.datasets.randhie.load_pandas()
    n0 = r.exog.shape[0]
    rows = [i * n0 // SUBSAMPLE_ROWS for i in range(SUBSAMPLE_ROWS)]
    D["randhie"] = dataset("randhie", "statsmodels.datasets.randhie",
                           "RAND Health Insurance Experiment: mdvis ~ the 9 exog columns; deterministic "
                           "subsample", list(r.exog.columns), r.exog.values[rows], r.endog.values[rows],
                           original=n0,
                           subsample=f"rows floor(i * {n0} / {SUBSAMPLE_ROWS}) for i = 0 ..< {SUBSAMPLE_ROWS}, "
                                     "in the shipped order")
    cm = sm.datasets.committee.load_pandas().data
    X = np.column_stack([cm["SIZE"], cm["SUBS"], cm["STAFF"], cm["PRESTIGE"], np.log(cm["BILLS103"].values + 1)])
    D["committee"] = dataset("committee", "statsmodels.datasets.committee",
                             "US House committees: BILLS104 ~ SIZE, SUBS, STAFF, PRESTIGE, log(BILLS103 + 1)",
                             ["SIZE", "SUBS", "STAFF", "PRESTIGE", "logBILLS103p1"], X, cm["BILLS104"].values)
    db = load_diabetes()
    D["diabetes"] = dataset("diabetes", "sklearn.datasets.load_diabetes",
                            "Efron et al. (2004) diabetes: disease progression ~ 10 scaled baseline "
                            "variables (scikit-learn's scaled copy)", list(db.feature_names), db.data, db.target)
    sl = sm.datasets.stackloss.load_pandas().data
    D["stackloss"] = dataset("stackloss", "statsmodels.datasets.stackloss",
                             "Brownlee's stack loss: STACKLOSS ~ AIRFLOW, WATERTEMP, ACIDCONC",
                             ["AIRFLOW", "WATERTEMP", "ACIDCONC"],
                             sl[["AIRFLOW", "WATERTEMP", "ACIDCONC"]].values, sl["STACKLOSS"].values)
    sc = sm.datasets.scotland.load_pandas()
    D["scotland"] = dataset("scotland", "statsmodels.datasets.scotland",
                            "Scottish parliament referendum 1997: YES (percent) ~ the 7 exog columns",
                            list(sc.exog.columns), sc.exog.values, sc.endog.values)
    en = sm.datasets.engel.load_pandas().data
    D["engel"] = dataset("engel", "statsmodels.datasets.engel",
                         "Engel food expenditure: foodexp ~ log(income) (numpy float64)",
                         ["logIncome"], np.log(en["income"].values)[:, None], en["foodexp"].values)
    for d in D.values():
        check(np.all(np.isfinite(d["X"])) and np.all(np.isfinite(d["y"])), d["name"] + " finite")
    return D


def encode_dataset(d):
    def arr(v):
        return None if v is None else [fmt(float(x)) for x in v]
    return {"name": d["name"], "source": d["source"], "description": d["description"],
            "rowCount": fmt(d["X"].shape[0]), "originalRowCount": fmt(int(d["originalRowCount"])),
            "subsample": d["subsample"], "featureNames": d["featureNames"],
            "features": [[fmt(float(x)) for x in row] for row in d["X"]],
            "response": arr(d["y"]), "trials": arr(d["trials"]), "exposure": arr(d["exposure"]),
            "offset": arr(d["offset"])}


# ---------------------------------------------------------------------------
# Families in float64 and mpmath
# ---------------------------------------------------------------------------

def mean_and_derivative_mp(link, eta):
    """(inverse link, its derivative) at eta, in mpmath."""
    if link == "logit":
        p = 1 / (1 + mpmath.exp(-eta))
        return p, p * (1 - p)
    if link == "probit":
        return mpmath.ncdf(eta), mpmath.npdf(eta)
    if link == "cloglog":
        return -mpmath.expm1(-mpmath.exp(eta)), mpmath.exp(eta - mpmath.exp(eta))
    if link == "log":
        m = mpmath.exp(eta)
        return m, m
    if link == "identity":
        return eta, mpf(1)
    raise ValueError(link)


def score_term_mp(family, link, y, n, eta, alpha):
    """d log p(y | eta) / d eta (scale 1), in mpmath."""
    m, dm = mean_and_derivative_mp(link, eta)
    if family in ("bernoulli", "binomial"):
        return (y - n * m) * dm / (m * (1 - m))
    if family == "poisson":
        return (y - m) * dm / m
    if family == "gaussian":
        return (y - m) * dm
    if family == "gamma":
        return (y - m) * dm / (m * m)
    if family == "negativeBinomial":
        return (y - m) * dm / (m + alpha * m * m)
    raise ValueError(family)


class MPData:
    """A design (intercept column first when used), response, trials and offset as mpf."""

    def __init__(self, X, y, n, offset, weights):
        self.X = [[mpf(float(v)) for v in row] for row in X]
        self.y = [mpf(float(v)) for v in y]
        self.n = [mpf(float(v)) for v in n]
        self.offset = [mpf(0)] * len(y) if offset is None else [mpf(float(v)) for v in offset]
        self.w = [mpf(1)] * len(y) if weights is None else [mpf(float(v)) for v in weights]

    def eta(self, beta):
        return [mpmath.fsum(x * b for x, b in zip(row, beta)) + o for row, o in zip(self.X, self.offset)]

    def score(self, family, link, beta, alpha):
        etas = self.eta(beta)
        terms = [w * score_term_mp(family, link, y, n, e, alpha)
                 for w, y, n, e in zip(self.w, self.y, self.n, etas)]
        return [mpmath.fsum(t * row[j] for t, row in zip(terms, self.X)) for j in range(len(beta))]


def mp_norm(v):
    return mpmath.sqrt(mpmath.fsum(x * x for x in v))


# ---------------------------------------------------------------------------
# MLE cases (statsmodels)
# ---------------------------------------------------------------------------

def sm_family(family, link, alpha):
    import statsmodels.api as sm
    L = sm.families.links
    links = {"logit": L.Logit(), "probit": L.Probit(), "cloglog": L.CLogLog(), "log": L.Log(),
             "identity": L.Identity()}
    if family in ("bernoulli", "binomial"):
        return sm.families.Binomial(link=links[link])
    if family == "poisson":
        return sm.families.Poisson(link=links[link])
    if family == "gaussian":
        return sm.families.Gaussian(link=links[link])
    if family == "gamma":
        return sm.families.Gamma(link=links[link])
    return sm.families.NegativeBinomial(link=links[link], alpha=alpha)


def design(d, intercept):
    X = d["X"]
    return np.column_stack([np.ones(X.shape[0]), X]) if intercept else X.copy()


def glm(d, family, link, intercept, use_offset, weights, alpha=None, **fit_kwargs):
    import statsmodels.api as sm
    X = design(d, intercept)
    endog = d["y"] if family != "binomial" else np.column_stack([d["y"], d["trials"] - d["y"]])
    model = sm.GLM(endog, X, family=sm_family(family, link, alpha),
                   offset=d["offset"] if use_offset else None,
                   freq_weights=None if weights is None else np.asarray(weights, dtype=float))
    return model.fit(**fit_kwargs)


def nb_discrete(d, intercept, use_offset):
    import statsmodels.api as sm
    from statsmodels.discrete.discrete_model import NegativeBinomial
    X = design(d, intercept)
    offset = d["offset"] if use_offset else None
    start = sm.GLM(d["y"], X, family=sm.families.Poisson(), offset=offset).fit().params
    model = NegativeBinomial(d["y"], X, loglike_method="nb2", offset=offset)
    res = model.fit(start_params=np.append(start, 0.5), method="bfgs", maxiter=5000, disp=0, gtol=1e-10)
    res = model.fit(start_params=res.params, method="newton", maxiter=200, disp=0, tol=1e-14)
    grad = np.abs(model.score(res.params)).max()
    check(res.mle_retvals["converged"] and grad < 1e-6, f"{d['name']}: NB discrete fit, score {grad}")
    return res


def exact_mle(d, family, link, intercept, use_offset, weights, alpha, start, llf):
    X = design(d, intercept)
    n = d["trials"] if family == "binomial" else np.ones(len(d["y"]))
    offset = d["offset"] if use_offset else None
    data = MPData(X, d["y"], n, offset, weights)
    mp_alpha = None if alpha is None else mpf(float(alpha))
    beta = [mpf(float(v)) for v in start]
    target = mpf(10) ** -28 * max(1, abs(llf))
    for _ in range(30):
        g = data.score(family, link, beta, mp_alpha)
        gn = mp_norm(g)
        if gn < target:
            break
        # observed information: -d(score term)/d eta, differentiated in mpmath
        etas = data.eta(beta)
        obs = np.array([float(-wi * mpmath.diff(lambda e: score_term_mp(family, link, yi, ni, e, mp_alpha), ei))
                        for wi, yi, ni, ei in zip(data.w, data.y, data.n, etas)])
        I = X.T @ (X * obs[:, None])
        step = np.linalg.solve(I, np.array([float(v) for v in g]))
        beta = [b + mpf(float(s)) for b, s in zip(beta, step)]
    check(gn < target, f"{d['name']} {family} {link}: exact MLE did not converge: score norm {mpmath.nstr(gn, 3)}")
    return beta, data


def parameter(res, j):
    lo, hi = res.conf_int(alpha=0.05)[j]
    return {"estimate": fmt(res.params[j]), "standardError": fmt(res.bse[j]), "z": fmt(res.tvalues[j]),
            "pValue": fmt(res.pvalues[j]), "lower": fmt(lo), "upper": fmt(hi)}


def gamma_shape(data, beta):
    """Shape MLE at the GLM mean: log nu - digamma(nu) = D / (2 W)."""
    etas = data.eta(beta)
    mus = [mpmath.exp(e) for e in etas]
    W = mpmath.fsum(data.w)
    D = 2 * mpmath.fsum(w * ((y - m) / m - mpmath.log(y / m)) for w, y, m in zip(data.w, data.y, mus))
    rhs = D / (2 * W)
    nu = mpmath.findroot(lambda v: mpmath.log(v) - mpmath.digamma(v) - rhs, 1 / (2 * rhs))
    llf = mpmath.fsum(w * (nu * mpmath.log(nu * y / m) - nu * y / m - mpmath.log(y) - mpmath.loggamma(nu))
                      for w, y, m in zip(data.w, data.y, mus))
    return nu, llf, D


def replicated_check(d, family, link, intercept, use_offset, weights, res, alpha):
    """freq_weights must act like repeated rows."""
    reps = np.asarray(weights, dtype=int)
    idx = np.repeat(np.arange(len(reps)), reps)
    r = dict(d)
    for key in ("X", "y", "trials", "offset"):
        if d[key] is not None:
            r[key] = d[key][idx]
    rep = glm(r, family, link, intercept, use_offset, None, alpha, tol=1e-13, tol_criterion="params", maxiter=1000)
    worst = 0.0
    for a, b in [(res.params, rep.params), (res.bse, rep.bse), ([res.deviance], [rep.deviance]),
                 ([res.llf], [rep.llf]), ([res.scale], [rep.scale]), ([res.pearson_chi2], [rep.pearson_chi2]),
                 ([res.aic], [rep.aic]), ([res.bic_llf], [rep.bic_llf]), ([res.null_deviance], [rep.null_deviance])]:
        a, b = np.asarray(a, float), np.asarray(b, float)
        worst = max(worst, float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300))))
    check(worst < 1e-8, f"freq_weights vs replicated rows differ by {worst}")
    return worst


def mle_case(D, spec):
    d = D[spec["dataset"]]
    family, link, intercept = spec["family"], spec["link"], spec["intercept"]
    use_offset, weights = spec.get("offset", False), spec.get("weights")
    alpha, nb = None, None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if family == "negativeBinomial":
            nbres = nb_discrete(d, intercept, use_offset)
            alpha = float(nbres.params[-1])
            k = 1 if intercept else 0
            nb = {"alpha": fmt(alpha), "alphaStandardError": fmt(nbres.bse[-1]), "logLikelihood": fmt(nbres.llf),
                  "intercept": fmt(nbres.params[0]) if intercept else None,
                  "coefficients": [fmt(v) for v in nbres.params[k:-1]]}
        default = glm(d, family, link, intercept, use_offset, weights, alpha)
        res = glm(d, family, link, intercept, use_offset, weights, alpha, tol=1e-13, tol_criterion="params", maxiter=1000)
    check(res.converged, f"{spec['name']}: statsmodels did not converge")
    beta, data = exact_mle(d, family, link, intercept, use_offset, weights, alpha, res.params, res.llf)
    exact = np.array([to_double(b) for b in beta])
    rel = float(np.max(np.abs(res.params - exact) / np.abs(exact)))
    inse = float(np.max(np.abs(res.params - exact) / res.bse))
    check(inse < 1e-9, f"{spec['name']}: statsmodels vs exact MLE: {inse} standard errors")
    if family == "negativeBinomial":
        check(abs(res.llf - nbres.llf) <= 1e-9 * abs(nbres.llf), f"{spec['name']}: NB GLM llf vs discrete llf")
        gap = np.max(np.abs(nbres.params[:-1] - exact) / nbres.bse[:-1])
        check(gap < 1e-5, f"{spec['name']}: NB discrete betas vs GLM betas: {gap} SE")
    # conventions
    p = len(res.params)
    W = float(np.sum(weights)) if weights is not None else float(len(d["y"]))
    check(abs(res.aic - (-2 * res.llf + 2 * p)) <= 1e-12 * abs(res.aic), "aic convention")
    check(abs(res.bic_llf - (-2 * res.llf + p * math.log(W))) <= 1e-12 * abs(res.bic_llf), "bic convention")
    check(res.df_resid == W - p, "df_resid convention")
    if family == "gaussian":
        rss = res.deviance
        check(abs(res.scale - rss / (W - p)) <= 1e-12 * res.scale, "gaussian scale")
        s2 = rss / W
        ll = -0.5 * W * (math.log(2 * math.pi * s2) + 1)
        check(abs(res.llf - ll) <= 1e-11 * abs(ll), "gaussian concentrated llf")
        ll0 = -0.5 * W * math.log(2 * math.pi * res.scale) - res.null_deviance / (2 * res.scale)
        check(abs(res.llnull - ll0) <= 1e-11 * abs(ll0), "gaussian llnull at the full model's scale")
    if family == "gamma":
        check(abs(res.scale - res.pearson_chi2 / res.df_resid) <= 1e-12 * res.scale, "gamma scale")
    if family == "binomial":
        from scipy.stats import binom
        mu = res.mu
        ll = float(np.sum(binom.logpmf(d["y"], d["trials"], mu)))
        check(abs(res.llf - ll) <= 1e-9 * abs(ll), "binomial llf includes the binomial coefficients")
    gamma = None
    if family == "gamma":
        nu, llnu, dev = gamma_shape(data, beta)
        check(abs(float(dev) - res.deviance) <= 1e-9 * res.deviance, "gamma deviance")
        check(abs(res.llf_scaled(scale=float(1 / nu)) - float(llnu)) <= 1e-9 * abs(float(llnu)), "gamma llf at nu")
        check(float(llnu) >= res.llf - 1e-9, "shape MLE maximises llf")
        gamma = {"shapeMLE": fmt(to_double(nu)), "logLikelihoodAtShapeMLE": fmt(to_double(llnu)),
                 "pearsonShape": fmt(1 / res.scale)}
    replicated = None
    if weights is not None:
        replicated = replicated_check(d, family, link, intercept, use_offset, weights, res, alpha)
    k = 1 if intercept else 0
    order = list(range(k, p)) + ([0] if intercept else [])
    cov = np.asarray(res.cov_params())
    first = design(d, intercept)[:1]
    prediction = res.get_prediction(first, offset=d["offset"][:1] if use_offset else None)
    frame = prediction.summary_frame(alpha=0.05)
    case = {
        "name": spec["name"], "dataset": spec["dataset"], "family": family, "link": link,
        "covariance": [[fmt(float(cov[i, j])) for j in order] for i in order],
        "meanInterval": {"mean": fmt(float(frame["mean"].iloc[0])),
                         "lower": fmt(float(frame["mean_ci_lower"].iloc[0])),
                         "upper": fmt(float(frame["mean_ci_upper"].iloc[0]))},
        "hasIntercept": intercept, "usesOffset": use_offset,
        "weights": None if weights is None else [fmt(float(w)) for w in weights],
        "intercept": parameter(res, 0) if intercept else None,
        "coefficients": [parameter(res, j) for j in range(k, p)],
        "exactIntercept": fmt(exact[0]) if intercept else None,
        "exactCoefficients": [fmt(v) for v in exact[k:]],
        "maxRelativeDifference": fmt(rel), "maxDifferenceInStandardErrors": fmt(inse),
        "deviance": fmt(res.deviance), "nullDeviance": fmt(res.null_deviance),
        "pearsonChi2": fmt(res.pearson_chi2), "logLikelihood": fmt(res.llf), "nullLogLikelihood": fmt(res.llnull),
        "scale": fmt(float(res.scale)),
        "scaleMethod": "pearson" if family in ("gaussian", "gamma") else "fixed",
        "aic": fmt(res.aic), "bicLlf": fmt(res.bic_llf), "bicDeviance": fmt(res.bic_deviance),
        "statistic": "z", "nobs": fmt(int(res.nobs)), "weightedNobs": fmt(W),
        "dfModel": fmt(float(res.df_model)), "dfResid": fmt(float(res.df_resid)),
        "iterations": fmt(int(default.fit_history["iteration"])),
        "gamma": gamma, "negativeBinomial": nb,
    }
    summary = {"case": spec["name"], "rel": rel, "inSE": inse, "iterations": int(default.fit_history["iteration"]),
               "replicated": replicated, "llf": float(res.llf)}
    return case, summary


def mle_specs():
    specs = []

    def add(name, dataset, family, link, intercept=True, offset=False, weights=None):
        specs.append({"name": name, "dataset": dataset, "family": family, "link": link, "intercept": intercept,
                      "offset": offset, "weights": weights})
    for ds in ("spector", "anes96"):
        for link in ("logit", "probit", "cloglog"):
            add(f"{ds}-bernoulli-{link}", ds, "bernoulli", link)
    add("spector-bernoulli-logit-nointercept", "spector", "bernoulli", "logit", intercept=False)
    add("star98-binomial-logit", "star98", "binomial", "logit")
    add("cancer-binomial-logit", "cancer", "binomial", "logit")
    add("star98-binomial-logit-nointercept", "star98", "binomial", "logit", intercept=False)
    add("cpunish-poisson-log", "cpunish", "poisson", "log")
    add("randhie-poisson-log", "randhie", "poisson", "log")
    add("committee-poisson-log", "committee", "poisson", "log")
    add("cancer-poisson-log-exposure", "cancer", "poisson", "log", offset=True)
    add("cpunish-poisson-log-nointercept", "cpunish", "poisson", "log", intercept=False)
    add("diabetes-gaussian-identity", "diabetes", "gaussian", "identity")
    add("stackloss-gaussian-identity", "stackloss", "gaussian", "identity")
    add("stackloss-gaussian-identity-nointercept", "stackloss", "gaussian", "identity", intercept=False)
    add("scotland-gamma-log", "scotland", "gamma", "log")
    add("engel-gamma-log", "engel", "gamma", "log")
    add("scotland-gamma-log-nointercept", "scotland", "gamma", "log", intercept=False)
    add("randhie-negativeBinomial-log", "randhie", "negativeBinomial", "log")
    add("committee-negativeBinomial-log", "committee", "negativeBinomial", "log")
    add("committee-negativeBinomial-log-nointercept", "committee", "negativeBinomial", "log", intercept=False)
    # frequency weights 1, 2, 3 cycled
    add("spector-bernoulli-logit-weighted", "spector", "bernoulli", "logit", weights=cycled(32))
    add("cpunish-poisson-log-weighted", "cpunish", "poisson", "log", weights=cycled(17))
    add("stackloss-gaussian-identity-weighted", "stackloss", "gaussian", "identity", weights=cycled(21))
    add("engel-gamma-log-weighted", "engel", "gamma", "log", weights=cycled(235))
    return specs


def cycled(n):
    return [float(1 + i % 3) for i in range(n)]


# ---------------------------------------------------------------------------
# MAP cases
# ---------------------------------------------------------------------------

MAP_LINK = {"poisson": "log", "bernoulli": "logit", "gaussian": "identity"}


def map_objective_float(family, X, y, beta, s2):
    eta = X @ beta
    if family == "poisson":
        from scipy.special import gammaln
        nll = np.sum(np.exp(eta) - y * eta + gammaln(y + 1))
    elif family == "bernoulli":
        nll = np.sum(np.logaddexp(0, eta) - y * eta)
    else:
        nll = 0.5 * np.sum((y - eta) ** 2)
    return nll + 0.5 * np.sum(beta[1:] ** 2) / s2


def map_gradient_hessian_float(family, X, y, beta, s2):
    eta = X @ beta
    if family == "poisson":
        m = np.exp(eta)
        wts = m
    elif family == "bernoulli":
        from scipy.special import expit
        m = expit(eta)
        wts = m * (1 - m)
    else:
        m = eta
        wts = np.ones_like(eta)
    pen = np.full(len(beta), 1 / s2)
    pen[0] = 0.0
    g = X.T @ (m - y) + pen * beta
    H = X.T @ (X * wts[:, None]) + np.diag(pen)
    return g, H


def map_newton_float(family, X, y, s2):
    beta = np.zeros(X.shape[1])
    if family == "poisson":
        beta[0] = math.log(np.mean(y))
    elif family == "gaussian":
        beta[0] = np.mean(y)
    f = map_objective_float(family, X, y, beta, s2)
    for _ in range(200):
        g, H = map_gradient_hessian_float(family, X, y, beta, s2)
        scale = max(1.0, abs(f))
        if np.linalg.norm(g) < 1e-13 * scale:
            return beta
        step = np.linalg.solve(H, g)
        t = 1.0
        while True:
            trial = beta - t * step
            ft = map_objective_float(family, X, y, trial, s2)
            if ft <= f - 1e-4 * t * (g @ step) or t < 1e-10:
                break
            t /= 2
        if ft >= f and t < 1e-10:
            g, _ = map_gradient_hessian_float(family, X, y, trial, s2)
            check(np.linalg.norm(g) < 1e-11 * scale, f"float Newton stalled at {np.linalg.norm(g)}")
            return trial
        beta, f = trial, ft
    raise ReferenceError_("float Newton did not converge")


def map_objective_mp(family, data, beta, s2):
    etas = data.eta(beta)
    if family == "poisson":
        nll = mpmath.fsum(mpmath.exp(e) - y * e + mpmath.loggamma(y + 1) for y, e in zip(data.y, etas))
    elif family == "bernoulli":
        nll = mpmath.fsum(mpmath.log1p(mpmath.exp(e)) - y * e for y, e in zip(data.y, etas))
    else:
        nll = mpmath.fsum((y - e) ** 2 for y, e in zip(data.y, etas)) / 2
    return nll + mpmath.fsum(b * b for b in beta[1:]) / (2 * s2)


def map_gradient_mp(family, data, beta, s2):
    score = data.score(family, MAP_LINK[family], beta, None)
    return [-score[0]] + [-s + b / s2 for s, b in zip(score[1:], beta[1:])]


def sklearn_fit(family, X, y, sigma):
    from sklearn.linear_model import LogisticRegression, PoissonRegressor, Ridge
    n = X.shape[0]
    s2 = sigma * sigma
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if family == "poisson":
            alpha = 1.0 / (n * s2)
            settings = (f"PoissonRegressor(alpha=1/(n sigma^2)={alpha!r}, solver='newton-cholesky', "
                        "tol=1e-12, max_iter=10000)")
            est = PoissonRegressor(alpha=alpha, solver="newton-cholesky", tol=1e-12, max_iter=10000).fit(X, y)
            name = "PoissonRegressor"
        elif family == "bernoulli":
            settings = (f"LogisticRegression(C=sigma^2={s2!r}, l2 penalty (the default), solver='newton-cholesky', "
                        "tol=1e-12, max_iter=10000)")
            est = LogisticRegression(C=s2, solver="newton-cholesky", tol=1e-12, max_iter=10000).fit(X, y)
            name = "LogisticRegression"
        else:
            settings = f"Ridge(alpha=1/sigma^2={1.0 / s2!r}, solver='cholesky')"
            est = Ridge(alpha=1.0 / s2, solver="cholesky").fit(X, y)
            name = "Ridge"
    coef = np.ravel(est.coef_)
    intercept = float(np.ravel([est.intercept_])[0])
    it = getattr(est, "n_iter_", None)
    if it is not None:
        it = int(np.max(it))
    return name, settings, intercept, coef, it


def map_case(D, spec):
    d = D[spec["dataset"]]
    family, sigma = spec["family"], spec["sigma"]
    X = design(d, True)
    y = d["y"]
    s2_float = sigma * sigma
    beta_f = map_newton_float(family, X, y, s2_float)
    data = MPData(X, y, np.ones(len(y)), None, None)
    s2 = mpf(sigma) * mpf(sigma)  # exact square (40 digits hold it)
    beta = [mpf(float(v)) for v in beta_f]
    f0 = map_objective_mp(family, data, beta, s2)
    target = mpf(10) ** -28 * max(1, abs(f0))
    for _ in range(30):
        g = map_gradient_mp(family, data, beta, s2)
        gn = mp_norm(g)
        if gn < target:
            break
        _, H = map_gradient_hessian_float(family, X, y, np.array([float(v) for v in beta]), s2_float)
        step = np.linalg.solve(H, np.array([float(v) for v in g]))
        beta = [b - mpf(float(s)) for b, s in zip(beta, step)]
    check(gn < target, f"{spec['name']}: mp Newton gradient {mpmath.nstr(gn, 3)}")
    f = map_objective_mp(family, data, beta, s2)
    stored = np.array([to_double(b) for b in beta])
    rel = float(np.max(np.abs(beta_f - stored) / np.maximum(np.abs(stored), 1e-300)))
    check(rel < 1e-10, f"{spec['name']}: float Newton vs mp optimum {rel}")
    rounded = map_objective_mp(family, data, [mpf(float(v)) for v in stored], s2)
    name, settings, sk_b, sk_w, it = sklearn_fit(family, d["X"], y, sigma)
    f_sk = map_objective_mp(family, data, [mpf(sk_b)] + [mpf(float(v)) for v in sk_w], s2)
    gap = (f_sk - f) / abs(f)
    check(-1e-13 <= gap <= 1e-6, f"{spec['name']}: sklearn gap {mpmath.nstr(gap, 3)}")
    case = {
        "name": spec["name"], "dataset": spec["dataset"], "family": family, "link": MAP_LINK[family],
        "sigma": fmt(sigma), "objective": fmt(to_double(f)), "intercept": fmt(stored[0]),
        "coefficients": [fmt(v) for v in stored[1:]], "gradientNorm": fmt(to_double(gn)),
        "roundedObjective": fmt(to_double(rounded)),
        "sklearn": {"estimator": name, "settings": settings, "intercept": fmt(sk_b),
                    "coefficients": [fmt(float(v)) for v in sk_w], "objective": fmt(to_double(f_sk)),
                    "relativeObjectiveGap": fmt(to_double(gap)),
                    "iterations": None if it is None else fmt(it)},
    }
    return case, {"case": spec["name"], "floatVsExact": rel, "sklearnGap": float(gap), "objective": float(f)}


def map_specs():
    specs = []
    for family, datasets in (("poisson", ("randhie", "cpunish")), ("bernoulli", ("spector", "anes96")),
                             ("gaussian", ("diabetes", "stackloss"))):
        for ds in datasets:
            for sigma in SIGMAS:
                specs.append({"name": f"{ds}-{family}-map-sigma{sigma:g}", "dataset": ds, "family": family,
                              "sigma": sigma})
    return specs


# ---------------------------------------------------------------------------

def render(document):
    lines = ["{", f'  "generator": {json.dumps(document["generator"], sort_keys=True)},']
    keys = ["datasets", "mle", "map"]
    for i, key in enumerate(keys):
        entries = document[key]
        lines.append(f"  {json.dumps(key)}: [")
        for j, entry in enumerate(entries):
            comma = "," if j < len(entries) - 1 else ""
            lines.append("    " + json.dumps(entry, sort_keys=True, ensure_ascii=False) + comma)
        lines.append("  ]" + ("," if i < len(keys) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed fixture differs "
                        "(ignoring the generator date)")
    parser.add_argument("--verbose", action="store_true")
    options = parser.parse_args()
    import sklearn
    import statsmodels
    mp.dps = DPS
    D = make_datasets()
    mle, summaries = [], []
    for spec in mle_specs():
        case, summary = mle_case(D, spec)
        mle.append(case)
        summaries.append(summary)
    maps = []
    for spec in map_specs():
        case, summary = map_case(D, spec)
        maps.append(case)
        summaries.append(summary)
    used = {c["dataset"] for c in mle + maps}
    document = {
        "generator": {"script": GENERATOR, "date": datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
                      "python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                      "mpmath": mpmath.__version__, "statsmodels": statsmodels.__version__,
                      "scikit-learn": sklearn.__version__},
        "datasets": [encode_dataset(D[name]) for name in D if name in used],
        "mle": mle, "map": maps,
    }
    text = render(document)
    json.loads(text)
    if options.verbose:
        for s in summaries:
            print(json.dumps(s))
    if options.check:
        current = OUTPUT.read_text() if OUTPUT.exists() else ""
        strip = lambda t: [ln for ln in t.splitlines() if not ln.startswith('  "generator"')]  # noqa: E731
        if strip(current) != strip(text):
            print(f"{OUTPUT} is out of date; rerun {GENERATOR}", file=sys.stderr)
            return 1
        print(f"{OUTPUT} is up to date")
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(mle)} MLE and {len(maps)} MAP cases on "
          f"{len(document['datasets'])} data sets, {len(text.encode()):,} bytes")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ReferenceError_ as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
