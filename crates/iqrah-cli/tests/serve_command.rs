//! `iqrah serve` as a separate process: a network address is refused with
//! the reason before anything is opened, `--allowed-host` names are checked
//! and served, and the open-file soft limit is raised to the hard limit.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests: a failed unwrap is a failed test.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long `iqrah serve` may take to exit or to print its address.
const PATIENCE: Duration = Duration::from_secs(60);

fn serve_command(data_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_iqrah"));
    command
        .arg("--data-dir")
        .arg(data_dir)
        .arg("serve")
        .args(args)
        .env_remove("IQRAH_DATA_DIR")
        .env_remove("IQRAH_ALLOWED_HOSTS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Waits for `child` to exit; kills it and fails if it is still running after [`PATIENCE`].
fn exit_of(child: &mut Child) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > PATIENCE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("iqrah serve was still running after {PATIENCE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_network_address_is_refused_with_the_reason_and_exit_1() {
    for addr in ["0.0.0.0:0", "[::]:0", "192.0.2.1:8080"] {
        let dir = tempfile::tempdir().unwrap();
        let mut child = serve_command(dir.path(), &["--addr", addr])
            .spawn()
            .unwrap();
        let status = exit_of(&mut child);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert_eq!(status.code(), Some(1), "{addr}: {stderr}");
        assert!(
            stderr.contains("is not a loopback address")
                && stderr.contains("no accounts yet")
                && stderr.contains("127.0.0.1"),
            "{addr}: {stderr}"
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
    let output = serve_command(dir.path(), &["--allowed-host", "iqrah.test:8080"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not a host name"), "{stderr}");
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
    let serve = serve_command(
        dir.path(),
        &["--addr", "127.0.0.1:0", "--allowed-host", "iqrah.test"],
    );
    let mut shell = Command::new("sh");
    shell
        .arg("-c")
        .arg("ulimit -S -n 256 && exec \"$0\" \"$@\"")
        .arg(serve.get_program())
        .args(serve.get_args())
        .env_remove("IQRAH_DATA_DIR")
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
    let mut child = serve_command(dir.path(), &["--addr", "127.0.0.1:0"])
        .spawn()
        .unwrap();
    let status = exit_of(&mut child);
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(1), "{stdout}{stderr}");
    assert!(!stdout.contains("running"), "{stdout}");
    assert!(stderr.contains("user.sqlite3"), "{stderr}");
    assert_eq!(
        std::fs::read(&user_db).unwrap(),
        b"these are somebody's notes, not a database",
        "the file is left as it was"
    );
}
