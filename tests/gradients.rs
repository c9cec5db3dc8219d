//! Every number of the core against an independent autodiff, finite
//! differences, and the chain-rule sum over paths, on random networks.

mod common;

use backprop_playground::format::state::{Sample, State, MAX_LAYERS, MAX_NEURONS};
use backprop_playground::maths::activation::{Activation, LEAKY_SLOPE};
use backprop_playground::maths::kernel::Kernel;
use backprop_playground::maths::loss::Loss;
use backprop_playground::maths::network::{Network, Pass};
use backprop_playground::teach::check::check;
use backprop_playground::teach::explain::explain;
use backprop_playground::{Model, Trace};
use common::{assert_all_close, close, Tape};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// Node ids of one sample's graph, per layer and neuron.
struct Graph {
    z: Vec<Vec<usize>>,
    a: Vec<Vec<usize>>,
    loss: usize,
}

/// Builds f(z) from primitive operations, never from the core's `df`.
fn activate(t: &mut Tape, act: Activation, z: usize) -> usize {
    let x = t.value[z];
    match act {
        // σ(z) = 1 / (1 + e^{−z})
        Activation::Sigmoid => {
            let e = t.scale(z, -1.0);
            let e = t.exp(e);
            let d = t.offset(e, 1.0);
            t.recip(d)
        }
        // tanh z = 2σ(2z) − 1
        Activation::Tanh => {
            let two = t.scale(z, 2.0);
            let s = activate(t, Activation::Sigmoid, two);
            let s2 = t.scale(s, 2.0);
            t.offset(s2, -1.0)
        }
        Activation::Relu => t.unary(z, x.max(0.0), if x > 0.0 { 1.0 } else { 0.0 }),
        Activation::LeakyRelu => t.unary(
            z,
            if x > 0.0 { x } else { LEAKY_SLOPE * x },
            if x > 0.0 { 1.0 } else { LEAKY_SLOPE },
        ),
        Activation::Linear => t.scale(z, 1.0),
    }
}

/// One sample's loss as a graph over the parameter leaves `w` and `b`.
fn graph(
    t: &mut Tape,
    s: &State,
    w: &[Vec<Vec<usize>>],
    b: &[Vec<usize>],
    sample: &Sample,
) -> Graph {
    let mut a: Vec<Vec<usize>> = vec![sample.input.iter().map(|&x| t.leaf(x)).collect()];
    let mut z = vec![vec![]];
    for i in 0..s.layers.len() - 1 {
        let (mut zs, mut as_) = (vec![], vec![]);
        for j in 0..s.layers[i + 1] {
            let terms: Vec<usize> = (0..s.layers[i])
                .map(|k| t.mul(w[i][j][k], a[i][k]))
                .collect();
            let sum = t.sum(&terms);
            let zj = t.add(sum, b[i][j]);
            zs.push(zj);
            as_.push(activate(t, s.activations[i], zj));
        }
        z.push(zs);
        a.push(as_);
    }
    let out = a.last().unwrap().clone();
    let terms: Vec<usize> = out
        .iter()
        .zip(&sample.target)
        .zip(z.last().unwrap())
        .map(|((&aj, &y), &zj)| match s.loss {
            // ½(a − y)²
            Loss::SquaredError => {
                let d = t.offset(aj, -y);
                let sq = t.mul(d, d);
                t.scale(sq, 0.5)
            }
            // −[y ln a + (1 − y) ln(1 − a)] with a = σ(z) is ln(1 + e^z) − y·z;
            // written in z, the reference keeps its digits when a is near 1.
            Loss::CrossEntropy => {
                let e = t.exp(zj);
                let one_plus = t.offset(e, 1.0);
                let softplus = t.ln(one_plus);
                let yz = t.scale(zj, -y);
                t.add(softplus, yz)
            }
        })
        .collect();
    let loss = t.sum(&terms);
    Graph { z, a, loss }
}

