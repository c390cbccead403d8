//! The calculation core's speed, natively: line values per second, and the whole figures of a
//! 150-line offer (the size the offer builder must recompute on every keystroke).
//! Run: `cargo bench -p app --bench calc`

use app::calc::{line_value, Money, OfferFigures, OfferLine, ProxyValue, Quantity, QuantityRule};
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

criterion_group!(benches, line_values, offer_figures);
criterion_main!(benches);
