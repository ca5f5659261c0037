# SPDX-License-Identifier: GPL-3.0-or-later
"""Python/numpy peer of bench-sim: the same TNM protocol (science.md §5.3 P1, 18 Prony modes,
exact linear-ramp update with a predictor-corrector, 0.05 K steps, 40 log steps per decade in
holds): equilibrium at 500 K, quench at 10000 K/s to 350 K, 100 s there, quench to 223.15 K,
heat at 1000 K/s to 500 K. Prints the seconds per protocol and Tf of the glass (426.178 K in
science.md §5.2) on one line."""
import math
import sys
import time

import numpy as np

S = np.array([1.000000e-05, 1.105295e-04, 2.462092e-04, 5.484417e-04, 1.221677e-03, 2.721339e-03,
              6.061899e-03, 1.350314e-02, 3.007883e-02, 6.700188e-02, 1.492496e-01, 3.324598e-01,
              7.405685e-01, 1.649648e+00, 3.674662e+00, 8.185467e+00, 1.823348e+01, 1.000000e+03])
W = np.array([3.87102339e-03, 3.20061810e-03, 4.50944219e-03, 3.48636680e-03, 9.68503002e-03,
              1.03234553e-02, 1.86529780e-02, 2.53737469e-02, 3.94648955e-02, 5.70812659e-02,
              8.44244014e-02, 1.19586872e-01, 1.61851345e-01, 1.91804914e-01, 1.73176212e-01,
              8.31601075e-02, 1.03471005e-02, 2.06695602e-07])
X = 0.45
DH = 50.0 * 401.0 * math.log(10.0)
LN_A = math.log(100.0) - DH / 401.0


def ln_tau(t, tf):
    return LN_A + X * DH / t + (1.0 - X) * DH / tf


def update(tf, t0, t1, z):
    z = np.maximum(z, 1e-300)
    decay = np.exp(-z)
    phi1 = -np.expm1(-z) / z
    return t1 + (tf - t0) * decay - (t1 - t0) * phi1


def step(tf, t0, t1, dt):
    tf_n = W @ tf
    inv = math.exp(-ln_tau(0.5 * (t0 + t1), tf_n))
    pred = update(tf, t0, t1, dt * inv / S)
    inv = math.exp(-ln_tau(0.5 * (t0 + t1), 0.5 * (tf_n + W @ pred)))
    return update(tf, t0, t1, dt * inv / S)


def ramp(tf, t, target, rate, max_step=0.05):
    n = int(math.ceil(abs(target - t) / max_step))
    dt_k = (target - t) / n
    for _ in range(n):
        tf = step(tf, t, t + dt_k, abs(dt_k) / rate)
        t += dt_k
    return tf, target


def hold(tf, t, duration):
    now, k = 0.0, 0.0
    while now < duration:
        nxt = 1e-7 * 10.0 ** (k / 40.0)
        if nxt > duration or duration - nxt < 1e-3 * (nxt - now):
            nxt = duration
        tf = step(tf, t, t, nxt - now)
        now, k = nxt, k + 1.0
    return tf


def protocol():
    tf = np.full(S.size, 500.0)
    tf, t = ramp(tf, 500.0, 350.0, 1e4)
    tf = hold(tf, t, 100.0)
    tf, t = ramp(tf, t, 223.15, 1e4)
    tf_glass = W @ tf
    tf, t = ramp(tf, t, 500.0, 1e3)
    return tf_glass


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    t0 = time.perf_counter()
    for _ in range(repeats):
        tf_glass = protocol()
    print("%.6f %.3f" % ((time.perf_counter() - t0) / repeats, tf_glass))


if __name__ == "__main__":
    main()
