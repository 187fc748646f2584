#!/usr/bin/env python3
"""
High-precision reference values for the per-customer predictions of the model
family (src/core/bgnbd_predict.c, gammagamma.c, clv.c), written to the CSV
files next to this script.  The regression test sql/model_reference.sql and the
unit test test/unit/test_predict_reference.c only read those files; neither
runs this script.

    cd test/reference/predictions && python3 make_reference.py [--quick]

Requires mpmath (Debian: python3-mpmath; versions used: see versions.txt).
Every value is computed at 60 significant digits or more from the exact
binary value of each double input, by two independent formulas that must
agree to 1e-40 relative (else the script stops):

- G(A, B, a, u) = E[(1 - (1+pu)^-A)/p], p ~ Beta(a, B), the factor that
  Fader, Hardie & Lee (2005) eq. 9 and 10 share (eq. 10 = G(r+x, b+x, a,
  t/(alpha+T)) * P(alive), eq. 9 = G(r, b, a, t/alpha)), by the first two
  that agree of (in this order; a method that disagrees with the others is noted
  and passed over, e.g. the 3F2 form for a, B >= 1e4 and u > 1)
    1. A u E[S_N/(N+1)], N ~ NegBin(A+1, u/(1+u)), S_n = sum_{k<=n} (B)_k/(a+B)_k
       (a series of positive terms; only when it has fewer than 30,000 terms),
    1'. C E1 - V + (a-1) E1 V, the Euler-transformed FHL series rearranged so
       that nothing is divided by a - 1 (only when it has fewer than 30,000
       terms; at extra digits for its cancellation),
    2. C/(a-1) [1 - 2F1(A, a-1; C; -u)], C = a+B-1 (FHL's closed form after
       Pfaff's transformation; mpmath.hyp2f1 at 130 digits, a = 1 replaced
       by 1 + 1e-50),
    3. the defining integral by tanh-sinh quadrature (mpmath.quad, breakpoints at
       the peak of the Beta density; only for a, B >= 30, where it is concentrated),
    4. A u 3F2(1, A+1, a; 2, a+B; -u)            (mpmath.hyp3f2)
    5. method 1 without its length limit.
- P(alive) (FHL 2005 eq. 13), exact arithmetic.
- P(X(t) = n) (FHL 2005 eq. 8), the NBD tail P(N >= n) = I_y(n, r), y = t/(alpha+t):
    1. the regularized incomplete beta by its continued fraction (betainc_cf, DLMF 8.17.22),
    2. from the tail's terms: the positive series sum_{j>=n} P(N = j) where its
       terms fall fast (y < 0.9 and ratio below 0.9 at j = n), else 1 - the finite
       sum written in the paper at as many digits as its cancellation needs,
    for every n.  (Models 1..20 and 370 rows of model 21 were made with mpmath.betainc
    as method 1 and method 2 only for n <= 100; betainc took ~40 min per value at
    n = 5000, r = 1e4.  The present methods reproduce all 751 prob_n rows so made
    to 4.8e-25, i.e. to the table's 25 digits.)
- Gamma-Gamma E[spend | x, m] = p (gamma + x m) / (p x + q - 1), exact.
- ltv_predict's monthly sum (README): sum_i spend (E[i m] - E[(i-1) m]) / (1+d)^i
  with m = 365.2425/12/7 weeks (the Gregorian mean month, unit '7 days'),
  the last step ending at the horizon when it is not a whole number of months.

A value for which no two of G's methods agree is left out of the table, with a note on stderr and
its row and reason in versions.txt (e.g. r = alpha = a = 1e4, b = 1e-4 at u = 0.5, where mpmath's
2F1 and 3F2 fail and only the positive series converges).

Files (values with 25 significant digits; inputs as shortest round-trip doubles):
  predictions.csv  func,r,alpha,a,b,x,t_x,T,t,value
                   func: p_alive | expected | expected_new | prob_n (x holds n)
  spend.csv        p,q,gamma,x,m,value
  clv.csv          r,alpha,a,b,p,q,gamma,x,t_x,T,m,horizon_days,discount,value

The grid: BG/NBD parameters from the CDNOW fit, the issues' failing cases,
a = 1 and a within 1e-12 and 1e-6 of 1, a + b on both sides of 1, degenerate
r - a integers, the 16 corners of [1e-4, 1e4]^4 and log-uniform random points
(fixed seed); customers x in {0, 1, 2, 7, 100, 5000} with t_x = 0 and t_x = T,
T in {0, 1, 38.86, 1e4}; horizons 1e-8 .. 1e4.  Add a model family by adding
its parameter sets and reference formulas below (the CSV format carries the
function name).
"""
import csv
import math
import random
import sys

