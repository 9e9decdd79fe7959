//! Rebuilds the crate when a migration is added or changed, so that
//! `sqlx::migrate!` never misses one.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
