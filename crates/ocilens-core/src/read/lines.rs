//! Line and column of a byte offset, in time independent of how many are asked: an input's
//! newlines are found once, and long lines carry a mark every few KB with the characters counted
//! so far, so a column is counted from the nearest mark, never from the start of the input.

/// Bytes between marks on a long line.
const MARK_EVERY: usize = 4096;

/// Where an input's lines start, and marks on its long lines.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    /// Offsets of every `\n`.
    newlines: Vec<usize>,
    /// `(offset, characters from the start of its line)`, ascending; every offset is the start
    /// of a character (or of an invalid sequence), so counting on from it counts as counting
    /// the whole line would.
    marks: Vec<(usize, usize)>,
}

/// Whether `b` has a CRLF line end (found by word, not byte pair by byte pair).
pub(crate) fn has_crlf(b: &[u8]) -> bool {
    memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) == Some(&b'\n'))
}

/// Characters in `b`, counting each invalid UTF-8 sequence as one (as `from_utf8_lossy` shows it).
fn chars(b: &[u8]) -> usize {
    match std::str::from_utf8(b) {
        Ok(s) => s.chars().count(),
        Err(_) => String::from_utf8_lossy(b).chars().count(),
    }
}

fn continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

impl Lines {
    pub(crate) fn new(b: &[u8]) -> Lines {
        let newlines: Vec<usize> = memchr::memchr_iter(b'\n', b).collect();
        let mut marks = Vec::new();
        let mut start = 0;
        for end in newlines.iter().copied().chain([b.len()]) {
            let (mut at, mut counted) = (start, 0);
            while end - at > MARK_EVERY {
                let mut next = at + MARK_EVERY;
                while next < end && continuation(b[next]) {
                    next += 1;
                }
                counted += chars(&b[at..next]);
                marks.push((next, counted));
                at = next;
            }
            start = end + 1;
        }
        Lines { newlines, marks }
    }

    /// Offsets of every `\n`.
    pub(crate) fn newlines(&self) -> &[usize] {
        &self.newlines
    }

    /// 1-based line and column (in characters) of `offset` in `b`, the bytes this was built on.
    pub(crate) fn line_col(&self, b: &[u8], offset: usize) -> (usize, usize) {
        let offset = offset.min(b.len());
        let before = self.newlines.partition_point(|&p| p < offset);
        let line_start = if before == 0 {
            0
        } else {
            self.newlines[before - 1] + 1
        };
        let mark = self.marks.partition_point(|&(o, _)| o <= offset);
        let (from, counted) = match mark.checked_sub(1).map(|m| self.marks[m]) {
            Some((o, n)) if o >= line_start => (o, n),
            _ => (line_start, 0),
        };
        (before + 1, counted + chars(&b[from..offset]) + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::json;

    #[test]
    fn crlf_is_found_as_a_byte_pair_scan_finds_it() {
        let long = format!("{}\r\n", "a\r".repeat(5000));
        for b in [
            "", "\r", "\n\r", "a\r", "a\r\nb", "\r\r\n", "a\rb\nc", &long,
        ] {
            let pairs = b.as_bytes().windows(2).any(|w| w == b"\r\n");
            assert_eq!(has_crlf(b.as_bytes()), pairs, "{b:?}");
        }
    }

    #[test]
    fn every_offset_has_the_line_and_column_counting_from_the_start_gives() {
        let mut text = String::new();
        for i in 0..12 {
            text.push_str(&"é→x".repeat(i * 131));
            text.push('\n');
        }
        text.push_str(&"日本".repeat(5000));
        let mut b = text.into_bytes();
        // Invalid UTF-8 in a long line: lone continuation bytes and a cut sequence.
        b.extend_from_slice(&[0x80, 0x80, b'a', 0xE2, 0x82, b'b']);
        b.extend(std::iter::repeat_n(0x9F, 9000));
        b.push(b'\n');
        let lines = Lines::new(&b);
        assert!(lines.marks.len() > 10, "long lines have marks");
        // Every 61st offset (a prime, so it falls at every position within a character), and
        // the ends; the reference counts from the start, so more would only slow the test.
        for offset in (0..=b.len() + 3).step_by(61).chain([b.len() - 1, b.len()]) {
            assert_eq!(
                lines.line_col(&b, offset),
                json::line_col(&b, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn empty_input_and_newline_only() {
        assert_eq!(Lines::new(b"").line_col(b"", 0), (1, 1));
        assert_eq!(Lines::new(b"\n\n").line_col(b"\n\n", 2), (3, 1));
        assert_eq!(Lines::new(b"ab\ncd").line_col(b"ab\ncd", 4), (2, 2));
    }
}
