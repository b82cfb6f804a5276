#!/usr/bin/python3
"""Writes core/src/test/resources/fixtures/metrics.tsv: metric values computed by scikit-learn and SciPy
for seeded cases, which MetricsFixtureTest compares with io.seqbind.core.metrics.Metrics (to 1e-9).

Run with Debian's interpreter, which sees python3-sklearn and python3-scipy:
    /usr/bin/python3 core/src/test/python/make_metric_fixtures.py
(from the repository root). The Java tests read only the TSV; they never run Python.

Format: '#' lines are comments; then one case per line, tab-separated:
    name, labels, scores, roc_auc, average_precision, pearson, spearman, mse
labels and scores are comma-separated (NaN marks a missing label). A metric is a number printed with
17 significant digits, NaN where the library returns NaN, 'error' where it raises, and NA where the
metric does not apply (ROC AUC / AP of real-valued labels, AP of a single class, which we refuse).
NaN labels are masked before calling the libraries, as Metrics skips them.
"""
import os
import sys
import warnings

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn.metrics import average_precision_score, mean_squared_error, roc_auc_score

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "metrics.tsv")


def num(x):
    x = float(x)
    if np.isnan(x):
        return "NaN"
    return "%.17g" % x


def arr(a):
    return ",".join("NaN" if np.isnan(v) else repr(float(v)) for v in a)


def metric(fn, *args):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return num(fn(*args))
    except ValueError:
        return "error"


def row(name, labels, scores, binary=True):
    labels = np.asarray(labels, dtype=float)
    scores = np.asarray(scores, dtype=float)
    keep = ~np.isnan(labels)
    y, s = labels[keep], scores[keep]
    single_class = binary and len(np.unique(y)) < 2
    auc = metric(roc_auc_score, y, s) if binary else "NA"
    ap = "NA" if (not binary or single_class) else metric(average_precision_score, y, s)
    pear = metric(lambda a, b: scipy.stats.pearsonr(a, b)[0], y, s)
    spear = metric(lambda a, b: scipy.stats.spearmanr(a, b).correlation, y, s)
    mse = metric(mean_squared_error, y, s)
    return "\t".join([name, arr(labels), arr(scores), auc, ap, pear, spear, mse])


def main():
    rng = np.random.default_rng(20240601)
    rows = []

    def binary_labels(n, p=0.5):
        y = (rng.random(n) < p).astype(float)
        y[0], y[-1] = 1.0, 0.0  # both classes present
        return y

    y = binary_labels(50)
    rows.append(row("random_n50", y, np.round(rng.normal(size=50) + y, 6)))
    y = binary_labels(200)
    rows.append(row("random_n200", y, np.round(rng.normal(size=200) + 0.5 * y, 6)))
    y = binary_labels(300)
    rows.append(row("heavy_ties_5_values", y, rng.integers(0, 5, size=300) / 4.0 + 0.25 * y * rng.integers(0, 2, 300)))
    y = binary_labels(120, 0.3)
    rows.append(row("heavy_ties_2_values", y, np.where(rng.random(120) < 0.4 + 0.3 * y, 0.9, 0.1)))
    y = binary_labels(40)
    rows.append(row("all_equal_scores", y, np.full(40, 0.37)))
    y = np.array([0.0] * 15 + [1.0] * 10)
    rows.append(row("perfectly_separated", y, np.round(np.sort(rng.normal(size=25)), 6)))
    rows.append(row("reversed", y, np.round(-np.sort(rng.normal(size=25)), 6)))
    rows.append(row("n2", [1.0, 0.0], [0.8, 0.3]))
    rows.append(row("n2_tied", [0.0, 1.0], [0.5, 0.5]))
    rows.append(row("n3", [1.0, 0.0, 1.0], [0.2, 0.4, 0.9]))
    rows.append(row("n4_ties", [0.0, 1.0, 1.0, 0.0], [0.5, 0.5, 0.1, 0.1]))
    rows.append(row("n5", [1.0, 0.0, 0.0, 1.0, 0.0], [3.0, -1.0, 2.5, 0.0, 2.5]))
    y = binary_labels(5000, 0.2)
    rows.append(row("large_n5000", y, np.round(rng.normal(size=5000) + 0.8 * y, 6)))
    y = binary_labels(400)
    rows.append(row("integer_scores", y, rng.integers(-3, 4, size=400).astype(float) + y))
    y = binary_labels(1000, 0.03)
    rows.append(row("imbalanced_3pct", y, np.round(rng.normal(size=1000) + 1.5 * y, 6)))
    y = binary_labels(80)
    s = np.round(rng.normal(size=80) + y, 6)
    y_missing = y.copy()
    y_missing[rng.choice(np.arange(1, 79), size=20, replace=False)] = np.nan
    rows.append(row("missing_labels", y_missing, s))
    y = binary_labels(60)
    s = np.round(rng.normal(size=60), 3)
    s[rng.random(60) < 0.3] = 0.0
    s[rng.random(60) < 0.3] = -0.0
    rows.append(row("signed_zero_ties", y, s))
    y = binary_labels(30)
    rows.append(row("large_magnitude_logits", y, np.round(rng.normal(size=30) * 1e6 + 1e6 * y, 0)))
    rows.append(row("scores_equal_labels", [1.0, 0.0, 1.0, 1.0, 0.0, 0.0], [1.0, 0.0, 1.0, 1.0, 0.0, 0.0]))
    rows.append(row("single_class_positive", [1.0, 1.0, 1.0, 1.0], [0.1, 0.5, 0.3, 0.9]))
    rows.append(row("single_class_negative", [0.0, 0.0, 0.0], [0.1, 0.5, 0.3]))
    x = np.round(rng.normal(size=300), 6)
    rows.append(row("regression_random", x, np.round(0.7 * x + rng.normal(size=300), 6), binary=False))
    x = rng.integers(0, 6, size=200).astype(float)
    rows.append(row("regression_ties", x, rng.integers(0, 4, size=200) + 0.5 * x, binary=False))
    rows.append(row("regression_constant_labels", np.full(10, 2.5), np.round(rng.normal(size=10), 6), binary=False))
    rows.append(row("regression_negative", [1.0, 2.0, 3.0, 4.0, 5.0], [10.0, 8.0, 8.5, 3.0, -2.0], binary=False))

    header = [
        "# Metric values from scikit-learn %s and SciPy %s (NumPy %s), seeded; do not edit by hand." % (
            sklearn.__version__, scipy.__version__, np.__version__),
        "# Regenerate from the repository root with: /usr/bin/python3 core/src/test/python/make_metric_fixtures.py",
        "# Columns: name, labels, scores, roc_auc, average_precision, pearson, spearman, mse "
        "(NaN: library gives NaN; error: library raises; NA: not applicable).",
    ]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    tmp = OUT + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(header + rows) + "\n")
    os.replace(tmp, OUT)
    print("wrote %d cases to %s" % (len(rows), os.path.normpath(OUT)), file=sys.stderr)


if __name__ == "__main__":
    main()
