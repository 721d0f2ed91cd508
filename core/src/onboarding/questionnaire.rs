//! The risk questionnaire (投资者风险承受能力评估问卷, `questionnaire.json`): data served by the
//! server and parsed here; answers are scored and the total mapped to C1–C5. Results expire.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::error::OnboardingError;
use super::suitability::RiskCategory;

/// One answer option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerOption {
    /// Shown text.
    pub text: String,
    /// Points for choosing it.
    pub score: u32,
}

/// One single-choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable id.
    pub id: String,
    /// Shown text.
    pub text: String,
    /// The options, in order (answers are indexes into this list).
    pub options: Vec<AnswerOption>,
}

/// A score band and the category it maps to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelBand {
    /// "C1".."C5".
    pub level: String,
    /// Lowest total in the band.
    pub min: u32,
    /// Highest total in the band.
    pub max: u32,
    /// Shown name.
    pub name: String,
    /// True for the lowest category (may never buy above R1).
    #[serde(default)]
    pub lowest_category: bool,
}

/// A questionnaire version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    /// Version id (the device caches by it; a submission names it).
    pub id: String,
    /// How long a result stays valid.
    pub valid_for_days: i64,
    /// The questions.
    pub questions: Vec<Question>,
    /// Score bands.
    pub levels: Vec<LevelBand>,
    /// Answers scenario runs use (they score C3).
    #[serde(default)]
    pub scenario_default_answers: Vec<usize>,
}

/// The outcome of a questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    /// Total points.
    pub score: u32,
    /// The category.
    pub category: RiskCategory,
}

impl Questionnaire {
    /// Parse the served JSON and check it is usable (bands parse to C1–C5).
    pub fn parse(json: &str) -> Result<Questionnaire, OnboardingError> {
        let q: Questionnaire = serde_json::from_str(json)
            .map_err(|e| OnboardingError::Questionnaire(format!("the questionnaire could not be read: {e}")))?;
        for band in &q.levels {
            RiskCategory::parse(&band.level)
                .ok_or_else(|| OnboardingError::Questionnaire(format!("unknown level {:?}", band.level)))?;
        }
        if q.questions.is_empty() || q.valid_for_days <= 0 {
            return Err(OnboardingError::Questionnaire("no questions or no validity period".into()));
        }
        Ok(q)
    }

    /// Score answers (one option index per question, in order) and map the total to C1–C5.
    pub fn assess(&self, answers: &[usize]) -> Result<Assessment, OnboardingError> {
        if answers.len() != self.questions.len() {
            return Err(OnboardingError::AnswersInvalid(format!(
                "answer all {} questions ({} given)",
                self.questions.len(),
                answers.len()
            )));
        }
        let mut score = 0;
        for (i, (q, &a)) in self.questions.iter().zip(answers).enumerate() {
            let opt = q.options.get(a).ok_or_else(|| {
                OnboardingError::AnswersInvalid(format!(
                    "question {} ({}) has options 0 to {}",
                    i + 1,
                    q.id,
                    q.options.len().saturating_sub(1)
                ))
            })?;
            score += opt.score;
        }
        let band = self
            .levels
            .iter()
            .find(|b| (b.min..=b.max).contains(&score))
            .ok_or_else(|| OnboardingError::Questionnaire(format!("no level covers the score {score}")))?;
        let category = RiskCategory::parse(&band.level)
            .ok_or_else(|| OnboardingError::Questionnaire(format!("unknown level {:?}", band.level)))?;
        Ok(Assessment { score, category })
    }
}

/// The last day a result taken on `taken` is valid, given `valid_days` (setting, default 730).
pub fn valid_until(taken: NaiveDate, valid_days: i64) -> NaiveDate {
    taken + Duration::days(valid_days)
}

/// Whether a result taken on `taken` must be retaken on `today`.
pub fn is_expired(taken: NaiveDate, valid_days: i64, today: NaiveDate) -> bool {
    today > valid_until(taken, valid_days)
}
