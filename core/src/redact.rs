//! Masks personal data in a log line before it leaves the core (DEVELOPERS.md: no PII in logs).
//!
//! - Runs of 11 or more digits (phone numbers, 18-character ID numbers with a final `X`, bank
//!   card numbers, also written in groups with spaces or hyphens): every digit but the last four
//!   becomes `*`; a mainland mobile number (11 digits starting with 1) keeps its first three too,
//!   the way Chinese apps show it (`138****5678`).
//! - Secrets: the value after `Bearer `, and after a key named like `token`, `password`, `pin`,
//!   `otp`, `secret` or `authorization` (`key=value`, `key: value`, `"key":"value"`) becomes `***`.
//!
//! Digit runs touching a letter (identifiers such as UUIDs or `ord-…`) are left alone.

const SECRET_KEYS: [&str; 7] = ["token", "password", "passwd", "pin", "otp", "secret", "authorization"];

/// The line with personal data and secrets masked.
pub fn redact(line: &str) -> String {
    mask_digit_runs(&mask_secrets(line))
}

fn mask_secrets(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let lower: Vec<char> = line.to_lowercase().chars().collect();
    if lower.len() != chars.len() {
        // Case folding changed the length (rare scripts): mask conservatively on the original.
        return mask_secrets_in(&chars, &chars);
    }
    mask_secrets_in(&chars, &lower)
}

fn starts_with_at(hay: &[char], i: usize, needle: &str) -> bool {
    let n: Vec<char> = needle.chars().collect();
    hay.len() >= i + n.len() && hay[i..i + n.len()] == n[..]
}

fn mask_secrets_in(chars: &[char], lower: &[char]) -> String {
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let word_start = i == 0 || !chars[i - 1].is_alphanumeric();
        let key = if starts_with_at(lower, i, "bearer ") {
            Some("bearer ".len())
        } else if word_start {
            SECRET_KEYS.iter().find(|k| starts_with_at(lower, i, k)).map(|k| k.chars().count())
        } else {
            None
        };
        if let Some(klen) = key {
            // Skip the rest of the key word (e.g. `session_token`), then a separator.
            let mut j = i + klen;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') && klen != "bearer ".len() {
                j += 1;
            }
            let sep_start = j;
            while j < chars.len() && matches!(chars[j], '"' | '\'' | ' ' | ':' | '=') {
                j += 1;
            }
            let has_sep = klen == "bearer ".len() || chars[sep_start..j].iter().any(|c| matches!(c, ':' | '='));
            if has_sep && klen != "bearer ".len() && starts_with_at(lower, j, "bearer ") {
                j += "bearer ".len();
            }
            let value_end = {
                let mut k = j;
                while k < chars.len() && !chars[k].is_whitespace() && !matches!(chars[k], '"' | '\'' | ',' | '&' | '}')
                {
                    k += 1;
                }
                k
            };
            if has_sep && value_end > j {
                out.extend(&chars[i..j]);
                out.push_str("***");
                i = value_end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn mask_digit_runs(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        // Part of an identifier: right after a letter or digit, or after `-`/`_` that follows one.
        let in_identifier = i > 0
            && (chars[i - 1].is_alphanumeric()
                || (matches!(chars[i - 1], '-' | '_') && i > 1 && chars[i - 2].is_alphanumeric()));
        if !chars[i].is_ascii_digit() || in_identifier {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // A run: digits, single spaces or hyphens between digits, and an optional final X (ID).
        let mut j = i;
        let mut digits = 0;
        while j < chars.len() {
            if chars[j].is_ascii_digit() {
                digits += 1;
                j += 1;
            } else if matches!(chars[j], ' ' | '-') && j + 1 < chars.len() && chars[j + 1].is_ascii_digit() {
                j += 1;
            } else {
                break;
            }
        }
        let mut end = j;
        if digits == 17 && end < chars.len() && matches!(chars[end], 'X' | 'x') {
            digits += 1;
            end += 1;
        }
        let touches_letter = end < chars.len() && chars[end].is_alphanumeric();
        if digits < 11 || touches_letter {
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        let phone = digits == 11 && chars[i] == '1' && end - i == 11;
        let mut seen = 0;
        for &c in &chars[i..end] {
            if c.is_ascii_alphanumeric() {
                seen += 1;
                let keep = seen > digits - 4 || (phone && seen <= 3);
                out.push(if keep { c } else { '*' });
            } else {
                out.push(c);
            }
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn phone_id_and_card_numbers_are_masked() {
        assert_eq!(redact("otp sent to 13812345678"), "otp sent to 138****5678");
        assert_eq!(redact("id 11010519491231002X ok"), "id **************002X ok");
        assert_eq!(redact("id 110105194912310021"), "id **************0021");
        assert_eq!(redact("card 6222021234567890123 bound"), "card ***************0123 bound");
        assert_eq!(redact("card 6222 0212 3456 7890"), "card **** **** **** 7890");
        assert_eq!(redact("card 6222-0212-3456-7890."), "card ****-****-****-7890.");
    }

    #[test]
    fn secrets_are_masked() {
        assert_eq!(redact("Authorization: Bearer abc.def-123"), "Authorization: Bearer ***");
        assert_eq!(redact("authorization=xyz"), "authorization=***");
        assert_eq!(redact("sent bearer abc123 to server"), "sent bearer *** to server");
        assert_eq!(redact("session_token=s3cr3t&x=1"), "session_token=***&x=1");
        assert_eq!(redact(r#"{"token":"tok_9f8e7d","amount":"10.00"}"#), r#"{"token":"***","amount":"10.00"}"#);
        assert_eq!(redact("pin: 123456 wrong"), "pin: *** wrong");
    }

    #[test]
    fn ordinary_lines_are_unchanged() {
        for line in [
            "deposit 10000.00 placed, order 550e8400-e29b-41d4-a716-446655440000",
            "sync: 3 orders, 2 income lines at 2026-11-19T18:00:00+08:00",
            "ord-20261119143000123 confirmed",
            "the pinned certificate matched",
            "tokens left: none",
            "7-day yield 2.401",
        ] {
            assert_eq!(redact(line), line);
        }
    }
}
