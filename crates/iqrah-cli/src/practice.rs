//! `iqrah practice`: an interactive session in the terminal.
//!
//! Every answer is submitted (and saved) as soon as it is graded, so Ctrl-C,
//! Ctrl-D or `q` at any point leaves the session active, and the next run
//! resumes at the same item with the same exercise.

use std::fmt::Write as _;
use std::io::{BufRead, Write};
use std::time::Instant;

use iqrah_api::{
    Answer, ApiError, CheckResultDto, ExercisePrompt, Iqrah, MarkKind, PassageMark,
    PassageResultDto, SessionDto, SessionItemDto, UserId,
};

use crate::cli::PracticeArgs;
use crate::commands::Failure;

/// What the learner typed at a prompt.
enum Input {
    Line(String),
    Quit,
}

/// Reads one line from the terminal (off the async runtime's threads).
async fn read_line(prompt: &str) -> Result<Input, Failure> {
    print!("{prompt}");
    let _ = std::io::stdout().flush();
    let line = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map(|read| (read, line))
    })
    .await
    .map_err(|e| Failure {
        code: "terminal",
        message: e.to_string(),
    })?
    .map_err(|e| Failure {
        code: "terminal",
        message: e.to_string(),
    })?;
    Ok(match line {
        (0, _) => Input::Quit,
        (_, text) if text.trim() == "q" => Input::Quit,
        (_, text) => Input::Line(text.trim().to_owned()),
    })
}

/// The session to practise: the active one, or a new one for the goal.
async fn session(iqrah: &Iqrah, goal: Option<String>) -> Result<SessionDto, Failure> {
    let user = UserId::local();
    if let Some(goal) = goal {
        return Ok(iqrah.start_session(&user, goal).await?);
    }
    if let Some(active) = iqrah.get_active_session(&user).await? {
        return Ok(active);
    }
    match iqrah.start_session(&user, "review".to_owned()).await {
        Err(ApiError::NothingToPractise { .. }) => {
            Ok(iqrah.start_session(&user, "surah:1".to_owned()).await?)
        }
        other => Ok(other?),
    }
}

fn numbered(options: &[String]) -> String {
    let mut text = String::new();
    for (i, option) in options.iter().enumerate() {
        let _ = writeln!(text, "  {}. {option}", i + 1);
    }
    text
}

/// What stops an exercise before an answer: the learner's commands (`s`
/// skip, `?` show the answer, `e` end the session, `q` quit) or a failure.
enum Interrupt {
    Quit,
    Skip,
    ShowAnswer,
    End,
    Failed(Failure),
}

/// The commands every exercise prompt accepts besides an answer.
const COMMANDS: &str = "s skip · ? show answer · e end session · q quit";