import mpmath as mp

QUICK = '--quick' in sys.argv


def _opt(name, default):
    for a in sys.argv[1:]:
        if a.startswith(name + '='):
            return a.split('=', 1)[1]
    return default


# --models=FIRST:LAST (1-based, inclusive): only those models of models(), appended to the CSV files
# (so that a long run can be done in pieces); --parts=predictions,spend,clv: only those files
MODELS = _opt('--models', None)
PARTS = _opt('--parts', 'predictions,spend,clv').split(',')
DPS = 60
mp.mp.dps = DPS


def f(v):
    """exact mpf of a double"""
    return mp.mpf(float(v))


def G_3f2(A, B, a, u):
    if u == 0:
        return mp.mpf(0)
    return A * u * mp.hyp3f2(1, A + 1, a, 2, a + B, -u)


def G_2f1(A, B, a, u):
    if u == 0:
        return mp.mpf(0)
    with mp.workdps(130):
        A, B, a, u = mp.mpf(A), mp.mpf(B), mp.mpf(a), mp.mpf(u)
        if a == 1:
            a = 1 + mp.mpf(10) ** -50
        C = a + B - 1
        return C / (a - 1) * (1 - mp.hyp2f1(A, a - 1, C, -u))


def G_nb(A, B, a, u):
    """A u E[S_N / (N + 1)], N ~ NegBin(A + 1, u/(1+u)), S_n = sum_{k<=n} (B)_k/(a+B)_k: positive terms"""
    if u == 0:
        return mp.mpf(0)
    with mp.workdps(DPS + 20):
        A, B, a, u = mp.mpf(A), mp.mpf(B), mp.mpf(a), mp.mpf(u)
        z = u / (1 + u)
        w = (1 / (1 + u)) ** (A + 1)
        q = S = mp.mpf(1)
        total = mp.mpf(0)
        n = 0
        while True:
            fn = S / (n + 1)
            total += w * fn
            ratio = (A + 1 + n) * z / (n + 1)
            w *= ratio
            q *= (B + n) / (a + B + n)
            S += q
            n += 1
            if ratio < 1 and w / (1 - ratio) * fn < mp.mpf(10) ** -(DPS + 10) * total:
                break
        return A * u * total


def G_euler(A, B, a, u):
    """C E1 - V + (a-1) E1 V (the Euler-transformed form without the division by a - 1), see bgnbd_predict.c;
    summed at as many extra digits as its condition number (sum of |terms| / result) needs"""
    if u == 0:
        return mp.mpf(0)
    A, B, a, u = mp.mpf(A), mp.mpf(B), mp.mpf(a), mp.mpf(u)
    extra = 30
    while True:
        with mp.workdps(DPS + extra):
            C = a + B - 1
            z = u / (1 + u)
            L = -mp.log1p(u)
            eps = a - 1
            E1 = -L if eps == 0 else -mp.expm1(eps * L) / eps
            term = (C - A) * z
            V = mp.mpf(0)
            Vabs = mp.mpf(0)
            k = 1
            while True:
                V += term
                Vabs += abs(term)
                f1 = (C - A + k) / (C + k)
                f2 = (a + k - 1) / (k + 1)
                term *= f1 * f2 * z
                rho = max(abs(f1), 1) * max(abs(f2), 1) * z
                k += 1
                if term == 0:
                    break
                if rho < 1:
                    g = C * E1 - V + eps * E1 * V
                    if g > 0 and abs(term) / (1 - rho) * (1 + abs(eps) * E1) < mp.mpf(10) ** -(DPS + 10) * g:
                        break
                if k > 200000:
                    raise ValueError('Euler series: too many terms')
            g = C * E1 - V + eps * E1 * V
            cond = (abs(C) * E1 + Vabs * (1 + abs(eps) * E1)) / abs(g)
            need = 15 + int(mp.log10(cond + 1)) + int(mp.log10(k))
            if need <= extra:
                return g
            extra = need + 5


