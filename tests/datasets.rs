//! Each built-in dataset's starting network (`Dataset::setup`) learns it:
//! on the page's default draw, from any of several seeds, a minute of Play
//! at its default speed ends under the held-out loss it states and within
//! 25 % of the best it reached, and nearly all of the minute's second half
//! stays within 25 % of the best so far (stochastic steps make brief
//! spikes; a run that falls apart stays up).

use backprop_playground::data::{split, Dataset};
use backprop_playground::Model;
use serde_json::json;

/// The page's default draw: 300 points, noise 0.1, 30 % held out.
const COUNT: usize = 300;
const NOISE: f64 = 0.1;
const TEST: f64 = 0.3;

/// Held-out loss after each epoch of a minute of Play, from weights drawn with `seed`.
fn minute(d: Dataset, seed: u64) -> Vec<f64> {
    let s = d.setup();
    let (train, test) = split(d.samples(COUNT, NOISE, 1), TEST, 1).unwrap();
    let hidden = s.layers.len() - 2;
    let activations: Vec<_> = std::iter::repeat_n(s.hidden.name(), hidden)
        .chain([s.output.name()])
        .collect();
    let state = json!({
        "layers": s.layers, "activations": activations, "loss": s.loss.name(),
        "learning_rate": s.learning_rate, "batch_size": s.batch_size, "shuffle": true, "seed": seed,
        "regularization": if s.l2 > 0.0 { "l2" } else { "none" }, "regularization_rate": s.l2,
        "samples": train.iter().map(|x| json!({"input": x.input, "target": x.target})).collect::<Vec<_>>(),
    });
    let mut m = Model::from_value(&state).unwrap();
    let per_epoch = train.len().div_ceil(s.batch_size) as u64;
    let epochs = (s.epochs_per_second * 60.0) as usize;
    (0..epochs)
        .map(|_| {
            m.train(per_epoch).unwrap();
            m.evaluate_loss(&test).unwrap()
        })
        .collect()
}

#[test]
fn every_dataset_reaches_its_stated_loss_and_stays_near_its_best() {
    for d in Dataset::ALL {
        let stated = d.setup().held_out_loss;
        for seed in [1, 2, 3] {
            let losses = minute(d, seed);
            let (name, last) = (d.name(), *losses.last().unwrap());
            let best = losses.iter().copied().fold(f64::INFINITY, f64::min);
            assert!(
                last <= stated,
                "{name}, seed {seed}: ends at {last}, not under {stated}"
            );
            assert!(
                last <= 1.25 * best,
                "{name}, seed {seed}: ends at {last}, best was {best}"
            );
            let half = losses.len() / 2;
            let mut so_far = f64::INFINITY;
            let mut near = 0;
            for (i, &l) in losses.iter().enumerate() {
                so_far = so_far.min(l);
                near += usize::from(i >= half && l <= 1.25 * so_far);
            }
            let share = near as f64 / (losses.len() - half) as f64;
            assert!(
                share >= 0.9,
                "{name}, seed {seed}: only {share} of the second half near its best"
            );
        }
    }
}
