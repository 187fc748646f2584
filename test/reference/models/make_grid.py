#!/usr/bin/env python3
"""
Reference values of every prediction function of Pareto/NBD, MBG/NBD and BG/BB
over issue 15's grid (parameters at the corners of [1e-4, 1e4]^4 and named
sets, customers x 0..5000 with t_x = 0 and t_x = T, T up to 1e4, horizons
1e-8 .. 1e4), written to grid_predictions.csv next to this script.  The unit
test test/unit/test_model_grid.c and sql/model_grid_reference.sql only read
that file and grid_clv.csv; they never run this script.  BG/NBD's grid is test/reference/predictions (its own script).

    cd test/reference/models && python3 make_grid.py [--models=pareto_nbd,mbgnbd,bgbb] [--quick] [--skip=K]
        [--parts=grid,clv] [--only=FIRST:LAST]

(--parts: grid_predictions.csv and/or grid_clv.csv; --only: only those parameter sets of each model,
numbered from 1 as params_of() lists them, appended to the files; without it MBG/NBD's sets 13..20,
the corners with r = 1e4, are not made: the files hold them from --models=mbgnbd --only=13:20, with
--parts=grid and --parts=clv, see grid_versions.txt.)

Requires mpmath (versions used: grid_versions.txt).  Every value is computed at
60 significant digits or more from the exact binary value of each double input,
by two methods that must agree to 1e-30 relative (else the script stops):

Pareto/NBD (Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD Model and
Related Expressions", eqs. 16-19, 22):
  P(alive) = 1 / (1 + s (alpha+T)^(r+x) (beta+T)^s I),
  I = int_{t_x}^T (alpha+u)^-(r+x) (beta+u)^-(s+1) du, by
    1. the note's 2F1 form of A_0 = (r+s+x) I (mpmath.hyp2f1, alpha >= beta and
       alpha < beta cases) at 100 digits,
    2. mpmath.quad (tanh-sinh) of the integrand scaled to 1 at u = t_x, with
       breakpoints at t_x + 10^k / lambda (lambda the integrand's decay rate);
    where mpmath.hyp2f1 does not converge (z within ~1e-8 of 1 and parameters ~1e4) the
    quadrature again on every interval halved stands in for method 1 (noted on stderr).
  E[Y(t) | x, t_x, T] = (r+x)(beta+T) / (alpha+T) (1 - ((beta+T)/(beta+T+t))^(s-1)) / (s-1) P(alive)
    (log((beta+T+t)/(beta+T)) at s = 1; elementary given P(alive)).
  E[X(t)] = r beta / (alpha (s-1)) (1 - (beta/(beta+t))^(s-1)) (elementary).
  P(X(t) = n) = NBD(n) (beta/(beta+t))^s + s alpha^r beta^s Gamma(r+n)/(Gamma(r) n!)
                 int_0^t u^n (alpha+u)^-(r+n) (beta+u)^-(s+1) du,
    the integral by mpmath.quad (tanh-sinh; the integrand scaled at its maximum, breakpoints
    there and at 10^k widths from it), twice: on those intervals and on each of them halved
    (Gauss-Legendre takes minutes at these digits).  For the parameters of BTYD's CDNOW fit these
    reproduce pareto_nbd_population.csv (the closed binomial form at 150 digits) to its 17 digits.
MBG/NBD (Batislam, Denizel & Filiztekin 2007; as in BTYDplus and lifetimes; at the corners with
r = 1e4 only 6 of the customers, CUSTOMERS_R1E4, each E[Y] there taking mpmath seconds):
  P(alive) = 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x)) (exact),
  E[Y] = P(alive) G(r+x, b+x+1, a, t/(alpha+T)), E[X(t)] = b/(a+b) G(r, b+1, a, t/alpha),
    G(A, B, a, u) = E[(1 - (1+pu)^-A)/p], p ~ Beta(a, B): the function of
    ../predictions/make_reference.py (imported; the first two of its methods that agree),
  P(X(t) = n) = B(a, b+n+1)/B(a, b) NBD(n) + B(a+1, b+n)/B(a, b) P(NBD >= n), the NBD tail
    by that script's continued fraction, checked against its terms.
BG/BB (Fader, Hardie & Shang 2010, eqs. 5-13), x, t_x, n in periods, horizons k whole periods:
  every quantity a finite sum of positive terms (no cancellation), at 60 digits by
  term ratios; the likelihood (when n - t_x <= 200) and P(X(k) = x) (when k <= 200)
  also term by term with mpmath.beta, and E[Y] both as the closed Gamma-ratio form
  of eq. 13 and as the sum over the horizon's periods of P(alive and buys in period
  n+i) (one of the two at gamma within 1e-30 of 1, the other where k > 20000).

ltv_predict (the README's monthly sum; clv.c), every model: sum_i spend (E[Y(t_i)] - E[Y(t_(i-1))]) /
  (1+d)^(t_i in months) with E[Y] by the formulas above, t_i = i months and the last step ending at the
  horizon, spend Gamma-Gamma's E[spend | x, m] (p, q, gamma = 6.25, 3.74, 15.44); the unit 7 days
  (Pareto/NBD, MBG/NBD: a month is 365.2425/12/7 units) or 1 month (BG/BB: a month is a period, and E[Y]
  counts the whole periods of a horizon); 6 customers x 4 horizons (BG/BB 5: also 120 months).

File: grid_predictions.csv  model,p1,p2,p3,p4,func,x,t_x,T,t,value
  (func p_alive | expected | expected_new | prob_n, x holds n for prob_n; values with
  25 significant digits; inputs as shortest round-trip doubles).
File: grid_clv.csv  model,p1,p2,p3,p4,p,q,gamma,x,t_x,T,m,horizon_days,discount,value
  (read by test/unit/test_model_grid.c and sql/model_grid_reference.sql).
"""
import csv
import os
import sys

