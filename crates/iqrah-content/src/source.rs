//! Reading the `quran-json` package into the text model.

use std::path::{Path, PathBuf};

use iqrah_quran::{
    Quran, Revelation, Surah, Translation, Verse, VerseKey, hizb_quarter_of, juz_of,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::ImportError;
use crate::languages::known_translation_info;

/// Everything the package holds, validated: the Quran and its translations.
#[derive(Debug, Clone)]
pub struct ContentPackage {
    /// The version of quran-json the content came from, from its package.json.
    pub version: String,
    /// Surahs and verses with words and transliteration.
    pub quran: Quran,
    /// Every translation the package ships, ordered by language code.
    pub translations: Vec<Translation>,
}

/// A surah as quran-json writes it; each file carries the fields of its kind.
#[derive(Deserialize)]
struct SourceSurah {
    id: u32,
    name: String,
    transliteration: String,
    #[serde(default)]
    translation: Option<String>,
    #[serde(rename = "type")]
    revelation: Revelation,
    total_verses: u32,
    verses: Vec<SourceVerse>,
}

/// A verse as quran-json writes it.
#[derive(Deserialize)]
struct SourceVerse {
    id: u32,
    text: String,
    #[serde(default)]
    translation: Option<String>,
    #[serde(default)]
    transliteration: Option<String>,
}

#[derive(Deserialize)]
struct PackageJson {
    version: String,
}

/// The file holding the Arabic text.
const TEXT_FILE: &str = "quran.json";
/// The file holding the English transliteration.
const TRANSLITERATION_FILE: &str = "quran_transliteration.json";
/// The translation giving surahs their English names.
const ENGLISH: &str = "en";

fn read_json<T: DeserializeOwned>(path: &Path) -> Result<T, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ImportError::MissingFile {
            path: path.to_owned(),
        },
        _ => ImportError::Io {
            action: "reading",
            path: path.to_owned(),
            source,
        },
    })?;
    serde_json::from_slice(&bytes).map_err(|e| ImportError::CorruptFile {
        path: path.to_owned(),
        reason: e.to_string(),
    })
}

fn corrupt(path: &Path, reason: String) -> ImportError {
    ImportError::CorruptFile {
        path: path.to_owned(),
        reason,
    }
}

/// Checks that a file lists exactly the Quran's verses, in order, and returns
/// them flattened in mushaf order with their keys.
fn flatten(
    path: &Path,
    surahs: Vec<SourceSurah>,
) -> Result<Vec<(VerseKey, SourceVerse)>, ImportError> {
    let mut flat = Vec::with_capacity(usize::from(iqrah_quran::facts::VERSE_COUNT));
    let surah_count = surahs.len();
    for (position, surah) in surahs.into_iter().enumerate() {
        if surah.id as usize != position + 1 {
            return Err(corrupt(
                path,
                format!("surah {} found at position {}", surah.id, position + 1),
            ));
        }
        for (ayah_position, verse) in surah.verses.into_iter().enumerate() {
            let key =
                VerseKey::new(surah.id, verse.id).map_err(|e| corrupt(path, e.to_string()))?;
            if usize::from(key.ayah()) != ayah_position + 1 {
                return Err(corrupt(
                    path,
                    format!("verse {key} found at position {}", ayah_position + 1),
                ));
            }
            flat.push((key, verse));
        }
    }
    if flat.len() != usize::from(iqrah_quran::facts::VERSE_COUNT) {
        return Err(corrupt(
            path,
            format!(
                "{} verses in {surah_count} surahs, expected 6236 in 114",
                flat.len()
            ),
        ));
    }
    Ok(flat)
}

