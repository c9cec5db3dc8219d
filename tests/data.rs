//! Datasets: the generators' geometry, sizes, balance and seeds; the split;
//! CSV import and its messages; and training on a dataset with a held-out
//! loss and a heatmap that allocate nothing.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::f64::consts::PI;

use backprop_playground::data::{self, Dataset};
use backprop_playground::format::read::parse;
use backprop_playground::format::state::Sample;
use backprop_playground::Model;
use serde_json::{json, Value};

/// Counts the allocations made on the current thread, so that a test can
/// show a call allocates nothing while other tests run beside it.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_in(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

fn class(s: &Sample) -> usize {
    s.target[0] as usize
}

fn radius(s: &Sample) -> f64 {
    s.input[0].hypot(s.input[1])
}

#[test]
fn every_dataset_has_the_asked_size_shape_and_balance() {
    for kind in Dataset::ALL {
        for count in [1, 2, 7, 200] {
            let samples = kind.samples(count, 0.1, 3);
            assert_eq!(samples.len(), count, "{kind:?}");
            for s in &samples {
                assert_eq!(s.input.len(), kind.inputs(), "{kind:?}");
                assert_eq!(s.target.len(), 1, "{kind:?}");
            }
            if !kind.classes() {
                continue;
            }
            // class 0 on even samples, class 1 on odd: balanced to within one
            let ones = samples.iter().filter(|s| s.target == [1.0]).count();
            let zeros = samples.iter().filter(|s| s.target == [0.0]).count();
            assert_eq!((zeros, ones), (count.div_ceil(2), count / 2), "{kind:?}");
        }
    }
}

#[test]
fn a_seed_names_the_same_samples_and_another_seed_others() {
    for kind in Dataset::ALL {
        let a = data::generate(kind.name(), 50, 0.2, 7).unwrap();
        assert_eq!(
            a,
            data::generate(kind.name(), 50, 0.2, 7).unwrap(),
            "{kind:?}"
        );
        assert_ne!(
            a,
            data::generate(kind.name(), 50, 0.2, 8).unwrap(),
            "{kind:?}"
        );
    }
    // Recorded with PCG-32 and rand 0.10.4 (format version 2): a change here
    // would change the samples behind every seed.
    let xor: Vec<Vec<f64>> = data::xor(2, 0.0, 1).into_iter().map(|s| s.input).collect();
    assert_eq!(
        xor,
        [
            [0.8343582501348616, -0.6775233827442839],
            [0.1965241675192127, 0.9787993527588437]
        ]
    );
    let sine = &data::sine(1, 0.0, 1)[0];
    assert_eq!(
        (sine.input[0], sine.target[0]),
        (-1.6838699970906568, -0.9936139810144724)
    );
}

#[test]
fn noise_only_moves_the_inputs_and_by_at_most_noise() {
    for kind in Dataset::ALL {
        let clean = kind.samples(300, 0.0, 5);
        let noisy = kind.samples(300, 0.3, 5);
        let mut moved = 0.0f64;
        for (c, n) in clean.iter().zip(&noisy) {
            // sine's noise is on its target, the 2-D sets' on their inputs
            let (fixed, c_moving, n_moving) = if kind == Dataset::Sine {
                (&c.input, &c.target, &n.target)
            } else {
                (&c.target, &c.input, &n.input)
            };
            assert_eq!(
                fixed,
                if kind == Dataset::Sine {
                    &n.input
                } else {
                    &n.target
                }
            );
            for (a, b) in c_moving.iter().zip(n_moving) {
                assert!((a - b).abs() <= 0.3 + 1e-12, "{kind:?}");
                moved = moved.max((a - b).abs());
            }
        }
        // 600 uniform draws on [−0.3, 0.3] reach past 0.25
        assert!(moved > 0.25, "{kind:?}: {moved}");
    }
}

#[test]
fn xor_puts_class_1_where_x1_x2_is_positive() {
    let samples = data::xor(400, 0.0, 2);
    for s in &samples {
        let [x1, x2] = [s.input[0], s.input[1]];
        assert_eq!(class(s), usize::from(x1 * x2 > 0.0));
        for x in [x1, x2] {
            assert!((data::XOR_PADDING..=1.0).contains(&x.abs()), "{x}");
        }
    }
    // all four quadrants are used
    let quadrant = |s: &Sample| (s.input[0] > 0.0, s.input[1] > 0.0);
    for q in [(true, true), (true, false), (false, true), (false, false)] {
        assert!(samples.iter().any(|s| quadrant(s) == q), "{q:?}");
    }
}

