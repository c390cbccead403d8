//! Measures framework files: CSV and XLSX, one measure per row, columns matched by header name.
//!
//! Reading checks every row and returns either all the measures or every problem found (line,
//! column, what is wrong, how to fix it), so that nothing is imported from a file with faults.
//! Writing produces files that read back to identical measures.

use std::collections::HashMap;
use std::io::Cursor;

use serde::{Deserialize, Serialize};

use domain::form::FileProblem;
use domain::frameworks::{check_measures, Measure, MeasureAnswers, MeasureField};

/// Far more rows than any framework has; keeps a hostile file from costing much.
pub const MAX_ROWS: usize = 2_000;
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    /// Told by the content, not the name: an XLSX file is a zip archive.
    pub fn detect(bytes: &[u8]) -> FileFormat {
        if bytes.starts_with(b"PK\x03\x04") {
            FileFormat::Xlsx
        } else {
            FileFormat::Csv
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FileFormat::Csv => "text/csv; charset=utf-8",
            FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// A row of cells as text, with its line number in the file.
struct Row {
    line: usize,
    cells: Vec<String>,
}

/// Reads every measure of the file, or reports every problem in it.
pub fn read_measures(bytes: &[u8]) -> Result<Vec<Measure>, Vec<FileProblem>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(vec![FileProblem::whole_file(
            "The file is larger than 5 MB",
            "Remove anything but the measures, or split the file",
        )]);
    }
    let rows = match FileFormat::detect(bytes) {
        FileFormat::Csv => read_csv_rows(bytes),
        FileFormat::Xlsx => read_xlsx_rows(bytes),
    }
    .map_err(|problem| vec![problem])?;
    measures_from_rows(rows)
}

fn measures_from_rows(rows: Vec<Row>) -> Result<Vec<Measure>, Vec<FileProblem>> {
    let mut rows = rows.into_iter().filter(|row| row.cells.iter().any(|c| !c.trim().is_empty()));
    let Some(header) = rows.next() else {
        return Err(vec![FileProblem::whole_file(
            "The file is empty",
            "Put the column headers on the first line and one measure on each line below",
        )]);
    };
    let columns = match_columns(&header)?;
    let mut problems = Vec::new();
    let mut measures = Vec::new();
    let mut lines = Vec::new();
    for (count, row) in rows.enumerate() {
        if count == MAX_ROWS {
            problems.push(FileProblem::whole_file(
                format!("The file has more than {} measures", calc::group_thousands(&MAX_ROWS.to_string())),
                "Split the file, or remove rows that are not measures",
            ));
            break;
        }
        let mut answers = MeasureAnswers::default();
        for (&field, &index) in &columns {
            answers.set(field, row.cells.get(index).map(|c| unescape_cell(c)).unwrap_or_default());
        }
        match Measure::parse(&answers) {
            Ok(measure) => {
                measures.push(measure);
                lines.push(row.line);
            }
            Err(faults) => problems.extend(faults.into_iter().map(|fault| FileProblem {
                line: Some(row.line),
                column: Some(fault.field.header().to_owned()),
                problem: fault.message,
                how_to_fix: fault.field.how_to_fix().to_owned(),
            })),
        }
    }
    problems.extend(check_measures(&measures).into_iter().map(|fault| FileProblem {
        line: Some(lines[fault.measure]),
        column: Some(fault.field.header().to_owned()),
        problem: fault.message,
        how_to_fix: fault.field.how_to_fix().to_owned(),
    }));
    if measures.is_empty() && problems.is_empty() {
        problems.push(FileProblem::whole_file("The file has headers but no measures", "Add one measure on each line"));
    }
    problems.sort_by_key(|p| p.line.unwrap_or(0));
    if problems.is_empty() {
        Ok(measures)
    } else {
        Err(problems)
    }
}