import mpmath as mp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'predictions'))
_argv, sys.argv = sys.argv, sys.argv[:1]
import make_reference as bg  # noqa: E402  (its options are read from sys.argv at import)
sys.argv = _argv

DPS = 60
mp.mp.dps = DPS
QUICK = '--quick' in sys.argv
MODELS = 'pareto_nbd,mbgnbd,bgbb'
SKIP = 0    # --skip=K: append to the file, leaving out the first K Pareto/NBD parameter sets (a resumed run)
PARTS = 'grid,clv'      # --parts=grid,clv: grid_predictions.csv and/or grid_clv.csv
ONLY = None     # --only=FIRST:LAST (1-based): only those parameter sets of each model, appended to the files
for _a in sys.argv[1:]:
    if _a.startswith('--models='):
        MODELS = _a.split('=', 1)[1]
    if _a.startswith('--skip='):
        SKIP = int(_a.split('=', 1)[1])
    if _a.startswith('--parts='):
        PARTS = _a.split('=', 1)[1]
    if _a.startswith('--only='):
        ONLY = tuple(int(v) for v in _a.split('=', 1)[1].split(':'))
PARTS = PARTS.split(',')
MODELS = MODELS.split(',')
AGREE = mp.mpf(10) ** -30


def f(v):
    return mp.mpf(float(v))


def agree(name, v1, v2, *where):
    if v1 == v2 or abs(v1 - v2) <= AGREE * abs(v1):
        return v1
    raise SystemExit('%s: the two methods disagree at %r: %s vs %s'
                     % (name, where, mp.nstr(v1, 30), mp.nstr(v2, 30)))


def corners():
    out = []
    for p1 in (1e-4, 1e4):
        for p2 in (1e-4, 1e4):
            for p3 in (1e-4, 1e4):
                for p4 in (1e-4, 1e4):
                    out.append((p1, p2, p3, p4))
    return out


# ---------------- Pareto/NBD ----------------

def pnbd_A0_2f1(r, al, s, be, x, t_x, T):
    with mp.workdps(100):
        r, al, s, be, x, t_x, T = (mp.mpf(v) for v in (r, al, s, be, x, t_x, T))
        if al >= be:
            F = lambda t: mp.hyp2f1(r + s + x, s + 1, r + s + x + 1, (al - be) / (al + t)) / (al + t) ** (r + s + x)
        else:
            F = lambda t: mp.hyp2f1(r + s + x, r + x, r + s + x + 1, (be - al) / (be + t)) / (be + t) ** (r + s + x)
        return F(t_x) - F(T)


