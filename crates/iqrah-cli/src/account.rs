//! `iqrah account …`: the server operator manages the accounts of a shared
//! server from its machine (the first admin, roles, disabling).

use std::fmt::Write as _;
use std::io::BufRead as _;

use iqrah_api::{AccountChange, AccountDto, Iqrah};

use crate::cli::AccountCommand;
use crate::commands::Failure;
use crate::output::to_json;

/// Runs an account command; prints the account(s) it touched.
pub async fn run(iqrah: Iqrah, command: AccountCommand) -> Result<String, Failure> {
    let json = command.json();
    let accounts = match command {
        AccountCommand::Add { username, role, .. } => {
            let password = password_from_stdin()?;
            vec![iqrah.create_account(&username, &password, role).await?]
        }
        AccountCommand::List(_) => iqrah.account_list(None).await?,
        AccountCommand::SetRole { username, role, .. } => {
            vec![
                iqrah
                    .update_account(None, &username, AccountChange::Role(role))
                    .await?,
            ]
        }
        AccountCommand::Disable { username, .. } => vec![
            iqrah
                .update_account(None, &username, AccountChange::Disabled(true))
                .await?,
        ],
        AccountCommand::Enable { username, .. } => vec![
            iqrah
                .update_account(None, &username, AccountChange::Disabled(false))
                .await?,
        ],
    };
    if json {
        return Ok(to_json(&accounts)?);
    }
    let mut out = String::new();
    for account in &accounts {
        let _ = writeln!(out, "{}", line(account));
    }
    Ok(out)
}

fn line(account: &AccountDto) -> String {
    let state = if account.disabled {
        "disabled"
    } else {
        "active"
    };
    format!("{}  {}  {}", account.username, account.role, state)
}

/// The password: the first line of standard input, without its line end.
fn password_from_stdin() -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure {
            code: "invalid_password",
            message: format!("reading the password from standard input: {e}"),
        })?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}
