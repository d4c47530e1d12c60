//! Which character encoding a contact file is in, and its text.
//!
//! Exports from address books come as UTF-8 (with or without a byte-order mark), UTF-16 (Windows
//! tools write it with a BOM), Shift-JIS (Japanese Outlook and Thunderbird) or Windows-1252 (older
//! Western Outlook). The rules, in order: a BOM decides; NUL bytes in every other position mean
//! UTF-16 without a BOM; valid UTF-8 is UTF-8; text that decodes as Shift-JIS without a single error
//! and contains kana is Shift-JIS; anything else is Windows-1252, which accepts every byte. The
//! owner can always name the encoding instead (`--encoding`).

use encoding_rs::{Encoding, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use crate::error::{Error, Result};

/// The encoding named by a label such as `utf-8`, `shift_jis`, `cp1252`, `latin1` or `utf-16`.
pub fn encoding_for_label(label: &str) -> Result<&'static Encoding> {
    let wanted = label.trim().to_ascii_lowercase();
    let wanted = match wanted.as_str() {
        "cp1252" | "windows1252" | "ansi" => "windows-1252",
        "sjis" | "shiftjis" | "cp932" => "shift_jis",
        "utf16" | "utf-16" | "ucs-2" => "utf-16le",
        "utf8" => "utf-8",
        other => other,
    };
    Encoding::for_label(wanted.as_bytes()).ok_or_else(|| {
        Error::invalid(
            "encoding",
            format!(
                "'{label}' is not an encoding this app knows (try utf-8, utf-16, shift_jis or windows-1252)"
            ),
        )
    })
}

/// Guesses the encoding of `bytes` (see the module notes).
pub fn detect(bytes: &[u8]) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    if let Some(utf16) = utf16_without_bom(bytes) {
        return utf16;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    if looks_like_shift_jis(bytes) {
        return SHIFT_JIS;
    }
    WINDOWS_1252
}

/// The text of `bytes` in `forced` (or the detected encoding), without its BOM, and the encoding used.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> (String, &'static Encoding) {
    let encoding = forced.unwrap_or_else(|| detect(bytes));
    // `decode` sniffs and removes a BOM itself (a BOM beats a forced label, as in browsers).
    let (text, used, _) = encoding.decode(bytes);
    (text.into_owned(), used)
}

/// UTF-16 without a BOM: at least a few characters, and a NUL in every second byte of the first ones.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(200) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nuls = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nuls = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    if odd_nuls * 10 >= pairs * 9 && even_nuls == 0 {
        Some(UTF_16LE)
    } else if even_nuls * 10 >= pairs * 9 && odd_nuls == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Shift-JIS that decodes without errors and has kana (Japanese text nearly always has some; a
/// Western Windows-1252 text that happens to decode rarely produces any).
fn looks_like_shift_jis(bytes: &[u8]) -> bool {
    let Some(text) = SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes) else {
        return false;
    };
    text.chars().any(|c| ('\u{3041}'..='\u{30FF}').contains(&c))
}

/// Decodes one value that names its own charset (a vCard `CHARSET=` parameter): the named charset
/// when known, else UTF-8 when the bytes are valid UTF-8, else `fallback`.
pub fn decode_value(bytes: &[u8], charset: Option<&str>, fallback: &'static Encoding) -> String {
    if let Some(encoding) = charset.and_then(|c| Encoding::for_label(c.trim().as_bytes())) {
        if encoding != UTF_8 || std::str::from_utf8(bytes).is_ok() {
            return encoding.decode_without_bom_handling(bytes).0.into_owned();
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => fallback.decode_without_bom_handling(bytes).0.into_owned(),
    }
}
