//! `iqrah session …`: the session API for scripts, one call per process,
//! JSON on stdout.

use iqrah_api::{Answer, ApiError, Iqrah, SessionOptions};

use crate::cli::SessionCommand;
use crate::commands::Failure;
use crate::output::to_json;

/// Reads `--answer`: JSON for any answer, a number for a choice, numbers
/// separated by commas for an order, anything else as typed text.
pub fn parse_answer(text: &str) -> Result<Answer, Failure> {
    let trimmed = text.trim();
    if trimmed.starts_with('{') {
        return serde_json::from_str(trimmed).map_err(|e| Failure {
            code: "invalid_answer",
            message: format!("the answer is not a valid JSON answer: {e}"),
        });
    }
    let numbers: Option<Vec<usize>> = trimmed.split(',').map(|n| n.trim().parse().ok()).collect();
    Ok(match numbers {
        Some(mut order) if order.len() > 1 => Answer::Order {
            order: std::mem::take(&mut order),
        },
        Some(order) if order.len() == 1 => Answer::Choice { index: order[0] },
        _ => Answer::Text {
            text: text.to_owned(),
        },
    })
}

/// Runs one session command and returns its JSON.
pub async fn run(iqrah: Iqrah, command: SessionCommand) -> Result<String, Failure> {
    Ok(match command {
        SessionCommand::Start {
            learner,
            goal,
            ahead,
            minutes,
        } => {
            let options = SessionOptions {
                practice_ahead: ahead,
                minutes,
            };
            match iqrah
                .start_session_with(&learner.user_id(), goal, options)
                .await
            {
                Ok((session, _)) => to_json(&session)?,
                Err(ApiError::DoneForToday {
                    next_due_at,
                    due_tomorrow,
                    message,
                }) => to_json(&serde_json::json!({
                    "done_for_today": {
                        "message": message,
                        "next_due_at": next_due_at,
                        "due_tomorrow": due_tomorrow,
                    }
                }))?,
                Err(other) => return Err(other.into()),
            }
        }
        SessionCommand::Active { learner } => {
            to_json(&iqrah.get_active_session(&learner.user_id()).await?)?
        }
        SessionCommand::List { learner, limit } => {
            to_json(&iqrah.list_sessions(&learner.user_id(), limit).await?)?
        }
        SessionCommand::Show { id, learner } => {
            to_json(&iqrah.get_session(&learner.user_id(), id).await?)?
        }
        SessionCommand::Next { id, learner } => {
            to_json(&iqrah.get_next_session_item(&learner.user_id(), id).await?)?
        }
        SessionCommand::Reveal {
            id,
            learner,
            node,
            count,
        } => to_json(
            &iqrah
                .reveal_words(&learner.user_id(), id, node, count)
                .await?,
        )?,
        SessionCommand::Check {
            id,
            learner,
            node,
            answer,
            duration_ms,
        } => to_json(
            &iqrah
                .check_answer(
                    &learner.user_id(),
                    id,
                    node,
                    parse_answer(&answer)?,
                    duration_ms,
                )
                .await?,
        )?,
        SessionCommand::Submit {
            id,
            learner,
            node,
            grade,
            duration_ms,
        } => to_json(
            &iqrah
                .submit_session_item(&learner.user_id(), id, node, grade, duration_ms)
                .await?,
        )?,
        SessionCommand::Skip { id, learner, node } => to_json(
            &iqrah
                .skip_session_item(&learner.user_id(), id, node)
                .await?,
        )?,
        SessionCommand::ShowAnswer {
            id,
            learner,
            node,
            duration_ms,
            idempotency_key,
        } => to_json(
            &iqrah
                .show_answer(&learner.user_id(), id, node, duration_ms, idempotency_key)
                .await?,
        )?,
        SessionCommand::Undo { id, learner } => {
            to_json(&iqrah.undo_last_answer(&learner.user_id(), id).await?)?
        }
        SessionCommand::Complete { id, learner } => {
            to_json(&iqrah.complete_session(&learner.user_id(), id).await?)?
        }
        SessionCommand::Abandon { id, learner } => {
            to_json(&iqrah.abandon_session(&learner.user_id(), id).await?)?
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_parse_by_shape() {
        assert!(matches!(parse_answer("2"), Ok(Answer::Choice { index: 2 })));
        assert!(matches!(parse_answer("2,0,1"), Ok(Answer::Order { order }) if order == [2, 0, 1]));
        assert!(matches!(parse_answer("قُلۡ هُوَ"), Ok(Answer::Text { .. })));
        assert!(matches!(
            parse_answer(r#"{"kind":"self_grade","rating":3}"#),
            Ok(Answer::SelfGrade { .. })
        ));
        assert!(parse_answer(r#"{"kind":"self_grade","rating":9}"#).is_err());
    }
}