/// Checks the whole trace, value by value, against the autodiff.
fn compare_with_autodiff(s: &State) {
    let model = Model::new(s.clone());
    let trace = Trace::new(&model, true);
    let n = s.samples.len() as f64;
    let mut t = Tape::default();
    let w: Vec<Vec<Vec<usize>>> = s
        .weights
        .iter()
        .map(|m| {
            m.iter()
                .map(|r| r.iter().map(|&x| t.leaf(x)).collect())
                .collect()
        })
        .collect();
    let b: Vec<Vec<usize>> = s
        .biases
        .iter()
        .map(|r| r.iter().map(|&x| t.leaf(x)).collect())
        .collect();
    let mut losses = vec![];
    for (i, sample) in s.samples.iter().enumerate() {
        let g = graph(&mut t, s, &w, &b, sample);
        let grad = t.grad(g.loss);
        let st = &trace.samples[i];
        assert!(
            close(st.loss, t.value[g.loss], 1e-9),
            "loss {} vs {}",
            st.loss,
            t.value[g.loss]
        );
        for (l, lt) in st.layers.iter().enumerate().skip(1) {
            let vals = |ids: &[usize], v: &[f64]| ids.iter().map(|&id| v[id]).collect::<Vec<f64>>();
            assert_all_close("z", lt.z.as_ref().unwrap(), &vals(&g.z[l], &t.value), 1e-9);
            assert_all_close("a", &lt.a, &vals(&g.a[l], &t.value), 1e-9);
            // δ = ∂L/∂z and ∂L/∂a, read off the tape
            assert_all_close(
                "delta",
                lt.delta.as_ref().unwrap(),
                &vals(&g.z[l], &grad),
                1e-9,
            );
            if !(s.loss == Loss::CrossEntropy && l == s.layers.len() - 1) {
                assert_all_close("da", lt.da.as_ref().unwrap(), &vals(&g.a[l], &grad), 1e-9);
            }
        }
        losses.push(g.loss);
    }
    // The mean loss, and its gradient with respect to every parameter.
    let total = t.sum(&losses);
    let mean = t.scale(total, 1.0 / n);
    let grad = t.grad(mean);
    assert!(close(trace.loss, t.value[mean], 1e-9));
    let gw = trace.grad_weights.as_ref().unwrap();
    let gb = trace.grad_biases.as_ref().unwrap();
    for i in 0..w.len() {
        for j in 0..w[i].len() {
            assert!(close(gb[i][j], grad[b[i][j]], 1e-9), "b[{i}][{j}]");
            for k in 0..w[i][j].len() {
                assert!(
                    close(gw[i][j][k], grad[w[i][j][k]], 1e-9),
                    "w[{i}][{j}][{k}]"
                );
            }
        }
    }
}

fn activation() -> impl Strategy<Value = Activation> {
    prop::sample::select(Activation::ALL.to_vec())
}

/// A random network of 2 to 4 layers, 1 to 4 neurons each, with 1 to 9 samples.
fn network() -> impl Strategy<Value = State> {
    let layers = prop::collection::vec(1usize..=4, 2..=4);
    random_network(layers.boxed(), 9, false)
}

/// A network of 5 to 8 layers of 8 to 16 neurons, or the largest allowed,
/// 8 layers of 16, with 1 to 3 samples. Its weights are scaled by 1/√n_in,
/// as an initialiser would, so that z keeps its size through the layers
/// rather than overflowing a linear net or pinning every tanh.
fn big_network() -> impl Strategy<Value = State> {
    let largest = Just(vec![MAX_NEURONS; MAX_LAYERS]);
    let layers = prop_oneof![
        1 => largest,
        3 => prop::collection::vec(8usize..=MAX_NEURONS, 5..=MAX_LAYERS),
    ];
    random_network(layers.boxed(), 3, true)
}

