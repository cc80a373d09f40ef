//! Reading one file on several threads: the file is cut into parts at receipt boundaries and
//! each part is read by its own [`SliceReader`], with lines and receipts numbered as in the
//! whole file. The result is the same as reading the file in one go ([`read_slice`]): the same
//! receipts in the same order, the same rejections and the same summary.
//!
//! A part starts at an RE line. What a reader carries from one receipt to the next is only the
//! current institution (the last IR/YK record) and the counts of lines and receipts; a first,
//! quick pass over each part finds these, and the parts are then read side by side. A file
//! that records anything else across a part boundary (a GO record before the last part, an
//! institution line that is damaged) is read in one part, so the result never depends on the
//! cut.
//!
//! [`read_slice`]: super::read_slice

use std::num::NonZeroUsize;

use super::builder::split_prefix;
use super::kind::RecordKind;
use super::reader::{
    institution_after, Institution, PartStart, ReadOutcome, ReadSummary, ReaderOptions,
    SliceReader, EOF_MARK, MAX_KEPT_FILE_ITEMS,
};
use super::record::LinePrefix;
use super::{Receipt, ReceiptError};

/// The smallest part worth a thread of its own: starting a thread costs tens of microseconds,
/// reading 256 KiB of receipts (about 400) about a millisecond.
const MIN_PART_BYTES: usize = 256 << 10;

/// What [`fold_slice_parallel`] returns: each part's state, in file order, and the summary of
/// the whole file (the same as [`SliceReader::summary`] after reading it in one go).
#[derive(Debug, Clone)]
pub struct ParallelFold<S> {
    /// The state of each part, in file order (one when the file was read in one part).
    pub parts: Vec<S>,
    /// The whole file's summary.
    pub summary: ReadSummary,
}

/// Reads a whole file held in memory on up to `threads` threads, handing each receipt (or
/// rejection) to `each` together with its part's state, which `init` makes. Receipts are lent,
/// as by [`SliceReader::next_lent`]; within a part they come in file order, and the parts'
/// states come back in file order, so a caller that needs the file's order merges them in
/// sequence. Positions ([`Receipt::position`], [`ReceiptError::line`],
/// [`ReceiptError::receipt_index`]) are those of the whole file.
///
/// A file smaller than half a megabyte or so, or one that cannot be cut safely (see the
/// module docs), is read on the calling thread in one part.
///
/// ```
/// use std::num::NonZeroUsize;
/// use kenpo_domain::receipt::{fold_slice_parallel, testgen, ReaderOptions, SliceReader};
///
/// let bytes = testgen::file(&testgen::GeneratorOptions::new(7, 3000));
/// let threads = NonZeroUsize::new(2).unwrap();
/// let fold = fold_slice_parallel(
///     &bytes,
///     ReaderOptions::new("RECEIPTC.UKE"),
///     threads,
///     || 0i64,
///     |points, read| *points += read.map_or(0, |r| r.total_points().get()),
/// );
/// assert_eq!(fold.parts.len(), 2); // 1.8 MB: two parts on two threads
/// let points: i64 = fold.parts.iter().sum();
/// assert_eq!(fold.summary.parsed, 3000);
/// assert_eq!(fold.summary.points_read.get(), points);
///
/// // The same summary as one reader over the whole file.
/// let mut one = SliceReader::new(&bytes, ReaderOptions::new("RECEIPTC.UKE"));
/// while one.next_lent().is_some() {}
/// assert_eq!(&fold.summary, one.summary());
/// ```
pub fn fold_slice_parallel<S, I, F>(
    bytes: &[u8],
    options: ReaderOptions,
    threads: NonZeroUsize,
    init: I,
    each: F,
) -> ParallelFold<S>
where
    S: Send,
    I: Fn() -> S + Sync,
    F: Fn(&mut S, Result<&Receipt, ReceiptError>) + Sync,
{
    run_parts(bytes, options, threads, MIN_PART_BYTES, |reader| {
        let mut state = init();
        while let Some(read) = reader.next_lent() {
            each(&mut state, read);
        }
        state
    })
}

