//! Gradient descent over samples: convergence, batches, epochs, shuffling,
//! dropout, and reproducibility from the seed.

mod common;

use backprop_playground::format::preset::preset;
use backprop_playground::format::read::parse;
use backprop_playground::Model;
use common::bits;

#[test]
fn xor_with_a_2_4_1_network_trains_below_0_01() {
    let mut m = Model::new(preset("xor").unwrap());
    assert_eq!(m.settings().layers, vec![2, 4, 1]);
    let before = m.mean_loss();
    m.train(5000).unwrap();
    let after = m.mean_loss();
    assert!(after < 0.01, "loss {before} → {after}");
}

#[test]
fn and_and_or_are_learned_too() {
    for name in ["and", "or"] {
        let mut m = Model::new(preset(name).unwrap());
        m.train(3000).unwrap();
        assert!(m.mean_loss() < 0.01, "{name}");
    }
}

#[test]
fn a_full_batch_step_moves_against_the_mean_gradient() {
    let m = Model::new(preset("xor").unwrap());
    let (gw, _) = m.gradients();
    let before = m.state();
    let mut m = m;
    m.step().unwrap();
    let after = m.state();
    // w ← w − η ∂L/∂w with η = 0.5
    let expected = before.weights[0][1][0] - 0.5 * gw[0][2];
    assert_eq!(after.weights[0][1][0], expected);
    assert_eq!((after.step, after.seen, m.epoch()), (1, 4, 1));
}

#[test]
fn mini_batches_take_samples_in_order_and_wrap_round() {
    let mut s = preset("xor").unwrap();
    s.batch_size = 3;
    let mut m = Model::new(s.clone());
    m.step().unwrap();
    m.step().unwrap();
    let after = m.state();
    assert_eq!((after.step, after.seen, m.epoch()), (2, 6, 1));
    // The same two steps by hand: samples 0,1,2 then 3,0,1.
    let mut by_hand = s.clone();
    for batch in [[0, 1, 2], [3, 0, 1]] {
        let mut sub = by_hand.clone();
        sub.samples = batch.iter().map(|&i| s.samples[i].clone()).collect();
        sub.batch_size = 3;
        let mut one = Model::new(sub);
        one.step().unwrap();
        by_hand.weights = one.state().weights;
        by_hand.biases = one.state().biases;
    }
    assert_eq!(after.weights, by_hand.weights);
    assert_eq!(after.biases, by_hand.biases);
}

#[test]
fn shuffling_and_dropout_are_reproducible_from_the_seed() {
    let mut s = preset("xor").unwrap();
    s.batch_size = 1;
    s.shuffle = true;
    s.dropout = 0.5;
    let run = |s: &backprop_playground::State| {
        let mut m = Model::new(s.clone());
        m.train(37).unwrap();
        (m.state(), m.last_mask.clone())
    };
    let (a, mask_a) = run(&s);
    let (b, mask_b) = run(&s);
    assert_eq!(a, b);
    assert_eq!(mask_a, mask_b);
    // Output and input layers are never dropped.
    let mask = mask_a.unwrap();
    assert!(mask[0].iter().chain(&mask[2]).all(|d| !d));
    s.seed = 2;
    assert_ne!(run(&s).0.weights, a.weights);
}

#[test]
fn training_in_pieces_equals_training_at_once() {
    let mut s = preset("xor").unwrap();
    s.batch_size = 3;
    s.shuffle = true;
    s.dropout = 0.2;
    let mut whole = Model::new(s.clone());
    whole.train(40).unwrap();
    let mut pieces = Model::new(s);
    for _ in 0..4 {
        pieces.train(10).unwrap();
        // Through JSON and back, as `backprop train` output fed back in.
        pieces = Model::from_json(&pieces.state().to_json()).unwrap();
    }
    assert_eq!(whole.state(), pieces.state());
}