/// Prints the exercise and returns the learner's answer (`None` when
/// nothing is checked), or what interrupted it.
async fn ask(iqrah: &Iqrah, item: &SessionItemDto) -> Result<Option<Answer>, Interrupt> {
    let choice = |line: &str, count: usize| {
        line.parse::<usize>()
            .ok()
            .filter(|n| (1..=count).contains(n))
            .map(|n| Answer::Choice { index: n - 1 })
    };
    let read = |prompt: &'static str| async move {
        match read_line(prompt).await {
            Ok(Input::Line(line)) => match line.as_str() {
                "s" => Err(Interrupt::Skip),
                "?" => Err(Interrupt::ShowAnswer),
                "e" => Err(Interrupt::End),
                _ => Ok(line),
            },
            Ok(Input::Quit) => Err(Interrupt::Quit),
            Err(failure) => Err(Interrupt::Failed(failure)),
        }
    };
    println!("  ({COMMANDS})");
    match &item.exercise {
        ExercisePrompt::Recall {
            reference,
            surah_name,
            previous,
            word_count,
        } => {
            if let Some(previous) = previous {
                println!("  {} {}", previous.reference, previous.text);
            }
            println!(
                "Recite {surah_name} {reference} ({word_count} words). Enter reveals a word, a reveals all."
            );
            println!("  {}", grade_previews(item));
            let mut shown = 0u32;
            loop {
                let line = read("  reveal, or grade 1-4 > ").await?;
                match line.as_str() {
                    "" | "a" => {
                        shown = if line == "a" {
                            u32::try_from(*word_count).unwrap_or(u32::MAX)
                        } else {
                            shown + 1
                        };
                        let words = iqrah
                            .reveal_words(
                                &UserId::local(),
                                item.session_id.clone(),
                                item.node_id.clone(),
                                shown,
                            )
                            .await
                            .map_err(|e| Interrupt::Failed(e.into()))?;
                        println!("  {}", words.join(" "));
                    }
                    grade => {
                        if let Ok(rating) = serde_json::from_str(grade) {
                            return Ok(Some(Answer::SelfGrade { rating }));
                        }
                        println!("  Press Enter, a, or a grade 1 (Again) to 4 (Easy).");
                    }
                }
            }
        }
        ExercisePrompt::Study {
            reference,
            surah_name,
            previous,
            text,
            words,
            transliteration,
            translation,
        } => {
            if let Some(previous) = previous {
                println!("  {} {}", previous.reference, previous.text);
            }
            println!(
                "Study {surah_name} {reference}:\n  {text}\n  {transliteration}\n  {translation}"
            );
            println!(
                "  Read it, then recite it as Enter covers one more word from the end; grade 1-4 once you recite it all from memory."
            );
            println!("  {}", grade_previews(item));
            let mut covered = 0usize;
            loop {
                let line = read("  cover a word, or grade 1-4 > ").await?;
                if line.is_empty() {
                    covered = (covered + 1).min(words.len());
                    let shown = words.len() - covered;
                    let hidden = std::iter::repeat_n("…", covered);
                    let view: Vec<&str> = words[..shown]
                        .iter()
                        .map(String::as_str)
                        .chain(hidden)
                        .collect();
                    println!("  {}", view.join(" "));
                    if covered == words.len() {
                        println!("  Now recite it from memory, then grade 1 (Again) to 4 (Easy).");
                    }
                } else if let Ok(rating) = serde_json::from_str(&line) {
                    return Ok(Some(Answer::SelfGrade { rating }));
                } else {
                    println!("  Press Enter, or a grade 1 (Again) to 4 (Easy).");
                }
            }
        }
        ExercisePrompt::RecitePassage {
            range,
            surah_name,
            previous,
            verses,
        } => {
            if let Some(previous) = previous {
                println!("  {} {}", previous.reference, previous.text);
            }
            let words: usize = verses.iter().map(|v| v.word_count).sum();
            println!(
                "Recite {surah_name} {range} from memory in one go ({} verses, {words} words).",
                verses.len()
            );
            println!(
                "  Then mark where you stumbled: 2 (verse 2), 2.3 (its word 3); p2, p2.3 where you needed a prompt."
            );
            loop {
                let line = read("  marks (Enter: none) > ").await?;
                match passage_marks(&line) {
                    Some(marks) => return Ok(Some(Answer::Passage { marks })),
                    None => println!("  Marks like 2, 2.3, p2 or p2.3, separated by spaces."),
                }
            }
        }
        ExercisePrompt::FindTheMistake { reference, words } => {
            println!("One word of {reference} is wrong. Which one?");
            print!("{}", numbered(words));
            loop {
                if let Some(answer) = choice(&read("  word number > ").await?, words.len()) {
                    return Ok(Some(answer));
                }
            }
        }
        ExercisePrompt::TypeVerse {
            reference,
            surah_name,
            previous,
            word_count,
        } => {
            if let Some(previous) = previous {
                println!("  {} {}", previous.reference, previous.text);
            }
            println!(
                "Type {surah_name} {reference} ({word_count} words); diacritics are optional."
            );
            Ok(Some(Answer::Text {
                text: read("  > ").await?,
            }))
        }
        ExercisePrompt::PutInOrder { range, verses } => {
            println!("Put the verses of {range} in order (e.g. 2 1 3):");
            print!("{}", numbered(verses));
            loop {
                let line = read("  order > ").await?;
                let order: Option<Vec<usize>> = line
                    .split([' ', ','])
                    .filter(|s| !s.is_empty())
                    .map(|s| s.parse::<usize>().ok()?.checked_sub(1))
                    .collect();
                if let Some(order) = order.filter(|o| o.len() == verses.len()) {
                    return Ok(Some(Answer::Order { order }));
                }
            }
        }
        prompt => {
            match prompt {
                ExercisePrompt::NextWord {
                    reference, shown, ..
                } => {
                    println!(
                        "{reference}: which word comes next?\n  {} …",
                        shown.join(" ")
                    )
                }
                ExercisePrompt::MissingWord {
                    reference,
                    before,
                    after,
                    ..
                } => {
                    println!(
                        "{reference}: which word fills the blank?\n  {} ____ {}",
                        before.join(" "),
                        after.join(" ")
                    )
                }
                ExercisePrompt::WhatComesNext {
                    reference, text, ..
                } => {
                    println!("{reference}: how does the next verse begin?\n  {text}")
                }
                ExercisePrompt::Meaning {
                    reference, text, ..
                } => println!("What does {reference} say?\n  {text}"),
                ExercisePrompt::MeaningReverse { translation, .. } => {
                    println!("Which verse says this?\n  {translation}")
                }
                ExercisePrompt::WhichContinuation {
                    reference, shown, ..
                } => {
                    println!(
                        "{reference}: verses that look like it go on differently; which continuation belongs here?\n  {} …",
                        shown.join(" ")
                    )
                }
                ExercisePrompt::WhichSurah { text, .. } => {
                    println!("Which surah is this verse from?\n  {text}")
                }
                _ => {}
            }
            let choices = prompt.choices();
            print!("{}", numbered(choices));
            loop {
                if let Some(answer) = choice(&read("  choice > ").await?, choices.len()) {
                    return Ok(Some(answer));
                }
            }
        }
    }
}

