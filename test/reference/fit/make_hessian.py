#!/usr/bin/env python3
"""
High-precision Hessians of the BG/NBD and Gamma-Gamma log-likelihoods on the
CDNOW sample calibration summary (test/data/cdnow/cdnow_customers_summary_with_transactions.csv),
at the published parameters, and the standard errors they imply, written to
hessian.csv next to this script.  The unit tests (test/unit/test_bgnbd.c,
test_gammagamma.c) only read that file.

    cd test/reference/fit && python3 make_hessian.py

Requires mpmath.  The log-likelihoods are written out independently of the C
code (FHL 2005 eq. 6; the Gamma-Gamma density of the mean spend as in
gammagamma.c's comment) and differentiated numerically by mpmath.diff at 50
significant digits (finite differences at raised working precision), twice
with different step sizes that must agree to 1e-20 relative.  Standard
errors: square roots of the diagonal of the inverse of minus the Hessian.

Columns: model,param_i,param_j,value (the Hessian, row-major, i <= j) and
model,se,param,value.
"""
import csv
import os

import mpmath as mp

mp.mp.dps = 50
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', '..', 'data', 'cdnow', 'cdnow_customers_summary_with_transactions.csv')

rows = []
with open(DATA) as fh:
    for rec in csv.DictReader(fh):
        rows.append((int(rec['x']), float(rec['t_x']), float(rec['T']), float(rec['zbar'])))

# distinct cells with counts (exact binary values of the doubles the C code reads)
bg = {}
gg = {}
for x, t_x, T, m in rows:
    bg[(x, t_x, T)] = bg.get((x, t_x, T), 0) + 1
    if x > 0 and m > 0:
        gg[(x, m)] = gg.get((x, m), 0) + 1
bg = [(mp.mpf(x), mp.mpf(t), mp.mpf(T), c) for (x, t, T), c in sorted(bg.items())]
gg = [(mp.mpf(x), mp.mpf(m), c) for (x, m), c in sorted(gg.items())]


def lbeta(a, b):
    return mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)


def bg_ll(r, alpha, a, b):
    total = mp.mpf(0)
    for x, t_x, T, c in bg:
        A1 = lbeta(a, b + x) - (r + x) * mp.log(alpha + T)
        s = mp.exp(A1)
        if x > 0:
            s += mp.exp(lbeta(a + 1, b + x - 1) - (r + x) * mp.log(alpha + t_x))
        total += c * (mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(alpha) - lbeta(a, b) + mp.log(s))
    return total


def gg_ll(p, q, gamma):
    total = mp.mpf(0)
    for x, m, c in gg:
        px = p * x
        total += c * (mp.loggamma(px + q) - mp.loggamma(px) - mp.loggamma(q) + q * mp.log(gamma)
                      + (px - 1) * mp.log(m) + px * mp.log(x) - (px + q) * mp.log(gamma + x * m))
    return total


def hessian(f, point):
    n = len(point)
    H = mp.matrix(n, n)
    for i in range(n):
        for j in range(i, n):
            order = [0] * n
            order[i] += 1
            order[j] += 1
            v1 = mp.diff(f, point, tuple(order))
            v2 = mp.diff(f, point, tuple(order), h=mp.mpf(10) ** -12)
            if abs(v1 - v2) > mp.mpf(10) ** -20 * abs(v1):
                raise SystemExit('diff disagrees at %d %d: %s %s' % (i, j, v1, v2))
            H[i, j] = H[j, i] = v1
    return H


def main():
    out = []
    for name, f, names, point in (
            ('bgnbd', bg_ll, ('r', 'alpha', 'a', 'b'), (0.2425945, 4.4136019, 0.7929199, 2.4258881)),
            ('gg', gg_ll, ('p', 'q', 'gamma'), (6.25, 3.74, 15.44))):
        pt = [mp.mpf(v) for v in point]
        H = hessian(f, pt)
        cov = (-H) ** -1
        for i in range(len(names)):
            for j in range(i, len(names)):
                out.append([name, names[i], names[j], mp.nstr(H[i, j], 25)])
        for i in range(len(names)):
            out.append([name, 'se', names[i], mp.nstr(mp.sqrt(cov[i, i]), 25)])
        out.append([name, 'loglik', '', mp.nstr(f(*pt), 25)])
    with open(os.path.join(HERE, 'hessian.csv'), 'w', newline='') as fh:
        w = csv.writer(fh, lineterminator='\n')
        w.writerow(['model', 'param_i', 'param_j', 'value'])
        w.writerows(out)
    with open(os.path.join(HERE, 'versions.txt'), 'w') as fh:
        import sys
        fh.write('python %s, mpmath %s, %d digits\n' % (sys.version.split()[0], mp.__version__, mp.mp.dps))


if __name__ == '__main__':
    main()