/// Finds each field's column by its header; every required column must be there, once.
fn match_columns(header: &Row) -> Result<HashMap<MeasureField, usize>, Vec<FileProblem>> {
    let mut columns = HashMap::new();
    let mut problems = Vec::new();
    for (index, name) in header.cells.iter().enumerate() {
        if let Some(field) = MeasureField::from_header(name) {
            if columns.insert(field, index).is_some() {
                problems.push(FileProblem {
                    line: Some(header.line),
                    column: Some(field.header().to_owned()),
                    problem: format!("There are two columns headed \"{}\"", field.header()),
                    how_to_fix: "Keep one of them".into(),
                });
            }
        }
    }
    for field in MeasureField::ALL.into_iter().filter(|f| f.is_required_column()) {
        if !columns.contains_key(&field) {
            problems.push(FileProblem {
                line: Some(header.line),
                column: Some(field.header().to_owned()),
                problem: format!("There is no column headed \"{}\"", field.header()),
                how_to_fix: format!("Add a column headed \"{}\" on the first line", field.header()),
            });
        }
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(problems)
    }
}

fn read_csv_rows(bytes: &[u8]) -> Result<Vec<Row>, FileProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if std::str::from_utf8(bytes).is_err() {
        return Err(FileProblem::whole_file(
            "The file is not a CSV file in UTF-8, or not a CSV or XLSX file at all",
            "In your spreadsheet, save it as \"CSV UTF-8\" or as an Excel workbook (.xlsx)",
        ));
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(rows.len() + 1, |p| p.line() as usize);
                rows.push(Row { line, cells: record.iter().map(str::to_owned).collect() });
            }
            Err(error) => {
                let line = error.position().map(|p| p.line() as usize);
                return Err(FileProblem {
                    line,
                    column: None,
                    problem: "This line could not be read as CSV".into(),
                    how_to_fix: "Check the quotation marks on this line: a quoted cell must end with a quote".into(),
                });
            }
        }
        if rows.len() > MAX_ROWS + 1 {
            break;
        }
    }
    Ok(rows)
}

fn unreadable_workbook() -> FileProblem {
    FileProblem::whole_file(
        "The file could not be opened as an Excel workbook",
        "Save it again from your spreadsheet as an Excel workbook (.xlsx) or as CSV UTF-8",
    )
}

/// calamine can panic on some damaged workbooks (an overflowing cell reference, found by the
/// fuzz test below): such a file is unreadable, not a crash.
fn read_xlsx_rows(bytes: &[u8]) -> Result<Vec<Row>, FileProblem> {
    // A zip bomb is refused before calamine inflates anything.
    use crate::zip_package::{check_package, PackageProblem};
    match check_package(bytes) {
        Ok(()) => {}
        Err(PackageProblem::Damaged) => return Err(unreadable_workbook()),
        Err(problem) => {
            return Err(FileProblem::whole_file(
                format!("The file cannot be imported because {problem}"),
                "Save it again from your spreadsheet as an Excel workbook (.xlsx) or as CSV UTF-8",
            ))
        }
    }
    std::panic::catch_unwind(|| read_xlsx_rows_unguarded(bytes)).unwrap_or_else(|_| Err(unreadable_workbook()))
}

fn read_xlsx_rows_unguarded(bytes: &[u8]) -> Result<Vec<Row>, FileProblem> {
    use calamine::{Data, Reader, Xlsx};
    let unreadable = unreadable_workbook;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let range = match workbook.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(_)) => return Err(unreadable()),
        None => {
            return Err(FileProblem::whole_file("The workbook has no sheets", "Put the measures on the first sheet"))
        }
    };
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_column = range.start().map_or(0, |(_, column)| column as usize);
    let mut rows = Vec::new();
    for (offset, cells) in range.rows().enumerate().take(MAX_ROWS + 2) {
        let mut texts = vec![String::new(); first_column];
        for cell in cells {
            texts.push(match cell {
                Data::Empty => String::new(),
                Data::String(text) => text.clone(),
                Data::Int(number) => number.to_string(),
                // Excel keeps numbers as binary floating point; the shortest text that reads back
                // as the same number is what the person typed (e.g. 0.241, not 0.24099999).
                Data::Float(number) => number.to_string(),
                Data::Bool(flag) => if *flag { "yes" } else { "no" }.to_owned(),
                Data::DateTime(date) => date.to_string(),
                Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
                Data::Error(error) => format!("#{error:?}"),
            });
        }
        rows.push(Row { line: first_row + offset + 1, cells: texts });
    }
    Ok(rows)
}

