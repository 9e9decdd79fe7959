//! `iqrah serve` as a separate process: a network address is refused with
//! the reason before anything is opened, `--allowed-host` names are checked
//! and served, and the open-file soft limit is raised to the hard limit.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use predicates::boolean::PredicateBooleanExt;
use predicates::str::contains;

use common::{IQRAH_VARIABLES, iqrah_in, iqrah_path};

/// How long `iqrah serve` may take to exit or to print its address; one
/// still running then is killed and fails the test.
const PATIENCE: Duration = Duration::from_secs(60);

#[test]
fn a_network_address_is_refused_with_the_reason_and_exit_1() {
    for addr in ["0.0.0.0:0", "[::]:0", "192.0.2.1:8080"] {
        let dir = tempfile::tempdir().unwrap();
        iqrah_in(dir.path())
            .args(["serve", "--addr", addr])
            .timeout(PATIENCE)
            .assert()
            .append_context("addr", addr)
            .code(1)
            .stderr(
                contains("is not a loopback address")
                    .and(contains("no accounts yet"))
                    .and(contains("127.0.0.1")),
            );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "{addr}: nothing was created in the data directory"
        );
    }
}

#[test]
fn an_allowed_host_with_a_port_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    iqrah_in(dir.path())
        .args(["serve", "--allowed-host", "iqrah.test:8080"])
        .timeout(PATIENCE)
        .assert()
        .code(2)
        .stderr(contains("is not a host name"));
}

/// Sends a GET with `host` and returns the status line.
fn status_for_host(addr: &str, host: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET /api/v1/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response.lines().next().unwrap_or("").to_owned()
}

/// The soft and hard "Max open files" of a process, from /proc.
#[cfg(target_os = "linux")]
fn open_file_limits(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap();
    let fields: Vec<&str> = line.split_whitespace().collect();
    (fields[3].to_owned(), fields[4].to_owned())
}

#[cfg(target_os = "linux")]
#[test]
fn serve_raises_the_open_file_limit_and_answers_allowed_hosts() {
    let dir = tempfile::tempdir().unwrap();
    // Started with a low soft limit, as many desktops do (1024 or less).
    let mut shell = Command::new("sh");
    shell
        .arg("-c")
        .arg("ulimit -S -n 256 && exec \"$0\" \"$@\"")
        .arg(iqrah_path())
        .arg("--data-dir")
        .arg(dir.path())
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--allowed-host",
            "iqrah.test",
        ]);
    for variable in IQRAH_VARIABLES {
        shell.env_remove(variable);
    }
    shell
        .env("IQRAH_ALLOWED_HOSTS", "other.test,third.test")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut child = shell.spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut banner = String::new();
    stdout.read_line(&mut banner).unwrap();
    let addr = banner
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {banner:?}"))
        .to_owned();
    let port = addr.rsplit(':').next().unwrap().to_owned();

    let (soft, hard) = open_file_limits(child.id());
    let statuses: Vec<String> = [
        format!("iqrah.test:{port}"),
        format!("localhost:{port}"),
        format!("evil.example:{port}"),
        // The flag replaces the variable, as clap does for every flag.
        format!("other.test:{port}"),
    ]
    .iter()
    .map(|host| status_for_host(&addr, host))
    .collect();
    let _ = child.kill();
    let _ = child.wait();

    assert_eq!(soft, hard, "the soft limit was raised to the hard limit");
    assert_eq!(
        statuses,
        [
            "HTTP/1.1 200 OK",
            "HTTP/1.1 200 OK",
            "HTTP/1.1 421 Misdirected Request",
            "HTTP/1.1 421 Misdirected Request",
        ]
    );
}

#[test]
fn an_unusable_user_database_is_reported_before_the_app_says_it_is_running() {
    let dir = tempfile::tempdir().unwrap();
    let user_db = dir.path().join("user.sqlite3");
    std::fs::write(&user_db, b"these are somebody's notes, not a database").unwrap();
    iqrah_in(dir.path())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .timeout(PATIENCE)
        .assert()
        .code(1)
        .stdout(contains("running").not())
        .stderr(contains("user.sqlite3"));
    assert_eq!(
        std::fs::read(&user_db).unwrap(),
        b"these are somebody's notes, not a database",
        "the file is left as it was"
    );
}