/// A network of the given layer sizes with random activations, loss,
/// weights, biases and 1 to `max_samples` samples.
fn random_network(
    layers: BoxedStrategy<Vec<usize>>,
    max_samples: usize,
    scaled: bool,
) -> impl Strategy<Value = State> {
    (layers, any::<bool>(), 0u64..1000)
        .prop_flat_map(move |(layers, ce, seed)| {
            let depth = layers.len() - 1;
            let acts = prop::collection::vec(activation(), depth);
            let n_w: usize = layers.windows(2).map(|p| p[0] * p[1]).sum();
            let n_b: usize = layers[1..].iter().sum();
            let samples = prop::collection::vec(
                (
                    prop::collection::vec(-2.0f64..2.0, layers[0]),
                    prop::collection::vec(0.0f64..1.0, layers[depth]),
                ),
                1..=max_samples,
            );
            (
                Just(layers),
                acts,
                Just(ce),
                prop::collection::vec(-1.5f64..1.5, n_w),
                prop::collection::vec(-0.5f64..0.5, n_b),
                samples,
                Just(seed),
            )
        })
        .prop_map(move |(layers, mut acts, ce, ws, bs, samples, seed)| {
            let loss = if ce {
                *acts.last_mut().unwrap() = Activation::Sigmoid;
                Loss::CrossEntropy
            } else {
                Loss::SquaredError
            };
            let (mut wi, mut bi) = (ws.into_iter(), bs.into_iter());
            let weights = layers
                .windows(2)
                .map(|p| {
                    let gain = if scaled {
                        1.0 / (p[0] as f64).sqrt()
                    } else {
                        1.0
                    };
                    (0..p[1])
                        .map(|_| (0..p[0]).map(|_| gain * wi.next().unwrap()).collect())
                        .collect()
                })
                .collect();
            let biases = layers[1..]
                .iter()
                .map(|&n| (0..n).map(|_| bi.next().unwrap()).collect())
                .collect();
            let samples: Vec<Sample> = samples
                .into_iter()
                .map(|(input, target)| Sample { input, target })
                .collect();
            State {
                batch_size: samples.len(),
                layers,
                features: None,
                activations: acts,
                loss,
                learning_rate: 0.5,
                train_biases: true,
                weights,
                biases,
                samples,
                shuffle: false,
                dropout: 0.0,
                regularization: Default::default(),
                regularization_rate: 0.0,
                seed,
                version: (),
                step: 0,
                seen: 0,
            }
        })
}

/// ReLU-like kinks make finite differences meaningless within h of z = 0.
fn near_a_kink(s: &State) -> bool {
    let model = Model::new(s.clone());
    let trace = Trace::new(&model, false);
    trace.samples.iter().any(|st| {
        st.layers.iter().enumerate().skip(1).any(|(l, lt)| {
            matches!(
                s.activations[l - 1],
                Activation::Relu | Activation::LeakyRelu
            ) && lt.z.as_ref().unwrap().iter().any(|z| z.abs() < 1e-3)
        })
    })
}

/// Bit patterns, so that 0.0 and −0.0 (or two NaNs) are told apart.
fn bits(xs: &[Vec<f64>]) -> Vec<Vec<u64>> {
    xs.iter()
        .map(|l| l.iter().map(|x| x.to_bits()).collect())
        .collect()
}

/// Backprop's gradients against central differences, away from ReLU kinks.
/// The tolerance holds for 8 layers of 16 too: their weights are scaled
/// to keep z near 1, so the loss's rounding stays near ε·L.
fn finite_differences_agree(s: State) -> Result<(), TestCaseError> {
    prop_assume!(!near_a_kink(&s));
    let model = Model::new(s);
    // A central difference (L(θ+h) − L(θ−h))/2h with h = 1e-6 loses about
    // ε·L/h ≈ 1e-10·L to rounding, so its floor grows with the loss.
    let floor = 1e-8 * model.mean_loss().max(1.0);
    let report = check(&model);
    for row in &report.params {
        prop_assert!(
            (row.analytic - row.numeric).abs()
                <= 1e-6 * row.analytic.abs().max(row.numeric.abs()) + floor,
            "{}: analytic {} numeric {}",
            row.param,
            row.analytic,
            row.numeric
        );
    }
    Ok(())
}

