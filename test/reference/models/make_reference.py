#!/usr/bin/env python3
"""Reference values for the purchase models (issue 13), in high precision.

Independent of ltv's C code: the textbook formulas evaluated with mpmath
(mpmath.hyp2f1, mpmath.quad at 40 digits), and maximum likelihood by a damped
Newton iteration on the textbook log-likelihood in mpmath.  The regression and
unit tests only read the CSV files this writes; run it again only to change them:

    cd test/reference/models && python3 make_reference.py [part ...]

Parts: hyp2f1 (log 2F1(A, B; A+1; w) and its derivatives at extreme
arguments), pareto and mbg_bgbb (predictions on grids of parameters, customers
and horizons), pareto_sim, mbgnbd_sim, bgbb_sim (a data set simulated from
each model with a seeded Python random.Random, and its maximum-likelihood
estimate by damped Newton at 30 digits).  versions.txt records the versions.
"""
import csv
import random
import sys

import mpmath as mp

mp.mp.dps = 40


def fmt(v):
    return mp.nstr(v, 17, min_fixed=-1, max_fixed=-1) if v is not None else ''


def write(name, header, rows):
    with open(name, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        for r in rows:
            w.writerow([fmt(v) if isinstance(v, mp.mpf) else v for v in r])


# ---- log 2F1(A, B; A+1; w) ----

def hyp2f1_part():
    cases = [
        (1.2, 0.6, '0.1'), (5, 1.6, '0.5'), (2.6, 1.6, '0.74'), (2.6, 1.6, '0.76'), (2.6, 1.6, '0.99'),
        (3, 2, '0.999999'), (5000.6, 1.6, '0.9'), (5000.6, 5000.3, '0.3'), (5000.6, 5000.3, '0.95'),
        (0.0002, 1.0001, '0.99999999'), (1e4, 2.0, '0.9999999999'), (2.5, 0.5, '0.9'), (100, 0.5, '0.999'),
        (1.5, 1.0, '0.8'), (0.3, 1.2, '0.99999999999999'), (20000.0001, 10000.0001, '0.999999999'),
        (1.0001, 1.0001, '0.75'), (0.5, 1.49, '0.9999'), (7.5, 8.0, '0.6'), (3, 1, '0.0'),
    ]
    rows = []
    for A, B, w in cases:
        A = mp.mpf(A)
        B = mp.mpf(B)
        w = mp.mpf(w)

        def f(a, b, z):
            return mp.log(mp.hyp2f1(a, b, a + 1, z))
        rows.append([A, B, w, 1 - w, f(A, B, w), mp.diff(lambda a: f(a, B, w), A),
                     mp.diff(lambda b: f(A, b, w), B), mp.diff(lambda z: f(A, B, z), w) if w > 0 else A * B / (A + 1)])
    write('hyp2f1_ab1.csv', ['A', 'B', 'w', 'omw', 'log_value', 'd_A', 'd_B', 'd_w'], rows)


# ---- Pareto/NBD, textbook formulas (Fader & Hardie 2005, note 008) ----

def pnbd_tail(r, al, s, be, x, t):
    """int_t^inf (alpha+u)^-(r+x) (beta+u)^-(s+1) du: the note's 2F1 form over r+s+x."""
    if al >= be:
        return mp.hyp2f1(r + s + x, s + 1, r + s + x + 1, (al - be) / (al + t)) / (al + t) ** (r + s + x) / (r + s + x)
    return mp.hyp2f1(r + s + x, r + x, r + s + x + 1, (be - al) / (be + t)) / (be + t) ** (r + s + x) / (r + s + x)


def pnbd_A0(r, al, s, be, x, t_x, T):
    """The note's A_0 (eq. 19): 2F1 terms with the alpha >= beta / alpha < beta cases."""
    if al >= be:
        z = lambda t: (al - be) / (al + t)
        F = lambda t: mp.hyp2f1(r + s + x, s + 1, r + s + x + 1, z(t)) / (al + t) ** (r + s + x)
    else:
        z = lambda t: (be - al) / (be + t)
        F = lambda t: mp.hyp2f1(r + s + x, r + x, r + s + x + 1, z(t)) / (be + t) ** (r + s + x)
    return F(t_x) - F(T)


def pnbd_loglik1(p, x, t_x, T):
    r, al, s, be = p
    L = mp.gamma(r + x) * al ** r * be ** s / mp.gamma(r) * (
        1 / ((al + T) ** (r + x) * (be + T) ** s) + s / (r + s + x) * pnbd_A0(r, al, s, be, x, t_x, T))
    return mp.log(L)


def pnbd_palive(p, x, t_x, T):
    r, al, s, be = p
    return 1 / (1 + s / (r + s + x) * (al + T) ** (r + x) * (be + T) ** s * pnbd_A0(r, al, s, be, x, t_x, T))


def pnbd_expected(p, t, x, t_x, T):
    r, al, s, be = p
    if s == 1:
        h = mp.log((be + T + t) / (be + T))
    else:
        h = (1 - ((be + T) / (be + T + t)) ** (s - 1)) / (s - 1)
    return (r + x) * (be + T) / (al + T) * h * pnbd_palive(p, x, t_x, T)


def pnbd_expected_new(p, t):
    r, al, s, be = p
    if s == 1:
        return r * be / al * mp.log((be + t) / be)
    return r * be / (al * (s - 1)) * (1 - (be / (be + t)) ** (s - 1))


def pnbd_prob_n(p, t, n):
    r, al, s, be = p
    c = mp.gamma(r + n) / (mp.gamma(r) * mp.factorial(n))
    term1 = c * (al / (al + t)) ** r * (t / (al + t)) ** n * (be / (be + t)) ** s
    # the integral in closed form: u^n = ((alpha+u) - alpha)^n binomially, each
    # term a difference of the tails F of the likelihood (with x = n - j):
    # alternating, so at 150 digits (the terms' cancellation is below 60 digits here)
    if t <= min(al, be) / 1000:
        # a short horizon: the integrand is nearly a power of u on [0, t], the
        # closed form cancels beyond any precision
        # (scaled to 1 at u = t: mpmath's tolerance is absolute)
        f = lambda v: (v ** n * ((al + t * v) / (al + t)) ** -(r + n) * ((be + t * v) / (be + t)) ** -(s + 1))
        K = mp.quad(f, mp.linspace(0, 1, 65))
        K2 = mp.quad(f, mp.linspace(0, 1, 129))
        assert abs(K - K2) <= mp.mpf('1e-25') * K, (p, t, n, K, K2)
        K *= t * t ** n * (al + t) ** -(r + n) * (be + t) ** -(s + 1)
        return term1 + s * al ** r * be ** s * c * K
    with mp.workdps(150):
        K = mp.fsum(mp.binomial(n, j) * (-al) ** (n - j) * pnbd_tail(r, al, s, be, n - j, 0) for j in range(int(n) + 1)) \
            - mp.fsum(mp.binomial(n, j) * (-al) ** (n - j) * pnbd_tail(r, al, s, be, n - j, t) for j in range(int(n) + 1))
    return term1 + s * al ** r * be ** s * c * K


PNBD_PARAMS = [
    ('btyd', ['0.5534', '10.5802', '0.6061', '11.6562']),      # BTYD walkthrough, CDNOW
    ('example', ['0.55', '10.56', '0.61', '11.64']),          # BTYD pnbd.Expectation example
    ('alpha_small', ['2.0', '0.01', '0.8', '50']),
    ('beta_small', ['0.3', '40', '1.5', '0.02']),
    ('s_one', ['0.9', '5', '1', '7']),
    ('extreme', ['0.0001', '0.0001', '10000', '10000']),
    ('big_shapes', ['100', '1000', '50', '3000']),
]
PNBD_CUSTOMERS = [(0, 0, 38), (1, 2, 30), (2, 30.43, 38.86), (26, 30.86, 31), (5, 20, 20), (100, 50, 60),
                  (5000, 9999, 10000), (0, 0, 0.001), (3, 0.5, 1e4)]
PNBD_HORIZONS = [1e-8, 1, 39, 52, 1e4]


def pareto_part():
    rows = []
    for label, p in PNBD_PARAMS:
        p = [mp.mpf(v) for v in p]
        for x, t_x, T in PNBD_CUSTOMERS:
            x, t_x, T = mp.mpf(x), mp.mpf(t_x), mp.mpf(T)
            pa = pnbd_palive(p, x, t_x, T)
            for t in PNBD_HORIZONS:
                t = mp.mpf(t)
                rows.append([label] + p + [x, t_x, T, t, pa, pnbd_expected(p, t, x, t_x, T)])
    write('pareto_nbd_predictions.csv', ['params', 'r', 'alpha', 's', 'beta', 'x', 't_x', 'T', 't', 'p_alive',
                                         'expected'], rows)
    rows = []
    for label, p in PNBD_PARAMS:
        p = [mp.mpf(v) for v in p]
        for t in PNBD_HORIZONS + [0, 2, 3, 9]:
            t = mp.mpf(t)
            rows.append([label] + p + [t, 'expected_new', '', pnbd_expected_new(p, t) if t > 0 else mp.mpf(0)])
            if t > 0:
                for n in [0, 1, 2, 7, 40]:
                    rows.append([label] + p + [t, 'prob_n', n, pnbd_prob_n(p, t, mp.mpf(n))])
    write('pareto_nbd_population.csv', ['params', 'r', 'alpha', 's', 'beta', 't', 'what', 'n', 'value'], rows)


# ---- simulation and maximum likelihood ----

def simulate_pnbd(p, n, seed):
    rng = random.Random(seed)
    r, al, s, be = [float(v) for v in p]
    out = {}
    for i in range(n):
        lam = rng.gammavariate(r, 1 / al)
        mu = rng.gammavariate(s, 1 / be)
        tau = rng.expovariate(mu)
        T = round(rng.uniform(26, 52), 2)      # first purchases spread over half a year; weeks
        end = min(tau, T)
        t = 0.0
        x = 0
        last = 0.0
        while True:
            t += rng.expovariate(lam)
            if t > end:
                break
            x += 1
            last = t
        key = (x, round(last, 2) if x > 0 else 0.0, T)
        out[key] = out.get(key, 0) + 1
    return sorted(out.items())


def newton_mle(loglik, cells, theta0, to_params, iters=40):
    """Damped Newton in theta on the total log-likelihood, derivatives by mpmath.diff."""
    def total(th):
        p = to_params(th)
        return mp.fsum(c * loglik(p, *k) for k, c in cells)
    th = [mp.mpf(v) for v in theta0]
    f = total(th)
    n = len(th)
    for it in range(iters):
        g = [mp.diff(lambda v: total(th[:i] + [v] + th[i + 1:]), th[i], h=mp.mpf('1e-12')) for i in range(n)]
        H = mp.matrix(n, n)
        for i in range(n):
            for j in range(i, n):
                def fij(a, b):
                    t2 = list(th)
                    t2[i] += a
                    t2[j] += b
                    return total(t2)
                h = mp.mpf('1e-6')
                if i == j:
                    v = (fij(h, 0) - 2 * f + fij(-h, 0)) / h ** 2
                else:
                    v = (fij(h, h) - fij(h, -h) - fij(-h, h) + fij(-h, -h)) / (4 * h * h)
                H[i, j] = H[j, i] = v
        try:
            step = mp.lu_solve(-H, mp.matrix(g))
            if mp.fsum(step[i] * g[i] for i in range(n)) <= 0:
                raise ZeroDivisionError
        except ZeroDivisionError:
            step = mp.matrix(g) * mp.mpf('0.01')
        lam = mp.mpf(1)
        while True:
            cand = [th[i] + lam * step[i] for i in range(n)]
            fc = total(cand)
            if fc > f or lam < 1e-12:
                break
            lam /= 2
        gnorm = max(abs(v) for v in g)
        th, f = cand, fc
        print('  it', it, 'll', mp.nstr(f, 20), '|g|', mp.nstr(gnorm, 5), file=sys.stderr)
        # the total LL's gradient in log-parameters below 1e-12 pins the estimate
        # down far beyond 1e-10 relative (the curvature is of the order of the sample size)
        if gnorm < 1e-12:
            break
    return to_params(th), f


# ---- MBG/NBD, textbook formulas (Batislam et al. 2007; as in R BTYDplus and Python lifetimes) ----

def mbg_loglik1(p, x, t_x, T):
    r, al, a, b = p
    return (mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(al) - mp.log(mp.beta(a, b))
            + mp.log(mp.beta(a, b + x + 1) * (al + T) ** -(r + x) + mp.beta(a + 1, b + x) * (al + t_x) ** -(r + x)))


def mbg_palive(p, x, t_x, T):
    r, al, a, b = p
    return 1 / (1 + a / (b + x) * ((al + T) / (al + t_x)) ** (r + x))


def mbg_expected(p, t, x, t_x, T):
    r, al, a, b = p
    hyp = mp.hyp2f1(r + x, b + x + 1, a + b + x, t / (al + T + t))
    return (a + b + x) / (a - 1) * (1 - hyp * ((al + T) / (al + T + t)) ** (r + x)) * mbg_palive(p, x, t_x, T)


def mbg_expected_new(p, t):
    r, al, a, b = p
    return b / (a - 1) * (1 - mp.hyp2f1(r, b + 1, a + b, t / (al + t)) * (al / (al + t)) ** r)


def mbg_prob_n(p, t, n):
    r, al, a, b = p
    first = (mp.beta(a, b + n + 1) / mp.beta(a, b) * mp.gamma(r + n) / mp.gamma(r) / mp.factorial(n)
             * (al / (al + t)) ** r * (t / (al + t)) ** n)
    # the NBD tail P(N >= n) = 1 - (al/(al+t))^r sum_{j<n} ...: as the regularized incomplete beta
    # I_y(n, r), and checked against that finite sum at as many digits as its cancellation needs (at 40
    # digits it lost every digit below 1e-40, e.g. n = 20 at t = 1e-6, where the tail is about 1e-160)
    if n == 0:
        tail = mp.mpf(1)
    else:
        tail = mp.betainc(n, r, 0, t / (al + t), regularized=True)
        with mp.workdps(mp.mp.dps + 20 + int(max(0, -mp.log10(tail)))):
            fin = mp.fsum(mp.gamma(r + j) / mp.gamma(r) / mp.factorial(j) * (t / (al + t)) ** j for j in range(int(n)))
            tail2 = 1 - (al / (al + t)) ** r * fin
        assert abs(tail2 - tail) <= mp.mpf('1e-30') * tail, (p, t, n, tail, tail2)
    return first + mp.beta(a + 1, b + n) / mp.beta(a, b) * tail


# ---- BG/BB, textbook formulas (Fader, Hardie & Shang 2010 eqs. 5-13) ----

def bgbb_lik(p, x, t_x, n):
    al, be, ga, de = p
    B = mp.beta
    return (B(al + x, be + n - x) / B(al, be) * B(ga, de + n) / B(ga, de)
            + mp.fsum(B(al + x, be + t_x - x + i) / B(al, be) * B(ga + 1, de + t_x + i) / B(ga, de)
                      for i in range(int(n - t_x))))


def bgbb_loglik1(p, x, t_x, n):
    return mp.log(bgbb_lik(p, x, t_x, n))


def bgbb_palive(p, x, t_x, n):
    al, be, ga, de = p
    B = mp.beta
    return B(al + x, be + n - x) / B(al, be) * B(ga, de + n + 1) / B(ga, de) / bgbb_lik(p, x, t_x, n)


def bgbb_expected(p, k, x, t_x, n):
    al, be, ga, de = p
    G = mp.gamma
    return (mp.beta(al + x + 1, be + n - x) / mp.beta(al, be) * de / (ga - 1) * G(ga + de) / G(1 + de)
            * (G(1 + de + n) / G(ga + de + n) - G(1 + de + n + k) / G(ga + de + n + k)) / bgbb_lik(p, x, t_x, n))


def bgbb_expected_new(p, k):
    al, be, ga, de = p
    G = mp.gamma
    return al / (al + be) * de / (ga - 1) * (1 - G(ga + de) * G(1 + de + k) / (G(ga + de + k) * G(1 + de)))


def bgbb_prob_n(p, k, x):
    al, be, ga, de = p
    B = mp.beta
    return (mp.binomial(k, x) * B(al + x, be + k - x) / B(al, be) * B(ga, de + k) / B(ga, de)
            + mp.fsum(mp.binomial(i, x) * B(al + x, be + i - x) / B(al, be) * B(ga + 1, de + i) / B(ga, de)
                      for i in range(int(x), int(k))))


MBG_PARAMS = [('btydplus', ['0.525', '6.183', '0.891', '1.614']), ('a_big', ['2', '3', '40', '1.5']),
              ('b_small', ['0.3', '0.5', '0.6', '0.05']), ('big', ['20', '100', '3', '200'])]
BGBB_PARAMS = [('donations', ['1.204', '0.75', '0.657', '2.783']), ('gamma_near_1', ['0.5', '2', '1.000001', '3']),
               ('skewed', ['20', '0.3', '0.05', '8']), ('small', ['0.01', '0.02', '5', '0.5'])]


def mbg_bgbb_part():
    rows = []
    for label, p in MBG_PARAMS:
        p = [mp.mpf(v) for v in p]
        for x, t_x, T in [(0, 0, 38), (1, 2, 30), (2, 30.43, 38.86), (26, 30.86, 31), (500, 400, 500)]:
            x, t_x, T = mp.mpf(x), mp.mpf(t_x), mp.mpf(T)
            for t in [1e-6, 1, 39, 520]:
                t = mp.mpf(t)
                rows.append(['mbgnbd', label] + p + [x, t_x, T, t, mbg_palive(p, x, t_x, T), mbg_expected(p, t, x, t_x, T)])
    for label, p in BGBB_PARAMS:
        p = [mp.mpf(v) for v in p]
        for x, t_x, n in [(0, 0, 6), (2, 4, 6), (6, 6, 6), (1, 1, 30), (20, 50, 60)]:
            for k in [1, 5, 100]:
                rows.append(['bgbb', label] + p + [x, t_x, n, k, bgbb_palive(p, *map(mp.mpf, (x, t_x, n))),
                                                   bgbb_expected(p, mp.mpf(k), *map(mp.mpf, (x, t_x, n)))])
    write('mbg_bgbb_predictions.csv', ['model', 'params', 'p1', 'p2', 'p3', 'p4', 'x', 't_x', 'T', 't', 'p_alive',
                                       'expected'], rows)
    rows = []
    for label, p in MBG_PARAMS:
        p = [mp.mpf(v) for v in p]
        for t in [1e-6, 1, 39, 520]:
            t = mp.mpf(t)
            rows.append(['mbgnbd', label] + p + [t, 'expected_new', '', mbg_expected_new(p, t)])
            for n in [0, 1, 3, 20]:
                rows.append(['mbgnbd', label] + p + [t, 'prob_n', n, mbg_prob_n(p, t, mp.mpf(n))])
    for label, p in BGBB_PARAMS:
        p = [mp.mpf(v) for v in p]
        for k in [1, 6, 40]:
            rows.append(['bgbb', label] + p + [k, 'expected_new', '', bgbb_expected_new(p, mp.mpf(k))])
            for n in [0, 1, 3, 6]:
                if n <= k:
                    rows.append(['bgbb', label] + p + [k, 'prob_n', n, bgbb_prob_n(p, mp.mpf(k), mp.mpf(n))])
    write('mbg_bgbb_population.csv', ['model', 'params', 'p1', 'p2', 'p3', 'p4', 't', 'what', 'n', 'value'], rows)


def simulate_mbg(p, n, seed):
    rng = random.Random(seed)
    r, al, a, b = [float(v) for v in p]
    out = {}
    for i in range(n):
        lam = rng.gammavariate(r, 1 / al)
        q = rng.betavariate(a, b)
        T = round(rng.uniform(26, 52), 2)
        t = 0.0
        x = 0
        last = 0.0
        alive = rng.random() >= q      # MBG/NBD: may drop out at time 0
        while alive:
            t += rng.expovariate(lam)
            if t > T:
                break
            x += 1
            last = t
            alive = rng.random() >= q
        key = (x, round(last, 2) if x > 0 else 0.0, T)
        out[key] = out.get(key, 0) + 1
    return sorted(out.items())


def simulate_bgbb(p, n, seed):
    rng = random.Random(seed)
    al, be, ga, de = [float(v) for v in p]
    out = {}
    for i in range(n):
        pt = rng.betavariate(al, be)
        th = rng.betavariate(ga, de)
        periods = rng.choice([6, 8, 10])
        x = 0
        last = 0
        for j in range(1, periods + 1):
            if rng.random() < th:
                break
            if rng.random() < pt:
                x += 1
                last = j
        key = (x, float(last), float(periods))
        out[key] = out.get(key, 0) + 1
    return sorted(out.items())


def sim_part(name, simulate, loglik, true, n, seed):
    mp.mp.dps = 30
    cells = simulate(true, n, seed)
    with open(name + '_sim.csv', 'w', newline='') as fcsv:
        w = csv.writer(fcsv, lineterminator='\n')
        w.writerow(['x', 't_x', 'T', 'count'])
        for (x, t_x, T), c in cells:
            w.writerow([x, repr(t_x), repr(T), c])
    cells = [((mp.mpf(x), mp.mpf(repr(t_x)), mp.mpf(repr(T))), c) for (x, t_x, T), c in cells]
    to_params = lambda th: [mp.exp(v) for v in th]
    p, ll = newton_mle(loglik, cells, [mp.log(mp.mpf(v)) for v in true], to_params)
    write(name + '_sim_mle.csv', ['p1', 'p2', 'p3', 'p4', 'loglik', 'true_p1', 'true_p2', 'true_p3', 'true_p4'],
          [p + [ll] + [mp.mpf(v) for v in true]])


PARTS = {'hyp2f1': hyp2f1_part, 'pareto': pareto_part, 'mbg_bgbb': mbg_bgbb_part,
         'pareto_sim': lambda: sim_part('pareto_nbd', simulate_pnbd, pnbd_loglik1, ['0.8', '6', '0.9', '20'], 1500, 20130),
         'mbgnbd_sim': lambda: sim_part('mbgnbd', simulate_mbg, mbg_loglik1, ['0.7', '5', '0.8', '3'], 1500, 20131),
         'bgbb_sim': lambda: sim_part('bgbb', simulate_bgbb, bgbb_loglik1, ['1.2', '0.8', '0.7', '2.5'], 3000, 20132)}

if __name__ == '__main__':
    for name in sys.argv[1:] or list(PARTS):
        print('part', name, file=sys.stderr)
        PARTS[name]()
    with open('versions.txt', 'w') as f:
        f.write('python %s, mpmath %s\n' % (sys.version.split()[0], mp.__version__))