def G_quad(A, B, a, u):
    """the defining integral over p ~ Beta(a, B), by tanh-sinh quadrature between breakpoints at the
    Beta density's peak and at p = 1/u (for concentrated densities: a and B large)"""
    if u == 0:
        return mp.mpf(0)
    A, B, a, u = mp.mpf(A), mp.mpf(B), mp.mpf(a), mp.mpf(u)
    with mp.workdps(DPS + 20):
        lb = mp.log(mp.beta(a, B))

        def f(p):
            if p <= 0 or p >= 1:
                return mp.mpf(0)
            return mp.exp((a - 2) * mp.log(p) + (B - 1) * mp.log1p(-p) - lb) * -mp.expm1(-A * mp.log1p(p * u))
        mode = (a - 1) / (a + B - 2)
        sd = mp.sqrt(a * B / (a + B + 1)) / (a + B)
        pts = {mp.mpf(0), mp.mpf(1)}
        for k in (-40, -12, -4, 0, 4, 12, 40):
            q = mode + k * sd
            if 0 < q < 1:
                pts.add(q)
        for q in (1 / u / 10, 1 / u, 10 / u):
            if 0 < q < 1:
                pts.add(q)
        # tanh-sinh: Gauss-Legendre took minutes per value at these digits for a = B = 1e4
        v, err = mp.quad(f, sorted(pts), method='tanh-sinh', error=True)
        if err > mp.mpf(10) ** -(DPS + 5) * abs(v):
            raise ValueError('quadrature error estimate %s' % mp.nstr(err / v, 3))
        return v


class NoAgree(Exception):
    """no two methods for G agree: the row is left out of the table (noted on stderr and in versions.txt)"""


OMITTED = []


def row(w, fields, value):
    """writes fields + [value()], or notes and leaves out the row when no two methods agree"""
    try:
        w.writerow(fields + [num(value())])
    except NoAgree as e:
        print('note: row left out: %s: %s' % (','.join(str(v) for v in fields), e), file=sys.stderr)
        OMITTED.append((fields, str(e)))


def nb_terms(A, u):
    m = (A + 1) * u
    return m + 10 * math.sqrt(m * (1 + u)) + 160 * (1 + u)


def euler_terms(A, a, u):
    z = u / (1 + u)
    # the terms grow while (a + k)/(k + 1) z > 1, i.e. up to k ~ a z/(1 - z)
    geometric = (160 / -math.log(z) if z > 0 else 1) + a * z / (1 - z)
    power = A + 1 - a
    algebraic = 10 ** min(300, 80 / power) if power > 0.5 else math.inf
    return min(geometric, algebraic)


def G(A, B, a, u):
    """two of: the positive series, the Euler series (when short), the quadrature, the 2F1 form, the 3F2 form,
    taken in that order (the 3F2 form before the 2F1 form where a, B >= 30) until two of them agree to 1e-40 (then the first of those two); the positive series
    without its length limit last"""
    cheap = sorted([(nb_terms(float(A), float(u)), G_nb), (euler_terms(float(A), float(a), float(u)), G_euler)],
                   key=lambda c: c[0])
    # the Euler series cancels hugely for large a (its terms grow like (a)_k / k!): not there
    # nor for large A (C - A << 0): its terms then grow until k ~ A and 200,000 of them do not converge at
    # A = 1e4 (minutes per value at r = 1e4)
    methods = [m for cost, m in cheap if cost < 30000 and (m is not G_euler or (float(a) < 50 and float(A) < 1000))]
    if float(a) >= 30 and float(B) >= 30:
        # the 2F1 form takes a minute or fails at a, B ~ 1e4 (mpmath.hyp2f1 at 130 digits): the 3F2 form first
        methods += [G_quad, G_3f2, G_2f1]
    else:
        methods += [G_2f1, G_3f2]
    if G_nb not in methods:
        methods.append(G_nb)
    got = []
    for m in methods:
        try:
            v = m(A, B, a, u)
        except (ValueError, ZeroDivisionError, mp.libmp.NoConvergence) as e:
            print('note: %s failed at A=%r B=%r a=%r u=%r: %s' % (m.__name__, float(A), float(B), float(a),
                                                               float(u), str(e).split('\n')[0]), file=sys.stderr)
            continue
        # a = 1 is approximated by 1 + 1e-50 in the 2F1 form: agreement to 1e-40 still holds
        for n1, g1 in got:
            if abs(g1 - v) <= mp.mpf(10) ** -40 * abs(g1):
                return g1
        if got:
            print('note: %s disagrees with %s at A=%r B=%r a=%r u=%r' % (m.__name__, ', '.join(n for n, _ in got),
                  float(A), float(B), float(a), float(u)), file=sys.stderr)
        got.append((m.__name__, v))
    raise NoAgree('G: no two methods agree at A=%r B=%r a=%r u=%r: %s'
                     % (float(A), float(B), float(a), float(u), ', '.join('%s %s' % (n, mp.nstr(g, 20)) for n, g in got)))