/// Reads a whole file held in memory on up to `threads` threads: the same outcome as
/// [`read_slice`](super::read_slice), in the same order. It holds every receipt at once, as
/// `read_slice` does; [`fold_slice_parallel`] handles each receipt and lets it go.
///
/// ```
/// use std::num::NonZeroUsize;
/// use kenpo_domain::receipt::{read_slice, read_slice_parallel, testgen, ReaderOptions};
///
/// let bytes = testgen::file(&testgen::GeneratorOptions::new(7, 3000));
/// let threads = NonZeroUsize::new(4).unwrap();
/// let side_by_side = read_slice_parallel(&bytes, ReaderOptions::new("R.UKE"), threads);
/// let in_one_go = read_slice(&bytes, ReaderOptions::new("R.UKE"));
/// assert_eq!(side_by_side.receipts, in_one_go.receipts);
/// assert_eq!(side_by_side.summary, in_one_go.summary);
/// ```
pub fn read_slice_parallel(
    bytes: &[u8],
    options: ReaderOptions,
    threads: NonZeroUsize,
) -> ReadOutcome {
    read_parts(bytes, options, threads, MIN_PART_BYTES)
}

fn read_parts(
    bytes: &[u8],
    options: ReaderOptions,
    threads: NonZeroUsize,
    min_part: usize,
) -> ReadOutcome {
    let fold = run_parts(bytes, options, threads, min_part, |reader| {
        let mut receipts = Vec::new();
        let mut rejected = Vec::new();
        for read in reader.by_ref() {
            match read {
                Ok(r) => receipts.push(r),
                Err(e) => rejected.push(e),
            }
        }
        (receipts, rejected)
    });
    let mut receipts = Vec::new();
    let mut rejected = Vec::new();
    for (mut r, mut e) in fold.parts {
        receipts.append(&mut r);
        rejected.append(&mut e);
    }
    ReadOutcome {
        receipts,
        rejected,
        summary: fold.summary,
    }
}

/// What the first pass learns about a part.
#[derive(Debug, Default)]
struct Scan {
    /// LF bytes: the lines before the next part.
    lines: u64,
    /// Lines that open a receipt.
    receipts: u64,
    /// Start of the last head line (IR, YK, UK, HI, HM; relative to the part).
    last_header: Option<usize>,
    /// The kind of the part's first head line.
    first_header: Option<RecordKind>,
    /// A head line not followed by a line that opens a receipt: the reader would carry it.
    head_open: bool,
    /// A line begins with `GO` or `HG`.
    has_go: bool,
    /// The end-of-file mark is in the part: the file ends there.
    marked: bool,
}

/// The line starting at `start` (without its LF).
fn line_at(bytes: &[u8], start: usize) -> &[u8] {
    let rest = bytes.get(start..).unwrap_or_default();
    match memchr::memchr(b'\n', rest) {
        Some(end) => rest.get(..end).unwrap_or_default(),
        None => rest,
    }
}

/// A line as the reader places it: its history-management columns (`None` without them,
/// `Err` when they are damaged) and its record kind's bytes.
fn classify(line: &[u8]) -> (Option<Result<LinePrefix, ()>>, &[u8]) {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let (prefix, record) = match split_prefix(line) {
        None => (None, line),
        Some(Ok((p, rest))) => (Some(Ok(p)), rest),
        Some(Err(_)) => (Some(Err(())), line),
    };
    let kind = record
        .get(..memchr::memchr(b',', record).unwrap_or(record.len()))
        .unwrap_or_default();
    (prefix, kind)
}

/// Follows the reader's rule for opening receipts (`Core::opens`): an RE without the
/// history-management columns, any MN, and an RE of データ識別 1 unless an MN is waiting for it.
#[derive(Debug, Default)]
struct Openings {
    /// An MN opened a receipt that has no RE yet.
    pending: bool,
}