/// The translation files of the package, as `(language code, path)` sorted by code.
fn translation_files(dist: &Path) -> Result<Vec<(String, PathBuf)>, ImportError> {
    let entries = std::fs::read_dir(dist).map_err(|source| ImportError::Io {
        action: "listing",
        path: dist.to_owned(),
        source,
    })?;
    let mut files: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let code = name.strip_prefix("quran_")?.strip_suffix(".json")?;
            let is_language =
                (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
            is_language.then(|| (code.to_owned(), entry.path()))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Reads and validates the package at `dir` (its root, or its `dist` folder).
///
/// Fails with a typed error naming the file when a file is missing, is not
/// the expected JSON, or does not hold exactly the Quran's 6,236 verses.
pub fn read_package(dir: &Path) -> Result<ContentPackage, ImportError> {
    let (root, dist) = if dir.join("dist").join(TEXT_FILE).is_file() {
        (dir.to_owned(), dir.join("dist"))
    } else if dir.join(TEXT_FILE).is_file() {
        (dir.parent().unwrap_or(dir).to_owned(), dir.to_owned())
    } else {
        return Err(ImportError::PackageNotFound {
            dir: dir.to_owned(),
        });
    };
    let version = match read_json::<PackageJson>(&root.join("package.json")) {
        Ok(package) => package.version,
        Err(ImportError::MissingFile { .. }) => "unknown".to_owned(),
        Err(other) => return Err(other),
    };
    let languages = translation_files(&dist)?;
    if !languages.iter().any(|(code, _)| code == ENGLISH) {
        return Err(ImportError::MissingFile {
            path: dist.join("quran_en.json"),
        });
    }

    // Parse every file on its own thread: the JSON is about 30 MB in all.
    let text_path = dist.join(TEXT_FILE);
    let transliteration_path = dist.join(TRANSLITERATION_FILE);
    let (text, transliteration, translations) = std::thread::scope(|scope| {
        let text = scope.spawn(|| read_json::<Vec<SourceSurah>>(&text_path));
        let transliteration = scope.spawn(|| read_json::<Vec<SourceSurah>>(&transliteration_path));
        let translations: Vec<_> = languages
            .iter()
            .map(|(code, path)| {
                (
                    code,
                    path,
                    scope.spawn(move || read_json::<Vec<SourceSurah>>(path)),
                )
            })
            .collect();
        let join =
            |handle: std::thread::ScopedJoinHandle<'_, Result<Vec<SourceSurah>, ImportError>>,
             path: &Path| {
                handle
                    .join()
                    .unwrap_or_else(|_| Err(corrupt(path, "the JSON parser failed".to_owned())))
            };
        let translations: Vec<_> = translations
            .into_iter()
            .map(|(code, path, handle)| (code.clone(), path.clone(), join(handle, path)))
            .collect();
        (
            join(text, &text_path),
            join(transliteration, &transliteration_path),
            translations,
        )
    });
    let text = text?;

    let english_names: Vec<String> = {
        let (_, path, english) = translations
            .iter()
            .find(|(code, ..)| code == ENGLISH)
            .ok_or_else(|| ImportError::MissingFile {
                path: dist.join("quran_en.json"),
            })?;
        let english = english.as_ref().map_err(|e| corrupt(path, e.to_string()))?;
        english
            .iter()
            .map(|s| s.translation.clone().unwrap_or_default())
            .collect()
    };
    let surahs: Vec<Surah> = text
        .iter()
        .enumerate()
        .map(|(i, s)| Surah {
            number: u8::try_from(s.id).unwrap_or(0),
            name_arabic: s.name.clone(),
            name_transliterated: s.transliteration.clone(),
            name_english: english_names.get(i).cloned().unwrap_or_default(),
            revelation: s.revelation,
            verse_count: u16::try_from(s.total_verses).unwrap_or(0),
        })
        .collect();

    let transliterations = flatten(&transliteration_path, transliteration?)?;
    let verses: Vec<Verse> = flatten(&text_path, text)?
        .into_iter()
        .zip(transliterations)
        .map(|((key, verse), (_, transliterated))| Verse {
            key,
            words: Verse::split_words(&verse.text),
            text: verse.text,
            transliteration: transliterated.transliteration.unwrap_or_default(),
            juz: juz_of(key),
            hizb_quarter: hizb_quarter_of(key),
        })
        .collect();
    if let Some(verse) = verses.iter().find(|v| v.transliteration.is_empty()) {
        return Err(corrupt(
            &transliteration_path,
            format!("verse {} has no transliteration", verse.key),
        ));
    }
    let quran = Quran::new(surahs, verses).map_err(|source| ImportError::InvalidContent {
        path: text_path,
        source,
    })?;

    let translations = translations
        .into_iter()
        .map(|(code, path, parsed)| {
            let texts: Vec<String> = flatten(&path, parsed?)?
                .into_iter()
                .map(|(_, verse)| verse.translation.unwrap_or_default())
                .collect();
            if let Some(index) = texts.iter().position(|t| t.trim().is_empty()) {
                return Err(corrupt(
                    &path,
                    format!("verse index {index} has no translation"),
                ));
            }
            Translation::new(known_translation_info(&code), texts)
                .map_err(|source| ImportError::InvalidContent { path, source })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ContentPackage {
        version,
        quran,
        translations,
    })
}
