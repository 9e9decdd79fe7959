//! Static assets: the stylesheet and client modules compiled into the
//! binary, and the fonts read once at start-up from the pinned npm packages
//! (nothing is fetched at run time).
//!
//! [`FONT_FAMILIES`] names every served family; [`TEXT_FONTS`] says which
//! family draws which language. `/assets/fonts.css` is generated from both:
//! one `@font-face` per served file, with the `unicode-range` of its
//! fontsource subset (from the package's `unicode.json`), then one
//! `font-family` rule per language. The coverage test reads the same tables.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;

/// The stylesheet of every page.
const APP_CSS: &str = include_str!("../assets/app.css");
/// The Progress, page-by-page and placement pages' own styles (charts,
/// the mushaf map, the placement list), kept off the other pages.
const PROGRESS_CSS: &str = include_str!("../assets/progress.css");
/// The session state machine (no DOM), also run by `node --test`.
const SESSION_JS: &str = include_str!("../assets/session.js");
/// The session page: renders exercises and drives `session.js`.
const APP_JS: &str = include_str!("../assets/app.js");
/// The passage screen: collects a recited passage's marks and draws the
/// result (no DOM of its own: `app.js` passes its helpers in).
const PASSAGE_JS: &str = include_str!("../assets/passage.js");
/// The display mapping of the verse text (the client's copy of
/// `iqrah_quran::display`).
const DISPLAY_JS: &str = include_str!("../assets/display.js");

/// The app's icon (an open book), for the browser's tab and bookmarks.
const ICON_SVG: &str = include_str!("../assets/icon.svg");
/// Registers the service worker (`crate::installable`) on every page.
const INSTALL_JS: &str = include_str!("../assets/install.js");

/// Every static text asset: its path, content type and body. The routes
/// serve them and the service worker keeps them (`crate::installable`).
pub(crate) const TEXT_ASSETS: [(&str, &str, &str); 8] = [
    ("/assets/app.css", "text/css; charset=utf-8", APP_CSS),
    (
        "/assets/progress.css",
        "text/css; charset=utf-8",
        PROGRESS_CSS,
    ),
    (
        "/assets/session.js",
        "text/javascript; charset=utf-8",
        SESSION_JS,
    ),
    ("/assets/app.js", "text/javascript; charset=utf-8", APP_JS),
    (
        "/assets/passage.js",
        "text/javascript; charset=utf-8",
        PASSAGE_JS,
    ),
    (
        "/assets/display.js",
        "text/javascript; charset=utf-8",
        DISPLAY_JS,
    ),
    (
        "/assets/install.js",
        "text/javascript; charset=utf-8",
        INSTALL_JS,
    ),
    ("/assets/icon.svg", "image/svg+xml", ICON_SVG),
];

/// The app's icon drawn at 192 and 512 pixels (from `icon.svg`), for the
/// web app manifest: what a phone's home screen shows.
pub(crate) const ICON_PNGS: [(&str, &[u8]); 2] = [
    (
        "/assets/icon-192.png",
        include_bytes!("../assets/icon-192.png"),
    ),
    (
        "/assets/icon-512.png",
        include_bytes!("../assets/icon-512.png"),
    ),
];

/// Where the fontsource packages live relative to an Iqrah checkout.
const FONTSOURCE_DIR: &str = "data/node_modules/@fontsource";

/// The weight and style served: fontsource names its files
/// `{package}-{subset}-400-normal.woff2`.
const FILE_SUFFIX: &str = "-400-normal.woff2";

/// One font family served from a fontsource npm package, every subset of its
/// regular (400, normal) style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FontFamily {
    /// The CSS family name.
    pub family: &'static str,
    /// The package's directory under `data/node_modules/@fontsource`.
    pub package: &'static str,
    /// Whether its `@font-face` rules have a stylesheet of their own,
    /// `/assets/fonts/{package}.css`, linked only by the pages that show its
    /// language, rather than being in `/assets/fonts.css` (Noto Sans SC's 101
    /// subsets take 90 KB of `unicode-range`).
    pub own_stylesheet: bool,
}