/// The training loop's two-at-a-time passes give exactly the bits of the
/// plain passes that the trace, the explanations and the CLI use.
fn vector_passes_are_plain_passes(s: State, drop: Vec<bool>) -> Result<(), TestCaseError> {
    let net = s.network();
    let mut kernel = Kernel::default();
    kernel.load(&net);
    // A dropout scale as a step draws it: hidden neurons dropped (0) or kept (2).
    let mut flags = drop.iter().cycle();
    let scale: Vec<Vec<f64>> = s
        .layers
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            (0..n)
                .map(|_| {
                    let hidden = i > 0 && i + 1 < s.layers.len();
                    if hidden && *flags.next().unwrap() {
                        0.0
                    } else if hidden {
                        2.0
                    } else {
                        1.0
                    }
                })
                .collect()
        })
        .collect();
    for scale in [None, Some(scale.as_slice())] {
        let (mut plain, mut fast) = (Pass::new(&s.layers), Pass::new(&s.layers));
        let (mut gw, mut gb) = net.zero_grads();
        let (mut fgw, mut fgb) = net.zero_grads();
        kernel.clear_gradients();
        for sample in &s.samples {
            net.forward(&sample.input, &mut plain, scale);
            kernel.forward([&sample.input[..]], scale);
            net.backward(&sample.target, s.loss, &mut plain);
            kernel.backward([&sample.target[..]], s.loss);
            kernel.read(0, &mut fast);
            for (what, x, y) in [
                ("z", &plain.z, &fast.z),
                ("a", &plain.a, &fast.a),
                ("f'(z)", &plain.df, &fast.df),
                ("∂L/∂a", &plain.da, &fast.da),
                ("δ", &plain.delta, &fast.delta),
            ] {
                prop_assert_eq!(bits(x), bits(y), "{}", what);
            }
            net.accumulate(&plain, &mut gw, &mut gb);
            kernel.accumulate::<1>();
        }
        for (i, layer) in net.layers.iter().enumerate() {
            let rows = fgw[i]
                .chunks_exact_mut(layer.n_in)
                .zip(kernel.weight_gradients(i));
            for (to, row) in rows {
                to.copy_from_slice(row);
            }
            fgb[i].copy_from_slice(kernel.bias_gradients(i));
        }
        prop_assert_eq!(bits(&gw), bits(&fgw));
        prop_assert_eq!(bits(&gb), bits(&fgb));
    }
    Ok(())
}

/// The whole set's mean loss, its mean gradients and the loss on other
/// samples go four samples at a time through a kernel of their own, and
/// still give the bits of the plain passes added up sample by sample;
/// the last step's gradient sums are left as they were.
fn whole_set_is_plain_passes(s: State) -> Result<(), TestCaseError> {
    let net = s.network();
    let mut pass = Pass::new(&s.layers);
    let (mut gw, mut gb) = net.zero_grads();
    let out = s.layers.len() - 1;
    let mut losses = Vec::new();
    for sample in &s.samples {
        net.forward(&sample.input, &mut pass, None);
        losses.push(s.loss.value(&pass.z[out], &pass.a[out], &sample.target));
        net.backward(&sample.target, s.loss, &mut pass);
        net.accumulate(&pass, &mut gw, &mut gb);
    }
    let n = s.samples.len() as f64;
    let mean = |xs: &mut Vec<Vec<f64>>| xs.iter_mut().flatten().for_each(|g| *g /= n);
    mean(&mut gw);
    mean(&mut gb);
    let total: f64 = losses.iter().sum();
    let mut model = Model::new(s.clone());
    model.step().unwrap();
    let p = backprop_playground::maths::network::Param {
        layer: 0,
        j: 0,
        k: Some(0),
    };
    let last = model.last_gradient(p);
    let model = Model::new(s.clone()); // the same network, unstepped
    prop_assert_eq!(model.mean_loss().to_bits(), (total / n).to_bits());
    let (fgw, fgb) = model.gradients();
    prop_assert_eq!(bits(&fgw), bits(&gw));
    prop_assert_eq!(bits(&fgb), bits(&gb));
    prop_assert_eq!(
        model.evaluate_loss(&s.samples).unwrap().to_bits(),
        (total / n).to_bits()
    );
    // Each sample's pass, four at a time through one buffer, is the plain pass to the bit.
    let mut seen = 0;
    let mut same = true;
    model.each_pass(|i, q| {
        let plain = model.pass(&s.samples[i], true);
        for (x, y) in [
            (&plain.z, &q.z),
            (&plain.a, &q.a),
            (&plain.df, &q.df),
            (&plain.da, &q.da),
            (&plain.delta, &q.delta),
        ] {
            same &= bits(x) == bits(y);
        }
        seen += 1;
    });
    prop_assert_eq!(seen, s.samples.len());
    prop_assert!(same, "each_pass gives the plain passes' bits");
    // One parameter's per-sample gradients are δ·a (δ for a bias) of those passes, to the bit.
    let params = model.net().params();
    for &p in [
        params[0],
        params[params.len() / 2],
        params[params.len() - 1],
    ]
    .iter()
    {
        let mut expected = Vec::new();
        let li = p.layer + 1;
        model.each_pass(|_, q| {
            expected.push(p.k.map_or(q.delta[li][p.j], |k| q.delta[li][p.j] * q.a[li - 1][k]))
        });
        prop_assert_eq!(bits(&[model.param_gradients(p)]), bits(&[expected]));
    }
    // A step's own sums are not the sweep's: they stay readable after it.
    let mut stepped = Model::new(s.clone());
    stepped.step().unwrap();
    let _ = (stepped.mean_loss(), stepped.gradients());
    prop_assert_eq!(stepped.last_gradient(p).to_bits(), last.to_bits());
    Ok(())
}

