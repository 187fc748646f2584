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

    python3 make_hessian.py hyp2f1

writes hyp2f1_ab1_d2.csv (see hyp2f1_main), for test/unit/test_pareto_nbd.c;
"python3 make_hessian.py trigamma" writes trigamma_steps.csv (trigamma_main);
"python3 make_hessian.py grid_se" hessian_grid_se.csv from the grid files (grid_se_main).

    python3 make_hessian.py purchase

writes hessian_purchase.csv instead (the rest of this docstring is about it):
the Hessians of the Pareto/NBD, MBG/NBD and BG/BB log-likelihoods (sum over
cells of count x one customer's log-likelihood), with the standard errors and
covariance they imply, for the C unit test test/unit/test_hessian.c.  Each
log-likelihood is written out here from the papers, independently of the C
code: Pareto/NBD as in Fader & Hardie 2005 ("A note on deriving the
Pareto/NBD model and related expressions", eq. 11 with the integral in
closed form through mpmath.hyp2f1, for alpha >= beta and alpha < beta as
pareto_nbd.c's comment), MBG/NBD as Batislam, Denizel & Filiztekin 2007
eq. 4, BG/BB as Fader, Hardie & Shang 2010 eq. 5.  Parameter sets (the
"model" column names the set):
  pareto_nbd_cdnow, mbgnbd_cdnow: CDNOW sample calibration summary (2,357
    customers, test/data/cdnow), at the estimates our C fit returns there
    (printed to 17 digits; Pareto/NBD's agree with Fader & Hardie's published
    r 0.5533, alpha 10.5776, s 0.6061, beta 11.6650 to their 4 digits); the
    mpmath gradient at that point is written as rows "grad" (near 0: the
    point is the maximum to the fit's tolerance);
  bgbb_donations: the 11,104 donors of test/data/donations (FHS 2010), at
    our C fit's estimates (published: 1.204, 0.750, 0.657, 2.783);
  *_ext1, *_ext2: the small data sets SMALL_CONT / SMALL_DISC below
    (written to hessian_small_cells.csv for the C test) at parameters at the
    ends of issue 15's domain [1e-4, 1e4]: a + b (alpha + beta, gamma +
    delta) below 1 in ext1 and above 1 in ext2; for Pareto/NBD ext1 has
    alpha > beta and ext2 alpha < beta (the two forms of the integral), both
    with w near 1.  These points are not maxima; the standard errors and
    covariance (inverse of minus the Hessian) are written only where minus
    the Hessian is positive definite.
Differentiation: mpmath.diff at PURCHASE_DPS digits in relative coordinates
(hessian_checked), with two step sizes that must agree to 1e-15 relative
(else the script stops).

    python3 make_hessian.py pnbd_grid [long]
    python3 make_hessian.py grid mbgnbd|bgbb [long]

write hessian_pnbd_grid.csv, hessian_mbgnbd_grid.csv, hessian_bgbb_grid.csv
(with "long": hessian_*_grid_long.csv, on LONG_CONT / LONG_DISC, customers
observed up to T = 1e4, or n = 100 for BG/BB, written to
hessian_long_cells.csv): the model's Hessian on SMALL_CONT (SMALL_DISC for
BG/BB) at the 3^4 points with each parameter at 1e-4, a middle value and
1e4 (PNBD_GRID, MODEL_GRID), by hessian_checked with the two step sizes
agreeing to 1e-12; columns point,<the four parameters>,i,j,value.  Points
left out: for Pareto/NBD on the small set PNBD_GRID_SLOW (mpmath.hyp2f1
took more than two minutes at each, in a run with that limit); in the other
runs, any point that takes more than 120 s or where the two step sizes
disagree (printed when it happens).
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


# ---- purchase models (python3 make_hessian.py purchase) ----

PURCHASE_DPS = 30

# (x, t_x, T, count): continuous-time models; t_x = 0 exactly when x = 0
SMALL_CONT = [(0, 0, 2, 3), (1, 0.5, 2, 2), (3, 1.75, 2.5, 1), (7, 1.875, 2, 1), (2, 2.25, 4, 2),
              (0, 0, 0.25, 1), (15, 3.875, 4, 1)]
# (x, t_x, n, count): BG/BB, whole numbers, x <= t_x <= n, t_x = 0 when x = 0
SMALL_DISC = [(0, 0, 5, 4), (1, 1, 5, 2), (2, 4, 5, 3), (5, 5, 5, 1), (3, 7, 9, 2), (0, 0, 0, 1), (1, 3, 9, 1)]


def pnbd_ll(cells):
    def f(r, alpha, s, beta):
        total = mp.mpf(0)
        for x, t_x, T, c in cells:
            A = r + s + x

            def tail(t):
                # int_t^inf (alpha+u)^-(r+x) (beta+u)^-(s+1) du
                if alpha >= beta:
                    m, B, w = alpha + t, s + 1, (alpha - beta) / (alpha + t)
                else:
                    m, B, w = beta + t, r + x, (beta - alpha) / (beta + t)
                return (m) ** (-A) * mp.hyp2f1(A, B, A + 1, w) / A
            alive = (alpha + T) ** (-(r + x)) * (beta + T) ** (-s)
            dead = s * (tail(t_x) - tail(T)) if t_x < T else 0
            total += c * (mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(alpha) + s * mp.log(beta)
                          + mp.log(alive + dead))
        return total
    return f


def mbg_ll(cells):
    def f(r, alpha, a, b):
        total = mp.mpf(0)
        for x, t_x, T, c in cells:
            s = (mp.exp(lbeta(a, b + x + 1) - (r + x) * mp.log(alpha + T))
                 + mp.exp(lbeta(a + 1, b + x) - (r + x) * mp.log(alpha + t_x)))
            total += c * (mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(alpha) - lbeta(a, b) + mp.log(s))
        return total
    return f


def bgbb_ll(cells):
    def f(al, be, ga, de):
        total = mp.mpf(0)
        for x, t_x, n, c in cells:
            s = mp.exp(lbeta(al + x, be + n - x) + lbeta(ga, de + n))
            for i in range(int(n - t_x)):
                s += mp.exp(lbeta(al + x, be + t_x - x + i) + lbeta(ga + 1, de + t_x + i))
            total += c * (mp.log(s) - lbeta(al, be) - lbeta(ga, de))
        return total
    return f


def hessian_checked(f, point, rel):
    """
    The Hessian of f at point, by mpmath.diff in relative coordinates
    (p_i = point_i u_i, so one step size suits parameters from 1e-4 to 1e4):
    d2f/dp_i dp_j = d2g/du_i du_j / (point_i point_j), at mpmath's default
    step and at 1e-12, which must agree to rel.
    """
    n = len(point)
    H = mp.matrix(n, n)

    def g(*u):
        return f(*[point[k] * u[k] for k in range(n)])
    one = [mp.mpf(1)] * n
    for i in range(n):
        for j in range(i, n):
            order = [0] * n
            order[i] += 1
            order[j] += 1
            v1 = mp.diff(g, one, tuple(order))
            v2 = mp.diff(g, one, tuple(order), h=mp.mpf(10) ** -12)
            if abs(v1 - v2) > rel * abs(v1):
                raise SystemExit('diff disagrees at %d %d: %s %s' % (i, j, v1, v2))
            H[i, j] = H[j, i] = v1 / (point[i] * point[j])
    return H


def spd(M):
    try:
        mp.cholesky(M)
        return True
    except (ValueError, ZeroDivisionError):
        return False


def purchase_main(which):
    mp.mp.dps = PURCHASE_DPS
    cont = [(mp.mpf(x), mp.mpf(t), mp.mpf(T), c) for x, t, T, c in bg]
    donations = []
    with open(os.path.join(HERE, '..', '..', 'data', 'donations', 'donations.csv')) as fh:
        for rec in csv.DictReader(fh):
            donations.append((mp.mpf(rec['frequency']), mp.mpf(rec['recency']), mp.mpf(rec['periods']),
                              int(rec['weights'])))
    small_c = [(mp.mpf(x), mp.mpf(t), mp.mpf(T), c) for x, t, T, c in SMALL_CONT]
    small_d = [(mp.mpf(x), mp.mpf(t), mp.mpf(T), c) for x, t, T, c in SMALL_DISC]
    sets = [
        # our C fit on CDNOW (pareto_nbd.c through purchase_fit.c), printed with %.17g
        ('pareto_nbd_cdnow', pnbd_ll(cont), ('r', 'alpha', 's', 'beta'),
         (0.55327544864311939, 10.577612895638085, 0.60621357028725253, 11.667913772396036)),
        ('mbgnbd_cdnow', mbg_ll(cont), ('r', 'alpha', 'a', 'b'),
         (0.52483788014260002, 6.1829913035619599, 0.89135593136245272, 1.6139993121382816)),
        ('bgbb_donations', bgbb_ll(donations), ('alpha', 'beta', 'gamma', 'delta'),
         (1.2035223920936386, 0.74971637557093063, 0.65671818640757196, 2.7834420346730089)),
        ('pareto_nbd_ext1', pnbd_ll(small_c), ('r', 'alpha', 's', 'beta'), (2e-4, 1e4, 3e3, 1.5e-4)),
        ('pareto_nbd_ext2', pnbd_ll(small_c), ('r', 'alpha', 's', 'beta'), (0.8, 1e-4, 1e4, 5e3)),
        ('mbgnbd_ext1', mbg_ll(small_c), ('r', 'alpha', 'a', 'b'), (1e-4, 1e-4, 3e-4, 0.5)),
        ('mbgnbd_ext2', mbg_ll(small_c), ('r', 'alpha', 'a', 'b'), (1e4, 5e3, 2e3, 1e4)),
        ('bgbb_ext1', bgbb_ll(small_d), ('alpha', 'beta', 'gamma', 'delta'), (1e-4, 0.3, 2e-4, 0.6)),
        ('bgbb_ext2', bgbb_ll(small_d), ('alpha', 'beta', 'gamma', 'delta'), (1e4, 5e3, 3e3, 1e4)),
    ]
    out = []
    for name, f, names, point in sets:
        if which and which not in name:
            continue
        pt = [mp.mpf(v) for v in point]
        for i in range(4):
            out.append([name, 'param', names[i], repr(float(point[i]))])
        H = hessian_checked(f, pt, mp.mpf(10) ** -15)
        for i in range(4):
            for j in range(i, 4):
                out.append([name, names[i], names[j], mp.nstr(H[i, j], 25)])
        if spd(-H):
            cov = (-H) ** -1
            for i in range(4):
                out.append([name, 'se', names[i], mp.nstr(mp.sqrt(cov[i, i]), 25)])
            for i in range(4):
                for j in range(i, 4):
                    out.append([name, 'cov', names[i] + ':' + names[j], mp.nstr(cov[i, j], 25)])
        for i in range(4):
            order = [0] * 4
            order[i] = 1
            out.append([name, 'grad', names[i], mp.nstr(mp.diff(f, pt, tuple(order), h=pt[i] * mp.mpf(10) ** -12), 25)])
        out.append([name, 'loglik', '', mp.nstr(f(*pt), 25)])
        print(name, 'done', flush=True)
        path = os.path.join(HERE, 'hessian_purchase%s.csv' % ('_' + which if which else ''))
        with open(path, 'w', newline='') as fh:
            w = csv.writer(fh, lineterminator='\n')
            w.writerow(['model', 'param_i', 'param_j', 'value'])
            w.writerows(out)
    with open(os.path.join(HERE, 'hessian_small_cells.csv'), 'w', newline='') as fh:
        w = csv.writer(fh, lineterminator='\n')
        w.writerow(['data', 'x', 't_x', 'T', 'count'])
        for x, t, T, c in SMALL_CONT:
            w.writerow(['cont', x, t, T, c])
        for x, t, T, c in SMALL_DISC:
            w.writerow(['disc', x, t, T, c])


def hyp2f1_main():
    """
    python3 make_hessian.py hyp2f1: the second derivatives of log 2F1(A, B;
    A+1; w) in (A, B, w) at the 20 points of test/reference/models/hyp2f1_ab1.csv
    (w = 1 - omw where omw < 1/2, omw being what the C function is given),
    by mpmath.diff of mpmath.hyp2f1 at 30 digits (two step sizes agreeing to
    1e-12), into hyp2f1_ab1_d2.csv: A,B,w,omw as given, then d_AA, d_AB,
    d_Aw, d_BB, d_Bw, d_ww.
    """
    mp.mp.dps = 30
    src = os.path.join(HERE, '..', 'models', 'hyp2f1_ab1.csv')
    out = []
    with open(src) as fh:
        for rec in csv.DictReader(fh):
            A, B, omw = mp.mpf(rec['A']), mp.mpf(rec['B']), mp.mpf(rec['omw'])
            w = 1 - omw if omw < 0.5 else mp.mpf(rec['w'])

            def f(a, b, z):
                return mp.log(mp.hyp2f1(a, b, a + 1, z, maxterms=10 ** 6))
            pt = [A, B, w]
            # relative steps in A and B; in w a step below both w and 1 - w
            scale = [A, B, min(w, omw) if w > 0 else omw]
            vals = []
            for i, j in ((0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (2, 2)):
                order = [0, 0, 0]
                order[i] += 1
                order[j] += 1

                def g(*u):
                    return f(*[pt[k] + scale[k] * u[k] for k in range(3)])
                v1 = mp.diff(g, [0, 0, 0], tuple(order), h=mp.mpf(10) ** -8)
                v2 = mp.diff(g, [0, 0, 0], tuple(order), h=mp.mpf(10) ** -9)
                if abs(v1 - v2) > mp.mpf(10) ** -12 * abs(v1) + mp.mpf(10) ** -25:
                    raise SystemExit('diff disagrees: %s %s %s' % (rec, v1, v2))
                vals.append(mp.nstr(v1 / (scale[i] * scale[j]), 20))
            out.append([rec['A'], rec['B'], rec['w'], rec['omw']] + vals)
            print(rec['A'], rec['B'], rec['w'], 'done', flush=True)
    with open(os.path.join(HERE, 'hyp2f1_ab1_d2.csv'), 'w', newline='') as fh:
        w = csv.writer(fh, lineterminator='\n')
        w.writerow(['A', 'B', 'w', 'omw', 'd_AA', 'd_AB', 'd_Aw', 'd_BB', 'd_Bw', 'd_ww'])
        w.writerows(out)


# ---- Pareto/NBD over a grid of the domain (python3 make_hessian.py pnbd_grid) ----

PNBD_GRID = {'r': (1e-4, 0.5, 1e4), 'alpha': (1e-4, 10.0, 1e4), 's': (1e-4, 0.6, 1e4), 'beta': (1e-4, 10.0, 1e4)}
# points left out: mpmath.hyp2f1 took more than 2 minutes at one of them (a run with a 120 s limit a point)
PNBD_GRID_SLOW = (7, 15, 34, 42, 55, 58, 61, 63, 66, 69)
# long-lived customers (T up to 1e4) for pnbd_grid long
LONG_CONT = [(0, 0, 1e4, 2), (1, 10, 1e4, 1), (5, 9990, 1e4, 1), (3, 0.5, 100, 1), (100, 50, 100, 1),
             (2, 38.86, 38.86, 1), (0, 0, 38.86, 3)]
PNBD_GRID_SLOW_LONG = ()


# the same for MBG/NBD and BG/BB (python3 make_hessian.py grid mbgnbd|bgbb [long]): middle values near
# the CDNOW and donations fits; BG/BB's long customers have n up to 100 (the likelihood sums n - t_x terms)
MODEL_GRID = {
    'mbgnbd': (('r', 'alpha', 'a', 'b'), ((1e-4, 0.5, 1e4), (1e-4, 6.0, 1e4), (1e-4, 0.9, 1e4), (1e-4, 1.6, 1e4))),
    'bgbb': (('alpha', 'beta', 'gamma', 'delta'), ((1e-4, 1.2, 1e4), (1e-4, 0.75, 1e4), (1e-4, 0.66, 1e4),
                                                  (1e-4, 2.8, 1e4))),
}
LONG_DISC = [(0, 0, 100, 2), (1, 1, 100, 1), (5, 99, 100, 1), (3, 4, 30, 1), (30, 30, 30, 1), (2, 38, 39, 1),
             (0, 0, 39, 3)]


def pnbd_grid_main(which, model='pnbd'):
    import itertools
    mp.mp.dps = PURCHASE_DPS
    if model == 'pnbd':
        names = ('r', 'alpha', 's', 'beta')
        values = [PNBD_GRID[k] for k in names]
        data, ll = (LONG_CONT if which == 'long' else SMALL_CONT), pnbd_ll
        slow = PNBD_GRID_SLOW if which != 'long' else PNBD_GRID_SLOW_LONG
    else:
        names, values = MODEL_GRID[model]
        if model == 'bgbb':
            data, ll = (LONG_DISC if which == 'long' else SMALL_DISC), bgbb_ll
        else:
            data, ll = (LONG_CONT if which == 'long' else SMALL_CONT), mbg_ll
        slow = ()
    f = ll([(mp.mpf(x), mp.mpf(t), mp.mpf(T), c) for x, t, T, c in data])
    pts = list(itertools.product(*values))
    name = 'hessian_%s_grid%s.csv' % (model, '_long' if which == 'long' else '')
    with open(os.path.join(HERE, name), 'w', newline='') as fh:
        w = csv.writer(fh, lineterminator='\n')
        w.writerow(['point'] + list(names) + ['i', 'j', 'value'])
        for k, pt in enumerate(pts):
            if k in slow:
                continue
            if which == 'long' or model != 'pnbd':
                # no fixed list here: a point that takes more than 120 s is left out, and said so
                import signal

                def _late(signum, frame):
                    raise TimeoutError()
                signal.signal(signal.SIGALRM, _late)
                signal.alarm(120)
                try:
                    H = hessian_checked(f, [mp.mpf(v) for v in pt], mp.mpf(10) ** -12)
                except TimeoutError:
                    print('point', k, pt, 'left out: more than 120 s', flush=True)
                    continue
                except SystemExit as e:
                    # the two step sizes disagree: no reference value there
                    print('point', k, pt, 'left out:', e, flush=True)
                    continue
                finally:
                    signal.alarm(0)
            else:
                H = hessian_checked(f, [mp.mpf(v) for v in pt], mp.mpf(10) ** -12)
            for i in range(4):
                for j in range(i, 4):
                    w.writerow([k] + [repr(v) for v in pt] + [i, j, mp.nstr(H[i, j], 20)])
            fh.flush()
            print('point', k, pt, 'done', flush=True)
    if which == 'long':
        with open(os.path.join(HERE, 'hessian_long_cells.csv'), 'w', newline='') as fh:
            w = csv.writer(fh, lineterminator='\n')
            w.writerow(['data', 'x', 't_x', 'T', 'count'])
            for x, t, T, c in LONG_CONT:
                w.writerow(['cont', x, t, T, c])
            for x, t, T, c in LONG_DISC:
                w.writerow(['disc', x, t, T, c])


def trigamma_main():
    """
    python3 make_hessian.py trigamma: trigamma_steps.csv, psi1(z) - psi1(z+n)
    and [psi1(z+a) - psi1(z+a+n)] - [psi1(z) - psi1(z+n)] by mpmath.psi at 50
    digits, for special.c's ltv_trigamma_steps and ltv_trigamma_steps_diff
    (test/unit/test_special.c)
    """
    mp.mp.dps = 50
    with open(os.path.join(HERE, 'trigamma_steps.csv'), 'w', newline='') as fh:
        w = csv.writer(fh, lineterminator='\n')
        w.writerow(['z', 'a', 'n', 'steps', 'steps_diff'])
        for z in (1e-4, 0.5, 3.7, 1e4):
            for a in (1e-4, 1.0, 0.66, 1e4):
                for n in (0, 1, 7, 100, 5000, 20000):
                    Z, A = mp.mpf(z), mp.mpf(a)
                    st = mp.psi(1, Z) - mp.psi(1, Z + n)
                    sd = (mp.psi(1, Z + A) - mp.psi(1, Z + A + n)) - st
                    w.writerow([repr(z), repr(a), n, mp.nstr(st, 25), mp.nstr(sd, 25)])


def grid_se_main():
    """
    python3 make_hessian.py grid_se: hessian_grid_se.csv, the standard errors
    (square roots of the diagonal of the inverse of minus the Hessian, at 30
    digits) at every point of the hessian_*_grid*.csv files where minus the
    Hessian is positive definite; columns grid,point,i,se
    """
    import glob
    mp.mp.dps = PURCHASE_DPS
    out = []
    for path in sorted(glob.glob(os.path.join(HERE, 'hessian_*_grid*.csv'))):
        pts = {}
        with open(path) as fh:
            for rec in csv.DictReader(fh):
                H = pts.setdefault(int(rec['point']), mp.matrix(4, 4))
                i, j = int(rec['i']), int(rec['j'])
                H[i, j] = H[j, i] = mp.mpf(rec['value'])
        for k in sorted(pts):
            if spd(-pts[k]):
                cov = (-pts[k]) ** -1
                for i in range(4):
                    out.append([os.path.basename(path), k, i, mp.nstr(mp.sqrt(cov[i, i]), 25)])
    with open(os.path.join(HERE, 'hessian_grid_se.csv'), 'w', newline='') as fh:
        w = csv.writer(fh, lineterminator='\n')
        w.writerow(['grid', 'point', 'i', 'se'])
        w.writerows(out)


if __name__ == '__main__':
    import sys
    if len(sys.argv) > 1 and sys.argv[1] == 'hyp2f1':
        hyp2f1_main()
    elif len(sys.argv) > 1 and sys.argv[1] == 'grid_se':
        grid_se_main()
    elif len(sys.argv) > 1 and sys.argv[1] == 'trigamma':
        trigamma_main()
    elif len(sys.argv) > 2 and sys.argv[1] == 'grid':
        pnbd_grid_main(sys.argv[3] if len(sys.argv) > 3 else '', sys.argv[2])
    elif len(sys.argv) > 1 and sys.argv[1] == 'pnbd_grid':
        pnbd_grid_main(sys.argv[2] if len(sys.argv) > 2 else '')
    elif len(sys.argv) > 1 and sys.argv[1] == 'purchase':
        purchase_main(sys.argv[2] if len(sys.argv) > 2 else '')
    else:
        main()