/// Every font family the app serves.
pub const FONT_FAMILIES: &[FontFamily] = &[
    FontFamily {
        family: "Amiri Quran",
        package: "amiri-quran",
        own_stylesheet: false,
    },
    FontFamily {
        family: "Noto Nastaliq Urdu",
        package: "noto-nastaliq-urdu",
        own_stylesheet: false,
    },
    FontFamily {
        family: "Noto Sans Bengali",
        package: "noto-sans-bengali",
        own_stylesheet: false,
    },
    FontFamily {
        family: "Noto Sans SC",
        package: "noto-sans-sc",
        own_stylesheet: true,
    },
    FontFamily {
        family: "Noto Sans",
        package: "noto-sans",
        own_stylesheet: false,
    },
];

/// Which families draw the text of some languages, first choice first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextFonts {
    /// Language tags (BCP 47); an element's `lang` matches one as CSS's
    /// `[lang|=…]` does (the tag itself or the tag followed by `-`).
    pub langs: &'static [&'static str],
    /// The family stack, each one of [`FONT_FAMILIES`].
    pub families: &'static [&'static str],
    /// The generic family after the stack.
    pub generic: &'static str,
}

/// The font of each language the app shows, in CSS order (a later rule wins
/// where two match, as `ar-Latn` after `ar`). The rules apply to elements
/// that carry a `lang` attribute, never to the page's root (`<html lang="en">`),
/// so the interface itself keeps the system's font.
pub const TEXT_FONTS: &[TextFonts] = &[
    TextFonts {
        langs: &["ar"],
        families: &["Amiri Quran"],
        generic: "serif",
    },
    TextFonts {
        langs: &["ur"],
        families: &["Noto Nastaliq Urdu"],
        generic: "serif",
    },
    TextFonts {
        langs: &["bn"],
        families: &["Noto Sans Bengali"],
        generic: "sans-serif",
    },
    TextFonts {
        langs: &["zh"],
        families: &["Noto Sans SC"],
        generic: "sans-serif",
    },
    TextFonts {
        langs: &["en", "es", "fr", "id", "ru", "sv", "tr", "ar-Latn"],
        families: &["Noto Sans"],
        generic: "sans-serif",
    },
];

/// The fonts chosen for text in `lang`, as the generated stylesheet picks
/// them (`None`: the page's own font, a system font).
pub fn text_fonts(lang: &str) -> Option<&'static TextFonts> {
    let matches = |tag: &str| {
        lang == tag
            || lang
                .strip_prefix(tag)
                .is_some_and(|rest| rest.starts_with('-'))
    };
    TEXT_FONTS
        .iter()
        .rev()
        .find(|t| t.langs.iter().any(|tag| matches(tag)))
}

/// One font file served under `/assets/fonts/`.
#[derive(Debug, Clone)]
pub struct ServedFont {
    /// Its CSS family name.
    pub family: &'static str,
    /// Its file name (fontsource's), the last part of its URL.
    pub file: String,
    /// The code points the browser may draw with it (`unicode-range`).
    pub unicode_range: Vec<RangeInclusive<u32>>,
    /// The `unicode-range` as written in the package.
    unicode_range_css: String,
    /// The woff2 file.
    pub bytes: Bytes,
}

impl ServedFont {
    /// Whether `c` is inside the file's `unicode-range`.
    pub fn in_range(&self, c: char) -> bool {
        self.unicode_range.iter().any(|r| r.contains(&u32::from(c)))
    }
}

/// Why a font family could not be served.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// A file of the package could not be read.
    #[error("cannot read {path}: {source} (run `npm ci --prefix data`)")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The package's `unicode.json` is not a map of subsets to ranges.
    #[error("{path} is not fontsource's map of subsets to unicode ranges: {detail}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// No checkout with the font packages was found.
    #[error(
        "the fonts are not installed (run `npm ci --prefix data`); pages use the system's fonts"
    )]
    NotInstalled,
}

