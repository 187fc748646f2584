#!/usr/bin/env python3
"""Reference values of the new-customer value (sql/model_value.sql), in mpmath at 40 digits.

A customer acquired today (x = 0 at T = 0) is worth, over a horizon of H months,

    V = margin * s + sum_{i=1..K} margin * s * (E[X(m t_i)] - E[X(m t_{i-1})]) / (1 + d)^t_i

with s = p gamma / (q - 1) (Gamma-Gamma's population mean spend), t_i = i for i < K and
t_K = H, K = ceil(H), m = model units per month (weeks: 365.2425 / 12 / 7), E[X(t)] each
model's unconditional expected repeat purchases, written here from the papers:

  BG/NBD     FHL 2005 eq. 9:  (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))]
  Pareto/NBD SMC 1987 / Fader-Hardie note 'A note on deriving the Pareto/NBD model' eq. 17:
             r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)]
  MBG/NBD    Batislam et al. 2007 eq. 5:  b/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b+1; a+b; t/(alpha+t))]
  BG/BB      Fader, Hardie & Shang 2010 eq. 9 (n whole periods):
             alpha/(alpha+beta) delta/(gamma-1) [1 - Gamma(gamma+delta) Gamma(1+delta+n)
                                                  / (Gamma(gamma+delta+n) Gamma(1+delta))]

The payback month solves V(h) = CAC for h in (0, H] (V(h) as above with H = h), by bisection.
Run: python3 test/reference/models/new_customer_value.py
"""
from mpmath import mp, mpf, hyp2f1, gamma as G, ceil

mp.dps = 40
WEEKS_PER_MONTH = mpf('365.2425') / 12 / 7


def ex_bgnbd(p, t):
    r, al, a, b = p
    return (a + b - 1) / (a - 1) * (1 - (al / (al + t)) ** r * hyp2f1(r, b, a + b - 1, t / (al + t)))


def ex_pareto(p, t):
    r, al, s, be = p
    return r * be / (al * (s - 1)) * (1 - (be / (be + t)) ** (s - 1))


def ex_mbgnbd(p, t):
    r, al, a, b = p
    return b / (a - 1) * (1 - (al / (al + t)) ** r * hyp2f1(r, b + 1, a + b, t / (al + t)))


def ex_bgbb(p, t):
    al, be, ga, de = p
    n = mp.floor(t + mpf('1e-9') * max(1, t))
    return al / (al + be) * de / (ga - 1) * (1 - G(ga + de) * G(1 + de + n) / (G(ga + de + n) * G(1 + de)))


def value(ex, p, gg, months, d, margin, upm):
    pp, qq, gam = gg
    s = pp * gam / (qq - 1)
    k = int(ceil(months))
    total = margin * s
    prev = mpf(0)
    for i in range(1, k + 1):
        t = months if i == k else mpf(i)
        cum = ex(p, t * upm)
        total += margin * s * (cum - prev) / (1 + d) ** t
        prev = cum
    return total


def payback(ex, p, gg, months, d, margin, upm, cac):
    lo, hi = mpf(0), mpf(months)
    if value(ex, p, gg, mpf('1e-30'), d, margin, upm) >= cac:
        return mpf(0)
    if value(ex, p, gg, hi, d, margin, upm) < cac:
        return None
    for _ in range(80):
        mid = (lo + hi) / 2
        if value(ex, p, gg, mid, d, margin, upm) >= cac:
            hi = mid
        else:
            lo = mid
    return hi


GG = (mpf('6.25'), mpf('3.74'), mpf('15.44'))		# FHL 2005b, CDNOW
CASES = [
    # name, E[X], params, months, d, margin, units per month
    ('bgnbd', ex_bgnbd, (mpf('0.2425945'), mpf('4.4136019'), mpf('0.7929199'), mpf('2.4258881')),
     mpf(12), mpf('0.01'), mpf(1), WEEKS_PER_MONTH),
    ('bgnbd', ex_bgnbd, (mpf('0.2425945'), mpf('4.4136019'), mpf('0.7929199'), mpf('2.4258881')),
     mpf(546) / (mpf('365.2425') / 12), mpf(0), mpf(1), WEEKS_PER_MONTH),
    ('bgnbd', ex_bgnbd, (mpf('0.2425945'), mpf('4.4136019'), mpf('0.7929199'), mpf('2.4258881')),
     mpf(36), mpf('0.01'), mpf('0.3'), WEEKS_PER_MONTH),
    ('pareto_nbd', ex_pareto, (mpf('0.5534'), mpf('10.5802'), mpf('0.6061'), mpf('11.6562')),
     mpf(12), mpf('0.01'), mpf(1), WEEKS_PER_MONTH),
    ('pareto_nbd', ex_pareto, (mpf('0.5534'), mpf('10.5802'), mpf('0.6061'), mpf('11.6562')),
     mpf(364) / (mpf('365.2425') / 12), mpf(0), mpf(1), WEEKS_PER_MONTH),
    ('mbgnbd', ex_mbgnbd, (mpf('0.525'), mpf('6.183'), mpf('0.891'), mpf('1.614')),
     mpf(12), mpf('0.01'), mpf(1), WEEKS_PER_MONTH),
    ('bgbb', ex_bgbb, (mpf('1.204'), mpf('0.750'), mpf('0.657'), mpf('2.783')),
     mpf(60), mpf('0.01'), mpf(1), mpf(1) / 12),
    ('bgbb', ex_bgbb, (mpf('1.204'), mpf('0.750'), mpf('0.657'), mpf('2.783')),
     mpf(60), mpf(0), mpf(1), mpf(1) / 12),
]

for name, ex, p, months, d, margin, upm in CASES:
    v = value(ex, p, GG, months, d, margin, upm)
    print(f'{name:10s} months={mp.nstr(months, 12):>14s} d={mp.nstr(d, 3):5s} margin={mp.nstr(margin, 3):4s}'
          f' value={mp.nstr(v, 15)}')

for name, ex, p, months, d, margin, upm, cac in [
        ('bgnbd', ex_bgnbd, CASES[0][2], mpf(36), mpf('0.01'), mpf('0.3'), WEEKS_PER_MONTH, mpf(15)),
        ('bgnbd', ex_bgnbd, CASES[0][2], mpf(36), mpf('0.01'), mpf(1), WEEKS_PER_MONTH, mpf(60))]:
    pb = payback(ex, p, GG, months, d, margin, upm, cac)
    print(f'payback {name} cac={cac} margin={margin}: {mp.nstr(pb, 12) if pb is not None else None}')