#[test]
fn circle_puts_class_1_in_the_disc_and_class_0_in_the_ring() {
    for s in data::circle(400, 0.0, 2) {
        let r = radius(&s);
        if class(&s) == 1 {
            assert!(r <= data::CIRCLE_INNER + 1e-15, "{r}");
        } else {
            assert!(
                (data::CIRCLE_OUTER - 1e-15..=1.0 + 1e-15).contains(&r),
                "{r}"
            );
        }
    }
}

#[test]
fn gaussians_have_their_centres_and_spread() {
    let samples = data::gaussians(4000, 0.0, 2);
    for (c, centre) in [(0, -data::GAUSS_CENTRE), (1, data::GAUSS_CENTRE)] {
        let xs: Vec<f64> = samples
            .iter()
            .filter(|s| class(s) == c)
            .flat_map(|s| s.input.clone())
            .collect();
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
        // standard error of the mean: σ/√4000 ≈ 0.0024
        assert!((mean - centre).abs() < 0.01, "class {c}: mean {mean}");
        assert!((sd - data::GAUSS_SIGMA).abs() < 0.01, "class {c}: sd {sd}");
    }
}

#[test]
fn spiral_points_lie_on_their_arm() {
    let m = 100;
    let samples = data::spiral(2 * m, 0.0, 2);
    for (i, s) in samples.iter().enumerate() {
        let p = i / 2;
        // r = (p + 1)/m, t = 1.75·2πr, plus π on the class-0 arm
        let r = (p + 1) as f64 / m as f64;
        let t = data::SPIRAL_TURNS * 2.0 * PI * r + if class(s) == 0 { PI } else { 0.0 };
        assert!((radius(s) - r).abs() < 1e-12);
        assert!((s.input[0] - r * t.sin()).abs() < 1e-12);
        assert!((s.input[1] - r * t.cos()).abs() < 1e-12);
    }
    // the two arms are each other turned by half a turn
    for pair in samples.chunks(2) {
        assert!((pair[0].input[0] + pair[1].input[0]).abs() < 1e-12);
        assert!((pair[0].input[1] + pair[1].input[1]).abs() < 1e-12);
    }
}

#[test]
fn sine_without_noise_is_exactly_sin_x() {
    let samples = data::sine(500, 0.0, 2);
    for s in &samples {
        assert!((-PI..PI).contains(&s.input[0]));
        assert_eq!(s.target[0], libm::sin(s.input[0]));
    }
    let lowest = samples.iter().map(|s| s.input[0]).fold(f64::MAX, f64::min);
    let highest = samples.iter().map(|s| s.input[0]).fold(f64::MIN, f64::max);
    assert!(lowest < -3.0 && highest > 3.0, "{lowest} {highest}");
}

#[test]
fn generate_checks_its_arguments() {
    let err = |name: &str, count: usize, noise: f64| {
        data::generate(name, count, noise, 1)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        err("moons", 10, 0.0),
        "dataset: no dataset named 'moons' (try xor, circle, gaussians, spiral, sine, plane, gaussian_mix)"
    );
    assert_eq!(
        err("xor", 0, 0.0),
        "count: expected 1 to 10000 samples, got 0"
    );
    assert_eq!(
        err("xor", 10_001, 0.0),
        "count: expected 1 to 10000 samples, got 10001"
    );
    assert_eq!(
        err("xor", 10, 0.6),
        "noise: expected a number from 0 to 0.5, got 0.6"
    );
    assert_eq!(
        err("xor", 10, -0.1),
        "noise: expected a number from 0 to 0.5, got -0.1"
    );
    assert_eq!(
        err("xor", 10, f64::NAN),
        "noise: expected a number from 0 to 0.5, got NaN"
    );
    assert_eq!(
        data::generate("sine", 10_000, 0.5, 1).unwrap().len(),
        10_000
    );
}

