//! The onboarding state machine: phone + OTP → real name + ID number → bank card → trading PIN
//! → risk questionnaire → done. Steps may be redone (going back to edit) before the end; changing
//! the identity invalidates the card (the four-element check covers name and ID).

use serde::{Deserialize, Serialize};

use super::error::OnboardingError;

/// A step of onboarding, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Phone number and its OTP.
    Phone,
    /// Real name and ID number.
    Identity,
    /// Bank card (four-element check).
    Card,
    /// Trading PIN.
    Pin,
    /// Risk questionnaire.
    Questionnaire,
    /// Finished: money may move.
    Done,
}

impl Step {
    /// Every step that takes input, in order.
    pub const INPUT_STEPS: [Step; 5] = [Step::Phone, Step::Identity, Step::Card, Step::Pin, Step::Questionnaire];

    /// Stable name (`phone`, `identity`, `card`, `pin`, `questionnaire`, `done`).
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Phone => "phone",
            Step::Identity => "identity",
            Step::Card => "card",
            Step::Pin => "pin",
            Step::Questionnaire => "questionnaire",
            Step::Done => "done",
        }
    }

    /// Parse a stable name.
    pub fn parse(s: &str) -> Option<Step> {
        [Step::Phone, Step::Identity, Step::Card, Step::Pin, Step::Questionnaire, Step::Done]
            .into_iter()
            .find(|st| st.as_str() == s)
    }
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which steps are done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    /// Phone verified by OTP.
    pub phone: bool,
    /// Real name and ID number accepted.
    pub identity: bool,
    /// Card bound (four-element check passed).
    pub card: bool,
    /// Trading PIN set.
    pub pin: bool,
    /// Questionnaire taken (and not expired).
    pub questionnaire: bool,
}

impl Progress {
    /// Whether `step` is done.
    pub fn is_done(&self, step: Step) -> bool {
        match step {
            Step::Phone => self.phone,
            Step::Identity => self.identity,
            Step::Card => self.card,
            Step::Pin => self.pin,
            Step::Questionnaire => self.questionnaire,
            Step::Done => self.complete(),
        }
    }

    /// The first step not done (`Done` when all are).
    pub fn current(&self) -> Step {
        Step::INPUT_STEPS.into_iter().find(|s| !self.is_done(*s)).unwrap_or(Step::Done)
    }

    /// Every step done.
    pub fn complete(&self) -> bool {
        self.phone && self.identity && self.card && self.pin && self.questionnaire
    }

    /// May `step` be submitted now? Every earlier step must be done; a done step may be redone
    /// (edited) until onboarding completes; afterwards only the questionnaire (retake) is open.
    pub fn check_submit(&self, step: Step) -> Result<(), OnboardingError> {
        let current = self.current();
        let earlier_done = Step::INPUT_STEPS.into_iter().filter(|s| *s < step).all(|s| self.is_done(s));
        let open = step != Step::Done && earlier_done && (!self.complete() || step == Step::Questionnaire);
        if open {
            Ok(())
        } else {
            Err(OnboardingError::StepOutOfOrder { step, current })
        }
    }

    /// The progress after `step` completed. A new identity unbinds the card.
    pub fn after(mut self, step: Step) -> Progress {
        match step {
            Step::Phone => self.phone = true,
            Step::Identity => {
                self.identity = true;
                self.card = false;
            }
            Step::Card => self.card = true,
            Step::Pin => self.pin = true,
            Step::Questionnaire => self.questionnaire = true,
            Step::Done => {}
        }
        self
    }
}

/// An item of the newbie guide (新手指引), a checklist the user can reopen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideItem {
    /// Stable id.
    pub id: String,
    /// Title shown.
    pub title: String,
    /// Whether it is done.
    pub done: bool,
}

/// The newbie guide for this progress: the onboarding steps, then reading what the product is
/// and how money is protected (`read` lists guide ids the user opened), then the first deposit.
pub fn newbie_guide(p: &Progress, read: &[String], first_deposit_made: bool) -> Vec<GuideItem> {
    let item = |id: &str, title: &str, done: bool| GuideItem { id: id.into(), title: title.into(), done };
    let was_read = |id: &str| read.iter().any(|r| r == id);
    vec![
        item("phone", "Verify your phone number", p.phone),
        item("identity", "Real name and ID number", p.identity),
        item("card", "Bind a bank card", p.card),
        item("pin", "Set a trading PIN", p.pin),
        item("questionnaire", "Risk questionnaire", p.questionnaire),
        item("what_is_it", "What a money-market fund is", was_read("what_is_it")),
        item("protection", "How your money is protected", was_read("protection")),
        item("first_deposit", "Make your first deposit", first_deposit_made),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_in_order_and_edit() {
        let p = Progress::default();
        assert_eq!(p.current(), Step::Phone);
        assert!(p.check_submit(Step::Card).is_err());
        let p = p.after(Step::Phone).after(Step::Identity).after(Step::Card);
        assert_eq!(p.current(), Step::Pin);
        // Going back to edit the identity unbinds the card.
        assert!(p.check_submit(Step::Identity).is_ok());
        let p = p.after(Step::Identity);
        assert_eq!(p.current(), Step::Card);
        let p = p.after(Step::Card).after(Step::Pin).after(Step::Questionnaire);
        assert_eq!(p.current(), Step::Done);
        assert!(p.check_submit(Step::Identity).is_err());
        assert!(p.check_submit(Step::Questionnaire).is_ok());
    }
}
