--- Specs for luabench.growth.
--
-- Reference values: SciPy 1.10.1 and NumPy 1.24.2 from Debian
-- (python3-scipy), run with /usr/bin/python3.
--
-- The model time = a + b·n^k (growth.fit's a, b, k, k_ci, class...):
-- weights w = 1/(se² + (0.01 t)²); for each k, a and b by
-- scipy.optimize.nnls on the weighted design; k on a grid of 2001 points
-- over [-4, 6] refined by minimize_scalar; the classes by nnls on
-- [1, f(n)]; the interval by brentq on S(k) = S(k̂) + Δ:
--   import numpy as np; from scipy import optimize, stats
--   def model(n, t, se=None, noise=0.01):
--     n = np.asarray(n, float); t = np.asarray(t, float)
--     se = np.zeros_like(t) if se is None else np.asarray(se, float)
--     w = 1 / (se**2 + (noise * t)**2); sw = np.sqrt(w)
--     def nnls2(g):
--       X = np.column_stack([np.ones_like(g), g]) * sw[:, None]
--       coef, r = optimize.nnls(X, t * sw); return coef, r**2
--     def S(k): return nnls2(n**k)[1]
--     ks = np.linspace(-4, 6, 2001); ss = np.array([S(k) for k in ks]); j = ss.argmin()
--     k = optimize.minimize_scalar(S, bounds=(ks[max(j-1,0)], ks[min(j+1,len(ks)-1)]),
--       method="bounded", options={"xatol": 1e-10}).x
--     (a, b), smin = nnls2(n**k)
--     curves = {"O(1)": np.ones_like(n), "O(log n)": np.log2(n), "O(n)": n,
--       "O(n log n)": n*np.log2(n), "O(n^2)": n**2, "O(n^3)": n**3}
--     cl = {name: nnls2(g) for name, g in curves.items()}
--     m = len(n); dof = m - 3; sbest = min([smin] + [v[1] for v in cl.values()])
--     c = 2 / (9 * dof); wh = dof * (1 - c + stats.norm.ppf(0.95) * np.sqrt(c))**3
--     scale, delta = 1, stats.norm.ppf(0.975)**2
--     if sbest > wh: scale = sbest / dof; delta = scale * stats.t.ppf(0.975, dof)**2
--     lim = smin + delta; f = lambda x: S(x) - lim; inside = ks[ss <= lim]
--     lo = -np.inf if inside.min() <= -4 else optimize.brentq(f, inside.min() - 0.005, min(inside.min(), k))
--     hi = np.inf if inside.max() >= 6 else optimize.brentq(f, max(inside.max(), k), inside.max() + 0.005)
--     lo_i, hi_i = n.argmin(), n.argmax()
--     V = b * abs(n[hi_i]**k - n[lo_i]**k)
--     U = stats.norm.ppf(0.975) * np.sqrt(1/w[lo_i] + 1/w[hi_i]) * np.sqrt(scale)
-- (wh: the Wilson-Hilferty χ² quantile growth.lua uses; stats.chi2.ppf
-- differs by under 3%: 3.75 against 3.84 at dof 1, 5.94 against 5.99 at 2.)
--
-- The older fields (exponent, r2, big_o...): the power law is
-- scipy.stats.linregress on (log n, log t); the interval uses
-- scipy.stats.t.ppf(0.975, m - 2). The complexity classes are recomputed
-- with NumPy from the definitions in Google Benchmark's src/complexity.cc
-- (MinimalLeastSq):
--   coef = sum(t*g)/sum(g*g), rms = sqrt(sum((t - coef*g)**2)/m)/mean(t),
--   with g = f(n) and base-2 logarithms.
-- The helpers the outputs below came from:
--   def ll(n, t):
--     r = stats.linregress(np.log(n), np.log(t)); q = stats.t.ppf(0.975, len(n) - 2)
--     print("slope", r.slope, "intercept", r.intercept, "c", np.exp(r.intercept),
--           "stderr", r.stderr, "r2", r.rvalue**2, "t", q,
--           "ci", r.slope - q*r.stderr, r.slope + q*r.stderr)
--   def bigo(n, t):
--     for k, f in curves.items():
--       g = f(n); c = (t*g).sum()/(g*g).sum()
--       print(k, "coef", c, "rms", np.sqrt(((t - c*g)**2).sum()/len(n))/t.mean())
local growth = require "luabench.lib.growth"
local sweep_growth = require "luabench.lib.growth.sweep"
local params = require "luabench.lib.params"

local function points(ns, f)
  local ps = {}
  for i, n in ipairs(ns) do ps[i] = { n = n, time = f(n, i) } end
  return ps
end

local function log2(n) return math.log(n, 2) end

--- The fit named `name` in fit.big_o_fits.
local function class(fit, name)
  for _, c in ipairs(fit.big_o_fits) do
    if c.name == name then return c end
  end
end

--- The fit named `name` in fit.class_fits.
local function class_fit(fit, name)
  for _, c in ipairs(fit.class_fits) do
    if c.name == name then return c end
  end
end

local DECADES = { 10, 100, 1000, 10000 }

local N16 = {}
for n = 1, 16 do N16[n] = n end

describe("growth.fit: time = a + b·n^k", function()
  it("finds the fixed cost and k = 1 in 0.2 s + 0.05 s·n, n = 1..16", function()
    -- model(N16, 0.2 + 0.05 * N16)
    -- -> k 0.9999999999173896 a 0.19999999998202203 b 0.05000000001152373
    --    delta 3.8414588206941254 ci 0.9656848515659511 1.0346987138236945
    --    O(n) a 0.2 c 0.05 chi2 ~0; O(n log n) a 0.2804281203351824
    --    c 0.012235171316779371 chi2 408.3338486317636; O(1) chi2 27087.90692088396
    --    varying 0.7499999999896203 noise 0.02020284632666276
    -- (The power law on logs says n^0.53, O(log n) without a fixed cost.)
    local fit = assert(growth.fit(points(N16, function(n) return 0.2 + 0.05 * n end)))
    assert.is_true(fit.k >= 0.9 and fit.k <= 1.1, tostring(fit.k))
    assert.near(1, fit.k, 1e-6)
    assert.near(0.2, fit.a, 1e-7)
    assert.equal(fit.a, fit.fixed_cost)
    assert.near(0.05, fit.b, 1e-8)
    assert.near(0.9656848515659511, fit.k_ci[1], 1e-8)
    assert.near(1.0346987138236945, fit.k_ci[2], 1e-8)
    assert.equal("O(n)", fit.class)
    assert.is_false(fit.dominated_by_fixed_cost)
    assert.near(0.75, fit.varying, 1e-7)
    assert.near(0.02020284632666276, fit.noise, 1e-12)
    assert.equal("O(n)", fit.class_fits[1].name)
    assert.near(0.2, fit.class_fits[1].a, 1e-12)
    assert.near(0.05, fit.class_fits[1].c, 1e-12)
    local nlogn = class_fit(fit, "O(n log n)")
    assert.near(0.2804281203351824, nlogn.a, 1e-10)
    assert.near(0.012235171316779371, nlogn.c, 1e-12)
    assert.near(408.3338486317636, nlogn.chi2, 1e-6)
    assert.near(27087.90692088396, class_fit(fit, "O(1)").chi2, 1e-5)
    assert.equal(16, fit.points)
    assert.equal(13, fit.dof)
    assert.equal(1, fit.n_min)
    assert.equal(16, fit.n_max)
    -- The older fields keep their meaning: the power law on logs, which
    -- the fixed cost bends.
    assert.is_true(fit.exponent < 0.6, tostring(fit.exponent))
  end)

  it("finds k = 2 and O(n^2) under a small fixed cost, with each point's own error", function()
    -- t = (1e-4 + 1e-6 n^2) * [1.01, 0.99, 1.02, 0.98, 1.01, 0.99],
    -- n = 10, 20, 40, 80, 160, 320, se = 1% of t; model(n, t, se=0.01*t)
    -- -> k 1.9982072277900924 a 0.00010121714461632245 b 1.005376194838227e-06
    --    S 5.536303145504334 (below wh 7.775: scale 1) delta 3.8414588206941254
    --    ci 1.98112172409937 2.0153199979874508
    --    O(n^2) a 0.00010179539843297578 c 9.968933020111541e-07 chi2 5.578533812567067
    --    O(n^3) chi2 6810.9985977882825
    --    varying 0.10179124409487793 noise 0.002812697384354688
    local ns, wobble = { 10, 20, 40, 80, 160, 320 }, { 1.01, 0.99, 1.02, 0.98, 1.01, 0.99 }
    local pts = {}
    for i, n in ipairs(ns) do
      local t = (1e-4 + 1e-6 * n * n) * wobble[i]
      pts[i] = { n = n, time = t, se = 0.01 * t }
    end
    local fit = assert(growth.fit(pts))
    assert.near(1.9982072277900924, fit.k, 1e-6)
    assert.near(0.00010121714461632245, fit.a, 1e-10)
    assert.near(1.005376194838227e-06, fit.b, 1e-12)
    assert.near(5.536303145504334, fit.chi2, 1e-6)
    assert.near(1.98112172409937, fit.k_ci[1], 1e-8)
    assert.near(2.0153199979874508, fit.k_ci[2], 1e-8)
    assert.equal("O(n^2)", fit.class)
    assert.near(0.00010179539843297578, fit.class_fits[1].a, 1e-14)
    assert.near(9.968933020111541e-07, fit.class_fits[1].c, 1e-16)
    assert.near(6810.9985977882825, class_fit(fit, "O(n^3)").chi2, 1e-5)
    assert.is_false(fit.dominated_by_fixed_cost)
    assert.near(0.10179124409487793, fit.varying, 1e-9)
    assert.near(0.002812697384354688, fit.noise, 1e-12)
  end)

  it("says a constant time with noise is dominated by fixed cost", function()
    -- t = 0.1 (1 + 0.01 j), j = [0.3, -0.8, 0.5, 0.9, -0.2, -0.6, 0.1, 0.7,
    --   -0.9, 0.4, -0.3, 0.8, -0.5, 0.2, -0.7, 0.6], n = 1..16, se = 0.001
    -- -> k -4 (the edge: b n^k is the noise) a 0.10001124904893635
    --    b 0.000245234778178121 ci -inf inf; every class c = 0,
    --    chi2 2.758569164413221 (O(1) a 0.10002780216085884)
    --    varying 0.000245231036191676 noise 0.003928759907043942
    local J = { 0.3, -0.8, 0.5, 0.9, -0.2, -0.6, 0.1, 0.7, -0.9, 0.4, -0.3, 0.8, -0.5, 0.2, -0.7, 0.6 }
    local pts = {}
    for n = 1, 16 do pts[n] = { n = n, time = 0.1 * (1 + 0.01 * J[n]), se = 0.001 } end
    local fit = assert(growth.fit(pts))
    assert.is_true(fit.dominated_by_fixed_cost)
    assert.equal("O(1)", fit.class)
    assert.near(0.10001124904893635, fit.a, 1e-9)
    -- a + b·n^k splits the noise between a and b: the fixed cost shown
    -- is the weighted mean, the O(1) fit's a.
    assert.near(0.10002780216085884, fit.fixed_cost, 1e-12)
    assert.near(0.000245231036191676, fit.varying, 1e-9)
    assert.near(0.003928759907043942, fit.noise, 1e-12)
    assert.equal(-math.huge, fit.k_ci[1])
    assert.equal(math.huge, fit.k_ci[2])
    assert.equal("O(1)", fit.class_fits[1].name)
    assert.near(0.10002780216085884, fit.class_fits[1].a, 1e-12)
    assert.near(2.758569164413221, fit.class_fits[1].chi2, 1e-8)
  end)

  it("does not call a 300-fold rise noise when the points misfit the curve (a loaded machine)", function()
    -- n = 1e4 … 1e6 at 5 ms … 1.7 s, the second point spiked to 80 ms by
    -- load: the misfit scales k's interval (here unbounded), not the
    -- noise the varying part is held against. Before, the residuals'
    -- scale made that noise 7.86 s and the fit "dominated by fixed cost".
    local ns = { 10000, 30000, 100000, 300000, 1000000 }
    local ts = { 0.005, 0.08, 0.06, 0.25, 1.7 }
    local se = { 0.0002, 0.002, 0.005, 0.03, 0.2 }
    local pts = {}
    for i = 1, 5 do pts[i] = { n = ns[i], time = ts[i], se = se[i] } end
    local fit = assert(growth.fit(pts))
    assert.is_false(fit.dominated_by_fixed_cost)
    assert.is_true(fit.varying > 1 and fit.noise < 0.5, fit.varying .. " " .. fit.noise)
    assert.are_not.equal("O(1)", fit.class)
    assert.equal(-math.huge, fit.k_ci[1])
    -- the sweep table says so in words, not as [-∞ … ∞]
    local text = require("luabench.report.sweep").fit_text(fit, "n")
    assert.equal(math.huge, fit.k_ci[2])
    assert.matches("k = [%d.]+ %(its 95%% interval unbounded: the points stray from a %+ b·n%^k%)", text)
    assert.not_matches("∞", text)
  end)

  it("says a time that does not vary at all is its fixed cost", function()
    local fit = assert(growth.fit(points(DECADES, function() return 3e-3 end)))
    assert.is_true(fit.dominated_by_fixed_cost)
    assert.equal("O(1)", fit.class)
    assert.near(3e-3, fit.a, 1e-15)
    assert.equal(0, fit.b)
    assert.is_nil(fit.k)
    assert.is_nil(fit.k_ci)
    assert.equal(0, fit.varying)
  end)

  it("names the classes k lies between when none fits: 4e-8 n^1.5 with noise", function()
    -- n = [10, 20, 50, 100, 200, 500, 1000, 2000]
    -- t = 4e-8 * n**1.5 * [1.03, 0.97, 1.10, 0.92, 1.05, 0.98, 1.07, 0.95]
    -- -> k 1.497664247630271 a 1.7391471053924465e-08 b 4.044426619728684e-08
    --    S 268.29569609017614 (above wh 11.04: scale 53.65913921803523)
    --    delta 354.5737419654657
    --    ci 1.4578641012570777 1.5556013923833392
    --    O(n log n) chi2 13429.229122880617, O(n^2) chi2 17366.62035763746
    local NS = { 10, 20, 50, 100, 200, 500, 1000, 2000 }
    local NOISE = { 1.03, 0.97, 1.10, 0.92, 1.05, 0.98, 1.07, 0.95 }
    local fit = assert(growth.fit(points(NS, function(n, i) return 4e-8 * n ^ 1.5 * NOISE[i] end)))
    assert.near(1.497664247630271, fit.k, 1e-6)
    assert.near(1.7391471053924465e-08, fit.a, 1e-12)
    assert.near(4.044426619728684e-08, fit.b, 1e-13)
    assert.near(268.29569609017614, fit.chi2, 1e-6)
    assert.near(1.4578641012570777, fit.k_ci[1], 1e-8)
    assert.near(1.5556013923833392, fit.k_ci[2], 1e-8)
    assert.is_nil(fit.class)
    assert.same({ "O(n log n)", "O(n^2)" }, fit.class_between)
    assert.equal("O(n log n)", fit.class_fits[1].name)
    assert.near(13429.229122880617, fit.class_fits[1].chi2, 1e-5)
    assert.near(17366.62035763746, class_fit(fit, "O(n^2)").chi2, 1e-5)
  end)

  it("finds O(log n), which a power law with a fixed cost of at least 0 fits poorly", function()
    -- n = [2, 8, 32, 128, 512], t = 1e-6 log2 n
    -- -> k 0.3904160457857668 a 0.0 b 9.371480293313442e-07
    --    S 2635.1834481685655 delta 3.8414588206941254 (the noise judged by
    --    O(log n), chi2 ~0: scale 1) ci 0.3867286702534393 0.39410534550282494
    local fit = assert(growth.fit(points({ 2, 8, 32, 128, 512 }, function(n) return 1e-6 * log2(n) end)))
    assert.equal("O(log n)", fit.class)
    assert.near(0.3904160457857668, fit.k, 1e-6)
    assert.near(2635.1834481685655, fit.chi2, 1e-5)
    assert.near(0.3867286702534393, fit.k_ci[1], 1e-8)
    assert.near(0.39410534550282494, fit.k_ci[2], 1e-8)
    assert.near(1e-6, class_fit(fit, "O(log n)").c, 1e-15)
  end)

  it("puts a k that neither O(n) nor O(n log n) fits between them", function()
    -- n = [1000, 2000, 4000, 8000], t = 1e-8 n [1.00, 1.04, 1.09, 1.13]
    -- -> k 1.0596674544251357 a 0.0 b 6.621195718321909e-09
    --    S 0.19893297234166005 delta 3.8414588206941254
    --    ci 1.047032934832332 1.1003382814009681
    --    O(n log n) a 1.3760008627604319e-06 c 8.726001781103276e-10 chi2 6.232092817519092
    --    O(n) chi2 85.64050300621328: both beyond 0.1989 + 3.841. Around
    --    n = 2828 (the geometric mean) n log n grows like n^1.126.
    local fit = assert(growth.fit(points({ 1000, 2000, 4000, 8000 }, function(n, i)
      return 1e-8 * n * ({ 1.00, 1.04, 1.09, 1.13 })[i]
    end)))
    assert.near(1.0596674544251357, fit.k, 1e-6)
    assert.near(1.047032934832332, fit.k_ci[1], 1e-8)
    assert.near(1.1003382814009681, fit.k_ci[2], 1e-8)
    assert.is_nil(fit.class)
    assert.same({ "O(n)", "O(n log n)" }, fit.class_between)
    assert.equal("O(n log n)", fit.class_fits[1].name)
    assert.near(6.232092817519092, fit.class_fits[1].chi2, 1e-8)
    assert.near(85.64050300621328, class_fit(fit, "O(n)").chi2, 1e-6)
    -- The older fields: linregress slope 1.0596712924557223, stderr
    -- 0.002036533888181423, ci 1.0509087943621818 1.068433790549263;
    -- bigo: O(n) coef 1.1167058823529413e-08 rms 0.02969649210297237,
    -- O(n log n) coef 8.818217948590913e-10 rms 0.03137352099437984
    assert.near(1.0596712924557223, fit.exponent, 1e-12)
    assert.near(1.0509087943621818, fit.exponent_ci[1], 1e-9)
    assert.near(1.068433790549263, fit.exponent_ci[2], 1e-9)
    assert.equal("O(n)", fit.big_o)
    assert.near(0.02969649210297237, class(fit, "O(n)").rms, 1e-12)
    assert.near(0.03137352099437984, class(fit, "O(n log n)").rms, 1e-12)
  end)

  it("says a time that falls with n decreases, and gives it no class", function()
    -- n = [1, 2, 4, 8, 16], t = 1 + 8/n
    -- -> k -0.9999999999692817 a 0.999999999948963 b 7.999999999966586
    --    ci -1.0388469745373792 -0.9614502188276406; every class c = 0
    local fit = assert(growth.fit(points({ 1, 2, 4, 8, 16 }, function(n) return 1 + 8 / n end)))
    assert.near(-1, fit.k, 1e-6)
    assert.near(1, fit.a, 1e-6)
    assert.near(8, fit.b, 1e-6)
    assert.near(-1.0388469745373792, fit.k_ci[1], 1e-8)
    assert.near(-0.9614502188276406, fit.k_ci[2], 1e-8)
    assert.is_false(fit.dominated_by_fixed_cost)
    assert.is_nil(fit.class)
    assert.is_nil(fit.class_between)
    assert.is_true(fit.decreasing)
  end)

  it("takes the suite's noise threshold as the floor of each point's uncertainty", function()
    -- With no se, each point's σ is noise·t: a wider floor, a wider interval.
    local pts = points(N16, function(n) return 0.2 + 0.05 * n end)
    local narrow = assert(growth.fit(pts, { noise = 0.01 }))
    local wide = assert(growth.fit(pts, { noise = 0.05 }))
    assert.is_true(wide.k_ci[2] - wide.k_ci[1] > 4 * (narrow.k_ci[2] - narrow.k_ci[1]))
    assert.near(5 * narrow.noise, wide.noise, 1e-12)
    -- A noise threshold of 0 leaves the points of one run a tenth of a per cent.
    assert.truthy(growth.fit(pts, { noise = 0 }))
  end)
end)

describe("growth.fit: no fit", function()
  it("is made with fewer than 4 distinct values", function()
    local fit, why = growth.fit(points({ 10, 100, 1000 }, function(n) return 1e-3 * n end))
    assert.is_nil(fit)
    assert.equal("a growth fit needs at least 4 distinct values of n, not 3", why)
  end)
end)

describe("growth.fit's older fields on exact power laws", function()
  it("finds t = 2e-6 n^2", function()
    -- ll(d, 2e-6*d**2) with d = [10, 100, 1000, 10000]
    -- -> slope 1.9999999999999998 intercept -13.122363377404325
    --    c 2.000000000000008e-06 stderr 0.0 r2 1.0 t 4.302652729911275
    -- bigo: O(n^2) coef 2e-06 rms 0.0; next O(n^3) rms 0.01782106945572304,
    --    O(n log n) rms 0.12870306510999313
    -- The n are integers: n^3 and its square at n = 10000 would overflow
    -- 64-bit integers (and put O(n^3) last) if the fit did not use floats.
    local fit = assert(growth.fit(points(DECADES, function(n) return 2e-6 * n ^ 2 end)))
    assert.near(2, fit.exponent, 1e-12)
    assert.near(2e-6, fit.coefficient, 1e-17)
    assert.near(1, fit.r2, 1e-12)
    assert.near(0, fit.exponent_se, 1e-12)
    assert.near(2, fit.exponent_ci[1], 1e-10)
    assert.near(2, fit.exponent_ci[2], 1e-10)
    assert.equal(4, fit.points)
    assert.equal("O(n^2)", fit.big_o)
    assert.near(0, fit.big_o_rms, 1e-12)
    assert.near(2e-6, fit.big_o_coefficient, 1e-18)
    assert.equal("O(n^3)", fit.big_o_fits[2].name)
    assert.near(0.01782106945572304, fit.big_o_fits[2].rms, 1e-12)
    assert.near(0.12870306510999313, class(fit, "O(n log n)").rms, 1e-12)
    -- The model agrees: no fixed cost, k = 2, O(n^2).
    assert.near(0, fit.a, 1e-12)
    assert.near(2, fit.k, 1e-6)
    assert.equal("O(n^2)", fit.class)
  end)

  it("finds a constant time", function()
    -- stats.linregress(np.log(d), np.log(np.full(4, 3e-3)))
    -- -> LinregressResult(slope=0.0, intercept=-5.809142990314027,
    --    rvalue=0.0, pvalue=1.0, stderr=0.0, intercept_stderr=0.0)
    -- SciPy says r = 0 when log t does not vary; growth.fit says R² = 1,
    -- since the fitted line then goes through every point.
    -- bigo: O(1) coef 0.003 rms 0.0; O(log n) rms 0.40824829046386296
    local fit = assert(growth.fit(points(DECADES, function() return 3e-3 end)))
    assert.near(0, fit.exponent, 1e-12)
    assert.near(3e-3, fit.coefficient, 1e-15)
    assert.equal(1, fit.r2)
    assert.equal("O(1)", fit.big_o)
    assert.near(3e-3, fit.big_o_coefficient, 1e-15)
    assert.near(0.40824829046386296, class(fit, "O(log n)").rms, 1e-12)
    assert.is_true(fit.dominated_by_fixed_cost)
  end)

  it("finds t = 1e-7 n ln n", function()
    -- ll(d, 1e-7*d*np.log(d))
    -- -> slope 1.1982271233039568 intercept -15.630636795990334
    --    c 1.628173533515151e-07 stderr 0.028327112717261016
    --    r2 0.9988834680626857 t 4.302652729911275
    --    ci 1.0763453944405292 1.3201088521673843
    -- bigo: O(n log n) coef 6.931471805599453e-08 rms 3.49e-16;
    --    O(n) coef 9.187082028796818e-07 rms 0.04698827805490726
    local fit = assert(growth.fit(points(DECADES, function(n) return 1e-7 * n * math.log(n) end)))
    assert.near(1.1982271233039568, fit.exponent, 1e-12)
    assert.near(1.628173533515151e-07, fit.coefficient, 1e-18)
    assert.near(0.028327112717261016, fit.exponent_se, 1e-12)
    assert.near(0.9988834680626857, fit.r2, 1e-12)
    assert.near(1.0763453944405292, fit.exponent_ci[1], 1e-9)
    assert.near(1.3201088521673843, fit.exponent_ci[2], 1e-9)
    assert.equal("O(n log n)", fit.big_o)
    assert.near(0, fit.big_o_rms, 1e-12)
    assert.near(6.931471805599453e-08, fit.big_o_coefficient, 1e-20)
    assert.equal("O(n)", fit.big_o_fits[2].name)
    assert.near(0.04698827805490726, fit.big_o_fits[2].rms, 1e-12)
    assert.near(9.187082028796818e-07, fit.big_o_fits[2].coefficient, 1e-19)
    assert.equal("O(n log n)", fit.class)
  end)

  it("finds t = 5e-9 n^3", function()
    -- ll(c, 5e-9*c**3) with c = [8, 16, 32, 64]
    -- -> slope 2.9999999999999996 intercept -19.113827924512307
    --    c 5.0000000000000175e-09 stderr 0.0 r2 1.0
    -- bigo: O(n^3) coef 5e-09 rms 0.0; O(n^2) rms 0.22755690403376141
    local fit = assert(growth.fit(points({ 8, 16, 32, 64 }, function(n) return 5e-9 * n ^ 3 end)))
    assert.near(3, fit.exponent, 1e-12)
    assert.near(5e-9, fit.coefficient, 1e-20)
    assert.near(1, fit.r2, 1e-12)
    assert.equal("O(n^3)", fit.big_o)
    assert.near(0.22755690403376141, fit.big_o_fits[2].rms, 1e-12)
    assert.equal("O(n^3)", fit.class)
  end)

  it("finds t = 1e-6 log2 n", function()
    -- ll(l, 1e-6*np.log2(l)) with l = [2, 8, 32, 128, 512]
    -- -> slope 0.37811212121105386 intercept -13.755710326230435
    --    c 1.0616244464856458e-06 stderr 0.06922222434896724
    --    r2 0.9086386779172064 t 3.182446305284263
    --    ci 0.1578161090881247 0.598408133333983
    -- bigo: O(log n) coef 1e-06 rms 0.0; O(1) rms 0.5656854249492381
    local fit = assert(growth.fit(points({ 2, 8, 32, 128, 512 }, function(n) return 1e-6 * log2(n) end)))
    assert.near(0.37811212121105386, fit.exponent, 1e-12)
    assert.near(1.0616244464856458e-06, fit.coefficient, 1e-18)
    assert.near(0.06922222434896724, fit.exponent_se, 1e-12)
    assert.near(0.9086386779172064, fit.r2, 1e-12)
    assert.near(0.1578161090881247, fit.exponent_ci[1], 1e-9)
    assert.near(0.598408133333983, fit.exponent_ci[2], 1e-9)
    assert.equal("O(log n)", fit.big_o)
    assert.near(1e-6, fit.big_o_coefficient, 1e-18)
    assert.equal("O(1)", fit.big_o_fits[2].name)
    assert.near(0.5656854249492381, fit.big_o_fits[2].rms, 1e-12)
    assert.equal("O(log n)", fit.class)
  end)
end)

describe("growth.fit's older fields on noisy data", function()
  -- n = [10, 20, 50, 100, 200, 500, 1000, 2000]
  -- noise = [1.03, 0.97, 1.10, 0.92, 1.05, 0.98, 1.07, 0.95]
  -- t = 4e-8 * n**1.5 * noise; ll(n, t); bigo(n, t)
  -- -> slope 1.4958275345999479 intercept -17.00661139884265
  --    c 4.112657219842609e-08 stderr 0.013529471279237636
  --    r2 0.9995093896202396 t 2.4469118487916806
  --    ci 1.4627221110188946 1.5289329581810012
  --    O(1)        coef 0.0006708088765330272 rms 1.6660089267577345
  --    O(log n)    coef 0.00012055510076826544 rms 1.3791149652933312
  --    O(n)        coef 1.5837328292263928e-06 rms 0.28412441345145034
  --    O(n log n)  coef 1.4952629421908623e-07 rms 0.16962836701673756
  --    O(n^2)      coef 8.827527790494024e-10 rms 0.2859327349104876
  --    O(n^3)      coef 4.3989095906880015e-13 rms 0.5299048596731957
  local NS = { 10, 20, 50, 100, 200, 500, 1000, 2000 }
  local NOISE = { 1.03, 0.97, 1.10, 0.92, 1.05, 0.98, 1.07, 0.95 }
  local fit = assert(growth.fit(points(NS, function(n, i) return 4e-8 * n ^ 1.5 * NOISE[i] end)))

  it("matches SciPy's log-log regression and t interval", function()
    assert.near(1.4958275345999479, fit.exponent, 1e-12)
    assert.near(4.112657219842609e-08, fit.coefficient, 1e-19)
    assert.near(0.013529471279237636, fit.exponent_se, 1e-12)
    assert.near(0.9995093896202396, fit.r2, 1e-12)
    assert.near(1.4627221110188946, fit.exponent_ci[1], 1e-9)
    assert.near(1.5289329581810012, fit.exponent_ci[2], 1e-9)
    assert.equal(8, fit.points)
  end)

  it("ranks every complexity class as complexity.cc would", function()
    local expected = {
      { "O(n log n)", 1.4952629421908623e-07, 0.16962836701673756 },
      { "O(n)", 1.5837328292263928e-06, 0.28412441345145034 },
      { "O(n^2)", 8.827527790494024e-10, 0.2859327349104876 },
      { "O(n^3)", 4.3989095906880015e-13, 0.5299048596731957 },
      { "O(log n)", 0.00012055510076826544, 1.3791149652933312 },
      { "O(1)", 0.0006708088765330272, 1.6660089267577345 },
    }
    assert.equal(#expected, #fit.big_o_fits)
    for i, e in ipairs(expected) do
      local c = fit.big_o_fits[i]
      assert.equal(e[1], c.name)
      assert.near(e[2], c.coefficient, e[2] * 1e-12)
      assert.near(e[3], c.rms, 1e-12)
    end
    assert.equal("O(n log n)", fit.big_o)
    assert.near(0.16962836701673756, fit.big_o_rms, 1e-12)
  end)
end)

describe("growth.fit on what it cannot fit", function()
  local function fails(pts, pattern)
    local fit, why = growth.fit(pts)
    assert.is_nil(fit)
    assert.is_string(why)
    assert.matches(pattern, why)
  end

  it("needs 4 distinct values of n", function()
    fails({ { n = 10, time = 1 }, { n = 100, time = 2 } }, "at least 4 distinct values of n, not 2")
    fails({ { n = 1, time = 1 }, { n = 2, time = 2 }, { n = 3, time = 3 } }, "at least 4 distinct values of n, not 3")
    fails({ { n = 10, time = 1 }, { n = 10, time = 1.1 }, { n = 100, time = 2 }, { n = 1000, time = 3 } },
      "at least 4 distinct values of n, not 3")
    fails({}, "at least 4 distinct")
  end)

  it("needs positive, finite numbers", function()
    local function with(p)
      return { { n = 10, time = 1 }, p, { n = 1000, time = 3 }, { n = 10000, time = 4 } }
    end
    fails(with({ n = 100, time = 0 }), "time 0 is not positive")
    fails(with({ n = 0, time = 2 }), "n = 0 is not positive")
    fails(with({ n = "big", time = 2 }), "n is not a finite number")
    fails(with({ n = 100, time = "slow" }), "not a finite number")
    fails(with({ n = 100, time = 0 / 0 }), "not a finite number")
    fails(with({ n = 100 }), "not a finite number")
    fails(with({ n = 100, time = 2, se = -1 }), "standard error %-1")
    fails(with({ n = 100, time = 2, se = 1 / 0 }), "standard error inf")
    fails("points", "must be a list")
  end)
end)

describe("growth.numeric_params", function()
  it("names the parameters with 4 or more distinct positive numeric values", function()
    local pts = params.product({
      { name = "n", values = { 10, 100, 1000, 10000 } },
      { name = "impl", values = { "a", "b", "c", "d" } },
      { name = "size", values = { "1", "2.5", "4", "8" } }, -- numeric strings (--param)
      { name = "z", values = { 0, 1, 2, 3 } },                -- only three positive
      { name = "three", values = { 1, 2, 3 } },
    })
    assert.same({ "n", "size" }, sweep_growth.numeric_params(pts))
  end)

  it("leaves out the parameters marked categorical", function()
    local pts = params.product({
      { name = "n", values = { 10, 100, 1000, 10000 } },
      { name = "level", values = { 1, 3, 5, 7, 9 } },
    })
    assert.same({ "n", "level" }, sweep_growth.numeric_params(pts))
    assert.same({ "n" }, sweep_growth.numeric_params(pts, { level = true }))
    assert.same({}, sweep_growth.numeric_params(pts, { level = true, n = true }))
  end)

  it("counts equal numbers once, whatever their type", function()
    local pts = params.product({ { name = "n", values = { 1, 1.0, "1", "1.0", 2 } } })
    assert.same({}, sweep_growth.numeric_params(pts))
    pts = params.product({ { name = "n", values = { 1, 1.0, "1", 2, "3", 4.0 } } })
    assert.same({ "n" }, sweep_growth.numeric_params(pts))
    assert.same({}, sweep_growth.numeric_params({}))
    assert.same({}, sweep_growth.numeric_params(params.product({})))
  end)

  it("allows values of 0 or less beside 4 positive ones, for fit to explain", function()
    local pts = params.product({ { name = "n", values = { 0, 10, 100, 1000, 10000 } } })
    assert.same({ "n" }, sweep_growth.numeric_params(pts))
  end)
end)

describe("growth.by_bench", function()
  local function result(name, ps, mean, suite)
    return { name = name, suite = suite or "s", parameters = ps, mean = mean, times = { mean } }
  end

  local results = {}
  -- "sort" varies n and impl; each impl is a separate fit.
  for _, impl in ipairs({ "quick", "bubble" }) do
    for _, n in ipairs({ 10, 100, 1000, 10000 }) do
      local t = impl == "quick" and 1e-8 * n * log2(n) or 1e-9 * n * n
      results[#results + 1] = result("sort", { n = n, impl = impl }, t)
    end
  end
  -- "hash" holds impl fixed: a single fit without `others`; its n are the
  -- strings of a -L list.
  for _, n in ipairs({ "10", "100", "1000", "10000" }) do
    results[#results + 1] = result("hash", { n = n, impl = "fnv" }, 2e-7)
  end
  -- "tiny" has only three values of n: no fit.
  results[#results + 1] = result("tiny", { n = 10 }, 1)
  results[#results + 1] = result("tiny", { n = 100 }, 2)
  results[#results + 1] = result("tiny", { n = 1000 }, 3)
  -- A "sort" of another suite stays apart from the first.
  for _, n in ipairs({ 10, 100, 1000, 10000 }) do
    results[#results + 1] = result("sort", { n = n }, 1e-6 * n, "other")
  end
  -- A result without samples has no mean and is left out.
  results[#results + 1] = result("sort", { n = 5000, impl = "quick" }, nil)

  local out = sweep_growth.by_bench(results, "n")

  it("fits each bench and each combination of the other parameters", function()
    assert.equal(4, #out)
    assert.equal("sort", out[1].bench)
    assert.equal("s", out[1].suite)
    assert.equal("n", out[1].param)
    assert.same({ impl = "quick" }, out[1].others)
    assert.equal("O(n log n)", out[1].fit.class)
    assert.equal(4, out[1].fit.points)
    assert.equal("sort", out[2].bench)
    assert.same({ impl = "bubble" }, out[2].others)
    assert.equal("O(n^2)", out[2].fit.class)
    assert.near(2, out[2].fit.k, 1e-6)
    assert.equal("hash", out[3].bench)
    assert.is_nil(out[3].others)
    assert.equal("O(1)", out[3].fit.class)
    assert.is_true(out[3].fit.dominated_by_fixed_cost)
    assert.equal(4, out[3].fit.points)
    assert.equal("sort", out[4].bench)
    assert.equal("other", out[4].suite)
    assert.is_nil(out[4].others)
    assert.near(1, out[4].fit.k, 1e-6)
    assert.equal("O(n)", out[4].fit.class)
  end)

  it("weighs each point by its mean's standard error, from the record's spread", function()
    -- Two records per n: a tight one and one whose last point is off but
    -- spread wide; the wide point counts for little.
    local function rec(n, mean, sd, runs)
      local times = {}
      for i = 1, runs do times[i] = mean end
      return { name = "b", suite = "s", parameters = { n = n }, mean = mean, stddev = sd, times = times }
    end
    local tight = sweep_growth.by_bench({ rec(1, 1.1, 0.001, 10), rec(2, 1.2, 0.001, 10),
      rec(4, 1.4, 0.001, 10), rec(8, 1.8, 0.001, 10), rec(16, 3.6, 0.001, 10) }, "n")[1].fit
    local loose = sweep_growth.by_bench({ rec(1, 1.1, 0.001, 10), rec(2, 1.2, 0.001, 10),
      rec(4, 1.4, 0.001, 10), rec(8, 1.8, 0.001, 10), rec(16, 3.6, 3, 10) }, "n")[1].fit
    assert.is_true(tight.k > 1.3, tostring(tight.k))
    assert.near(1, loose.k, 0.05)
    assert.near(1, loose.a, 0.01)
  end)

  it("reports why a group cannot be fitted", function()
    local bad = sweep_growth.by_bench({
      result("b", { n = 0 }, 1), result("b", { n = 10 }, 2),
      result("b", { n = 100 }, 3), result("b", { n = 1000 }, 4),
    }, "n")
    assert.equal(1, #bad)
    assert.is_nil(bad[1].fit)
    assert.matches("not positive", bad[1].reason)
  end)

  it("finds nothing along a parameter the results do not have", function()
    assert.same({}, sweep_growth.by_bench(results, "m"))
    assert.same({}, sweep_growth.by_bench({}, "n"))
  end)
end)

describe("the growth lines under a sweep table (report/sweep.lua)", function()
  local sweep = require "luabench.report.sweep"

  local function entry(bench, pts, others)
    local fit, reason = growth.fit(pts)
    return { bench = bench, suite = "s", param = "n", others = others, fit = fit, reason = reason }
  end

  it("give the fixed cost, k with its interval and the class, or why there is none", function()
    local J = { 0.3, -0.8, 0.5, 0.9, -0.2, -0.6, 0.1, 0.7, -0.9, 0.4, -0.3, 0.8, -0.5, 0.2, -0.7, 0.6 }
    local flat = {}
    for n = 1, 16 do flat[n] = { n = n, time = 0.1 * (1 + 0.01 * J[n]), se = 0.001 } end
    local text = sweep.growth({
      entry("lin", points(N16, function(n) return 0.2 + 0.05 * n end)),
      entry("flat", flat),
      entry("n1.5", points({ 10, 20, 50, 100, 200, 500, 1000, 2000 }, function(n) return 4e-8 * n ^ 1.5 end),
        { impl = "x" }),
      entry("down", points({ 1, 2, 4, 8, 16 }, function(n) return 1 + 8 / n end)),
      entry("bad", { { n = 0, time = 1 }, { n = 1, time = 1 }, { n = 2, time = 1 }, { n = 3, time = 1 } }),
    })
    local lines = {}
    for l in text:gmatch("[^\n]+") do lines[#lines + 1] = l end
    assert.equal(6, #lines, text)
    assert.equal("  growth in n (time ≈ a + b·n^k: a the fixed cost, k with its 95% CI; the closest complexity class, with a fixed cost)", lines[1])
    assert.equal("    lin              a = 200.0 ms, k = 1.00 [0.97 … 1.03], O(n)", lines[2])
    assert.equal("    flat             dominated by fixed cost: 100.0 ms (varies by 245.2 µs over n = 1 … 16, within noise)", lines[3])
    assert.equal("    n1.5 (impl = x)  a = 0.0 µs, k = 1.50 [1.50 … 1.51], between O(n log n) and O(n^2)", lines[4])
    assert.equal("    down             a = 1.000 s, k = -1.00 [-1.04 … -0.96], decreasing", lines[5])
    assert.equal("    bad              no fit: point 1: n = 0 is not positive", lines[6])
  end)

  it("write an end of k's interval that the points leave open as ∞", function()
    local f = assert(growth.fit(points({ 10, 100, 1000, 10000 }, function(n) return 0.02 + 1e-9 * n ^ 1.45 end)))
    assert.equal(math.huge, f.k_ci[2])
    local text = sweep.growth({ { bench = "p", param = "n", fit = f } })
    assert.truthy(text:find("… ∞], ", 1, true), text)
  end)
end)