def pnbd_I_quad(r, al, s, be, x, t_x, T, halved=False):
    """int_{t_x}^T (al+u)^-(r+x) (be+u)^-(s+1) du as (value at t_x) * quad of the scaled integrand"""
    with mp.workdps(DPS + 20):
        A, S1 = r + x, s + 1
        lf0 = -A * mp.log(al + t_x) - S1 * mp.log(be + t_x)
        g = lambda u: mp.exp(-A * mp.log1p((u - t_x) / (al + t_x)) - S1 * mp.log1p((u - t_x) / (be + t_x)))
        lam = A / (al + t_x) + S1 / (be + t_x)
        pts = [t_x]
        k = mp.mpf(10) ** -3
        while t_x + k / lam < T:
            pts.append(t_x + k / lam)
            k *= 10
        pts.append(T)
        if halved:
            pts = sorted(set(pts) | {(u + v) / 2 for u, v in zip(pts, pts[1:])})
        v = mp.quad(g, pts)
        return mp.exp(lf0) * v


def pnbd_palive(r, al, s, be, x, t_x, T):
    if t_x == T:
        return mp.mpf(1)
    I = pnbd_I_quad(r, al, s, be, x, t_x, T)
    try:
        A0 = pnbd_A0_2f1(r, al, s, be, x, t_x, T)
    except mp.libmp.NoConvergence:
        # mpmath.hyp2f1 gives up (z within ~1e-8 of 1 with parameters ~1e4, e.g. alpha 1e-4, beta 1e4,
        # r 1e4): the same quadrature on every interval halved instead, noted
        print('note: hyp2f1 did not converge at %r: quadrature twice' % ((float(r), float(al), float(s), float(be),
              x, float(t_x), float(T)),), file=sys.stderr)
        A0 = (r + s + x) * pnbd_I_quad(r, al, s, be, x, t_x, T, halved=True)
    I = agree('Pareto/NBD A_0', A0 / (r + s + x), I, float(r), float(al), float(s), float(be), x, float(t_x), float(T))
    with mp.workdps(DPS + 20):
        return 1 / (1 + s * mp.exp((r + x) * mp.log(al + T) + s * mp.log(be + T)) * I)


def pnbd_h(s, c, t):
    """(1 - (c/(c+t))^(s-1)) / (s-1), log((c+t)/c) at s = 1"""
    L = mp.log1p(t / c)
    if s == 1:
        return L
    return -mp.expm1(-(s - 1) * L) / (s - 1)


def pnbd_expected(r, al, s, be, x, t_x, T, t, pa):
    return (r + x) * (be + T) / (al + T) * pnbd_h(s, be + T, t) * pa


def pnbd_expected_new(r, al, s, be, t):
    return r * be / al * pnbd_h(s, be, t)


def pnbd_prob_n(r, al, s, be, n, t):
    with mp.workdps(DPS + 20):
        lc = mp.loggamma(r + n) - mp.loggamma(r) - mp.loggamma(n + 1)
        first = mp.exp(lc + r * mp.log(al / (al + t)) + n * mp.log(t / (al + t)) + s * mp.log(be / (be + t)))
        # the integrand's log and its maximum on [0, t]
        lg = lambda u: n * mp.log(u) - (r + n) * mp.log(al + u) - (s + 1) * mp.log(be + u)
        if n == 0:
            um = mp.mpf(0)
        else:
            # d/du: n/u - (r+n)/(al+u) - (s+1)/(be+u) decreases in u: bisection for its root
            d = lambda u: n / u - (r + n) / (al + u) - (s + 1) / (be + u)
            if d(t) >= 0:
                um = t
            else:
                lo, hi = t * mp.mpf(10) ** -40, t
                for _ in range(300):
                    mid = mp.sqrt(lo * hi)
                    if d(mid) > 0:
                        lo = mid
                    else:
                        hi = mid
                um = lo
        lmax = lg(um) if um > 0 else -(r + n) * mp.log(al) - (s + 1) * mp.log(be)
        h = lambda u: mp.exp(lg(u) - lmax) if u > 0 else (mp.exp(-(r) * mp.log(al) - (s + 1) * mp.log(be) - lmax)
                                                          if n == 0 else mp.mpf(0))
        # the integrand's width around its maximum, for the breakpoints
        if n > 0:
            w = mp.sqrt(1 / (n / um ** 2 + mp.mpf(10) ** -300)) if um > 0 else t
        else:
            w = 1 / ((r) / al + (s + 1) / be)
        pts = {mp.mpf(0), t, um}
        for k in range(-6, 7):
            for c in (um - w * mp.mpf(10) ** k, um + w * mp.mpf(10) ** k):
                if 0 < c < t:
                    pts.add(c)
        pts = sorted(pts)
        v1 = mp.quad(h, pts, method='tanh-sinh')
        # the same rule on other nodes: every interval halved
        v2 = mp.quad(h, sorted(set(pts) | {(u + v) / 2 for u, v in zip(pts, pts[1:])}), method='tanh-sinh')
        K = agree('Pareto/NBD P(X(t)=n) integral', v1, v2, float(r), float(al), float(s), float(be), n, float(t))
        second = s * mp.exp(r * mp.log(al) + s * mp.log(be) + lc + lmax) * K
        return first + second


