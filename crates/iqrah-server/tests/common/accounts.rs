//! A shared server with accounts on a fresh PostgreSQL database, and
//! clients that keep their session cookie or token, for the tests of
//! accounts and classes.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use iqrah_api::{Backend, Clock, Config, Iqrah, Role, SignUpMode, Timestamp};
use iqrah_postgres::test_support::TestDatabase;
use iqrah_server::{Access, AccountsOptions, AppState, Assets, router};
use serde_json::{Value, json};
use tower::ServiceExt;

/// A server with accounts on a fresh database, and the Iqrah behind it.
pub struct Server {
    pub app: Router,
    pub iqrah: Iqrah,
    _dir: tempfile::TempDir,
    _db: TestDatabase,
}

impl Server {
    pub async fn start(sign_up: SignUpMode) -> Server {
        let db = TestDatabase::create().await;
        let dir = iqrah_content::test_support::data_dir();
        let mut config = Config::new(dir.path());
        config.clock = Clock::Fixed(Timestamp::from_millis(super::T0));
        let iqrah = Iqrah::open_with_backend(config, Backend::Postgres(db.store().await))
            .await
            .unwrap();
        let sessions = iqrah.web_session_store().await.unwrap();
        let app = router(AppState {
            iqrah: iqrah.clone(),
            assets: Assets::default(),
            access: Access::Accounts(AccountsOptions {
                sign_up,
                secure_cookies: true,
                sessions,
            }),
        });
        Server {
            app,
            iqrah,
            _dir: dir,
            _db: db,
        }
    }

    /// A client without cookies or token.
    pub fn client(&self) -> Client {
        Client {
            app: self.app.clone(),
            cookie: None,
            bearer: None,
        }
    }

    /// A client signed up (open mode) as `name`.
    pub async fn learner(&self, name: &str) -> Client {
        let mut client = self.client();
        let answer = client
            .send(
                "POST",
                "/api/v1/sign-up",
                Some(json!({"username": name, "password": PASSWORD})),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
        client
    }

    /// A client signed in as a new account made by the operator with `role`.
    pub async fn account(&self, name: &str, role: Role) -> Client {
        self.iqrah
            .create_account(name, PASSWORD, role)
            .await
            .unwrap();
        let mut client = self.client();
        let answer = client.sign_in(name, PASSWORD).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        client
    }
}

pub const PASSWORD: &str = "a long enough passphrase";

/// A browser (its cookie) or a script (its token).
#[derive(Clone)]
pub struct Client {
    pub app: Router,
    pub cookie: Option<String>,
    pub bearer: Option<String>,
}

/// What a response said.
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or("<no error code>")
            .to_owned()
    }

    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("<missing>")
            .to_owned()
    }
}

impl Client {
    /// Sends a request (JSON body, or a form when `body` is a string), keeps
    /// the session cookie it is given.
    pub async fn send(&mut self, method: &str, uri: &str, body: Option<Value>) -> Answer {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header("host", "localhost:8080");
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        if let Some(token) = &self.bearer {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let body = match body {
            Some(Value::String(form)) => {
                request = request.header("content-type", "application/x-www-form-urlencoded");
                Body::from(form)
            }
            Some(json) => {
                request = request.header("content-type", "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        let response = self
            .app
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        if let Some(set) = headers.get("set-cookie").and_then(|v| v.to_str().ok()) {
            let pair = set.split(';').next().unwrap_or("").to_owned();
            // An expired cookie (sign-out) is removed.
            self.cookie = if set.contains("Max-Age=0") || pair.ends_with('=') {
                None
            } else {
                Some(pair)
            };
        }
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
            .await
            .unwrap();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub async fn get(&mut self, uri: &str) -> Answer {
        self.send("GET", uri, None).await
    }

    pub async fn sign_in(&mut self, name: &str, password: &str) -> Answer {
        self.send(
            "POST",
            "/api/v1/sign-in",
            Some(json!({"username": name, "password": password})),
        )
        .await
    }
}