/// The marks typed after a passage: `2` (stumbled in verse 2), `2.3` (at
/// its word 3), `p2` and `p2.3` (needed a prompt), 1-based, separated by
/// spaces or commas; `None` for anything else. Ranges are checked by the
/// API.
fn passage_marks(line: &str) -> Option<Vec<PassageMark>> {
    line.split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(|token| {
            let (mark, rest) = match token.strip_prefix('p') {
                Some(rest) => (MarkKind::Prompted, rest),
                None => (MarkKind::Stumbled, token),
            };
            let (verse, word) = match rest.split_once('.') {
                Some((verse, word)) => (verse, Some(word.parse::<usize>().ok()?.checked_sub(1)?)),
                None => (rest, None),
            };
            Some(PassageMark {
                verse: verse.parse::<usize>().ok()?.checked_sub(1)?,
                word,
                mark,
            })
        })
        .collect()
}

/// Prints a recorded passage: each verse whole, its marked words in
/// brackets, then every grade.
fn passage_feedback(done: &PassageResultDto) {
    for (index, verse) in done.verses.iter().enumerate() {
        let marked = |word: usize| {
            done.marks
                .iter()
                .any(|m| m.verse == index && (m.word == Some(word) || m.word.is_none()))
        };
        let words: Vec<String> = verse
            .words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if marked(i) {
                    format!("[{w}]")
                } else {
                    w.clone()
                }
            })
            .collect();
        println!("  {} {}", verse.reference, words.join(" "));
    }
    let names = ["Again", "Hard", "Good", "Easy"];
    let grades: Vec<String> = done
        .grades
        .iter()
        .map(|g| {
            let name = names
                .get(usize::from(g.rating).saturating_sub(1))
                .unwrap_or(&"?");
            format!("{} {name}", g.node_id)
        })
        .collect();
    println!("  Recorded: {}", grades.join(" · "));
}