PNBD_NAMED = [
    (0.5534, 10.5802, 0.6061, 11.6562),   # BTYD's CDNOW fit (issue 13)
    (0.9, 5.0, 1.0, 7.0),                 # s = 1
    (0.9, 5.0, 1.0 + 1e-12, 7.0),         # s within 1e-12 of 1
    (2.0, 7.0, 0.8, 7.0),                 # alpha = beta
    (0.05, 0.5, 0.03, 0.02),              # r + s << 1
]


# ---------------- MBG/NBD ----------------

def mbg_palive(r, al, a, b, x, t_x, T):
    return 1 / (1 + a / (b + x) * ((al + T) / (al + t_x)) ** (r + x))


def mbg_prob_n(r, al, a, b, n, t):
    with mp.workdps(DPS + 20):
        y = t / (al + t)
        lpmf = mp.loggamma(r + n) - mp.loggamma(r) - mp.loggamma(n + 1) + r * mp.log(al / (al + t)) + n * mp.log(y)
        lB = lambda p, q: mp.loggamma(p) + mp.loggamma(q) - mp.loggamma(p + q)
        first = mp.exp(lB(a, b + n + 1) - lB(a, b) + lpmf)
        if n == 0:
            # P(NBD >= 0) = 1: the customers who drop out at 0
            return first + mp.exp(lB(a + 1, b) - lB(a, b))
        tail1 = bg.betainc_cf(n, r, y)
        tail2 = bg.nbd_tail_sum(r, al, t, n, tail1)
        tail = agree('MBG/NBD NBD tail', tail1, tail2, float(r), float(al), n, float(t))
        return first + mp.exp(lB(a + 1, b + n) - lB(a, b)) * tail


MBG_NAMED = [
    (0.525, 6.183, 0.891, 1.614),         # BTYDplus's CDNOW fit (issue 13)
    (0.3, 2.0, 0.5, 0.4),                 # a + b < 1
    (0.5, 5.0, 1.0, 2.0),                 # a = 1
    (0.5, 5.0, 1.0 + 1e-12, 2.0),         # a within 1e-12 of 1
]


# ---------------- BG/BB ----------------

def lB(p, q):
    return mp.loggamma(p) + mp.loggamma(q) - mp.loggamma(p + q)


def bgbb_lik(al, be, ga, de, x, t_x, n):
    """eq. 5 by term ratios; the first term of the sum and the total also by mpmath.beta directly"""
    with mp.workdps(DPS + 20):
        lb0 = lB(al, be) + lB(ga, de)
        head = mp.exp(lB(al + x, be + n - x) + lB(ga, de + n) - lb0)
        s = mp.mpf(0)
        if n > t_x:
            term = mp.exp(lB(al + x, be + t_x - x) + lB(ga + 1, de + t_x) - lb0)
            for i in range(int(n - t_x)):
                s += term
                term *= (be + t_x - x + i) / (al + be + t_x + i) * (de + t_x + i) / (ga + de + 1 + t_x + i)
        L = head + s
    if n - t_x <= 200:
        B = mp.beta
        L2 = (B(al + x, be + n - x) / B(al, be) * B(ga, de + n) / B(ga, de)
              + mp.fsum(B(al + x, be + t_x - x + i) / B(al, be) * B(ga + 1, de + t_x + i) / B(ga, de)
                        for i in range(int(n - t_x))))
        L = agree('BG/BB likelihood', L, L2, float(al), float(be), float(ga), float(de), x, t_x, n)
    return L, head


