//! The calculation core's speed, natively: line values per second, and the whole figures of a
//! 150-line offer (the size the offer builder must recompute on every keystroke).
//! Run: `cargo bench -p domain --bench calc`

use calc::{line_value, Money, OfferFigures, OfferLine, ProxyValue, Quantity, QuantityRule};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rust_decimal::Decimal;

const THEMES: [&str; 5] = ["Jobs", "Growth", "Social", "Environment", "Innovation"];

/// 150 lines over 3 years and 5 themes, with fractional quantities and 4-decimal proxy values.
fn offer(lines: usize) -> Vec<OfferLine> {
    (0..lines)
        .map(|i| OfferLine {
            theme: THEMES[i % THEMES.len()].to_owned(),
            year: (i % 3) as u32 + 1,
            quantity: Quantity::from_decimal(Decimal::new(125 + i as i64 * 37, 1), QuantityRule::FRACTIONAL).unwrap(),
            proxy: (i % 10 != 0).then(|| ProxyValue::parse(Decimal::new(1_825 + i as i64 * 4_113, 4)).unwrap()),
        })
        .collect()
}

fn line_values(c: &mut Criterion) {
    let lines = offer(1_000);
    let pairs: Vec<(Quantity, ProxyValue)> = lines.iter().filter_map(|l| Some((l.quantity, l.proxy?))).collect();
    let mut group = c.benchmark_group("line_value");
    group.throughput(Throughput::Elements(pairs.len() as u64));
    group.bench_function("quantity × proxy, rounded", |b| {
        b.iter(|| {
            let mut total = Money::ZERO;
            for &(quantity, proxy) in &pairs {
                total += line_value(black_box(quantity), black_box(proxy));
            }
            total
        })
    });
    group.finish();
}

fn offer_figures(c: &mut Criterion) {
    let contract_value = Money::from_pounds(Decimal::new(2_500_000, 0));
    let mut group = c.benchmark_group("offer_figures");
    for size in [6, 150] {
        let lines = offer(size);
        group.throughput(Throughput::Elements(size as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size), &lines, |b, lines| {
            b.iter(|| OfferFigures::compute(black_box(lines), contract_value))
        });
    }
    group.finish();
}

/// The builder's whole keystroke work: check every typed box of a 150-line offer (50 measures ×
/// 3 years) and compute its figures, as `check_offer` does in the browser and on the server.
fn check_typed_offer(c: &mut Criterion) {
    use domain::frameworks::{Measure, MeasureKind, StoredMeasure};
    use domain::offers::{check_offer, ItemAnswers, OfferAnswers, OfferTerms};
    let measures: Vec<StoredMeasure> = (0..50i64)
        .map(|i| StoredMeasure {
            id: i,
            measure: Measure {
                code: format!("M{i}"),
                theme: THEMES[i as usize % THEMES.len()].to_owned(),
                outcome: String::new(),
                description: String::new(),
                unit: "units".into(),
                allows_fraction: true,
                kind: MeasureKind::Monetised,
                proxy_value: ProxyValue::parse(Decimal::new(1_825 + i * 4_113, 4)).ok(),
                guidance: String::new(),
                evidence_required: String::new(),
                first_year_only: false,
                community_offer: false,
                adds_to: None,
                applies: true,
            },
        })
        .collect();
    let answers: OfferAnswers = measures
        .iter()
        .map(|m| {
            let quantities = (1..=3u32).map(|y| (y, format!("{}.5", m.id * 7 + i64::from(y)))).collect();
            (m.id, ItemAnswers { quantities, plan: "Plan".into(), response: String::new() })
        })
        .collect();
    let terms = OfferTerms {
        contract_value: Money::from_pounds(Decimal::new(2_500_000, 0)),
        duration_years: 3,
        scoring: calc::ScoringTerms {
            target: calc::SvRatio::from_decimal(Decimal::new(25, 2)),
            sv_weighting: Decimal::new(10, 0),
            quantitative_share: Decimal::new(70, 0),
            rule: calc::ScoringRule::TargetRelative,
        },
    };
    let mut group = c.benchmark_group("check_offer");
    group.throughput(Throughput::Elements(150));
    group.bench_function("150 typed lines", |b| {
        b.iter(|| check_offer(black_box(&terms), &measures, black_box(&answers)))
    });
    group.finish();
}

criterion_group!(benches, line_values, offer_figures, check_typed_offer);
criterion_main!(benches);
