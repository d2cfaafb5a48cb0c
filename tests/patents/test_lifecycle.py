"""S-curve fits: the R golden test, synthetic curves with known parameters, stages and flags."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from xinzhi.core.errors import InvalidInput
from xinzhi.patents.curves import fit_curve, gompertz, logistic, time_at_share
from xinzhi.patents.lifecycle import fit_s_curve, stage_of


def test_logistic_fit_reproduces_r_nls_sslogis_on_dnase_run_1(
    dnase_run1: pd.DataFrame, logistic_expected: dict[str, Any]
) -> None:
    """R documentation: nls(density ~ SSlogis(log(conc), Asym, xmid, scal), DNase, Run == 1).

    summary() gives Asym 2.34518 (0.07815), xmid 1.48309 (0.08135), scal 1.04146 (0.03227),
    residual standard error 0.01919 on 13 df; AIC(fm1DNase1) = −76.41642. The least-squares
    optimum of scal is 1.0414547; R stops at its convergence tolerance and prints 1.04146, so the
    estimates are held to the published five decimals within one unit of the last digit.
    """
    t = np.log(dnase_run1["conc"].to_numpy())
    fit = fit_curve(t, dnase_run1["density"].to_numpy(), "logistic")
    est = dict(zip(("Asym", "xmid", "scal"), fit.params, strict=True))
    se = dict(zip(("Asym", "xmid", "scal"), fit.std_errors, strict=True))
    for name in ("Asym", "xmid", "scal"):
        assert abs(float(est[name]) - logistic_expected[name]) <= 1e-5
        assert round(float(se[name]), 5) == logistic_expected[f"{name}_se"]
    assert round(fit.residual_se, 5) == logistic_expected["residual_se"]
    assert fit.df == logistic_expected["df"]
    assert round(fit.aic, 5) == -76.41642


def test_gompertz_milestones_match_the_closed_form() -> None:
    """DOMAIN.md §5.1 [CALC]: K=1, b=20, c=0.3 gives t10 7.2057, t_infl 9.9858, t90 17.487."""
    c = 0.3
    params = np.array([1.0, math.log(20) / c, 1 / c])
    assert time_at_share("gompertz", params, 0.1) == pytest.approx(7.2057, abs=1e-4)
    assert time_at_share("gompertz", params, math.exp(-1)) == pytest.approx(9.9858, abs=1e-4)
    assert time_at_share("gompertz", params, 0.5) == pytest.approx(11.2075, abs=1e-4)
    assert time_at_share("gompertz", params, 0.9) == pytest.approx(17.487, abs=1e-3)


@pytest.mark.parametrize(("model", "curve"), [("logistic", logistic), ("gompertz", gompertz)])
def test_fit_s_curve_recovers_parameters_of_a_noiseless_curve(model: str, curve: Any) -> None:
    years = np.arange(2000, 2021)
    cumulative = curve(years.astype(float), 5000.0, 2010.0, 2.5)
    result = fit_s_curve(years, cumulative, model, cumulative=True, censored_years=0)
    assert result.parameters["K"] == pytest.approx(5000.0, rel=1e-6)
    assert result.parameters["scal"] == pytest.approx(2.5, rel=1e-6)
    assert result.r_squared == pytest.approx(1.0)
    assert result.ci_low["K"] <= 5000.0 <= result.ci_high["K"]


def test_logistic_duration_from_10_to_90_percent_is_ln81_over_r() -> None:
    """Meyer, Yung & Ausubel 1999 (Loglet analysis): Δt = ln 81 / r with r = 1/scal."""
    years = np.arange(1990, 2021)
    result = fit_s_curve(
        years, logistic(years.astype(float), 100.0, 2005.0, 3.0), cumulative=True, censored_years=0
    )
    assert result.milestones["duration_10_90"] == pytest.approx(math.log(81) * 3.0, rel=1e-6)
    assert result.milestones["t_inflection"] == pytest.approx(2005.0, abs=1e-6)


def test_fit_on_early_series_is_flagged_before_inflection() -> None:
    years = np.arange(2000, 2013)
    yearly = np.diff(logistic(np.arange(1999, 2013, dtype=float), 1000.0, 2015.0, 2.0))
    result = fit_s_curve(years, np.round(yearly, 3), censored_years=0)
    assert result.before_inflection
    assert result.stage == "growth" or result.stage == "emerging"
    assert any(f.startswith("before inflection — unreliable") for f in result.flags)


def test_last_censored_years_are_shown_but_not_fitted() -> None:
    years = np.arange(2005, 2021)
    yearly = np.diff(logistic(np.arange(2004, 2021, dtype=float), 800.0, 2012.0, 2.0))
    yearly[0] += float(logistic(np.array([2004.0]), 800.0, 2012.0, 2.0)[0])  # the earlier stock
    yearly[-2:] *= 0.3  # publication lag: the latest years are incomplete
    result = fit_s_curve(years, yearly, censored_years=2)
    frame = result.to_frame()
    assert frame["used"].tolist() == [True] * 14 + [False] * 2
    assert result.parameters["K"] == pytest.approx(800.0, rel=1e-3)
    assert any("publication lag" in flag for flag in result.flags)
    assert result.to_dict()["stage"] == result.stage


@pytest.mark.parametrize(
    ("share", "stage"),
    [
        (0.05, "emerging"),
        (0.1, "growth"),
        (0.49, "growth"),
        (0.5, "maturity"),
        (0.95, "saturation"),
    ],
)
def test_stage_follows_the_10_50_90_convention(share: float, stage: str) -> None:
    assert stage_of(share)[0] == stage


def test_saturated_series_with_falling_counts_reads_as_decline() -> None:
    years = np.arange(2000, 2021)
    yearly = np.diff(logistic(np.arange(1999, 2021, dtype=float), 1000.0, 2006.0, 1.5))
    yearly[-3:] = [3.0, 2.0, 1.0]
    result = fit_s_curve(years, yearly, censored_years=0)
    assert result.stage == "decline"
    assert result.stage_zh == "衰退期"


def test_missing_years_count_as_zero() -> None:
    years = [2001, 2002, 2004, 2005, 2006, 2007, 2008]
    result = fit_s_curve(years, [1, 3, 9, 12, 10, 6, 3], censored_years=0)
    assert result.years == list(range(2001, 2009))
    assert result.yearly[2] == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"model": "weibull"}, "unknown model"),
        ({"censored_years": 4}, "at least 5 fitted years"),
        ({"level": 1.5}, "level"),
    ],
)
def test_fit_s_curve_rejects_bad_parameters(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        fit_s_curve(range(2010, 2018), [1, 2, 4, 8, 12, 14, 15, 15], **kwargs)


def test_fit_s_curve_rejects_negative_counts() -> None:
    with pytest.raises(InvalidInput, match="non-negative"):
        fit_s_curve(range(2010, 2016), [1, 2, -4, 8, 12, 14])


def test_aic_prefers_the_model_that_generated_the_data() -> None:
    """AIC as R's AIC(nls); on noisy Gompertz counts the Gompertz fit has the lower AIC."""
    rng = np.random.default_rng(3)
    years = np.arange(1995, 2021)
    cumulative = gompertz(years.astype(float), 3000.0, 2006.0, 4.0)
    noisy = np.maximum.accumulate(cumulative + rng.normal(0, 10, len(years)))
    fits = {
        m: fit_s_curve(years, noisy, m, cumulative=True, censored_years=0)
        for m in ("logistic", "gompertz")
    }
    assert fits["gompertz"].aic < fits["logistic"].aic
    assert not fits["gompertz"].before_inflection
    assert not any(f.startswith("before inflection") for f in fits["gompertz"].flags)