def bgbb_palive(al, be, ga, de, x, t_x, n, L, head):
    with mp.workdps(DPS + 20):
        # P(alive in n + 1) = B(al+x, be+n-x)/B(al,be) B(ga, de+n+1)/B(ga,de) / L = head (de+n)/(ga+de+n) / L
        return head * (de + n) / (ga + de + n) / L


def bgbb_expected(al, be, ga, de, x, t_x, n, k, L):
    with mp.workdps(DPS + 40):
        lp = lB(al + x + 1, be + n - x) - lB(al, be)
        # eq. 13: closed form with the Gamma ratios (the 1/(ga - 1) cancels near ga = 1: extra digits)
        if abs(ga - 1) < mp.mpf(10) ** -30:
            closed = None
        else:
            lr1 = mp.loggamma(1 + de + n) - mp.loggamma(ga + de + n)
            lr2 = mp.loggamma(1 + de + n + k) - mp.loggamma(ga + de + n + k)
            closed = (mp.exp(lp + mp.loggamma(ga + de) - mp.loggamma(1 + de)) * de / (ga - 1)
                      * -mp.expm1(lr2 - lr1) * mp.exp(lr1) / L)
        # the sum over the horizon's periods: P(alive in n+i) p, i = 1..k
        if k <= 20000:
            q = mp.exp(lB(ga, de + n + 1) - lB(ga, de))
            s = mp.mpf(0)
            for i in range(1, int(k) + 1):
                s += q
                q *= (de + n + i) / (ga + de + n + i)
            summed = mp.exp(lp) * s / L
            if closed is None:
                return summed
            return agree('BG/BB E[Y]', summed, closed, float(al), float(be), float(ga), float(de), x, t_x, n, k)
        return closed


def bgbb_expected_new(al, be, ga, de, k):
    return bgbb_expected(al, be, ga, de, 0, 0, 0, k, mp.mpf(1))


def bgbb_prob_n(al, be, ga, de, k, x):
    """P(X(k) = x), eq. 8 of FHS 2010: alive through k, or dead at i + 1 after x of i"""
    with mp.workdps(DPS + 20):
        lb0 = lB(al, be) + lB(ga, de)
        lbin = lambda N, X: mp.loggamma(N + 1) - mp.loggamma(X + 1) - mp.loggamma(N - X + 1)
        v = mp.exp(lbin(k, x) + lB(al + x, be + k - x) + lB(ga, de + k) - lb0)
        if k > x:
            i = int(x)
            term = mp.exp(lbin(i, x) + lB(al + x, be + i - x) + lB(ga + 1, de + i) - lb0)
            s = mp.mpf(0)
            for i in range(int(x), int(k)):
                s += term
                term *= mp.mpf(i + 1) / (i + 1 - x) * (be + i - x) / (al + be + i) * (de + i) / (ga + de + 1 + i)
            v += s
        if k <= 200:
            B = mp.beta
            v2 = (mp.binomial(k, x) * B(al + x, be + k - x) / B(al, be) * B(ga, de + k) / B(ga, de)
                  + mp.fsum(mp.binomial(i, x) * B(al + x, be + i - x) / B(al, be) * B(ga + 1, de + i) / B(ga, de)
                            for i in range(int(x), int(k))))
            v = agree('BG/BB P(X(k)=x)', v, v2, float(al), float(be), float(ga), float(de), k, x)
        return v


BGBB_NAMED = [
    (1.204, 0.75, 0.657, 2.783),          # FHS 2010 donations
    (0.5, 2.0, 1.0, 3.0),                 # gamma = 1
    (0.5, 2.0, 1.0 + 1e-12, 3.0),         # gamma within 1e-12 of 1
    (20.0, 0.3, 0.05, 8.0),
]


# ---------------- the grid ----------------

