//! Reading the `--now` time: RFC 3339, whole.

/// The most fraction-of-second digits jiff reads; RFC 3339 allows any
/// number, and Iqrah keeps milliseconds.
const MAX_FRACTION_DIGITS: usize = 9;

/// Parses an RFC 3339 date-time (`2026-11-24T06:00:00Z`,
/// `2026-11-24t06:00:00.5+03:00`, `2026-11-24 06:00:00-00:00`, a leap
/// second `…23:59:60Z`) into milliseconds since the Unix epoch.
///
/// RFC 3339 allows a lowercase `t` and `z`, a space between date and time
/// (its §5.6 note), a leap second (read as the second before it, as POSIX
/// time does) and a fraction of any length; jiff reads all of it but a
/// fraction beyond nine digits, which is shortened here (Iqrah keeps
/// milliseconds). Returns why the text is refused otherwise.
pub fn parse_rfc3339_millis(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let (date_time, rest) = split_after_seconds(text).ok_or_else(|| {
        "expected YYYY-MM-DDTHH:MM:SS followed by Z or an offset such as +03:00".to_owned()
    })?;
    let mut fixed = String::with_capacity(text.len());
    fixed.push_str(date_time);
    let rest = match rest.strip_prefix('.') {
        Some(fraction_and_offset) => {
            let digits = fraction_and_offset
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            if digits == 0 {
                return Err("a '.' must be followed by the fraction's digits".to_owned());
            }
            fixed.push('.');
            fixed.push_str(&fraction_and_offset[..digits.min(MAX_FRACTION_DIGITS)]);
            &fraction_and_offset[digits..]
        }
        None => rest,
    };
    if rest.is_empty() {
        return Err("the time zone is missing: end with Z or an offset such as +03:00".to_owned());
    }
    fixed.push_str(rest);
    let timestamp: jiff::Timestamp = fixed.parse().map_err(|e: jiff::Error| e.to_string())?;
    Ok(timestamp.as_millisecond())
}

/// Splits `YYYY-MM-DD?HH:MM:SS` (19 ASCII characters) from what follows.
fn split_after_seconds(text: &str) -> Option<(&str, &str)> {
    let head = text.get(..19)?;
    let bytes = head.as_bytes();
    let shape_ok = bytes.iter().enumerate().all(|(i, b)| match i {
        4 | 7 => *b == b'-',
        10 => matches!(b, b'T' | b't' | b' '),
        13 | 16 => *b == b':',
        _ => b.is_ascii_digit(),
    });
    shape_ok.then(|| (head, &text[19..]))
}

#[cfg(test)]
mod tests {
    use super::parse_rfc3339_millis;

    /// 2026-11-24T06:00:00Z in milliseconds.
    const SIX_AM: i64 = 1_795_500_000_000;

    #[test]
    fn every_rfc_3339_form_is_read() {
        for text in [
            "2026-11-24T06:00:00Z",
            "2026-11-24t06:00:00z",
            "2026-11-24 06:00:00Z",
            "2026-11-24T09:00:00+03:00",
            "2026-11-24T00:30:00-05:30",
            "2026-11-24T06:00:00-00:00",
            "2026-11-24T06:00:00+00:00",
            "  2026-11-24T06:00:00Z\n",
        ] {
            assert_eq!(parse_rfc3339_millis(text), Ok(SIX_AM), "{text}");
        }
        assert_eq!(
            parse_rfc3339_millis("2026-11-24T06:00:00.25Z"),
            Ok(SIX_AM + 250)
        );
        assert_eq!(
            parse_rfc3339_millis("2026-11-24T06:00:00.123456789123Z"),
            Ok(SIX_AM + 123)
        );
        // The leap second at the end of 2016, read as its previous second.
        assert_eq!(
            parse_rfc3339_millis("2016-12-31T23:59:60Z"),
            parse_rfc3339_millis("2016-12-31T23:59:59Z")
        );
    }

    #[test]
    fn other_texts_are_refused_with_a_reason() {
        for text in [
            "",
            "yesterday",
            "2026-11-24",
            "2026-11-24T06:00:00",
            "2026-11-24T06:00Z",
            "2026-11-24T06:00:00.Z",
            "2026-13-24T06:00:00Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T06:00:00+3:00",
            "2026-11-24T06:00:00Z extra",
            "２０２６-11-24T06:00:00Z",
        ] {
            let refused = parse_rfc3339_millis(text);
            assert!(
                refused.as_ref().is_err_and(|r| !r.is_empty()),
                "{text}: {refused:?}"
            );
        }
    }
}
