//! Backprop's gradients against central finite differences, parameter by
//! parameter: the check that the chain rule was applied right.

use serde::Serialize;

use crate::maths::network::Param;
use crate::model::Model;

/// Central difference of the mean loss: (L(θ + h) − L(θ − h)) / 2h. The
/// probe is a copy of the network alone: the samples (up to 10,000) are
/// the model's own, not copied.
pub fn finite_difference(model: &Model, p: Param) -> f64 {
    let mut probe = model.net().clone();
    let theta = probe.get(p);
    let h = 1e-6 * theta.abs().max(1.0);
    *probe.get_mut(p) = theta + h;
    let up = model.mean_loss_of(&probe);
    *probe.get_mut(p) = theta - h;
    let down = model.mean_loss_of(&probe);
    (up - down) / (2.0 * h)
}

/// One parameter's analytic and numeric gradients.
#[derive(Debug, Clone, Serialize)]
pub struct CheckRow {
    pub param: String,
    pub analytic: f64,
    pub numeric: f64,
    pub relative_error: f64,
}

/// The finite-difference report over every parameter.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub max_relative_error: f64,
    pub worst: String,
    pub params: Vec<CheckRow>,
}

/// |a − n| / max(|a|, |n|), with gradients below 1e-8 on both sides counted as agreeing.
pub fn relative_error(a: f64, n: f64) -> f64 {
    let scale = a.abs().max(n.abs());
    if scale < 1e-8 {
        (a - n).abs()
    } else {
        (a - n).abs() / scale
    }
}

/// Compares backprop's gradient with central differences for every parameter.
pub fn check(model: &Model) -> Check {
    let (gw, gb) = model.gradients();
    let mut rows: Vec<CheckRow> = Vec::new();
    // the largest error, the last row to reach it on a tie
    let mut worst = (0.0, String::new());
    for p in model.net().params() {
        let ly = &model.net().layers[p.layer];
        let analytic =
            p.k.map_or(gb[p.layer][p.j], |k| gw[p.layer][p.j * ly.n_in + k]);
        let numeric = finite_difference(model, p);
        let e = relative_error(analytic, numeric);
        if rows.is_empty() || e.total_cmp(&worst.0).is_ge() {
            worst = (e, p.name());
        }
        rows.push(CheckRow {
            param: p.name(),
            analytic,
            numeric,
            relative_error: e,
        });
    }
    Check {
        max_relative_error: worst.0,
        worst: worst.1,
        params: rows,
    }
}