CUSTOMERS = [(0, 0.0, 0.0), (0, 0.0, 1.0), (0, 0.0, 38.86), (0, 0.0, 1e4)]
for _x in (1, 2, 7, 100, 5000):
    for _T in (1.0, 38.86, 1e4):
        CUSTOMERS += [(_x, 0.0, _T), (_x, _T, _T)]
    CUSTOMERS.append((_x, 19.43, 38.86))
# MBG/NBD's corners with r = 1e4: 6 of the customers (each E[Y] there takes mpmath seconds)
CUSTOMERS_R1E4 = [(0, 0.0, 0.0), (0, 0.0, 1e4), (2, 0.0, 38.86), (7, 38.86, 38.86), (100, 1e4, 1e4),
                  (5000, 38.86, 38.86)]
HORIZONS = [1e-8, 1e-4, 1.0, 39.0, 1e4]
HORIZONS_NEW = [1e-8, 1e-4, 0.1, 1.0, 39.0, 520.0, 1e4]
NS = [0, 1, 2, 10, 100, 5000]
HORIZONS_N = [1e-8, 1e-4, 1.0, 39.0, 1e4]
# BG/BB: whole periods, x <= t_x <= n, t_x = 0 when x = 0
BGBB_CUSTOMERS = [(0, 0, 0), (0, 0, 1), (0, 0, 6), (0, 0, 1000)]
for _x in (1, 2, 7, 100):
    for _n in (6, 100, 1000):
        if _x <= _n:
            BGBB_CUSTOMERS += [(_x, _x, _n)] + ([(_x, _n, _n)] if _n > _x else [])
BGBB_CUSTOMERS += [(5000, 5000, 5000), (5000, 5000, 10000), (5000, 10000, 10000)]
BGBB_HORIZONS = [1, 5, 100, 10000]
BGBB_NS = [0, 1, 2, 10, 100]
BGBB_HORIZONS_N = [1, 5, 100, 1000]


def num(v):
    return mp.nstr(v, 25, min_fixed=1, max_fixed=0) if v != 0 else '0'


def params_of(model):
    if model == 'pareto_nbd':
        return PNBD_NAMED + corners()
    if model == 'mbgnbd':
        # the named sets, the corners with r = 1e-4, then those with r = 1e4 (sets 13..20: added later, by
        # --only=13:20; MBG/NBD's E[Y] is BG/NBD's G, for which make_reference.py's G has a method for A ~ 1e4)
        return (MBG_NAMED + [c for c in corners() if c[0] == 1e-4] + [c for c in corners() if c[0] == 1e4])
    return BGBB_NAMED + corners()


def selected(model):
    ps = params_of(model)
    if QUICK:
        ps = ps[:3]
    if ONLY is not None:
        return [(k, p) for k, p in enumerate(ps) if ONLY[0] <= k + 1 <= ONLY[1]]
    if model == 'mbgnbd':
        return [(k, p) for k, p in enumerate(ps) if k < 12]
    return [(k, p) for k, p in enumerate(ps) if model != 'pareto_nbd' or k >= SKIP]


def opened(name, header):
    append = (SKIP or ONLY is not None) and os.path.exists(name)
    fh = open(name, 'a' if append else 'w', newline='')
    w = csv.writer(fh, lineterminator='\n')
    if not append:
        w.writerow(header)
    return fh, w