/// A step is w ← w − (η/B) Σ ∂L/∂w over the batch, with the sum taken
/// sample by sample by the plain passes: the same bits.
fn a_step_is_the_plain_step(s: State) -> Result<(), TestCaseError> {
    let net = s.network();
    let mut pass = Pass::new(&s.layers);
    let (mut gw, mut gb) = net.zero_grads();
    for sample in &s.samples {
        net.forward(&sample.input, &mut pass, None);
        net.backward(&sample.target, s.loss, &mut pass);
        net.accumulate(&pass, &mut gw, &mut gb);
    }
    let rate = s.learning_rate / s.samples.len() as f64;
    let mut model = Model::new(s.clone());
    model.step().unwrap();
    for (i, layer) in model.net().layers.iter().enumerate() {
        let want: Vec<f64> = net.layers[i]
            .w
            .iter()
            .zip(&gw[i])
            .map(|(w, g)| w - rate * g)
            .collect();
        prop_assert_eq!(bits(std::slice::from_ref(&layer.w)), bits(&[want]));
        let want: Vec<f64> = net.layers[i]
            .b
            .iter()
            .zip(&gb[i])
            .map(|(b, g)| b - rate * g)
            .collect();
        prop_assert_eq!(bits(std::slice::from_ref(&layer.b)), bits(&[want]));
    }
    Ok(())
}

/// Steps in a row keep to the plain gradient steps' bits: between steps
/// the kernel keeps the weights in its own layout, and hands them back
/// to the network when a run ends or a weight is changed from outside.
fn steps_are_plain_steps(s: State, steps: u64) -> Result<(), TestCaseError> {
    let rate = s.learning_rate / s.samples.len() as f64;
    let mut net = s.network();
    let mut pass = Pass::new(&s.layers);
    let mut plain_step = |net: &mut Network| {
        let (mut gw, mut gb) = net.zero_grads();
        for sample in &s.samples {
            net.forward(&sample.input, &mut pass, None);
            net.backward(&sample.target, s.loss, &mut pass);
            net.accumulate(&pass, &mut gw, &mut gb);
        }
        for ((layer, gw), gb) in net.layers.iter_mut().zip(&gw).zip(&gb) {
            layer.w.iter_mut().zip(gw).for_each(|(w, g)| *w -= rate * g);
            layer.b.iter_mut().zip(gb).for_each(|(b, g)| *b -= rate * g);
        }
    };
    let mut model = Model::new(s.clone());
    let params = net.params();
    for round in 0..3 {
        // one way or another, what the model holds changes between runs
        if round == 1 {
            let p = params[params.len() / 2];
            let v = 0.5 * net.get(p);
            model.set_param(&p.name(), v).unwrap();
            *net.get_mut(p) = v;
        }
        if round == 2 && s.layers[0] == 2 && s.layers[s.layers.len() - 1] == 1 {
            let mut out = vec![0.0; 9];
            model.heatmap(3, -1.0, 1.0, -1.0, 1.0, &mut out).unwrap();
        }
        // a run that diverges keeps the steps before it, and no more
        let before = model.settings().step;
        let run = model.train(steps);
        for _ in before..model.settings().step {
            plain_step(&mut net);
        }
        for (mine, plain) in model.net().layers.iter().zip(&net.layers) {
            prop_assert_eq!(
                bits(std::slice::from_ref(&mine.w)),
                bits(std::slice::from_ref(&plain.w))
            );
            prop_assert_eq!(
                bits(std::slice::from_ref(&mine.b)),
                bits(std::slice::from_ref(&plain.b))
            );
        }
        if run.is_err() {
            break;
        }
    }
    Ok(())
}