/// Spreadsheets run a cell that starts with = + - or @ as a formula; exported text is kept
/// inert with a leading apostrophe, which reading takes off again.
fn escape_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn unescape_cell(text: &str) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_owned(),
        _ => text.to_owned(),
    }
}

/// The measures as CSV (UTF-8 with a byte order mark, so that Excel shows "£" correctly).
pub fn write_csv(measures: &[Measure]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let header: Vec<&str> = MeasureField::ALL.iter().map(|f| f.header()).collect();
    // Writing into memory cannot fail.
    let _ = writer.write_record(&header);
    for measure in measures {
        let answers = measure.to_answers();
        let _ = writer.write_record(MeasureField::ALL.iter().map(|&f| escape_cell(answers.get(f))));
    }
    writer.into_inner().unwrap_or_default()
}

/// The measures as an Excel workbook: one sheet, bold frozen headers, a filter, numbers as numbers.
pub fn write_xlsx(measures: &[Measure]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_decimal::prelude::ToPrimitive;
    use rust_xlsxwriter::{Format, Workbook};

    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let pounds = Format::new().set_num_format("#,##0.00##");
    let wrapped = Format::new().set_text_wrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Measures")?;
    for (column, field) in MeasureField::ALL.iter().enumerate() {
        let column = column as u16;
        sheet.write_string_with_format(0, column, field.header(), &bold)?;
        let width = match field {
            MeasureField::Description | MeasureField::Guidance | MeasureField::EvidenceRequired => 50.0,
            MeasureField::Theme | MeasureField::Outcome | MeasureField::Unit => 24.0,
            _ => 14.0,
        };
        sheet.set_column_width(column, width)?;
    }
    for (index, measure) in measures.iter().enumerate() {
        let row = index as u32 + 1;
        let answers = measure.to_answers();
        for (column, &field) in MeasureField::ALL.iter().enumerate() {
            let column = column as u16;
            match (field, measure.proxy_value) {
                (MeasureField::ProxyValue, Some(value)) => {
                    // Excel has only binary floating-point numbers; every proxy value (at most
                    // 4 decimal places, below £1bn) reads back exactly through its shortest text.
                    sheet.write_number_with_format(row, column, value.per_unit().to_f64().unwrap_or(0.0), &pounds)?;
                }
                (MeasureField::Guidance | MeasureField::EvidenceRequired, _) => {
                    sheet.write_string_with_format(row, column, answers.get(field), &wrapped)?;
                }
                _ => {
                    sheet.write_string(row, column, answers.get(field))?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, measures.len() as u32, MeasureField::ALL.len() as u16 - 1)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::demo::DEMO_FRAMEWORK_CSV as DEMO;

    #[test]
    fn the_demo_framework_reads_cleanly() {
        let measures = read_measures(DEMO.as_bytes()).unwrap();
        assert!((28..=32).contains(&measures.len()), "{}", measures.len());
    }

    #[test]
    fn csv_and_xlsx_round_trip_to_identical_measures() {
        let measures = read_measures(DEMO.as_bytes()).unwrap();
        assert_eq!(read_measures(&write_csv(&measures)).unwrap(), measures);
        let xlsx = write_xlsx(&measures).unwrap();
        assert_eq!(FileFormat::detect(&xlsx), FileFormat::Xlsx);
        assert_eq!(read_measures(&xlsx).unwrap(), measures);
    }

    #[test]
    fn formula_like_text_is_kept_inert_and_read_back() {
        let mut measures = read_measures(DEMO.as_bytes()).unwrap();
        measures[0].guidance = "=HYPERLINK(\"http://example.com\")".into();
        measures[1].description = "- a bullet".into();
        let csv = String::from_utf8(write_csv(&measures)).unwrap();
        assert!(csv.contains("'=HYPERLINK"));
        assert_eq!(read_measures(csv.as_bytes()).unwrap(), measures);
    }

    #[test]
    fn columns_are_matched_by_header_in_any_order() {
        let file =
            "Kind,Unit,Description,Outcome,Theme,Code,Notes\nrecord only,people,Visits,Outcome,Social,SOC-9,ignored\n";
        let measures = read_measures(file.as_bytes()).unwrap();
        assert_eq!(measures[0].code, "SOC-9");
        assert!(measures[0].applies, "an absent applies column means the measure applies");
    }

    #[test]
    fn missing_columns_and_bad_encodings_are_explained() {
        let problems = read_measures(b"code,theme\nA,Jobs\n").unwrap_err();
        let missing: Vec<_> = problems.iter().filter_map(|p| p.column.clone()).collect();
        assert_eq!(missing, vec!["outcome", "description", "unit", "kind"]);
        let latin1 = b"code,theme,outcome,description,unit,kind\nA,Jobs,x,\xA3 spent,u,monetised\n";
        assert!(read_measures(latin1).unwrap_err()[0].problem.contains("UTF-8"));
        assert_eq!(read_measures(b"").unwrap_err()[0].problem, "The file is empty");
        assert!(read_measures(b"PK\x03\x04 not really a zip").unwrap_err()[0].problem.contains("Excel workbook"));
    }

    #[test]
    fn refuses_a_workbook_that_would_unpack_to_far_more_than_it_holds() {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        writer.start_file("xl/worksheets/sheet1.xml", zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(&vec![b' '; 4 * 1024 * 1024]).unwrap();
        let bomb = writer.finish().unwrap().into_inner();
        let problems = read_measures(&bomb).unwrap_err();
        assert_eq!(
            problems[0].problem,
            "The file cannot be imported because one of its parts is compressed more than 100 to 1"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

        /// Fuzzing the entry point with arbitrary bytes: an answer, never a panic.
        #[test]
        fn any_bytes_get_an_answer(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = read_measures(&bytes);
            let mut zip_like = b"PK\x03\x04".to_vec();
            zip_like.extend_from_slice(&bytes);
            let _ = read_measures(&zip_like);
        }

        /// Excel keeps a proxy value as a binary float; its shortest text reads back exactly for
        /// every value a proxy value may take (up to £1bn, at most 4 decimal places).
        #[test]
        fn every_proxy_value_survives_excel(units in 1i64..=10_000_000_000_000i64) {
            use rust_decimal::prelude::ToPrimitive;
            let value = calc::ProxyValue::parse(rust_decimal::Decimal::new(units, 4)).unwrap();
            let through_excel = value.per_unit().to_f64().unwrap().to_string();
            prop_assert_eq!(calc::ProxyValue::parse_typed(&through_excel).unwrap(), value);
        }

        /// Arbitrary text shaped like CSV, with quotes, commas and line breaks.
        #[test]
        fn any_csv_text_gets_an_answer(text in "(code,theme,outcome,description,unit,kind\n)?[a-z0-9,\"\n £'=-]{0,400}") {
            let _ = read_measures(text.as_bytes());
        }
    }

    /// Damaged workbooks: a real export with bytes changed or cut short.
    #[test]
    fn damaged_workbooks_get_an_answer() {
        let xlsx = write_xlsx(&read_measures(DEMO.as_bytes()).unwrap()[..3]).unwrap();
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 1_000, ..Default::default() });
        runner
            .run(&(0..xlsx.len(), any::<u8>(), 0..xlsx.len()), |(at, byte, cut)| {
                let mut damaged = xlsx.clone();
                damaged[at] = byte;
                let _ = read_measures(&damaged);
                let _ = read_measures(&xlsx[..cut.max(4)]);
                Ok(())
            })
            .unwrap();
    }
}