/// The assets served under `/assets`.
#[derive(Debug, Clone)]
pub struct Assets {
    /// Every font file served, in [`FONT_FAMILIES`] order, then subset order.
    fonts: Arc<Vec<ServedFont>>,
    /// The files by name.
    by_file: Arc<HashMap<String, usize>>,
    /// `/assets/fonts.css`.
    fonts_css: Arc<str>,
    /// The families' own stylesheets by file name (`noto-sans-sc.css`).
    family_css: Arc<HashMap<String, String>>,
    /// The families that could not be loaded, and why.
    problems: Arc<Vec<FontError>>,
}

impl Default for Assets {
    /// No fonts: pages use the system's.
    fn default() -> Self {
        Assets::from_fonts(Vec::new(), Vec::new())
    }
}

impl Assets {
    /// Loads every family of [`FONT_FAMILIES`] from `fontsource_dir` (the
    /// `@fontsource` directory of `node_modules`). A family that cannot be
    /// read is left out and named in [`Assets::problems`]; without the
    /// directory no font is served.
    pub fn load(fontsource_dir: Option<&Path>) -> Self {
        let Some(dir) = fontsource_dir else {
            return Assets::from_fonts(Vec::new(), vec![FontError::NotInstalled]);
        };
        let mut fonts = Vec::new();
        let mut problems = Vec::new();
        for family in FONT_FAMILIES {
            match load_family(dir, family) {
                Ok(files) => fonts.extend(files),
                Err(error) => problems.push(error),
            }
        }
        Assets::from_fonts(fonts, problems)
    }

    fn from_fonts(fonts: Vec<ServedFont>, problems: Vec<FontError>) -> Self {
        let by_file = fonts
            .iter()
            .enumerate()
            .map(|(i, f)| (f.file.clone(), i))
            .collect();
        let common = |f: &&ServedFont| !family_of(f.family).is_some_and(|f| f.own_stylesheet);
        let fonts_css: Arc<str> = stylesheet(fonts.iter().filter(common), true).into();
        let family_css = FONT_FAMILIES
            .iter()
            .filter(|f| f.own_stylesheet)
            .map(|family| {
                let faces = fonts.iter().filter(|f| f.family == family.family);
                (format!("{}.css", family.package), stylesheet(faces, false))
            })
            .collect();
        Assets {
            fonts: Arc::new(fonts),
            by_file: Arc::new(by_file),
            fonts_css,
            family_css: Arc::new(family_css),
            problems: Arc::new(problems),
        }
    }

    /// Every font file served.
    pub fn fonts(&self) -> &[ServedFont] {
        &self.fonts
    }

    /// The families that could not be loaded, and why.
    pub fn problems(&self) -> &[FontError] {
        &self.problems
    }

    /// The generated stylesheet `/assets/fonts.css`.
    pub fn fonts_css(&self) -> &str {
        &self.fonts_css
    }

    /// A family's own stylesheet by file name (`noto-sans-sc.css`).
    pub fn family_css(&self, file: &str) -> Option<&str> {
        self.family_css.get(file).map(String::as_str)
    }

    /// The file that draws `c` in text of `lang`, as the browser chooses it:
    /// the first served file of the language's family stack whose
    /// `unicode-range` holds `c` (`None`: none does, the system draws it).
    pub fn font_for(&self, lang: &str, c: char) -> Option<&ServedFont> {
        let stack = text_fonts(lang)?;
        stack.families.iter().find_map(|family| {
            self.fonts
                .iter()
                .find(|f| f.family == *family && f.in_range(c))
        })
    }
}