/// The chain rule's sum over every path from a parameter to the loss is
/// its gradient, for one parameter and sample picked at random.
fn chain_rule_sums_are_gradients(s: State, pick: prop::sample::Index) -> Result<(), TestCaseError> {
    let model = Model::new(s.clone());
    let params = model.net().params();
    let p = params[pick.index(params.len())];
    let sample = pick.index(s.samples.len());
    let e = explain(&model, &p.name(), sample).unwrap();
    // The listed paths are all of them for networks this small.
    prop_assert_eq!(e.paths.len(), e.paths_total);
    let sum: f64 = e.paths.iter().map(|p| p.product).sum();
    prop_assert!(close(sum, e.sum, 1e-12));
    for path in &e.paths {
        let product: f64 = path.factors.iter().map(|f| f.value).product();
        prop_assert_eq!(product, path.product);
    }
    // The mean of the per-sample sums is the trace's gradient.
    let mean = e.per_sample.iter().sum::<f64>() / e.per_sample.len() as f64;
    prop_assert!(close(mean, e.gradient, 1e-12), "{} vs {}", mean, e.gradient);
    prop_assert!(close(e.per_sample[sample], e.sum, 1e-12));
    let trace = Trace::new(&model, true);
    let g = match p.k {
        Some(k) => trace.grad_weights.unwrap()[p.layer][p.j][k],
        None => trace.grad_biases.unwrap()[p.layer][p.j],
    };
    prop_assert_eq!(g, e.gradient);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_number_matches_an_independent_autodiff(s in network()) {
        compare_with_autodiff(&s);
    }

    #[test]
    fn gradients_match_finite_differences(s in network()) {
        finite_differences_agree(s)?;
    }

    #[test]
    fn the_chain_rule_sum_over_paths_is_the_gradient(s in network(), pick in any::<prop::sample::Index>()) {
        chain_rule_sums_are_gradients(s, pick)?;
    }

    #[test]
    fn the_vector_passes_equal_the_plain_passes_bit_for_bit(
        s in network(),
        drop in prop::collection::vec(any::<bool>(), 16),
    ) {
        vector_passes_are_plain_passes(s, drop)?;
    }

    #[test]
    fn whole_set_loss_and_gradients_are_the_plain_passes_bits(s in network()) {
        whole_set_is_plain_passes(s)?;
    }

    #[test]
    fn a_step_is_the_plain_gradient_step_bit_for_bit(s in network()) {
        a_step_is_the_plain_step(s)?;
    }

    #[test]
    fn steps_in_a_row_stay_the_plain_steps_bit_for_bit(s in network(), steps in 1u64..=4) {
        steps_are_plain_steps(s, steps)?;
    }
}

// The same properties on deep, wide networks up to the largest allowed, with
// fewer cases: one of them costs what a few hundred small ones do. The sum
// over paths is left out: from a first-layer weight of 8 layers of 16 there
// are 16⁶ paths to the loss, which `explain` rightly does not list.
proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn big_networks_match_an_independent_autodiff(s in big_network()) {
        compare_with_autodiff(&s);
    }

    #[test]
    fn big_networks_gradients_match_finite_differences(s in big_network()) {
        finite_differences_agree(s)?;
    }

    #[test]
    fn big_networks_vector_passes_equal_the_plain_passes_bit_for_bit(
        s in big_network(),
        drop in prop::collection::vec(any::<bool>(), 16),
    ) {
        vector_passes_are_plain_passes(s, drop)?;
    }

    #[test]
    fn big_networks_whole_set_is_the_plain_passes_bits(s in big_network()) {
        whole_set_is_plain_passes(s)?;
    }

    #[test]
    fn big_networks_step_as_the_plain_steps_bit_for_bit(s in big_network(), steps in 1u64..=4) {
        a_step_is_the_plain_step(s.clone())?;
        steps_are_plain_steps(s, steps)?;
    }
}

#[test]
fn the_seed_network_matches_the_autodiff_for_every_activation() {
    for act in Activation::ALL {
        let mut s = backprop_playground::format::preset::preset("seed").unwrap();
        s.activations = vec![act; 2];
        compare_with_autodiff(&s);
    }
}
