//! The exercise catalog: generation from (item, seed) and checking.
//!
//! See the crate documentation for the catalog with an example prompt of
//! each type.

mod check;
pub mod choose;
mod context;
mod distractors;
mod drill;
mod generate;
mod kind;
mod payload;
mod timing;
mod training;

pub use check::{AnswerMismatch, answer_fits, check};
pub use context::{ExerciseContext, ExerciseIndex};
pub use drill::{ANCHOR_WORDS, CONTINUATION_WORDS, MAX_CHOICES};
pub(crate) use generate::mix as mix_seed;
pub use generate::{generate, generate_drill, generate_of_type};
pub use kind::ExerciseType;
pub use payload::{
    Answer, AnswerKey, CheckError, CheckOutcome, ExerciseError, ExercisePrompt, GeneratedExercise,
    ShownVerse, Solution, Trap, TrapAnswer,
};
pub use timing::TimingProfile;
pub use training::{CUED_CHOICE, FULL, Grader, LINK_CHOICE, Target, Trains, WHOLE_VERSE_CHECK};