/// Reads one family's subsets and files.
fn load_family(dir: &Path, family: &FontFamily) -> Result<Vec<ServedFont>, FontError> {
    let package = dir.join(family.package);
    let map_path = package.join("unicode.json");
    let read = |path: &Path| {
        std::fs::read(path).map_err(|source| FontError::Read {
            path: path.to_owned(),
            source,
        })
    };
    let malformed = |detail: String| FontError::Malformed {
        path: map_path.clone(),
        detail,
    };
    let subsets: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&read(&map_path)?).map_err(|e| malformed(e.to_string()))?;
    let mut files = Vec::with_capacity(subsets.len());
    for (subset, range) in &subsets {
        let range = range
            .as_str()
            .ok_or_else(|| malformed(format!("the range of {subset} is not a string")))?;
        let unicode_range =
            parse_unicode_range(range).map_err(|e| malformed(format!("{subset}: {e}")))?;
        // Numbered subsets ("[4]") are files without the brackets.
        let name: String = subset.chars().filter(|c| !matches!(c, '[' | ']')).collect();
        let file = format!("{}-{name}{FILE_SUFFIX}", family.package);
        let bytes = read(&package.join("files").join(&file))?;
        files.push(ServedFont {
            family: family.family,
            file,
            unicode_range,
            unicode_range_css: range.to_owned(),
            bytes: Bytes::from(bytes),
        });
    }
    Ok(files)
}

/// Parses a CSS `unicode-range` list such as `U+0000-00FF,U+0131`.
fn parse_unicode_range(list: &str) -> Result<Vec<RangeInclusive<u32>>, String> {
    let hex = |s: &str| u32::from_str_radix(s, 16).map_err(|_| format!("{s:?} is not hexadecimal"));
    list.split(',')
        .map(|item| {
            let item = item.trim();
            let body = item
                .strip_prefix("U+")
                .or_else(|| item.strip_prefix("u+"))
                .ok_or_else(|| format!("{item:?} does not start with U+"))?;
            match body.split_once('-') {
                Some((from, to)) => Ok(hex(from)?..=hex(to)?),
                None => hex(body).map(|c| c..=c),
            }
        })
        .collect()
}

/// The family named `name` in [`FONT_FAMILIES`].
fn family_of(name: &str) -> Option<&'static FontFamily> {
    FONT_FAMILIES.iter().find(|f| f.family == name)
}

/// The stylesheet a page must link, beside `/assets/fonts.css`, to show text
/// in `lang`: the own stylesheet of a family in the language's stack.
pub fn stylesheet_for(lang: &str) -> Option<String> {
    let stack = text_fonts(lang)?;
    stack
        .families
        .iter()
        .filter_map(|name| family_of(name))
        .find(|f| f.own_stylesheet)
        .map(|f| format!("/assets/fonts/{}.css", f.package))
}

/// A generated stylesheet: one `@font-face` per file, then, with
/// `language_rules`, the rules of [`TEXT_FONTS`].
fn stylesheet<'a>(fonts: impl Iterator<Item = &'a ServedFont>, language_rules: bool) -> String {
    let mut css = String::from("/* Generated by iqrah-server from its font tables. */\n");
    for font in fonts {
        let _ = writeln!(
            css,
            "@font-face {{ font-family: \"{}\"; font-style: normal; font-weight: 400; font-display: swap; \
             src: url(/assets/fonts/{}) format(\"woff2\"); unicode-range: {}; }}",
            font.family, font.file, font.unicode_range_css
        );
    }
    for text in TEXT_FONTS.iter().filter(|_| language_rules) {
        let selectors: Vec<String> = text
            .langs
            .iter()
            .map(|l| format!("[lang|=\"{l}\"]:not(html)"))
            .collect();
        let families: Vec<String> = text.families.iter().map(|f| format!("\"{f}\"")).collect();
        let _ = writeln!(
            css,
            "{} {{ font-family: {}, {}; }}",
            selectors.join(", "),
            families.join(", "),
            text.generic
        );
    }
    css
}

/// Finds the fontsource packages in the installed npm packages, where the
/// content package is found (`iqrah_content::locate_in_checkout`).
pub fn locate_fonts() -> Option<PathBuf> {
    iqrah_content::locate_in_checkout(FONTSOURCE_DIR, Path::is_dir).ok()
}