#[test]
fn split_draws_a_seeded_test_part_and_keeps_the_order() {
    let items: Vec<usize> = (0..100).collect();
    let (train, test) = data::split(items.clone(), 0.25, 9).unwrap();
    assert_eq!((train.len(), test.len()), (75, 25));
    // every item lands in exactly one part, each part in the original order
    let mut all = [train.clone(), test.clone()].concat();
    all.sort();
    assert_eq!(all, items);
    assert!(train.windows(2).all(|w| w[0] < w[1]));
    assert!(test.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(
        (train.clone(), test.clone()),
        data::split(items.clone(), 0.25, 9).unwrap()
    );
    assert_ne!(test, data::split(items.clone(), 0.25, 10).unwrap().1);
    // the test part is not just a block from one end
    assert!(test[0] < 50 && test[24] >= 50, "{test:?}");

    assert_eq!(
        data::split(items.clone(), 0.0, 1).unwrap().1,
        Vec::<usize>::new()
    );
    // round(0.3 × 5) = 2; training always keeps one
    assert_eq!(data::split(vec![1, 2, 3, 4, 5], 0.3, 1).unwrap().1.len(), 2);
    let (train, test) = data::split(vec![1, 2], 0.99, 1).unwrap();
    assert_eq!((train.len(), test.len()), (1, 1));
    assert_eq!(data::split(vec![1], 0.9, 1).unwrap(), (vec![1], vec![]));
    assert_eq!(
        data::split(Vec::<u8>::new(), 0.5, 1).unwrap(),
        (vec![], vec![])
    );
    for bad in [1.0, -0.1, f64::NAN] {
        let e = data::split(items.clone(), bad, 1).unwrap_err().to_string();
        assert!(
            e.starts_with("test_fraction: expected a number from 0"),
            "{e}"
        );
    }
}

#[test]
fn csv_rows_become_samples() {
    let text = "\u{feff}x1, x2, label\r\n0.5,-1,1\r\n\r\n  2 , 3e-1 ,0\n\n";
    let samples = data::parse_csv(text).unwrap();
    assert_eq!(
        samples,
        vec![
            Sample {
                input: vec![0.5, -1.0],
                target: vec![1.0]
            },
            Sample {
                input: vec![2.0, 0.3],
                target: vec![0.0]
            },
        ]
    );
    // without a header the first line is data
    assert_eq!(data::parse_csv("1,2,3").unwrap()[0].target, vec![3.0]);
}

#[test]
fn csv_errors_name_the_line_and_column() {
    let err = |text: &str| data::parse_csv(text).unwrap_err().to_string();
    assert_eq!(
        err("x1,x2,label\n1,2,0\n1,2\n"),
        "csv line 3: expected 3 numbers, got 2"
    );
    // blank lines count, as in an editor
    assert_eq!(
        err("1,2,0\n\n1,2,0,4"),
        "csv line 3: expected 3 numbers, got 4"
    );
    assert_eq!(
        err("1,2,0\n1,two,0"),
        "csv line 2, column 2: expected a number, got 'two'"
    );
    assert_eq!(
        err("1,2,"),
        "csv line 1, column 3: expected a number, got nothing"
    );
    assert_eq!(
        err("a,b,c\n1,2,NaN"),
        "csv line 2, column 3: expected a finite number, got NaN"
    );
    assert_eq!(
        err("inf,2,1"),
        "csv line 1, column 1: expected a finite number, got inf"
    );
    assert_eq!(
        err("1,2,0\n0.5,-3e7,1"),
        "csv line 2, column 2: expected a number from -1e6 to 1e6, got -3e7"
    );
    // a header may only come first
    assert_eq!(
        err("1,2,0\nx1,x2,label"),
        "csv line 2, column 1: expected a number, got 'x1'"
    );
    assert_eq!(err(""), "csv: no rows of x1,x2,label");
    assert_eq!(err("x1,x2,label\n\n"), "csv: no rows of x1,x2,label");

    let rows = "0,0,1\n".repeat(10_000);
    assert_eq!(data::parse_csv(&rows).unwrap().len(), 10_000);
    assert_eq!(
        err(&format!("x,y,l\n{rows}1,1,0\n")),
        "csv line 10002: more than 10000 rows; keep at most 10000"
    );
}

/// A 2-8-1 tanh/sigmoid network with cross-entropy over `samples`.
fn classifier(samples: &[Sample], batch: usize) -> Model {
    let mut m = Model::new(
        parse(
            r#"{"layers":[2,8,1],"activations":["tanh","sigmoid"],"loss":"cross_entropy",
                  "learning_rate":0.3,"shuffle":true,"seed":4}"#,
        )
        .unwrap(),
    );
    m.set_samples(&json!(samples)).unwrap();
    let mut s = m.state();
    s.batch_size = batch;
    Model::new(s)
}

#[test]
fn a_network_learns_the_circle_and_the_test_loss_follows() {
    let (train, test) = data::split(data::circle(400, 0.05, 1), 0.25, 1).unwrap();
    let mut m = classifier(&train, 10);
    assert_eq!(m.samples().len(), 300);
    let before = m.evaluate_loss(&test).unwrap();
    m.train(3000).unwrap();
    let after = m.evaluate_loss(&test).unwrap();
    assert!(
        after < 0.2 && after < before / 3.0,
        "test loss {before} → {after}"
    );
    // the held-out loss is the mean the trace would report for those samples
    assert_eq!(
        m.evaluate_loss(m.samples().to_vec().as_slice()).unwrap(),
        m.mean_loss()
    );
    assert!(m.evaluate_loss(&[]).unwrap().is_nan());
}

