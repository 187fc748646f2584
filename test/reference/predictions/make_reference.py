#!/usr/bin/env python3
"""
High-precision reference values for the per-customer predictions of the model
family (src/core/bgnbd_predict.c, gammagamma.c, clv.c), written to the CSV
files next to this script.  The regression test sql/model_reference.sql and the
unit test test/unit/test_predict_reference.c only read those files; neither
runs this script.

    cd test/reference/predictions && python3 make_reference.py [--quick] [--models=FIRST:LAST]
        [--parts=predictions,spend,clv] [--retry=versions.txt]

(--models: only those parameter sets, appended; --retry: only the rows of E[Y] and E[X(t)] that FILE
lists, as versions.txt lists those an earlier run left out, appended to predictions.csv.)

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
    5. method 1 without its length limit,
    L. the defining integral split at p = 1/2, each half in the log of the distance to its end
       (p = e^s, 1 - p = e^s) by tanh-sinh between unit-spaced breakpoints (scaled to its largest
       value there: mpmath.quad's tolerance is absolute), and the pieces next to the ends by the
       integrand's power series integrated term by term (G_logquad; a second method in about a
       second wherever the others take minutes or fail: A ~ 1e4, u up to 1e8), and where none of the
       series 1 and 1' applies, L on other nodes (every interval halved, the end pieces half as long;
       not independent of L, listed as G_logquad_halved in versions.txt);
  taken in the order 1/1' (the shorter first), L, 3, L on other nodes, then 2 and 4 (4 before 2 where
  a, B >= 30), 5 (versions.txt says how many values each pair of methods gave; the Euler series is
  passed over where it would need more than 150 extra digits).
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
# --retry=FILE: only the rows FILE lists as "func,r,alpha,a,b,x,t_x,T,t" (lines starting with 4 spaces and
# expected: the rows an earlier run left out, as versions.txt lists them), appended to predictions.csv
RETRY = _opt('--retry', None)
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
            if need > 150:
                # minutes per value at A ~ 874 (model 47): passed over for the other methods
                raise ValueError('Euler series: cancels %d digits' % (need - 15))
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


def G_logquad(A, B, a, u, halved=False, dps=None):
    """G = int_0^1 p^(a-2) (1-p)^(B-1) (1 - (1+pu)^-A) dp / B(a, B), split at p = 1/2: each half in the log of
    its distance to the near end (p = e^s on [0, 1/2], 1 - p = e^s on [1/2, 1]) by tanh-sinh between unit-spaced
    breakpoints, and the part nearest the end ([0, p0], [1 - q0, 1]) by the integrand's power series integrated
    term by term (where p^(a-1) or (1-p)^(B-1) is singular and the log variable would run to -infinity)"""
    if u == 0:
        return mp.mpf(0)
    work = (dps or mp.mp.dps) + 25
    with mp.workdps(work):
        A, B, a, u = mp.mpf(A), mp.mpf(B), mp.mpf(a), mp.mpf(u)
        z = u / (1 + u)
        eps = mp.mpf(10) ** -(work - 5)
        lbeta = mp.loggamma(a) + mp.loggamma(B) - mp.loggamma(a + B)
        half = mp.mpf(1) / 2

        def g(p):          # 1 - (1 + p u)^-A
            return -mp.expm1(-A * mp.log1p(p * u))

        def g1(q):         # g(1 - q), accurate for small q
            return -mp.expm1(-A * (mp.log1p(u) + mp.log1p(-z * q)))

        # ---- [0, p0]: p^(a-1) sum_k d_k p^k, d = coefficients of (1-p)^(B-1) g(p)/p
        p0 = min(half, 1 / (8 * max(mp.mpf(1), A * u, abs(B - 1), u)))
        if halved:
            p0 /= 2
        K = 0
        e_c = []     # g(p)/p: e_k = (-1)^k (A)_{k+1} u^{k+1} / (k+1)!
        f_c = []     # (1-p)^(B-1): f_m = (1-B)_m / m!
        e = A * u
        fm = mp.mpf(1)
        tail_left = mp.mpf(0)
        while True:
            e_c.append(e)
            f_c.append(fm)
            d = mp.fsum(e_c[i] * f_c[K - i] for i in range(K + 1))
            term = d * mp.exp((a + K) * mp.log(p0)) / (a + K)
            tail_left += term
            if K > 8 and abs(term) < eps * abs(tail_left) and abs(d) * p0 ** K < eps * abs(e_c[0]):
                break
            e = -e * (A + K + 1) * u / (K + 2)
            fm = fm * (1 - B + K) / (K + 1)
            K += 1
            if K > 5000:
                raise ValueError('left series too long')
        # ---- [1 - q0, 1]: q^(B-1) sum_k c_k q^k, c = coefficients of (1-q)^(a-2) g(1-q)
        q0 = min(half, 1 / (8 * max(mp.mpf(1), abs(a - 2), A * z)))
        if halved:
            q0 /= 2
        w = mp.exp(-A * mp.log1p(u))     # (1+u)^-A
        gam = [-mp.expm1(-A * mp.log1p(u))]
        h_c = [mp.mpf(1)]
        gj = w
        hm = mp.mpf(1)
        K = 0
        tail_right = mp.mpf(0)
        while True:
            c = mp.fsum(gam[i] * h_c[K - i] for i in range(K + 1))
            term = c * mp.exp((B + K) * mp.log(q0)) / (B + K)
            tail_right += term
            if K > 8 and abs(term) < eps * abs(tail_right) and abs(c) * q0 ** K < eps * abs(gam[0] + w):
                break
            K += 1
            gj = gj * (A + K - 1) * z / K
            gam.append(-gj)
            hm = hm * (2 - a + K - 1) / K
            h_c.append(hm)
            if K > 5000:
                raise ValueError('right series too long')

        # ---- the middles in log variables, scaled to their largest value at the breakpoints (mpmath.quad's
        # tolerance is absolute)
        def lleft(s):
            p = mp.exp(s)
            return a * s + (B - 1) * mp.log1p(-p) - s + mp.log(g(p)) - lbeta

        def lright(s):
            q = mp.exp(s)
            return B * s + (a - 2) * mp.log1p(-q) + mp.log(g1(q)) - lbeta

        def integral(lf, ps):
            scale = max(lf(v) for v in ps)
            v, err = mp.quad(lambda s: mp.exp(lf(s) - scale), ps, error=True)
            if err > mp.mpf(10) ** -(work - 15) * abs(v):
                raise ValueError('log quadrature error estimate %s' % mp.nstr(err / v, 3))
            return v * mp.exp(scale)

        def pts(lo, hi, extra):
            ps = {lo, hi}
            k = mp.ceil(lo)
            while k < hi:
                ps.add(k)
                k += 1
            for v in extra:
                if lo < v < hi:
                    ps.add(v)
            ps = sorted(ps)
            if halved:
                ps = sorted(set(ps) | {(x + y) / 2 for x, y in zip(ps, ps[1:])})
            return ps

        # the Beta density's peak and widths around it, the transition of g at p ~ 1/(A u)
        extra_p = []
        if a + B > 2:
            mode = (a - 1) / (a + B - 2)
            sd = mp.sqrt(a * B / (a + B + 1)) / (a + B)
            for k in (-40, -12, -4, -1, 0, 1, 4, 12, 40):
                v = mode + k * sd
                if 0 < v < 1:
                    extra_p.append(v)
        for v in (1 / (A * u) / 10, 1 / (A * u), 10 / (A * u)):
            if 0 < v < 1:
                extra_p.append(v)
        L = mp.log(p0)
        mid_left = integral(lleft, pts(L, mp.log(half), [mp.log(v) for v in extra_p if v < half]))
        Lq = mp.log(q0)
        mid_right = integral(lright, pts(Lq, mp.log(half), [mp.log(1 - v) for v in extra_p if v > half]))
        return (tail_left + tail_right) / mp.exp(lbeta) + mid_left + mid_right


def G_logquad_halved(A, B, a, u):
    """G_logquad on other nodes: every interval halved and both end series cut at half the distance
    (not independent of G_logquad: used only where no cheap series applies)"""
    return G_logquad(A, B, a, u, halved=True)


class NoAgree(Exception):
    """no two methods for G agree: the row is left out of the table (noted on stderr and in versions.txt)"""


OMITTED = []
AGREED = {}     # (method, method) -> how many values of G those two gave


def agreed_summary():
    return ', '.join('%s+%s %d' % (m1, m2, n) for (m1, m2), n in sorted(AGREED.items()))


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


G_DONE = {}     # (A, B, a, u) -> G: ltv_predict's sums need the same values for several horizons


def G(A, B, a, u):
    """two of the methods of the docstring, in its order, until two of them agree to 1e-40 (then the first of
    those two); the positive series without its length limit last"""
    key = (mp.mpf(A), mp.mpf(B), mp.mpf(a), mp.mpf(u), mp.mp.dps)
    if key not in G_DONE:
        G_DONE[key] = G_uncached(A, B, a, u)
    return G_DONE[key]


def G_uncached(A, B, a, u):
    cheap = sorted([(nb_terms(float(A), float(u)), G_nb), (euler_terms(float(A), float(a), float(u)), G_euler)],
                   key=lambda c: c[0])
    # the Euler series cancels hugely for large a (its terms grow like (a)_k / k!): not there
    # nor for large A (C - A << 0): its terms then grow until k ~ A and 200,000 of them do not converge at
    # A = 1e4 (minutes per value at r = 1e4)
    methods = [m for cost, m in cheap if cost < 30000 and (m is not G_euler or (float(a) < 50 and float(A) < 1000))]
    # the log-variable quadrature next: a second method wherever it converges, in about a second
    # (make_reference.py's 2F1 and 3F2 forms took minutes or failed for A ~ 1e4)
    methods.append(G_logquad)
    if float(a) >= 30 and float(B) >= 30:
        methods.append(G_quad)
    if len(methods) == 1 or (len(methods) == 2 and G_quad in methods):
        # no cheap series applies: the quadrature on other nodes (see G_logquad_halved)
        methods.append(G_logquad_halved)
    if float(a) >= 30 and float(B) >= 30:
        # the 2F1 form takes a minute or fails at a, B ~ 1e4 (mpmath.hyp2f1 at 130 digits): the 3F2 form first
        methods += [G_3f2, G_2f1]
    else:
        methods += [G_2f1, G_3f2]
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
                AGREED[(n1, m.__name__)] = AGREED.get((n1, m.__name__), 0) + 1
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


def retry():
    with open(RETRY) as fh:
        rows = [ln.strip().split(',') for ln in fh if ln.startswith('    expected')]
    with open('predictions.csv', 'a', newline='') as fh:
        w = csv.writer(fh, lineterminator='\n')
        for fl in rows:
            func, r, alpha, a, b, x, t_x, T, t = fl[:9]
            R, AL, AA, BB = f(r), f(alpha), f(a), f(b)
            out = [func, float(r), float(alpha), float(a), float(b)]
            if func == 'expected':
                x, t_x, T, t = int(x), float(t_x), float(T), float(t)
                row(w, out + [x, t_x, T, t], lambda: expected(R, AL, AA, BB, x, f(t_x), f(T), f(t)))
            else:
                t = float(t)
                row(w, out + ['', '', '', t], lambda: G(R, BB, AA, f(t) / AL))
            fh.flush()


def main():
    if RETRY:
        retry()
        write_versions('retry of the rows listed in %s' % RETRY)
        return
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
                    row(w, list(bg) + list(gg) + [x, t_x, T, m, days, d],
                        lambda: clv(B, tuple(f(v) for v in gg), x, f(t_x), f(T), f(m), f(days), f(d)))
            fh.flush()
        fh.close()
    write_versions('%s models %s' % (','.join(PARTS), MODELS or 'all'))


def write_versions(what):
    with open('versions.txt', 'a' if MODELS is not None or RETRY else 'w') as fh:
        fh.write('python %s, mpmath %s, %d digits: %s\n' % (sys.version.split()[0], mp.__version__, DPS, what))
        fh.write('  G by the methods (first + second that agreed): %s\n' % agreed_summary())
        for fields, why in OMITTED:
            fh.write('  left out (no two methods agree): %s (%s)\n' % (','.join(str(v) for v in fields), why[:200]))


if __name__ == '__main__':
    main()
