-- Iqrah's server accounts on PostgreSQL, version 2: accounts and their
-- password hashes, API tokens, invitations and failed sign-ins. Times are
-- milliseconds since the Unix epoch (UTC), as bigint. Only hashes are
-- kept: of passwords (argon2id PHC strings), of token secrets and of
-- invitation codes (SHA-256, hex), so that a copy of these tables opens
-- nothing.
--
-- Not distributed by learner. Unlike the tables of 0001, whose rows are
-- found by `user_id` and distributed by it, these are the server's small,
-- global tables, looked up by user name, token hash or invitation code
-- before any learner is known: a distributed engine could neither find such
-- a row on one node nor enforce their unique keys (`username`,
-- `secret_hash`), which do not contain the distribution column. On Citus
-- they are reference tables (`SELECT create_reference_table('accounts')`,
-- and the same for the others, copied to every node) or stay on the
-- coordinator. `api_tokens` still leads its primary key with `user_id`,
-- since a learner lists and revokes their own tokens.

CREATE TABLE accounts (
    user_id             TEXT    NOT NULL,
    username            TEXT    NOT NULL,
    role                TEXT    NOT NULL CHECK (role IN ('learner', 'teacher', 'admin')),
    password_hash       TEXT    NOT NULL,
    -- Bumped by every password change; a browser signed in with an older
    -- one is signed out.
    credentials_version BIGINT  NOT NULL DEFAULT 1,
    disabled            BOOLEAN NOT NULL DEFAULT FALSE,
    created_at          BIGINT  NOT NULL,
    PRIMARY KEY (user_id),
    -- Named: the backend tells a taken user name by it.
    CONSTRAINT accounts_username_unique UNIQUE (username)
);

-- A token is revoked by deleting its row.
CREATE TABLE api_tokens (
    user_id     TEXT   NOT NULL REFERENCES accounts (user_id),
    id          TEXT   NOT NULL,
    secret_hash TEXT   NOT NULL UNIQUE,
    label       TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (user_id, id)
);

-- Used up once: `used_by` and `used_at` are set together, in the
-- transaction that creates the account.
CREATE TABLE invitations (
    code_hash  TEXT   NOT NULL,
    role       TEXT   NOT NULL CHECK (role IN ('learner', 'teacher', 'admin')),
    created_by TEXT   NOT NULL REFERENCES accounts (user_id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_by    TEXT   REFERENCES accounts (user_id),
    used_at    BIGINT,
    CHECK ((used_by IS NULL) = (used_at IS NULL)),
    PRIMARY KEY (code_hash)
);

-- Failed sign-ins, per user name whether an account has it or not. A
-- successful sign-in deletes its name's rows; only the recent ones are
-- ever read, older ones stay until then.
CREATE TABLE sign_in_failures (
    username TEXT   NOT NULL,
    at       BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_by_name ON sign_in_failures (username, at);
