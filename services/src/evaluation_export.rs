//! The evaluation export for the procurement file: one table, a row per offer score, line,
//! mark and moderated mark, as CSV or as an Excel workbook.

use rust_decimal::prelude::ToPrimitive;

use crate::evaluation::ExportRow;
use crate::framework_files::FileFormat;

pub const HEADERS: [&str; 20] = [
    "Record",
    "Supplier",
    "Offer reference",
    "Rank",
    "Measure",
    "Description or question",
    "Contract year",
    "Quantity",
    "Unit",
    "Proxy value (£)",
    "Value (£)",
    "Ratio (£ per £1)",
    "Counts",
    "Exclusion reason",
    "Exclusion comment",
    "Marker or moderator",
    "Mark",
    "Delivery plan, justification or note",
    "Score",
    "Formula",
];

/// A cell: text, or a number (kept as exact decimal text in CSV).
enum Cell {
    Text(String),
    Number(rust_decimal::Decimal),
}

fn cells(row: &ExportRow) -> [Cell; 20] {
    let text = |s: &str| Cell::Text(s.to_owned());
    let number = |n: Option<rust_decimal::Decimal>| n.map_or(Cell::Text(String::new()), Cell::Number);
    [
        text(&row.record),
        text(&row.supplier),
        text(&row.offer_reference),
        number(row.rank.map(rust_decimal::Decimal::from)),
        text(&row.measure),
        text(&row.description),
        number(row.year.map(rust_decimal::Decimal::from)),
        number(row.quantity),
        text(&row.unit),
        number(row.proxy_value),
        number(row.value.map(|v| v.pounds())),
        number(row.ratio),
        text(match row.counts {
            Some(true) => "Yes",
            Some(false) => "No",
            None => "",
        }),
        text(&row.exclusion_reason),
        text(&row.exclusion_comment),
        text(&row.evaluator),
        number(row.mark.map(rust_decimal::Decimal::from)),
        text(&row.text),
        number(row.score),
        text(&row.formula),
    ]
}

pub fn file_name(reference: &str, format: FileFormat) -> String {
    let slug: String =
        reference.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    format!("evaluation-{slug}.{}", format.extension())
}

pub fn write(rows: &[ExportRow], format: FileFormat) -> anyhow::Result<Vec<u8>> {
    match format {
        FileFormat::Csv => write_csv(rows),
        FileFormat::Xlsx => write_xlsx(rows).map_err(|e| anyhow::anyhow!("xlsx: {e}")),
    }
}

/// A cell a spreadsheet would run as a formula (=, +, -, @) is written with a leading
/// apostrophe, so that text a supplier typed cannot become a formula.
fn safe_text(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn write_csv(rows: &[ExportRow]) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(HEADERS)?;
    for row in rows {
        writer.write_record(cells(row).iter().map(|cell| match cell {
            Cell::Text(text) => safe_text(text),
            Cell::Number(number) => number.normalize().to_string(),
        }))?;
    }
    Ok(writer.into_inner().map_err(|e| anyhow::anyhow!("csv: {e}"))?)
}

fn write_xlsx(rows: &[ExportRow]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};

    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Evaluation")?;
    for (column, header) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *header, &bold)?;
        let width = match column {
            5 | 17 | 19 => 50.0,
            1 | 13 | 14 | 15 => 24.0,
            _ => 12.0,
        };
        sheet.set_column_width(column as u16, width)?;
    }
    for (index, row) in rows.iter().enumerate() {
        let at = index as u32 + 1;
        for (column, cell) in cells(row).into_iter().enumerate() {
            let column = column as u16;
            match cell {
                // Excel has only binary floating-point numbers: the exact figures are in the CSV
                // and in the formulas' text.
                Cell::Number(number) => sheet.write_number(at, column, number.to_f64().unwrap_or(0.0))?,
                Cell::Text(text) => sheet.write_string(at, column, safe_text(&text))?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, HEADERS.len() as u16 - 1)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_would_run_as_a_formula_is_kept_as_text() {
        let row = ExportRow { record: "Line".into(), text: "=HYPERLINK(\"x\")".into(), ..Default::default() };
        let csv = String::from_utf8(write_csv(&[row]).unwrap()).unwrap();
        assert!(csv.contains("'=HYPERLINK"), "{csv}");
        assert!(csv.starts_with("Record,Supplier,"));
    }
}