/// What each grade leads to: "1 Again (tomorrow) · 2 Hard (in 2 days) · …".
fn grade_previews(item: &SessionItemDto) -> String {
    let names = ["Again", "Hard", "Good", "Easy"];
    item.grades
        .iter()
        .zip(names)
        .map(|(g, name)| format!("{} {name} ({})", g.rating, g.label))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn feedback(checked: &CheckResultDto) {
    let outcome = &checked.outcome;
    // The whole verse, the missed words in brackets.
    let words: Vec<String> = checked
        .verse
        .words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if outcome.marked.contains(&i) {
                format!("[{w}]")
            } else {
                w.clone()
            }
        })
        .collect();
    println!("  {} {}", checked.verse.reference, words.join(" "));
    println!("  {}", checked.verse.translation);
    if let Some(next) = &checked.next {
        println!("  {} {}", next.reference, next.text);
    }
    match outcome.correct {
        Some(true) => println!("  ✓ right"),
        Some(false) => println!("  ✗ the answer: {}", outcome.expected),
        None => {}
    }
    if let Some(other) = &checked.confusion {
        // The side-by-side view: the look-alike whose words were given.
        let marked: Vec<String> = other
            .words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if other.differing.contains(&(i as u32)) {
                    format!("[{w}]")
                } else {
                    w.clone()
                }
            })
            .collect();
        println!(
            "  ≈ those are the words of {} {}, which looks like it:\n  {} {}",
            other.surah_name,
            other.key,
            other.key,
            marked.join(" ")
        );
    }
    if let Some(diff) = outcome.diff.as_ref().filter(|d| !d.is_exact()) {
        let wrong: Vec<String> = diff
            .words
            .iter()
            .filter(|w| w.expected != w.given)
            .map(|w| {
                format!(
                    "{} → {}",
                    w.expected.as_deref().unwrap_or("·"),
                    w.given.as_deref().unwrap_or("·")
                )
            })
            .collect();
        println!("  differences: {}", wrong.join(", "));
    }
}

/// Says that the learner stopped and nothing is lost.
fn stopped() -> Result<(), Failure> {
    println!("Stopped; the session stays open and the next run resumes it.");
    Ok(())
}