impl Openings {
    /// Whether `line` opens a receipt, updating the state.
    fn opens(&mut self, line: &[u8]) -> bool {
        let (prefix, kind) = classify(line);
        match (kind, prefix) {
            (_, Some(Err(()))) => false,
            (b"MN", _) => {
                self.pending = true;
                true
            }
            (b"RE", None) => {
                self.pending = false;
                true
            }
            (b"RE", Some(Ok(p))) if p.data_ident == LinePrefix::CLAIM => {
                !std::mem::replace(&mut self.pending, false)
            }
            (b"GO" | b"HG", _) => {
                self.pending = false;
                false
            }
            (b"IR" | b"YK" | b"UK" | b"HI" | b"HM", None) => {
                // An unprefixed head record closes the receipt.
                self.pending = false;
                false
            }
            _ => false,
        }
    }
}

/// One pass over the lines of a part, up to the end-of-file mark if it is in the part.
fn scan(part: &[u8]) -> Scan {
    let mut scan = Scan::default();
    let mut openings = Openings::default();
    let mut start = 0;
    while let Some(rest) = part.get(start..).filter(|r| !r.is_empty()) {
        let end = memchr::memchr2(b'\n', EOF_MARK, rest);
        let line = rest.get(..end.unwrap_or(rest.len())).unwrap_or_default();
        // Lines without history-management columns (nearly all, in a clinic file) are told
        // apart by their first three bytes.
        let bare = line.strip_suffix(b"\r").unwrap_or(line);
        let (prefixed, kind): (bool, &[u8]) = match bare.first() {
            Some(b) if b.is_ascii_digit() => (true, classify(line).1),
            _ => (
                false,
                match bare.get(2) {
                    Some(b',') | None => bare.get(..2).unwrap_or(bare),
                    Some(_) => bare,
                },
            ),
        };
        let opens = if prefixed
            || matches!(
                kind,
                b"RE" | b"MN" | b"GO" | b"HG" | b"IR" | b"YK" | b"UK" | b"HI" | b"HM"
            ) {
            openings.opens(line)
        } else {
            false
        };
        if opens {
            scan.receipts += 1;
            scan.head_open = false;
        }
        let head = match kind {
            b"IR" => Some(RecordKind::Ir),
            b"YK" => Some(RecordKind::Yk),
            b"UK" => Some(RecordKind::Uk),
            b"HI" => Some(RecordKind::Hi),
            b"HM" => Some(RecordKind::Hm),
            _ => None,
        };
        if let Some(k) = head {
            scan.last_header = Some(start);
            scan.first_header.get_or_insert(k);
            scan.head_open = !prefixed;
        }
        if matches!(kind, b"GO" | b"HG") {
            scan.has_go = true;
        }
        match end {
            Some(end) if rest.get(end) == Some(&b'\n') => {
                scan.lines += 1;
                start += end + 1;
            }
            Some(_) => {
                scan.marked = true;
                break;
            }
            None => break,
        }
    }
    scan
}

/// `true` when the line at `start` opens a receipt whatever came before it: an RE without the
/// history-management columns, or an MN.
fn opens_anyway(bytes: &[u8], start: usize) -> bool {
    let (prefix, kind) = classify(line_at(bytes, start));
    matches!((kind, prefix), (b"MN", Some(Ok(_)) | None) | (b"RE", None))
}