fn text(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

pub(crate) fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for (path, content_type, body) in TEXT_ASSETS {
        router = router.route(path, get(move || async move { text(content_type, body) }));
    }
    for (path, bytes) in ICON_PNGS {
        router = router.route(
            path,
            get(move || async move {
                (
                    [
                        (header::CONTENT_TYPE, "image/png"),
                        (header::CACHE_CONTROL, "no-cache"),
                    ],
                    bytes,
                )
                    .into_response()
            }),
        );
    }
    router
        .route(
            "/assets/fonts.css",
            get(|State(state): State<AppState>| async move {
                (
                    [
                        (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                        (header::CACHE_CONTROL, "no-cache"),
                    ],
                    state.assets.fonts_css().to_owned(),
                )
                    .into_response()
            }),
        )
        .route(
            "/assets/fonts/{file}",
            get(
                |State(state): State<AppState>, UrlPath(file): UrlPath<String>| async move {
                    if let Some(css) = state.assets.family_css(&file) {
                        return (
                            [
                                (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                                (header::CACHE_CONTROL, "no-cache"),
                            ],
                            css.to_owned(),
                        )
                            .into_response();
                    }
                    match state
                        .assets
                        .by_file
                        .get(&file)
                        .and_then(|&i| state.assets.fonts.get(i))
                    {
                        Some(font) => (
                            [
                                (header::CONTENT_TYPE, "font/woff2"),
                                (header::CACHE_CONTROL, "max-age=86400"),
                            ],
                            font.bytes.clone(),
                        )
                            .into_response(),
                        None => StatusCode::NOT_FOUND.into_response(),
                    }
                },
            ),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_ranges_parse_single_points_and_spans() {
        assert_eq!(
            parse_unicode_range("U+0000-00FF,U+0131, U+1f1e9-1f1f5").expect("valid"),
            vec![0..=0xFF, 0x131..=0x131, 0x1F1E9..=0x1F1F5]
        );
        assert!(parse_unicode_range("0600-06FF").is_err());
        assert!(parse_unicode_range("U+06ZZ").is_err());
    }

    #[test]
    fn a_later_rule_wins_and_subtags_match() {
        let family = |lang: &str| text_fonts(lang).map(|t| t.families[0]);
        assert_eq!(family("ar"), Some("Amiri Quran"));
        assert_eq!(family("ar-Latn"), Some("Noto Sans"));
        assert_eq!(family("ur"), Some("Noto Nastaliq Urdu"));
        assert_eq!(family("zh-Hans"), Some("Noto Sans SC"));
        assert_eq!(family("ja"), None);
        assert_eq!(family("arx"), None);
    }

    #[test]
    fn only_chinese_needs_a_stylesheet_of_its_own() {
        assert_eq!(
            stylesheet_for("zh").as_deref(),
            Some("/assets/fonts/noto-sans-sc.css")
        );
        for lang in ["ar", "ur", "bn", "en", "ru", "ar-Latn"] {
            assert_eq!(stylesheet_for(lang), None, "{lang}");
        }
    }

    #[test]
    fn every_family_in_a_stack_is_served() {
        for text in TEXT_FONTS {
            for family in text.families {
                assert!(
                    FONT_FAMILIES.iter().any(|f| f.family == *family),
                    "{family}"
                );
            }
        }
    }

    #[test]
    fn without_fonts_the_stylesheet_still_names_the_families() {
        let assets = Assets::load(None);
        assert!(assets.fonts().is_empty());
        assert!(matches!(assets.problems(), [FontError::NotInstalled]));
        assert!(!assets.fonts_css().contains("@font-face"));
        assert!(
            assets.fonts_css().contains(
                "[lang|=\"ur\"]:not(html) { font-family: \"Noto Nastaliq Urdu\", serif; }"
            )
        );
    }
}
