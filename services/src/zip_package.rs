//! The one check on an Office Open XML package (XLSX, DOCX) before it is kept or read: a zip
//! bomb is refused. The server never inflates evidence, but the officer who opens it does, and
//! the framework import reads workbooks. Pure: no I/O beyond the bytes given.
//!
//! The central directory's declared sizes are read first, which costs nothing; then every part
//! is inflated into nothing, reading at most one byte more than it declares, so a package whose
//! declared sizes are false is refused too. Since the declared total is bounded, so is the work.

use std::io::{Cursor, Read};

/// The most a package may unpack to, all its parts together.
pub const MAX_UNPACKED_BYTES: u64 = 100 * 1000 * 1000;
/// The most any one part may be compressed: uncompressed size ÷ compressed size.
pub const MAX_COMPRESSION_RATIO: u64 = 100;
/// Parts that unpack to no more than this are not held to the ratio: a small part of repeated
/// markup can be compressed that much, and costs nothing to open.
pub const RATIO_APPLIES_ABOVE_BYTES: u64 = 1000 * 1000;

/// Why a package is refused, as the end of a sentence that names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageProblem {
    #[error("it would unpack to more than 100 MB")]
    TooLargeUnpacked,
    #[error("one of its parts is compressed more than 100 to 1")]
    TooCompressed,
    #[error("its parts hold more than their sizes declare")]
    FalseSizes,
    #[error("it is damaged and cannot be opened")]
    Damaged,
}

/// Refuses a package that unpacks to more than `MAX_UNPACKED_BYTES`, has a part over
/// `RATIO_APPLIES_ABOVE_BYTES` compressed more than `MAX_COMPRESSION_RATIO` to 1, declares sizes
/// its parts exceed, or cannot be read.
pub fn check_package(bytes: &[u8]) -> Result<(), PackageProblem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| PackageProblem::Damaged)?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let part = archive.by_index_raw(index).map_err(|_| PackageProblem::Damaged)?;
        let (packed, unpacked) = (part.compressed_size(), part.size());
        total = total.saturating_add(unpacked);
        if total > MAX_UNPACKED_BYTES {
            return Err(PackageProblem::TooLargeUnpacked);
        }
        if unpacked > RATIO_APPLIES_ABOVE_BYTES && unpacked > packed.saturating_mul(MAX_COMPRESSION_RATIO) {
            return Err(PackageProblem::TooCompressed);
        }
    }
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).map_err(|_| PackageProblem::Damaged)?;
        let declared = part.size();
        let mut bounded = (&mut part).take(declared.saturating_add(1));
        let read = std::io::copy(&mut bounded, &mut std::io::sink()).map_err(|_| PackageProblem::Damaged)?;
        if read > declared {
            return Err(PackageProblem::FalseSizes);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;
    use zip::CompressionMethod;

    use super::*;

    /// A package of `parts`, each deflated (or stored).
    fn package(parts: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in parts {
            writer.start_file(*name, SimpleFileOptions::default().compression_method(method)).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0"?><Types/>"#;

    /// Offsets of every occurrence of `signature`.
    fn offsets(bytes: &[u8], signature: &[u8]) -> Vec<usize> {
        (0..bytes.len()).filter(|&at| bytes[at..].starts_with(signature)).collect()
    }

    /// Rewrites the declared uncompressed size of every part, in the local headers and the
    /// central directory alike, as a forger would.
    fn declare_size(mut bytes: Vec<u8>, size: u32) -> Vec<u8> {
        for at in offsets(&bytes, b"PK\x03\x04") {
            bytes[at + 22..at + 26].copy_from_slice(&size.to_le_bytes());
        }
        for at in offsets(&bytes, b"PK\x01\x02") {
            bytes[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
        }
        bytes
    }

    #[test]
    fn accepts_an_ordinary_package() {
        let sheet = "<row><c><v>42</v></c></row>".repeat(200);
        let bytes = package(
            &[("[Content_Types].xml", CONTENT_TYPES), ("xl/worksheets/sheet1.xml", sheet.as_bytes())],
            CompressionMethod::Deflated,
        );
        assert_eq!(check_package(&bytes), Ok(()));
    }

    #[test]
    fn refuses_a_part_compressed_more_than_a_hundred_to_one() {
        let zeros = vec![0u8; 2 * 1024 * 1024];
        let bytes =
            package(&[("[Content_Types].xml", CONTENT_TYPES), ("xl/sheet.xml", &zeros)], CompressionMethod::Deflated);
        assert!(bytes.len() < zeros.len() / 100, "the sample really is that compressed");
        assert_eq!(check_package(&bytes), Err(PackageProblem::TooCompressed));
    }

    #[test]
    fn refuses_a_package_that_unpacks_to_more_than_the_limit() {
        // One part of 1,000,001 bytes declaring exactly 100 times that: within the ratio, over
        // the total (a real one would be larger than any upload may be, so its sizes are forged).
        let bytes = package(&[("xl/sheet.xml", &vec![b'x'; 1_000_001])], CompressionMethod::Stored);
        let forged = declare_size(bytes, 100_000_100);
        assert_eq!(check_package(&forged), Err(PackageProblem::TooLargeUnpacked));
    }

    #[test]
    fn refuses_a_package_whose_parts_hold_more_than_they_declare() {
        let text = "<row><c><v>1</v></c></row>".repeat(50);
        let bytes = package(
            &[("[Content_Types].xml", CONTENT_TYPES), ("xl/sheet.xml", text.as_bytes())],
            CompressionMethod::Stored,
        );
        let forged = declare_size(bytes, 10);
        assert!(check_package(&forged).is_err(), "a part longer than it declares is refused");
    }

    #[test]
    fn a_small_part_may_be_compressed_more() {
        let spaces = vec![b' '; 500 * 1000];
        let bytes =
            package(&[("[Content_Types].xml", CONTENT_TYPES), ("xl/styles.xml", &spaces)], CompressionMethod::Deflated);
        assert_eq!(check_package(&bytes), Ok(()));
    }

    #[test]
    fn refuses_what_is_not_a_zip_package() {
        assert_eq!(check_package(b"PK\x03\x04 not really a zip"), Err(PackageProblem::Damaged));
        assert_eq!(check_package(b""), Err(PackageProblem::Damaged));
    }
}
