//! The mushaf pages that `iqrah-quran` carries are the pinned `quran-meta`
//! package's, verse for verse: the package's page list (the global number
//! of each page's first verse, 1–6236, between a leading 0 and a closing
//! 6237) read from `data/node_modules/quran-meta`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::path::Path;

use iqrah_quran::VerseKey;
use iqrah_quran::facts::PAGE_STARTS;

#[test]
fn the_page_table_is_the_pinned_quran_meta_package_s() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/node_modules/quran-meta/src/lists/pageList.ts");
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the test command installs data/'s npm packages)",
            path.display()
        )
    });
    let (_, list) = source.split_once("= [").expect("the PageList array");
    let (list, _) = list.split_once(']').expect("the end of the array");
    let numbers: Vec<usize> = list
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| n.parse().expect("a verse number"))
        .collect();
    assert_eq!((numbers.first(), numbers.last()), (Some(&0), Some(&6237)));
    let package: Vec<(u8, u16)> = numbers[1..numbers.len() - 1]
        .iter()
        .map(|&n| {
            let key = VerseKey::from_index(n - 1).expect("a verse");
            (key.surah(), key.ayah())
        })
        .collect();
    assert_eq!(package.len(), PAGE_STARTS.len());
    for (page, (ours, theirs)) in PAGE_STARTS.iter().zip(&package).enumerate() {
        assert_eq!(ours, theirs, "page {}", page + 1);
    }
}