/// Cuts `bytes` into at most `n` parts, each starting at a line that opens a receipt whatever
/// came before it (or at the head record just before such a line) and at least `min_part`
/// bytes long: the offsets where parts 1.. start.
fn cuts(bytes: &[u8], n: usize, min_part: usize) -> Vec<usize> {
    let n = n.min(bytes.len() / min_part.max(1)).max(1);
    let mut cuts: Vec<usize> = Vec::with_capacity(n);
    for i in 1..n {
        let target = bytes.len() / n * i;
        let mut from = cuts.last().map_or(target, |&c| target.max(c + 1));
        let found = loop {
            let Some(nl) = bytes.get(from..).and_then(|r| memchr::memchr(b'\n', r)) else {
                break None;
            };
            let at = from + nl + 1;
            if at >= bytes.len() {
                break None;
            }
            if opens_anyway(bytes, at) {
                break Some(at);
            }
            from = at;
        };
        let Some(mut at) = found else { break };
        // Keep a receipt's head record (dental and return files) with it.
        if let Some(prev) = at
            .checked_sub(1)
            .and_then(|end| bytes.get(..end))
            .map(|before| memchr::memrchr(b'\n', before).map_or(0, |p| p + 1))
        {
            let (prefix, kind) = classify(line_at(bytes, prev));
            // (Not the file's first line: a head record there heads the file.)
            if prev > 0 && prefix.is_none() && matches!(kind, b"IR" | b"YK" | b"UK" | b"HI") {
                at = prev;
            }
        }
        if cuts.last().is_some_and(|&c| at <= c) || at == 0 {
            continue;
        }
        cuts.push(at);
    }
    cuts
}

/// Reads the parts of `bytes` side by side, each with `work` (which must read its reader to
/// the end), and merges their summaries.
fn run_parts<S, W>(
    bytes: &[u8],
    options: ReaderOptions,
    threads: NonZeroUsize,
    min_part: usize,
    work: W,
) -> ParallelFold<S>
where
    S: Send,
    W: Fn(&mut SliceReader<'_>) -> S + Sync,
{
    let cuts = cuts(bytes, threads.get(), min_part);
    let mut parts: Vec<&[u8]> = split_at(bytes, &cuts);
    let starts = if parts.len() > 1 {
        let mut scans: Vec<Scan> = on_threads(parts.clone(), scan);
        // The file ends at the first mark: the parts after it are not read.
        if let Some(last) = scans.iter().position(|s| s.marked) {
            scans.truncate(last + 1);
            parts.truncate(last + 1);
        }
        starts(bytes, &cuts, &scans)
    } else {
        None
    };
    let Some(starts) = starts else {
        // One part: the whole file on this thread.
        let start = PartStart {
            lines_before: 0,
            receipts_before: 0,
            institution: None,
            file_kind: None,
        };
        let mut reader = SliceReader::part(bytes, options.clone(), start);
        let state = work(&mut reader);
        while reader.next_lent().is_some() {}
        let summary = SliceReader::check_file(options, reader.into_summary());
        return ParallelFold {
            parts: vec![state],
            summary,
        };
    };
    let jobs: Vec<(&[u8], PartStart)> = parts.into_iter().zip(starts).collect();
    let results: Vec<(S, ReadSummary, u64)> = on_threads(jobs, |(part, start)| {
        let before = start.receipts_before;
        let mut reader = SliceReader::part(part, options.clone(), start);
        let state = work(&mut reader);
        while reader.next_lent().is_some() {}
        (state, reader.into_summary(), before)
    });
    let mut states = Vec::with_capacity(results.len());
    let mut merged: Option<ReadSummary> = None;
    for (state, summary, before) in results {
        states.push(state);
        merged = Some(match merged {
            None => summary,
            Some(all) => merge(all, summary, before),
        });
    }
    let merged = merged.unwrap_or_else(|| ReadSummary::new(options.file_name.as_str().into()));
    let summary = SliceReader::check_file(options, cap(merged));
    ParallelFold {
        parts: states,
        summary,
    }
}

fn split_at<'a>(bytes: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut parts = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for &c in cuts.iter().chain(std::iter::once(&bytes.len())) {
        parts.push(bytes.get(from..c).unwrap_or_default());
        from = c;
    }
    parts
}