#[test]
fn dropout_scales_kept_neurons_by_one_over_one_minus_p() {
    let s = parse(
        r#"{"layers":[1,4,1],"activation":"linear","dropout":0.5,"learning_rate":0.1,
            "weights":[[[1],[1],[1],[1]],[[1,1,1,1]]],"samples":[{"input":[1],"target":[0]}]}"#,
    )
    .unwrap();
    let mut m = Model::new(s);
    // Each kept hidden neuron outputs 1/(1 − 0.5) = 2, a dropped one 0.
    let loss = m.step().unwrap();
    let kept = m.last_mask.as_ref().unwrap()[1]
        .iter()
        .filter(|d| !**d)
        .count() as f64;
    assert_eq!(loss, 0.5 * (2.0 * kept).powi(2));
}

#[test]
fn frozen_biases_stay_put() {
    let mut s = preset("xor").unwrap();
    s.train_biases = false;
    s.biases = vec![vec![0.1; 4], vec![-0.2]];
    let mut m = Model::new(s.clone());
    m.train(10).unwrap();
    assert_eq!(m.state().biases, s.biases);
    assert_ne!(m.state().weights, s.weights);
}

#[test]
fn too_many_steps_are_refused() {
    let mut m = Model::new(preset("seed").unwrap());
    let err = m.train(1_000_001).unwrap_err();
    assert_eq!(
        err.to_string(),
        "steps: expected a whole number from 0 to 1000000, got 1000001"
    );
    assert_eq!(m.state().step, 0);
}

#[test]
fn divergence_stops_training_and_keeps_the_last_finite_network() {
    let mut s = backprop_playground::format::read::parse(
        r#"{"layers":[1,1],"activation":"linear","learning_rate":100,
            "weights":[[[1]]],"samples":[{"input":[3],"target":[0]}]}"#,
    )
    .unwrap();
    s.train_biases = true;
    let mut m = Model::new(s);
    // w ← w − 100·(3w + b)·3: the weight is multiplied by about −900 each step.
    let err = m.train(100).unwrap_err().to_string();
    assert!(
        err.starts_with(
            "learning_rate: training diverged at step 3: a parameter would grow past 1e6"
        ),
        "{err}"
    );
    let kept = m.state();
    assert_eq!(kept.step, 2);
    assert!(kept.weights[0][0][0].abs() < 1e6);
    assert!(kept.weights[0][0][0].abs() > 1e4);
    // Training again fails at the same step and changes nothing.
    assert!(m.train(1).is_err());
    assert_eq!(m.state(), kept);
}

#[test]
fn a_parameter_at_the_limit_that_does_not_grow_is_not_divergence() {
    let mut m = Model::from_json(
        r#"{"layers":[1,1],"activation":"linear","weights":[[[-1e6]]],"samples":[{"input":[0],"target":[1]}]}"#,
    )
    .unwrap();
    // ∂L/∂w = δ·0 = 0, so w stays at −1e6 while b learns.
    m.train(10).unwrap();
    assert_eq!(m.state().weights[0][0][0], -1e6);
    assert!(m.state().biases[0][0] > 0.9);
}

#[test]
fn a_run_keeps_the_steps_before_a_divergence() {
    let mut m = Model::from_json(
        r#"{"layers":[1,1],"activation":"linear","learning_rate":100,
            "weights":[[[1]]],"samples":[{"input":[3],"target":[0]}]}"#,
    )
    .unwrap();
    let run = m.run(100).unwrap();
    // Two steps are taken (see the divergence test above), then the third is refused.
    assert_eq!((run.losses.len(), run.epochs.clone()), (2, vec![1, 2]));
    assert!(run
        .error
        .unwrap()
        .to_string()
        .contains("diverged at step 3"));
    assert_eq!(m.state().step, 2);
}