/// Runs the interactive loop until the session ends or the learner quits.
pub async fn run(iqrah: Iqrah, args: PracticeArgs) -> Result<(), Failure> {
    let session = match session(&iqrah, args.goal).await {
        Err(Failure {
            code: "done_for_today",
            message,
        }) => {
            // Done for today is an outcome, not a failure.
            println!("{message}");
            return Ok(());
        }
        other => other?,
    };
    println!(
        "Session {} ({}): {} of {} done. Answers are saved as you go; q or Ctrl-C stops, and the next run resumes.",
        session.goal_id, session.id, session.items_completed, session.items_count
    );
    // The item that waits: each answer, skip and undo gives the next one.
    let mut waiting = iqrah
        .get_next_session_item(&UserId::local(), session.id.clone())
        .await?;
    while let Some(item) = waiting.take() {
        println!(
            "\n[{}/{}] {} · {}",
            item.index,
            item.items_count,
            item.exercise.exercise_type(),
            item.node_id
        );
        let shown_at = Instant::now();
        let asked = ask(&iqrah, &item).await;
        let elapsed = u64::try_from(shown_at.elapsed().as_millis())
            .unwrap_or(u64::MAX)
            .min(3_600_000);
        let answer = match asked {
            Ok(answer) => answer,
            Err(Interrupt::Quit) => return stopped(),
            Err(Interrupt::Failed(failure)) => return Err(failure),
            Err(Interrupt::End) => break,
            Err(Interrupt::Skip) => {
                waiting = match iqrah
                    .skip_session_item(&UserId::local(), session.id.clone(), item.node_id.clone())
                    .await
                {
                    Ok(next) => {
                        println!("  Skipped: it comes back at the end.");
                        next
                    }
                    Err(error) => {
                        println!("  {error}");
                        Some(item)
                    }
                };
                continue;
            }
            Err(Interrupt::ShowAnswer) => {
                let shown = iqrah
                    .show_answer(
                        &UserId::local(),
                        session.id.clone(),
                        item.node_id.clone(),
                        elapsed,
                        None,
                    )
                    .await?;
                println!("  {} {}", shown.verse.reference, shown.verse.text);
                println!("  {}", shown.verse.translation);
                println!("  Recorded as Again: it comes back later in this session.");
                waiting = shown.next;
                continue;
            }
        };
        if let Some(Answer::Passage { marks }) = answer {
            // A passage is graded from its marks: recorded at once, every
            // verse and link in one transaction.
            match iqrah
                .submit_passage(
                    &UserId::local(),
                    session.id.clone(),
                    item.node_id.clone(),
                    marks,
                    elapsed,
                    None,
                )
                .await
            {
                Ok(done) => {
                    passage_feedback(&done);
                    waiting = done.next;
                }
                Err(error) => {
                    println!("  {error}");
                    waiting = Some(item);
                }
            }
            continue;
        }
        let self_graded = matches!(answer, Some(Answer::SelfGrade { .. }));
        let suggested = match answer {
            Some(answer) => {
                let outcome = iqrah
                    .check_answer(
                        &UserId::local(),
                        session.id.clone(),
                        item.node_id.clone(),
                        answer,
                        elapsed,
                    )
                    .await?;
                feedback(&outcome);
                outcome.outcome.suggested_rating.value()
            }
            None => 3,
        };
        let grade = loop {
            if self_graded {
                break Some(suggested);
            }
            match read_line(&format!(
                "  {}\n  grade 1-4, u undo [{suggested}] > ",
                grade_previews(&item)
            ))
            .await?
            {
                Input::Quit => return stopped(),
                Input::Line(line) if line.is_empty() => break Some(suggested),
                Input::Line(line) if line == "u" => break None,
                Input::Line(line) => match line.parse::<u8>() {
                    Ok(grade @ 1..=4) => break Some(grade),
                    _ => println!("  1, 2, 3, 4, u or q."),
                },
            }
        };
        match grade {
            Some(grade) => {
                waiting = iqrah
                    .submit_session_item(
                        &UserId::local(),
                        session.id.clone(),
                        item.node_id.clone(),
                        grade,
                        elapsed,
                    )
                    .await?
                    .next;
            }
            None => {
                waiting = match iqrah
                    .undo_last_answer(&UserId::local(), session.id.clone())
                    .await
                {
                    Ok(previous) => {
                        println!("  Undone: back to the previous item.");
                        previous
                    }
                    Err(error) => {
                        println!("  {error}");
                        Some(item)
                    }
                }
            }
        }
    }
    let summary = iqrah
        .complete_session(&UserId::local(), session.id.clone())
        .await?;
    let s = &summary.summary;
    println!(
        "\n{} done: {} answered, {} new verses, {} reviews, accuracy {}, grades Again {} Hard {} Good {} Easy {}, {} min active. Streak: {} day(s).",
        summary.goal_name,
        s.items_completed,
        s.new_verses,
        s.reviews,
        s.accuracy
            .map_or("–".to_owned(), |a| format!("{:.0} %", a * 100.0)),
        s.grades[0],
        s.grades[1],
        s.grades[2],
        s.grades[3],
        s.active_ms / 60_000,
        s.learner.streak_days
    );
    if !summary.missed.is_empty() {
        println!("To look at again:");
        for missed in &summary.missed {
            let grade = if missed.rating == 1 { "Again" } else { "Hard" };
            println!("  {} ({grade}) {}", missed.reference, missed.text);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passage_marks_are_read_one_based() {
        assert_eq!(passage_marks(""), Some(vec![]));
        assert_eq!(
            passage_marks("2 p3.1, 1.4"),
            Some(vec![
                PassageMark {
                    verse: 1,
                    word: None,
                    mark: MarkKind::Stumbled
                },
                PassageMark {
                    verse: 2,
                    word: Some(0),
                    mark: MarkKind::Prompted
                },
                PassageMark {
                    verse: 0,
                    word: Some(3),
                    mark: MarkKind::Stumbled
                },
            ])
        );
        for bad in ["0", "x", "2.0", "p", "2.", "-1"] {
            assert_eq!(passage_marks(bad), None, "{bad}");
        }
    }
}