#[test]
fn evaluate_loss_refuses_samples_that_do_not_fit() {
    let m = classifier(&data::xor(10, 0.0, 1), 1);
    let e = m
        .evaluate_loss(&data::sine(3, 0.0, 1))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "samples[0]: has 1 inputs and 1 targets, but the network takes 2 and gives 1"
    );
}

#[test]
fn set_samples_checks_like_a_state_and_keeps_the_network() {
    let mut m = Model::new(parse(r#"{"layers":[2,3,1],"batch_size":1,"seed":2}"#).unwrap());
    m.train(3).unwrap();
    let before = m.state();
    let json = json!(data::gaussians(20, 0.1, 1));
    m.set_samples(&json).unwrap();
    let after = m.state();
    assert_eq!(after.samples.len(), 20);
    assert_eq!(
        (after.weights, after.step, after.batch_size),
        (before.weights, 3, 1)
    );

    // a full batch shrinks to the new number of samples
    let mut s = m.state();
    s.batch_size = 20;
    let mut m = Model::new(s);
    m.set_samples(&json!(data::xor(6, 0.0, 1))).unwrap();
    assert_eq!(m.settings().batch_size, 6);

    let unchanged = m.state();
    let err = |m: &mut Model, json: &str| {
        let v: Value = serde_json::from_str(json).unwrap();
        m.set_samples(&v).unwrap_err().to_string()
    };
    assert_eq!(
        err(
            &mut m,
            r#"[{"input":[1,2],"target":[1]},{"input":[1],"target":[0]}]"#
        ),
        "samples[1].input: expected 2 numbers, got 1"
    );
    assert_eq!(
        err(&mut m, "[]"),
        "samples: expected 1 to 10000 samples, got 0"
    );
    assert_eq!(
        err(&mut m, "{}"),
        "samples: expected an array, got an object"
    );
    assert_eq!(m.state(), unchanged);

    // held-out samples are checked the same way, and may be none
    assert_eq!(m.read_samples(&json!([]), "test").unwrap(), vec![]);
    assert_eq!(m.read_samples(&json, "test").unwrap().len(), 20);
    let e = m
        .read_samples(&json!([{ "input": [1, 2] }]), "test")
        .unwrap_err();
    assert_eq!(e.to_string(), "test[0].target: missing");
}

/// The first output of a forward pass at (x₁, x₂).
fn output(m: &Model, x1: f64, x2: f64) -> f64 {
    let s = Sample {
        input: vec![x1, x2],
        target: vec![0.0],
    };
    m.pass(&s, false).a[2][0]
}

#[test]
fn the_heatmap_is_the_forward_pass_over_a_grid() {
    let mut m = classifier(&data::xor(40, 0.0, 1), 10);
    m.train(200).unwrap();
    let n = 7;
    let mut out = vec![0.0; n * n];
    m.heatmap(n, -1.0, 0.5, -2.0, 3.0, &mut out).unwrap();
    // the top row is x₂ = y1 = 3, the bottom row x₂ = y0 = −2
    assert_eq!(out[0], output(&m, -1.0, 3.0));
    assert_eq!(out[n - 1], output(&m, 0.5, 3.0));
    assert_eq!(out[n * (n - 1)], output(&m, -1.0, -2.0));
    assert_eq!(out[n * n - 1], output(&m, 0.5, -2.0));
    // row 2, column 3: x₁ = −1 + 1.5·3/6, x₂ = 3 − 5·2/6
    let (x1, x2) = (-1.0 + 1.5 * 3.0 / 6.0, 3.0 - 5.0 * 2.0 / 6.0);
    assert!(common::close(out[2 * n + 3], output(&m, x1, x2), 1e-12));

    let mut one = [0.0];
    m.heatmap(1, -1.0, 1.0, -1.0, 1.0, &mut one).unwrap();
    assert_eq!(one[0], output(&m, -1.0, 1.0));
}

#[test]
fn heatmaps_and_steps_allocate_nothing_and_change_nothing() {
    let samples = data::spiral(100, 0.1, 1);
    let mut m = classifier(&samples, 10);
    let mut twin = classifier(&samples, 10);
    let mut out = vec![0.0; 100 * 100];
    m.heatmap(100, -1.0, 1.0, -1.0, 1.0, &mut out).unwrap();
    m.step().unwrap();
    twin.step().unwrap();
    // the counter does see an allocation
    assert_eq!(
        allocations_in(|| drop(std::hint::black_box(vec![0u8; 8]))),
        1
    );
    let allocations = allocations_in(|| {
        for _ in 0..5 {
            m.heatmap(100, -1.0, 1.0, -1.0, 1.0, &mut out).unwrap();
            m.step().unwrap();
        }
    });
    assert_eq!(allocations, 0);
    // a heatmap between steps leaves training exactly as it was
    for _ in 0..5 {
        twin.step().unwrap();
    }
    assert_eq!(m.state(), twin.state());
}

#[test]
fn heatmaps_need_two_inputs_and_a_grid_in_range() {
    let mut m = Model::new(parse(r#"{"layers":[1,2,1]}"#).unwrap());
    let mut out = vec![0.0; 4];
    let e = m.heatmap(2, 0.0, 1.0, 0.0, 1.0, &mut out).unwrap_err();
    assert_eq!(
        e.to_string(),
        "heatmap: needs a network with 2 inputs, this one has 1"
    );
    let mut m = Model::new(parse(r#"{"layers":[2,2,1]}"#).unwrap());
    let e = m.heatmap(0, 0.0, 1.0, 0.0, 1.0, &mut []).unwrap_err();
    assert_eq!(e.to_string(), "n: expected 1 to 1024, got 0");
    let e = m.heatmap(2, f64::NAN, 1.0, 0.0, 1.0, &mut out).unwrap_err();
    assert_eq!(e.to_string(), "x0: expected a finite number, got NaN");
}

#[test]
fn each_neurons_map_is_its_value_in_the_forward_pass_there() {
    let m = classifier(&data::xor(8, 0.0, 1), 4);
    let n = 3;
    let maps = m.neuron_maps(n, -1.0, 1.0, -2.0, 2.0).unwrap();
    // 2 inputs, 8 hidden, 1 output, n² values each
    assert_eq!(maps.len(), 11 * n * n);
    for (cell, (x1, x2)) in [
        (0, (-1.0, 2.0)),
        (2, (1.0, 2.0)),
        (4, (0.0, 0.0)),
        (8, (1.0, -2.0)),
    ] {
        let pass = m.pass(
            &Sample {
                input: vec![x1, x2],
                target: vec![0.0],
            },
            false,
        );
        let all: Vec<f64> = pass.a.iter().flatten().copied().collect();
        for (neuron, &a) in all.iter().enumerate() {
            assert_eq!(
                maps[neuron * n * n + cell],
                a,
                "neuron {neuron}, cell {cell}"
            );
        }
    }
    // the output's own block is the heatmap
    let mut m = m;
    let mut heat = vec![0.0; n * n];
    m.heatmap(n, -1.0, 1.0, -2.0, 2.0, &mut heat).unwrap();
    assert_eq!(&maps[10 * n * n..], &heat[..]);
    let one = Model::new(parse(r#"{"layers":[1,1]}"#).unwrap());
    assert_eq!(
        one.neuron_maps(2, 0.0, 1.0, 0.0, 1.0).unwrap_err().code(),
        "inputs_needed"
    );
}

#[test]
fn the_regression_sets_are_their_functions_before_the_noise() {
    // y = (x₁ + x₂)/2 on the clean plane
    for s in data::plane(50, 0.0, 3) {
        assert_eq!(s.target[0], (s.input[0] + s.input[1]) / 2.0);
        assert!(s.input.iter().all(|x| (-1.0..1.0).contains(x)));
    }
    // the mix: +1 bumps at (−½, ½) and (½, −½), −1 at the other two corners
    let mix = data::gaussian_mix(2000, 0.0, 3);
    assert!(mix.iter().all(|s| (-1.0..=1.0).contains(&s.target[0])));
    let near = |c1: f64, c2: f64| {
        mix.iter()
            .filter(|s| (s.input[0] - c1).abs() < 0.1 && (s.input[1] - c2).abs() < 0.1)
            .all(|s| s.target[0].signum() == if c1 * c2 < 0.0 { 1.0 } else { -1.0 })
    };
    assert!(near(-0.5, 0.5) && near(0.5, 0.5) && near(-0.5, -0.5) && near(0.5, -0.5));
    assert!(!Dataset::Plane.classes() && Dataset::Spiral.classes());
    assert_eq!(data::generate("plane", 10, 0.1, 1).unwrap().len(), 10);
}