/// A batch of 1, 3 or 7 leaves a remainder that the kernel takes with
/// spare lanes, and one of 5, 6, 9 or 10 a wider last group (four and a
/// remainder of one or two as one): with dropout and shuffle, every step is
/// still the plain step through `Network` over the same samples and mask,
/// bit for bit.
#[test]
fn odd_batches_are_the_plain_steps_bit_for_bit() {
    use backprop_playground::maths::network::Pass;
    // 11 samples, so that batches straddle the epochs at every position
    let samples: Vec<String> = (0..11)
        .map(|i| {
            let x = |k: i32| ((i * 7 + k * 3) % 11) as f64 / 5.0 - 1.0;
            let y = (i as f64 * 0.37).sin();
            format!(r#"{{"input":[{},{},{}],"target":[{y}]}}"#, x(0), x(1), x(2))
        })
        .collect();
    let base = parse(&format!(
        r#"{{"layers":[3,5,3,1],"activations":["tanh","sigmoid","tanh"],"learning_rate":0.3,
            "shuffle":true,"dropout":0.3,"seed":5,"samples":[{}]}}"#,
        samples.join(",")
    ))
    .unwrap();
    let steps = 9;

    // The epochs' sample order, read off a batch-1 model without dropout:
    // each step's loss is that of one sample on the network before it.
    let mut probe = base.clone();
    (probe.batch_size, probe.dropout) = (1, 0.0);
    let mut probe = Model::new(probe);
    let order: Vec<usize> = (0..10 * steps)
        .map(|_| {
            let losses: Vec<u64> = probe
                .samples()
                .iter()
                .map(|s| probe.sample_loss(&probe.pass(s, false), s).to_bits())
                .collect();
            let loss = probe.step().unwrap().to_bits();
            assert_eq!(losses.iter().filter(|&&l| l == loss).count(), 1);
            losses.iter().position(|&l| l == loss).unwrap()
        })
        .collect();

    for batch in [1, 3, 5, 6, 7, 9, 10] {
        let mut s = base.clone();
        s.batch_size = batch;
        let mut model = Model::new(s.clone());
        let mut net = s.network();
        let mut pass = Pass::new(&s.layers);
        let keep = 1.0 / (1.0 - s.dropout);
        for step in 0..steps {
            model.step().unwrap();
            // the step's mask: dropped hidden neurons scaled by 0, kept ones by 1/(1 − p)
            let scale: Vec<Vec<f64>> = model.last_mask.as_ref().unwrap()[..]
                .iter()
                .enumerate()
                .map(|(i, layer)| {
                    let hidden = i > 0 && i + 1 < s.layers.len();
                    let m = |dropped: bool| match (hidden, dropped) {
                        (false, _) => 1.0,
                        (true, true) => 0.0,
                        (true, false) => keep,
                    };
                    layer.iter().map(|&d| m(d)).collect()
                })
                .collect();
            // w ← w − (η/B) Σ ∂L/∂w, summed sample by sample by the plain passes
            let (mut gw, mut gb) = net.zero_grads();
            for &i in &order[step * batch..(step + 1) * batch] {
                let sample = &s.samples[i];
                net.forward(&sample.input, &mut pass, Some(&scale));
                net.backward(&sample.target, s.loss, &mut pass);
                net.accumulate(&pass, &mut gw, &mut gb);
            }
            let rate = s.learning_rate / batch as f64;
            for ((layer, gw), gb) in net.layers.iter_mut().zip(&gw).zip(&gb) {
                layer.w.iter_mut().zip(gw).for_each(|(w, g)| *w -= rate * g);
                layer.b.iter_mut().zip(gb).for_each(|(b, g)| *b -= rate * g);
            }
            assert_eq!(bits(model.net()), bits(&net), "batch {batch}, step {step}");
        }
        // steps in one run, the network catching up only at its end
        let mut at_once = Model::new(s);
        at_once.train(steps as u64).unwrap();
        assert_eq!(bits(at_once.net()), bits(&net), "batch {batch} at once");
    }
}
