//! Bytes per person in the member master (`MemberMaster`), counted by a global allocator that
//! tracks live heap bytes, against the baseline of the notifications it was built from (the
//! input's own heap size). Members: `KENPO_MEMBERS` insured persons (default 30,000; dependants
//! come on top).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use kenpo_cli::demo::{generate, DemoParams};
use kenpo_domain::member::MemberMaster;

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator and only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same layout as given.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: ptr came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn main() {
    let members = std::env::var("KENPO_MEMBERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30_000);
    let before_generate = LIVE.load(Ordering::Relaxed);
    let society = generate(DemoParams { members, seed: 1 }).expect("generate");
    let events: Vec<_> = society
        .history
        .iter()
        .chain(&society.month_events)
        .cloned()
        .collect();
    let with_society = LIVE.load(Ordering::Relaxed);
    let before = LIVE.load(Ordering::Relaxed);
    let mut master = MemberMaster::new();
    let report = master.apply_all(&events);
    let after = LIVE.load(Ordering::Relaxed);
    let persons = master.len().max(1);
    let master_bytes = after.saturating_sub(before);
    let copied_events = {
        let probe_before = LIVE.load(Ordering::Relaxed);
        let copy: Vec<_> = events.clone();
        let probe_after = LIVE.load(Ordering::Relaxed);
        drop(copy);
        probe_after.saturating_sub(probe_before)
    };
    println!(
        "member master: {persons} persons from {} notifications ({} rejected); society generated {} MB",
        report.applied + report.rejected.len(),
        report.rejected.len(),
        with_society.saturating_sub(before_generate) / 1_000_000
    );
    for r in report.rejected.iter().take(5) {
        println!("  rejected notification {}: {}", r.index, r.error);
    }
    println!(
        "bytes per person: master {} / notifications (baseline) {} = ratio {:.2}",
        master_bytes / persons,
        copied_events / persons,
        master_bytes as f64 / copied_events.max(1) as f64
    );
}
