//! Response compression: every text response (pages, JSON, CSS, JS) is sent
//! brotli- or gzip-compressed when the browser accepts it, so the session
//! page and its scripts cross a slow phone connection in a fraction of
//! their size. Fonts (already compressed WOFF2), images, and bodies too
//! small to gain are sent as they are.

use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, DefaultPredicate};

/// The smallest body worth compressing, in bytes.
const MIN_COMPRESSED_BYTES: u64 = 256;

/// The compression layer the app is served through.
pub(crate) fn layer() -> CompressionLayer<impl Predicate> {
    let predicate = DefaultPredicate::new()
        .and(SizeAbove::new(MIN_COMPRESSED_BYTES))
        .and(NotForContentType::const_new("font/"));
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .no_deflate()
        .no_zstd()
        .compress_when(predicate)
}