/// Where each part starts, from the first pass; `None` when the file cannot be cut safely: a
/// GO record before the last part (what follows a GO is read differently), a head record that
/// the reader would carry into the next part (a line between it and its receipt), or a part
/// whose current institution depends on a damaged head line.
fn starts(bytes: &[u8], cuts: &[usize], scans: &[Scan]) -> Option<Vec<PartStart>> {
    let mut starts = Vec::with_capacity(scans.len());
    let mut lines = 0u64;
    let mut receipts = 0u64;
    let mut institution: Option<Institution> = None;
    let mut file_kind: Option<RecordKind> = None;
    for (i, scan) in scans.iter().enumerate() {
        starts.push(PartStart {
            lines_before: lines,
            receipts_before: receipts,
            institution: institution.clone(),
            file_kind,
        });
        if i + 1 == scans.len() {
            break;
        }
        if scan.has_go || scan.head_open {
            return None;
        }
        lines += scan.lines;
        receipts += scan.receipts;
        file_kind = file_kind.or(scan.first_header);
        if let Some(at) = scan.last_header {
            let part_start = i.checked_sub(1).and_then(|p| cuts.get(p)).copied();
            let line = line_at(bytes, part_start.unwrap_or(0) + at);
            institution = institution_after(line)?;
        }
    }
    Some(starts)
}

/// Runs `f` on every item, one thread per item after the first, which runs on this thread; the
/// results in the items' order. An item whose thread cannot be started runs on this thread
/// too; a panic in `f` is resumed on this thread.
fn on_threads<T: Clone + Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    std::thread::scope(|s| {
        let f = &f;
        let mut items = items.into_iter();
        let first = items.next();
        let spawned: Vec<_> = items
            .map(|item| {
                let moved = item.clone();
                std::thread::Builder::new()
                    .name("kenpo-receipts".into())
                    .spawn_scoped(s, move || f(moved))
                    .map_err(|_| item)
            })
            .collect();
        let mut results = Vec::with_capacity(spawned.len() + 1);
        if let Some(first) = first {
            results.push(f(first));
        }
        for handle in spawned {
            match handle {
                Ok(h) => match h.join() {
                    Ok(r) => results.push(r),
                    Err(panic) => std::panic::resume_unwind(panic),
                },
                Err(item) => results.push(f(item)),
            }
        }
        results
    })
}

/// The summary of the parts read so far (`all`) and of the next one (`s`, whose reader counted
/// from the `before` receipts of the parts before it), as one reader would have kept it:
/// counts added, the first header and GO, file errors and raw records in file order.
fn merge(mut all: ReadSummary, s: ReadSummary, before: u64) -> ReadSummary {
    all.header = all.header.or(s.header);
    all.declared = all.declared.or(s.declared);
    all.receipts_in_file += s.receipts_in_file.saturating_sub(before);
    all.payer_records_in_file += s.payer_records_in_file;
    for (layout, c) in s.by_layout {
        let e = all.by_layout.entry(layout).or_default();
        e.parsed += c.parsed;
        e.rejected += c.rejected;
        e.points = e.points.saturating_add(c.points);
    }
    all.corrected += s.corrected;
    all.prefixed_lines += s.prefixed_lines;
    all.mn_records += s.mn_records;
    all.parsed += s.parsed;
    all.rejected += s.rejected;
    all.points_read = all.points_read.saturating_add(s.points_read);
    all.findings.extend(s.findings);
    all.file_errors.extend(s.file_errors);
    all.file_errors_not_kept += s.file_errors_not_kept;
    for (kind, n) in s.raw_kinds {
        *all.raw_kinds.entry(kind).or_insert(0) += n;
    }
    all.file_records.extend(s.file_records);
    all
}