def grid(w, fh):
    if 'pareto_nbd' in MODELS:
        params = params_of('pareto_nbd')
        for k, ps in selected('pareto_nbd'):
            print('pareto_nbd %d/%d %r' % (k + 1, len(params), ps), file=sys.stderr, flush=True)
            r, al, s, be = (f(v) for v in ps)
            for (x, t_x, T) in CUSTOMERS:
                pa = pnbd_palive(r, al, s, be, x, f(t_x), f(T))
                w.writerow(['pareto_nbd'] + list(ps) + ['p_alive', x, t_x, T, '', num(pa)])
                for t in HORIZONS:
                    w.writerow(['pareto_nbd'] + list(ps) + ['expected', x, t_x, T, t,
                                num(pnbd_expected(r, al, s, be, x, f(t_x), f(T), f(t), pa))])
            for t in HORIZONS_NEW:
                w.writerow(['pareto_nbd'] + list(ps) + ['expected_new', '', '', '', t,
                            num(pnbd_expected_new(r, al, s, be, f(t)))])
            for n in NS:
                for t in HORIZONS_N:
                    w.writerow(['pareto_nbd'] + list(ps) + ['prob_n', n, '', '', t,
                                num(pnbd_prob_n(r, al, s, be, n, f(t)))])
            fh.flush()
    if 'mbgnbd' in MODELS:
        params = params_of('mbgnbd')
        for k, ps in selected('mbgnbd'):
            print('mbgnbd %d/%d %r' % (k + 1, len(params), ps), file=sys.stderr, flush=True)
            r, al, a, b = (f(v) for v in ps)
            for (x, t_x, T) in (CUSTOMERS_R1E4 if r == 1e4 else CUSTOMERS):
                pa = mbg_palive(r, al, a, b, x, f(t_x), f(T))
                w.writerow(['mbgnbd'] + list(ps) + ['p_alive', x, t_x, T, '', num(pa)])
                for t in HORIZONS:
                    w.writerow(['mbgnbd'] + list(ps) + ['expected', x, t_x, T, t,
                                num(pa * bg.G(r + x, b + x + 1, a, f(t) / (al + f(T))))])
            for t in HORIZONS_NEW:
                w.writerow(['mbgnbd'] + list(ps) + ['expected_new', '', '', '', t,
                            num(b / (a + b) * bg.G(r, b + 1, a, f(t) / al))])
            for n in NS:
                for t in HORIZONS_N:
                    w.writerow(['mbgnbd'] + list(ps) + ['prob_n', n, '', '', t, num(mbg_prob_n(r, al, a, b, n, f(t)))])
            fh.flush()
    if 'bgbb' in MODELS:
        params = params_of('bgbb')
        for k, ps in selected('bgbb'):
            print('bgbb %d/%d %r' % (k + 1, len(params), ps), file=sys.stderr, flush=True)
            al, be, ga, de = (f(v) for v in ps)
            for (x, t_x, n) in BGBB_CUSTOMERS:
                L, head = bgbb_lik(al, be, ga, de, x, t_x, n)
                w.writerow(['bgbb'] + list(ps) + ['p_alive', x, t_x, n, '', num(bgbb_palive(al, be, ga, de, x, t_x, n, L, head))])
                for kk in BGBB_HORIZONS:
                    w.writerow(['bgbb'] + list(ps) + ['expected', x, t_x, n, kk,
                                num(bgbb_expected(al, be, ga, de, x, t_x, n, kk, L))])
            for kk in BGBB_HORIZONS:
                w.writerow(['bgbb'] + list(ps) + ['expected_new', '', '', '', kk, num(bgbb_expected_new(al, be, ga, de, kk))])
            for xx in BGBB_NS:
                for kk in BGBB_HORIZONS_N:
                    if xx <= kk:
                        w.writerow(['bgbb'] + list(ps) + ['prob_n', xx, '', '', kk,
                                    num(bgbb_prob_n(al, be, ga, de, kk, xx))])
            fh.flush()


# ---------------- ltv_predict ----------------
# The README's monthly sum, as ../predictions/make_reference.py's clv() for BG/NBD:
#   sum_i spend (E[Y(t_i)] - E[Y(t_(i-1))]) / (1+d)^(t_i in months), t_i = i months, the last step ending at
#   the horizon; spend = Gamma-Gamma's E[spend | x, m] (p, q, gamma = 6.25, 3.74, 15.44).
# Pareto/NBD and MBG/NBD in the unit 7 days (a month = 365.2425/12/7 units), BG/BB in the unit 1 month
# (a month = 1 period; E[Y] counts the whole periods floor(t) of a horizon t).
GG = (6.25, 3.74, 15.44)
OMITTED = []
CLV_CUSTOMERS = [(0, 0.0, 0.0, 0.0), (0, 0.0, 38.86, 0.0), (2, 30.43, 38.86, 22.35), (7, 1.0, 38.86, 5.0),
                 (100, 1e4, 1e4, 40.0), (5000, 1.0, 1.0, 1e4)]
CLV_HORIZONS = [(30.436875, 0.01), (365.2425, 0.01), (100.0, 0.01), (365.2425, 0.0)]
BGBB_CLV_CUSTOMERS = [(0, 0, 0, 0.0), (0, 0, 6, 0.0), (2, 4, 6, 22.35), (7, 7, 38, 5.0), (100, 1000, 1000, 40.0),
                      (5000, 5000, 10000, 1e4)]