def p_alive(r, alpha, a, b, x, t_x, T):
    if x == 0:
        return mp.mpf(1)
    return 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))


def expected(r, alpha, a, b, x, t_x, T, t):
    return G(r + x, b + x, a, t / (alpha + T)) * p_alive(r, alpha, a, b, x, t_x, T)


def betainc_cf(a, b, x):
    """the regularized incomplete beta I_x(a, b) by its continued fraction (DLMF 8.17.22, modified Lentz),
    on the side of the symmetry I_x(a, b) = 1 - I_(1-x)(b, a) where it converges fast (x < (a+1)/(a+b+2):
    O(sqrt(max(a, b))) terms); mpmath.betainc takes ~40 min at a = 5000, b = 1e4"""
    a, b, x = mp.mpf(a), mp.mpf(b), mp.mpf(x)
    if x == 0:
        return mp.mpf(0)
    if x == 1:
        return mp.mpf(1)
    with mp.workdps(mp.mp.dps + 20):
        if x > (a + 1) / (a + b + 2):
            return 1 - betainc_cf(b, a, 1 - x)
        lfront = a * mp.log(x) + b * mp.log1p(-x) - (mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)) - mp.log(a)
        tiny = mp.mpf(10) ** -(4 * mp.mp.dps)
        eps = mp.mpf(10) ** -(mp.mp.dps + 5)

        def nz(v):
            return tiny if abs(v) < tiny else v
        c = mp.mpf(1)
        d = 1 / nz(1 - (a + b) * x / (a + 1))
        h = d
        m = 1
        while True:
            aa = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 / nz(1 + aa * d)
            c = nz(1 + aa / c)
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 / nz(1 + aa * d)
            c = nz(1 + aa / c)
            h *= d * c
            if abs(d * c - 1) < eps:
                break
            m += 1
            if m > 10 ** 6:
                raise SystemExit('betainc_cf: no convergence at a=%s b=%s x=%s' % (a, b, x))
        return mp.exp(lfront) * h


def nbd_tail_sum(r, alpha, t, n, approx):
    """P(N >= n), N ~ NegBin(r, t/(alpha+t)) (FHL 2005 eq. 8's tail), from its terms: the positive series
    sum_{j >= n} P(N = j) when its terms fall fast from j = n on (ratio below 0.9), else 1 - sum_{j < n} P(N = j) (the paper's form)
    at as many digits as the cancellation needs (approx: an estimate of the tail)"""
    digits = DPS + 20 + (int(max(0, -mp.log10(approx))) if approx > 0 else 2000)
    with mp.workdps(digits):
        rr, tt, al = mp.mpf(r), mp.mpf(t), mp.mpf(alpha)
        yy, aa = tt / (al + tt), al / (al + tt)
        if yy < mp.mpf('0.9') and (rr + n) * yy / (n + 1) < mp.mpf('0.9'):
            with mp.workdps(DPS + 20):
                term = mp.exp(mp.loggamma(rr + n) - mp.loggamma(rr) - mp.loggamma(n + 1) + rr * mp.log(aa)
                              + n * mp.log(yy))
                s = mp.mpf(0)
                j = n
                while term > mp.mpf(10) ** -(DPS + 15) * s:
                    s += term
                    term *= (rr + j) / (j + 1) * yy
                    j += 1
                return s
        term = aa ** rr
        s = mp.mpf(0)
        for j in range(n):
            s += term
            term *= (rr + j) / (j + 1) * yy
        return 1 - s


