# SPDX-License-Identifier: GPL-3.0-or-later
"""Fits the peaks written by bench-fit with scipy.optimize.curve_fit and lmfit, using the same
closed form (science.md §2.3, scaled E2) and the same width-based starting values as Relaxun.

usage: bench_fit.py PEAKS_FILE RESULTS_FILE
PEAKS_FILE: first line "n_peaks n_points", then per peak a line "E_true Tp_true", a line of
n_points temperatures and a line of n_points signals. RESULTS_FILE gets one line per peak:
"E_curve_fit Tp_curve_fit E_lmfit Tp_lmfit", then a last line "t_curve_fit t_lmfit c_curve_fit
c_lmfit": wall-clock and CPU seconds per fit (CPU time is steadier on a shared machine).
"""
import sys
import time
import warnings

import numpy as np
from scipy.optimize import curve_fit
from scipy.special import expn
import lmfit

R = 8.314462618


def debye(T, q, E, Tp):
    b = E / R
    k = b / (Tp * Tp)
    u = b / T
    x = b / Tp - u
    a = k * T * np.exp(u) * expn(2, u) * np.exp(x)
    return q * k * np.exp(np.maximum(x - a, -745.0))


def guess(T, y):
    i = int(np.argmax(y))
    tp = T[i]
    half = 0.5 * y[i]
    j = i
    while j + 1 < len(y) and y[j + 1] > half:
        j += 1
    d_hi = T[j] - tp
    e = 0.9852 * R * tp * tp / d_hi - 0.1745 * R * tp
    q = y[i] * R * tp * tp / (e * 0.39)
    return q, e, tp


def main():
    with open(sys.argv[1]) as fh:
        n_peaks, n_points = (int(v) for v in fh.readline().split())
        peaks = []
        for _ in range(n_peaks):
            fh.readline()
            T = np.array(fh.readline().split(), dtype=float)
            y = np.array(fh.readline().split(), dtype=float)
            peaks.append((T, y))

    warnings.simplefilter("ignore")
    out = []
    t0 = time.perf_counter()
    c0 = time.process_time()
    cf = []
    for T, y in peaks:
        p, _ = curve_fit(debye, T, y, p0=guess(T, y), maxfev=2000)
        cf.append(p)
    t_cf = (time.perf_counter() - t0) / n_peaks
    c_cf = (time.process_time() - c0) / n_peaks

    model = lmfit.Model(debye)
    t0 = time.perf_counter()
    c0 = time.process_time()
    lm = []
    for T, y in peaks:
        q, e, tp = guess(T, y)
        res = model.fit(y, T=T, q=q, E=e, Tp=tp)
        lm.append((res.params["q"].value, res.params["E"].value, res.params["Tp"].value))
    t_lm = (time.perf_counter() - t0) / n_peaks
    c_lm = (time.process_time() - c0) / n_peaks

    with open(sys.argv[2], "w") as fh:
        for a, b in zip(cf, lm):
            fh.write("%.17g %.17g %.17g %.17g\n" % (a[1], a[2], b[1], b[2]))
        fh.write("%.9g %.9g %.9g %.9g\n" % (t_cf, t_lm, c_cf, c_lm))


if __name__ == "__main__":
    main()