BGBB_CLV_HORIZONS = CLV_HORIZONS + [(3652.425, 0.01)]
MONTH_DAYS = mp.mpf(2629746) / 86400


def clv_sum(cum_at, units_per_month, spend, horizon_days, discount):
    months = mp.mpf(horizon_days) / MONTH_DAYS
    K = int(mp.ceil(months))
    total = mp.mpf(0)
    prev = mp.mpf(0)
    for i in range(1, K + 1):
        mo = months if i == K else mp.mpf(i)
        cum = cum_at(mo * units_per_month)
        total += spend * (cum - prev) / (1 + discount) ** mo
        prev = cum
    return total


def clv_part(w, fh):
    gg = tuple(f(v) for v in GG)
    week_months = mp.mpf(2629746) / 604800
    for model in ('pareto_nbd', 'mbgnbd', 'bgbb'):
        if model not in MODELS:
            continue
        params = params_of(model)
        for k, ps in selected(model):
            print('clv %s %d/%d %r' % (model, k + 1, len(params), ps), file=sys.stderr, flush=True)
            p1, p2, p3, p4 = (f(v) for v in ps)
            for (x, t_x, T, m) in (BGBB_CLV_CUSTOMERS if model == 'bgbb' else CLV_CUSTOMERS):
                spend = bg.gg_spend(*gg, x, f(m))
                if model == 'pareto_nbd':
                    pa = pnbd_palive(p1, p2, p3, p4, x, f(t_x), f(T))
                    cum_at = lambda t: pnbd_expected(p1, p2, p3, p4, x, f(t_x), f(T), t, pa)
                    upm = week_months
                elif model == 'mbgnbd':
                    pa = mbg_palive(p1, p2, p3, p4, x, f(t_x), f(T))
                    cum_at = lambda t: pa * bg.G(p1 + x, p4 + x + 1, p3, t / (p2 + f(T)))
                    upm = week_months
                else:
                    L, head = bgbb_lik(p1, p2, p3, p4, x, t_x, T)
                    # whole periods of the horizon (t is exact here: i months, or the horizon's months)
                    cum_at = lambda t: (bgbb_expected(p1, p2, p3, p4, x, t_x, T, int(mp.floor(t)), L)
                                        if t >= 1 else mp.mpf(0))
                    upm = mp.mpf(1)
                for days, d in (BGBB_CLV_HORIZONS if model == 'bgbb' else CLV_HORIZONS):
                    fields = [model] + list(ps) + list(GG) + [x, t_x, T, m, days, d]
                    try:
                        w.writerow(fields + [num(clv_sum(cum_at, upm, spend, f(days), f(d)))])
                    except bg.NoAgree as e:
                        # no two of G's methods agree: left out, listed in grid_versions.txt
                        print('note: row left out: %s: %s' % (','.join(str(v) for v in fields), e), file=sys.stderr)
                        OMITTED.append(fields)
            fh.flush()


def main():
    if 'grid' in PARTS:
        fh, w = opened('grid_predictions.csv', ['model', 'p1', 'p2', 'p3', 'p4', 'func', 'x', 't_x', 'T', 't', 'value'])
        grid(w, fh)
        fh.close()
    if 'clv' in PARTS:
        fh, w = opened('grid_clv.csv', ['model', 'p1', 'p2', 'p3', 'p4', 'p', 'q', 'gamma', 'x', 't_x', 'T', 'm',
                                        'horizon_days', 'discount', 'value'])
        clv_part(w, fh)
        fh.close()
    with open('grid_versions.txt', 'a') as fv:
        fv.write('make_grid.py --models=%s --parts=%s%s%s; python %s, mpmath %s, %d digits\n'
                 % (','.join(MODELS), ','.join(PARTS), ' --quick' if QUICK else '',
                    ' --only=%d:%d' % ONLY if ONLY else '', sys.version.split()[0], mp.__version__, DPS))
        fv.write('  G by the methods (first + second that agreed): %s\n' % bg.agreed_summary())
        for fields in OMITTED:
            fv.write('  left out (no two methods agree): %s\n' % ','.join(str(v) for v in fields))


if __name__ == '__main__':
    main()