def prob_n(r, alpha, a, b, n, t):
    if t == 0:
        return mp.mpf(1 if n == 0 else 0)
    y = t / (alpha + t)
    lpmf = mp.loggamma(r + n) - mp.loggamma(r) - mp.loggamma(n + 1) + r * mp.log(alpha / (alpha + t)) + n * mp.log(y)
    beta1 = mp.exp(mp.loggamma(b + n) + mp.loggamma(a + b) - mp.loggamma(b) - mp.loggamma(a + b + n))
    v1 = beta1 * mp.exp(lpmf)
    if n == 0:
        return v1
    beta2 = beta1 * a / (b + n - 1)
    # the NBD tail as the regularized incomplete beta (continued fraction), checked against its terms
    tail1 = betainc_cf(n, r, y)
    tail2 = nbd_tail_sum(r, alpha, t, n, tail1)
    if abs(tail1 - tail2) > mp.mpf(10) ** -40 * abs(tail1):
        raise SystemExit('NBD tail disagrees: r=%r n=%r y=%s: %s vs %s'
                         % (float(r), n, mp.nstr(y, 20), mp.nstr(tail1, 30), mp.nstr(tail2, 30)))
    return v1 + beta2 * tail1


def gg_spend(p, q, gamma, x, m):
    if x == 0:
        return p * gamma / (q - 1)
    return p * (gamma + x * m) / (p * x + q - 1)


MONTH_WEEKS = mp.mpf(2629746) / 604800     # 365.2425/12 days in weeks


def clv(bg, gg, x, t_x, T, m, horizon_days, discount):
    r, alpha, a, b = bg
    months = mp.mpf(horizon_days) * 86400 / 2629746
    K = int(mp.ceil(months))
    spend = gg_spend(*gg, x, m)
    total = mp.mpf(0)
    prev = mp.mpf(0)
    for i in range(1, K + 1):
        mo = months if i == K else mp.mpf(i)
        cum = expected(r, alpha, a, b, x, t_x, T, mo * MONTH_WEEKS)
        total += spend * (cum - prev) / (1 + discount) ** mo
        prev = cum
    return total


def models():
    m = [
        (0.2425945, 4.4136019, 0.7929199, 2.4258881),   # CDNOW (FHL 2005 / CLVTools)
        (0.3, 2.0, 0.5, 0.4),                            # issue 15 item 1: a + b < 1
        (0.25, 3.0, 0.273, 0.339),                       # a converged fit of a = .3, b = .4 data
        (1.31, 5.83, 1.26, 20.2),                        # the bench data's fit
        (0.5, 5.0, 1.0, 2.0),                            # issue 15 item 2: a = 1
        (0.5, 5.0, 1.0 - 1e-12, 2.0),
        (0.5, 5.0, 1.0 + 1e-12, 2.0),
        (0.5, 5.0, 1.0 + 1e-6, 2.0),
        (0.7, 2.0, 0.7, 1.3),                            # r = a: A - a + 1 an integer
        (2.5, 2.0, 0.5, 0.6),                            # r - a = 2
        (1.0, 1.0, 1.0, 1.0),
        (0.05, 0.5, 0.02, 0.03),                         # a + b << 1
    ]
    for r in (1e-4, 1e4):
        for alpha in (1e-4, 1e4):
            for a in (1e-4, 1e4):
                for b in (1e-4, 1e4):
                    m.append((r, alpha, a, b))
    rng = random.Random(20050415)
    lu = lambda: float('%.6g' % 10 ** rng.uniform(-4, 4))
    for i in range(24):
        if i % 3 == 0:
            a = float('%.6g' % 10 ** rng.uniform(-4, 0))
            b = float('%.6g' % ((1 - a) * 10 ** rng.uniform(-4, -0.01)))   # a + b < 1
            m.append((lu(), lu(), a, b))
        else:
            m.append((lu(), lu(), lu(), lu()))
    return m[:6] + m[12:14] if QUICK else m


CUSTOMERS = [(0, 0.0, 0.0), (0, 0.0, 1.0), (0, 0.0, 38.86), (0, 0.0, 1e4), (1, 0.0, 0.0), (5000, 0.0, 0.0)]
for x in (1, 2, 7, 100, 5000):
    for T in (1.0, 38.86, 1e4):
        CUSTOMERS += [(x, 0.0, T), (x, T, T)]
    CUSTOMERS.append((x, 19.43, 38.86))
HORIZONS = [1e-8, 1e-4, 0.1, 1.0, 39.0, 520.0, 1e4]
HORIZONS_NEW = [1e-8, 1e-6, 1e-4, 0.01, 0.1, 1.0, 3.0, 39.0, 78.0, 520.0, 1e4]
NS = [0, 1, 2, 10, 100, 5000]
HORIZONS_N = [1e-8, 1e-4, 1.0, 39.0, 520.0, 1e4]


