//! What we know about each translation `quran-json` ships (from its README).

use iqrah_quran::TranslationInfo;

/// `(code, language, translator, source)` for each translation of quran-json 3.1.2.
const KNOWN: [(&str, &str, &str, &str); 10] = [
    ("bn", "Bengali", "Muhiuddin Khan", "tanzil.net"),
    ("en", "English", "Saheeh International", "tanzil.net"),
    ("es", "Spanish", "Muhammad Isa García", "tanzil.net"),
    ("fr", "French", "Muhammad Hamidullah", "tanzil.net"),
    (
        "id",
        "Indonesian",
        "Indonesian Islamic Affairs Ministry",
        "quranenc.com (The Noble Qur'an Encyclopedia)",
    ),
    ("ru", "Russian", "Elmir Kuliev", "tanzil.net"),
    ("sv", "Swedish", "Knut Bernström", "tanzil.net"),
    (
        "tr",
        "Turkish",
        "Turkish Directorate of Religious Affairs",
        "tanzil.net",
    ),
    ("ur", "Urdu", "Abul A'la Maududi", "tanzil.net"),
    (
        "zh",
        "Chinese",
        "Muhammad Makin",
        "quranenc.com (The Noble Qur'an Encyclopedia)",
    ),
];

/// The translator and source of a translation shipped by quran-json. A
/// language the package adds later is still imported, credited to the package.
pub fn known_translation_info(code: &str) -> TranslationInfo {
    match KNOWN.iter().find(|(c, ..)| *c == code) {
        Some((code, language, translator, source)) => TranslationInfo {
            language: (*code).to_owned(),
            language_name: (*language).to_owned(),
            translator: (*translator).to_owned(),
            source: (*source).to_owned(),
        },
        None => TranslationInfo {
            language: code.to_owned(),
            language_name: code.to_owned(),
            translator: "unknown".to_owned(),
            source: "quran-json".to_owned(),
        },
    }
}
