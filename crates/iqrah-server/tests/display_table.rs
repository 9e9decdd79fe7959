//! The web client draws verse text through `assets/display.js`; its table
//! must be the Rust one (`iqrah_quran::display::OPEN_TANWEEN`).

use iqrah_quran::display::OPEN_TANWEEN;

/// The `['\uXXXX', '\uYYYY']` pairs of the `OPEN_TANWEEN` map in display.js.
fn js_table(source: &str) -> Vec<(char, char)> {
    let start = source
        .find("export const OPEN_TANWEEN = new Map([")
        .expect("the table in display.js");
    let body = &source[start..];
    let body = &body[..body.find("]);").expect("the end of the table")];
    let escape = |s: &str| -> char {
        let hex = s
            .trim()
            .trim_matches('\'')
            .strip_prefix("\\u")
            .expect("a \\uXXXX escape");
        char::from_u32(u32::from_str_radix(hex, 16).expect("hex")).expect("a code point")
    };
    body.lines()
        .filter_map(|line| {
            let pair = line.trim().strip_prefix('[')?;
            let pair = &pair[..pair.find(']')?];
            let (from, to) = pair.split_once(',')?;
            Some((escape(from), escape(to)))
        })
        .collect()
}

#[test]
fn the_client_maps_the_same_code_points_as_the_server() {
    let source = include_str!("../assets/display.js");
    assert_eq!(js_table(source), OPEN_TANWEEN.to_vec());
}