def num(v):
    return mp.nstr(v, 25, min_fixed=1, max_fixed=0) if v != 0 else '0'


def selected(ms):
    """(number, model) of the models chosen by --models"""
    first, last = (1, len(ms)) if MODELS is None else (int(v) for v in MODELS.split(':'))
    return [(k, m) for k, m in enumerate(ms) if first <= k + 1 <= last]


def opened(name, header):
    """the CSV file: new with its header, or (with --models) appended to"""
    import os
    append = MODELS is not None and os.path.exists(name)
    fh = open(name, 'a' if append else 'w', newline='')
    w = csv.writer(fh, lineterminator='\n')
    if not append:
        w.writerow(header)
    return fh, w


def main():
    ms = models()
    if 'predictions' in PARTS:
        fh, w = opened('predictions.csv', ['func', 'r', 'alpha', 'a', 'b', 'x', 't_x', 'T', 't', 'value'])
        for k, (r, alpha, a, b) in selected(ms):
            R, AL, AA, BB = f(r), f(alpha), f(a), f(b)
            print('model %d/%d %r' % (k + 1, len(ms), (r, alpha, a, b)), file=sys.stderr)
            for (x, t_x, T) in CUSTOMERS:
                w.writerow(['p_alive', r, alpha, a, b, x, t_x, T, '', num(p_alive(R, AL, AA, BB, x, f(t_x), f(T)))])
                for t in HORIZONS:
                    row(w, ['expected', r, alpha, a, b, x, t_x, T, t],
                        lambda: expected(R, AL, AA, BB, x, f(t_x), f(T), f(t)))
            for t in HORIZONS_NEW:
                row(w, ['expected_new', r, alpha, a, b, '', '', '', t], lambda: G(R, BB, AA, f(t) / AL))
            for n in NS:
                for t in HORIZONS_N:
                    w.writerow(['prob_n', r, alpha, a, b, n, '', '', t, num(prob_n(R, AL, AA, BB, n, f(t)))])
            fh.flush()
        fh.close()
    if 'spend' in PARTS:
        with open('spend.csv', 'w', newline='') as fh:
            w = csv.writer(fh, lineterminator='\n')
            w.writerow(['p', 'q', 'gamma', 'x', 'm', 'value'])
            for p in (1e-4, 0.5, 6.25, 1e4):
                for q in (1.0001, 1.5, 3.74, 1e4):
                    for gamma in (1e-4, 15.44, 1e4):
                        for x in (0, 1, 2, 100, 5000):
                            for m in ((1e-4, 22.35, 1e4) if x > 0 else (0.0,)):
                                w.writerow([p, q, gamma, x, m, num(gg_spend(f(p), f(q), f(gamma), x, f(m)))])
    if 'clv' in PARTS:
        fh, w = opened('clv.csv', ['r', 'alpha', 'a', 'b', 'p', 'q', 'gamma', 'x', 't_x', 'T', 'm', 'horizon_days',
                                   'discount', 'value'])
        gg = (6.25, 3.74, 15.44)
        custs = [(0, 0.0, 0.0, 0.0), (0, 0.0, 38.86, 0.0), (2, 30.43, 38.86, 22.35), (7, 1.0, 38.86, 5.0),
                 (100, 1e4, 1e4, 40.0), (5000, 1.0, 1.0, 1e4)]
        for k, bg in selected(ms):
            print('clv model %d/%d' % (k + 1, len(ms)), file=sys.stderr)
            B = tuple(f(v) for v in bg)
            for (x, t_x, T, m) in custs:
                for days, d in ((30.436875, 0.01), (365.2425, 0.01), (100.0, 0.01), (365.2425, 0.0)):
                    w.writerow(list(bg) + list(gg) + [x, t_x, T, m, days, d,
                                num(clv(B, tuple(f(v) for v in gg), x, f(t_x), f(T), f(m), f(days), f(d)))])
            fh.flush()
        fh.close()
    with open('versions.txt', 'a' if MODELS is not None else 'w') as fh:
        fh.write('python %s, mpmath %s, %d digits: %s models %s\n'
                 % (sys.version.split()[0], mp.__version__, DPS, ','.join(PARTS), MODELS or 'all'))
        for fields, why in OMITTED:
            fh.write('  left out (no two methods agree): %s (%s)\n' % (','.join(str(v) for v in fields), why[:200]))


if __name__ == '__main__':
    main()
