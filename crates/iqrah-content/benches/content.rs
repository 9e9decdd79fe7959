//! Import and start-up figures of the content database: a full import of
//! every language, the look-alike verses it computes (the part of the
//! import that finds them, alone), and opening the database and loading
//! what the app needs at start-up (surahs, verses, words, the English
//! translation).

#![allow(missing_docs)] // criterion_group! generates undocumented items.

use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use iqrah_content::{CONTENT_FILE_NAME, ContentDb, import, read_package};

fn package_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/node_modules/quran-json")
}

fn content(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let dir = tempfile::tempdir().expect("temporary directory");
    let target = dir.path().join(CONTENT_FILE_NAME);
    runtime
        .block_on(import(&package_dir(), &target, |_| {}))
        .expect("import");

    let mut group = c.benchmark_group("content");
    group.sample_size(10);
    group.bench_function("import_all_languages", |b| {
        b.iter(|| {
            runtime
                .block_on(import(&package_dir(), &target, |_| {}))
                .expect("import")
        });
    });
    let quran = read_package(&package_dir()).expect("the package").quran;
    group.bench_function("find_look_alikes", |b| {
        b.iter(|| iqrah_core::look_alike::find_look_alikes(&quran));
    });
    group.bench_function("open_and_load_startup", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let db = ContentDb::open(&target).await.expect("open");
                db.quran().await.expect("quran");
                db.translation("en").await.expect("english");
                db.close().await;
            });
        });
    });
    group.bench_function("open_and_load_without_translation", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let db = ContentDb::open(&target).await.expect("open");
                db.quran().await.expect("quran");
                db.close().await;
            });
        });
    });
    group.finish();
}

criterion_group!(benches, content);
criterion_main!(benches);
