//! Dates and times as people in the UK type and read them: the GOV.UK date pattern (day, month,
//! year), times like "5pm", and (on the server) the UK clock, with its changes, for deadlines.

/// A date typed in the GOV.UK date pattern (day, month, year), kept as "YYYY-MM-DD". The
/// question gives its own messages: for nothing typed, and for a date that does not exist.
pub fn parse_date(
    (day, month, year): (&str, &str, &str),
    missing: &'static str,
    not_real: &'static str,
) -> Result<String, &'static str> {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return Err(missing);
    }
    let (Ok(d), Ok(m), Ok(y)) = (day.parse::<u32>(), month.parse::<u32>(), year.parse::<u32>()) else {
        return Err(not_real);
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if !(2000..=2100).contains(&y) || d == 0 || d > days_in_month {
        return Err(not_real);
    }
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

/// "2027-04-01" → "1 April 2027".
pub fn display_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = iso.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_owned();
    };
    match (d.parse::<u32>(), m.parse::<usize>()) {
        (Ok(d), Ok(m)) if (1..=12).contains(&m) => format!("{d} {} {y}", MONTHS[m - 1]),
        _ => iso.to_owned(),
    }
}

/// "17:00", "9:30", "5pm", "5:30pm", "12pm" (midday), "12am" (midnight) → (hour, minute).
pub fn parse_time(typed: &str) -> Result<(u32, u32), &'static str> {
    let message = "Enter a real time, like 17:00 or 5pm";
    let typed = typed.trim().to_ascii_lowercase().replace(' ', "").replace('.', ":");
    if typed.is_empty() {
        return Err("Enter the time offers must be in by, like 17:00");
    }
    let (clock, suffix) = match typed.strip_suffix("am").or_else(|| typed.strip_suffix("a.m")) {
        Some(rest) => (rest.to_owned(), Some(false)),
        None => match typed.strip_suffix("pm") {
            Some(rest) => (rest.to_owned(), Some(true)),
            None => (typed.clone(), None),
        },
    };
    let (hour, minute) = match clock.split_once(':') {
        Some((h, m)) if m.len() == 2 => {
            (h.parse::<u32>().map_err(|_| message)?, m.parse::<u32>().map_err(|_| message)?)
        }
        Some(_) => return Err(message),
        None => (clock.parse::<u32>().map_err(|_| message)?, 0),
    };
    let hour = match suffix {
        Some(pm) if (1..=12).contains(&hour) => (hour % 12) + if pm { 12 } else { 0 },
        Some(_) => return Err(message),
        None => hour,
    };
    if hour > 23 || minute > 59 {
        return Err(message);
    }
    Ok((hour, minute))
}

/// "17:00" → "5pm"; "09:30" → "9:30am"; "12:00" → "midday" (GOV.UK style).
pub fn display_time(hour: u32, minute: u32) -> String {
    match (hour, minute) {
        (0, 0) => "midnight".into(),
        (12, 0) => "midday".into(),
        _ => {
            let suffix = if hour < 12 { "am" } else { "pm" };
            let twelve = if hour % 12 == 0 { 12 } else { hour % 12 };
            if minute == 0 {
                format!("{twelve}{suffix}")
            } else {
                format!("{twelve}:{minute:02}{suffix}")
            }
        }
    }
}

#[cfg(feature = "ssr")]
mod uk_clock {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
    use chrono_tz::Europe::London;

    use super::{display_date, display_time};

    /// A UK local date and time as the UTC instant it names. In the autumn's repeated hour the
    /// earlier instant is taken; a time skipped in spring is an error.
    pub fn uk_time_to_utc(date: &str, (hour, minute): (u32, u32)) -> Option<DateTime<Utc>> {
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
        let local = NaiveDateTime::new(date, NaiveTime::from_hms_opt(hour, minute, 0)?);
        London.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc))
    }

    /// "5pm on 15 January 2027" (UK time).
    pub fn display_uk_time(instant: DateTime<Utc>) -> String {
        let local = instant.with_timezone(&London);
        let time = display_time(local.hour(), local.minute());
        format!("{time} on {}", display_date(&local.format("%Y-%m-%d").to_string()))
    }
}

#[cfg(feature = "ssr")]
pub use uk_clock::{display_uk_time, uk_time_to_utc};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dates_in_the_govuk_pattern() {
        let date = |d, m, y| parse_date((d, m, y), "Enter the date", "The date must be a real date");
        assert_eq!(date("1", "4", "2027"), Ok("2027-04-01".into()));
        assert_eq!(date("29", "2", "2027"), Err("The date must be a real date"));
        assert_eq!(date("29", "2", "2028"), Ok("2028-02-29".into()));
        assert_eq!(date(" ", "", ""), Err("Enter the date"));
        assert_eq!(display_date("2027-04-01"), "1 April 2027");
    }

    #[test]
    fn reads_times_as_people_write_them() {
        assert_eq!(parse_time("17:00"), Ok((17, 0)));
        assert_eq!(parse_time("9.30am"), Ok((9, 30)));
        assert_eq!(parse_time("12pm"), Ok((12, 0)));
        assert_eq!(parse_time("12am"), Ok((0, 0)));
        assert_eq!(parse_time("5:45 PM"), Ok((17, 45)));
        assert!(parse_time("13pm").is_err());
        assert_eq!(display_time(17, 0), "5pm");
        assert_eq!(display_time(9, 5), "9:05am");
        assert_eq!(display_time(12, 0), "midday");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn uk_times_follow_the_clocks() {
        // Winter: GMT. Summer: BST, an hour ahead of UTC.
        assert_eq!(uk_time_to_utc("2027-01-15", (17, 0)).unwrap().to_rfc3339(), "2027-01-15T17:00:00+00:00");
        assert_eq!(uk_time_to_utc("2027-07-15", (17, 0)).unwrap().to_rfc3339(), "2027-07-15T16:00:00+00:00");
        // 28 March 2027: 1am to 2am does not exist.
        assert_eq!(uk_time_to_utc("2027-03-28", (1, 30)), None);
        let summer = uk_time_to_utc("2027-07-15", (9, 30)).unwrap();
        assert_eq!(display_uk_time(summer), "9:30am on 15 July 2027");
    }
}