/// Keeps the first [`MAX_KEPT_FILE_ITEMS`] file errors and raw records (counting the errors
/// beyond), as one reader would have.
fn cap(mut all: ReadSummary) -> ReadSummary {
    if all.file_errors.len() > MAX_KEPT_FILE_ITEMS {
        all.file_errors_not_kept += (all.file_errors.len() - MAX_KEPT_FILE_ITEMS) as u64;
        all.file_errors.truncate(MAX_KEPT_FILE_ITEMS);
    }
    all.file_records.truncate(MAX_KEPT_FILE_ITEMS);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receipt::read_slice;
    use crate::receipt::testgen::{self, GeneratorOptions};

    const SAMPLE: &[u8] = include_bytes!("../../tests/data/receipts/RECEIPTC_GAIRAI_SAMPLE.UKE");

    fn threads(n: usize) -> NonZeroUsize {
        NonZeroUsize::new(n).unwrap_or(NonZeroUsize::MIN)
    }

    /// Reads `bytes` in one go and cut into parts of any size, on 2 to 4 threads, and checks
    /// that everything read is the same. The most parts the file was read in.
    fn same_in_parts(bytes: &[u8], options: &ReaderOptions) -> usize {
        let one = read_slice(bytes, options.clone());
        let mut most = 1;
        for n in 2..=4 {
            let fold = run_parts(bytes, options.clone(), threads(n), 1, |r| {
                while r.next_lent().is_some() {}
            });
            most = most.max(fold.parts.len());
            let parts = read_parts(bytes, options.clone(), threads(n), 1);
            assert_eq!(parts.receipts, one.receipts, "{n} threads: receipts");
            assert_eq!(parts.rejected, one.rejected, "{n} threads: rejections");
            assert_eq!(parts.summary, one.summary, "{n} threads: summary");
        }
        most
    }

    fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
        bytes
            .split_inclusive(|b| *b == b'\n')
            .map(<[u8]>::to_vec)
            .collect()
    }

    #[test]
    fn generated_and_sample_files_read_the_same_in_parts() {
        for (seed, n) in [(1, 1), (2, 2), (3, 40), (4, 400)] {
            let bytes = testgen::file(&GeneratorOptions::new(seed, n));
            let parts = same_in_parts(&bytes, &ReaderOptions::new("F.UKE"));
            // Parts start at RE lines (the first part also holds the IR line before them); a
            // file of one or two receipts may have no RE line past the cutting points.
            let expected = if n >= 40 { 4 } else { 1 };
            assert!(parts >= expected, "{n} receipts cut into {parts} parts");
        }
        assert_eq!(same_in_parts(SAMPLE, &ReaderOptions::new("S.UKE")), 4);
    }

    /// Damages line `i` of a file's lines.
    type Damage = dyn Fn(&mut Vec<Vec<u8>>, usize);

    #[test]
    fn damaged_files_read_the_same_in_parts() {
        let bytes = testgen::file(&GeneratorOptions::new(12, 40));
        let base = lines(&bytes);
        let damages: [&Damage; 9] = [
            // A bad Shift_JIS byte.
            &|l, i| l[i].splice(3..3, [0x81, 0x20]).for_each(drop),
            // The line cut after its kind.
            &|l, i| l[i].truncate(3),
            // An unknown kind.
            &|l, i| l[i].splice(0..2, *b"ZZ").for_each(drop),
            // The line gone.
            &|l, i| drop(l.remove(i)),
            // A GO record in the middle.
            &|l, i| l.insert(i, b"GO,1,100,99\r\n".to_vec()),
            // A bare RE, or IR, with nothing after.
            &|l, i| l.insert(i, b"RE\r\n".to_vec()),
            &|l, i| l.insert(i, b"IR\r\n".to_vec()),
            // An institution line with a bad byte.
            &|l, i| l.insert(i, b"IR,1,13,1,000100\x82\x01,,X,202611,00,0\r\n".to_vec()),
            // The CR gone (a bare LF).
            &|l, i| {
                let cr = l[i].len().saturating_sub(2);
                if l[i].get(cr) == Some(&b'\r') {
                    l[i].remove(cr);
                }
            },
        ];
        let (mut files, mut split) = (0, 0);
        for (d, damage) in damages.iter().enumerate() {
            for i in (d..base.len()).step_by(9) {
                let mut l = base.clone();
                damage(&mut l, i);
                let damaged = l.concat();
                files += 1;
                split += usize::from(same_in_parts(&damaged, &ReaderOptions::new("D.UKE")) > 1);
                if d == 2 {
                    same_in_parts(&damaged, &ReaderOptions::new("D.UKE").keep_unknown_kinds());
                }
            }
        }
        // Most damaged files are still read in parts (not the ones with a GO inside, or a
        // damaged institution line).
        assert!(
            split * 4 > files * 3,
            "{split} of {files} damaged files read in parts"
        );
        // Cut mid-record at the end, and the 0x1A mark before trailing garbage.
        let cut = bytes.get(..bytes.len() - 30).unwrap_or_default();
        same_in_parts(cut, &ReaderOptions::new("C.UKE"));
        let mut marked = bytes.clone();
        marked.extend_from_slice(b"\x1aRE,garbage");
        same_in_parts(&marked, &ReaderOptions::new("M.UKE"));
    }

    #[test]
    fn mutated_files_read_the_same_in_parts() {
        let bytes = testgen::file(&GeneratorOptions::new(5, 30));
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below.max(1) as u64) as usize
        };
        let mut split = 0;
        for _ in 0..150 {
            let mut m = bytes.clone();
            for _ in 0..1 + next(4) {
                let at = next(m.len());
                match next(4) {
                    0 => m[at] = b"\n,RIEGO\x81\x1a"[next(9)],
                    1 => drop(m.remove(at)),
                    2 => m.insert(at, b"\nREIRGOYK,"[next(10)]),
                    _ => m.truncate(at),
                }
            }
            split += usize::from(same_in_parts(&m, &ReaderOptions::new("Z.UKE")) > 1);
        }
        assert!(split > 50, "{split} of 150 mutated files read in parts");
    }

    #[test]
    fn file_errors_beyond_the_kept_many_are_counted_across_parts() {
        // Every institution line with a wrong check digit: one file error each.
        let bytes = testgen::file(&GeneratorOptions::new(9, 2500));
        let broken: Vec<u8> = lines(&bytes)
            .into_iter()
            .flat_map(|mut l| {
                if l.starts_with(b"IR,") {
                    if let Some(d) = l.get_mut(16) {
                        *d = b'0' + (*d - b'0' + 1) % 10;
                    }
                }
                l
            })
            .collect();
        let one = read_slice(&broken, ReaderOptions::new("E.UKE"));
        assert_eq!(one.summary.file_errors.len(), MAX_KEPT_FILE_ITEMS);
        assert!(one.summary.file_errors_not_kept > 0);
        assert_eq!(same_in_parts(&broken, &ReaderOptions::new("E.UKE")), 4);
    }

    #[test]
    fn fold_hands_every_receipt_over_once_with_whole_file_positions() {
        let bytes = testgen::file(&GeneratorOptions::new(3, 500));
        let fold = run_parts(
            &bytes,
            ReaderOptions::new("F.UKE"),
            threads(3),
            1,
            |reader| {
                let mut seen = Vec::new();
                while let Some(read) = reader.next_lent() {
                    seen.push(read.map(|r| r.position).ok());
                }
                seen
            },
        );
        assert_eq!(fold.parts.len(), 3);
        let positions: Vec<_> = fold.parts.concat().into_iter().flatten().collect();
        let one: Vec<_> = read_slice(&bytes, ReaderOptions::new("F.UKE"))
            .receipts
            .iter()
            .map(|r| r.position)
            .collect();
        assert_eq!(positions, one);
        assert_eq!(fold.summary.parsed, 500);
    }

    #[test]
    fn a_go_before_the_last_part_reads_the_file_in_one_part() {
        let bytes = testgen::file(&GeneratorOptions::new(4, 40));
        let mut l = lines(&bytes);
        l.insert(10, b"GO,1,100,99\r\n".to_vec());
        let bytes = l.concat();
        let fold = run_parts(&bytes, ReaderOptions::new("G.UKE"), threads(4), 1, |r| {
            while r.next_lent().is_some() {}
        });
        assert_eq!(fold.parts.len(), 1);
        // Small files stay on one thread with the public threshold.
        let small = testgen::file(&GeneratorOptions::new(4, 400));
        let fold = fold_slice_parallel(
            &small,
            ReaderOptions::new("G.UKE"),
            threads(4),
            || (),
            |_, _| {},
        );
        assert_eq!(fold.parts.len(), 1);
    }
}
