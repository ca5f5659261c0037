# SPDX-License-Identifier: GPL-3.0-or-later
# Peers of Relaxun's STARe reader on the same 10^6-row export; prints "numpy T pandas T".
# numpy.loadtxt knows neither the decimal comma nor the footer: the text is decoded as
# latin-1, the two header lines and the footer are cut, and ',' is replaced by '.' first
# (all of that is timed). pandas.read_csv reads the decimal comma itself (decimal=','),
# splits on whitespace, skips the two header rows and stops before the footer (nrows,
# counted from the line count inside the timed block).
import io
import sys
import time

import numpy as np
import pandas as pd

path = sys.argv[1]

t0 = time.perf_counter()
with open(path, 'r', encoding='latin-1') as f:
    lines = f.read().split('\n')
body = '\n'.join(lines[2:-2]).replace(',', '.')
a = np.loadtxt(io.StringIO(body))
t_numpy = time.perf_counter() - t0
assert a.shape == (1000000, 5), a.shape

t0 = time.perf_counter()
with open(path, 'rb') as f:
    n_lines = sum(1 for _ in f)
df = pd.read_csv(path, sep=r'\s+', decimal=',', skiprows=2, header=None, nrows=n_lines - 3,
                 encoding='latin-1', names=['Index', 't', 'Heat Flow', 'Ts', 'Tr'])
t_pandas = time.perf_counter() - t0
assert len(df) == 1000000, len(df)

print('numpy %.6f pandas %.6f' % (t_numpy, t_pandas))
