//! `kubectl get --watch` typed on the node: kubectl v0.35.0 pkg/cmd/get/get.go `watch`. The
//! objects' table first (not with `--watch-only`), then a row for each change the watch
//! sees, each flushed through kubectl's remembering tabwriter (later rows keep the widths
//! of earlier ones), the header only before the first row printed (cli-runtime
//! pkg/printers/tableprinter.go `PrintObj`: no headers for columns already printed), until
//! the reader's Ctrl-C (the world's `interrupt_at`): kubectl's interrupt handler exits with
//! status 1 (pkg/util/interrupt `Handler.Signal`).
//!
//! The API server sends an event for every write to a watched object; podscope prints a
//! row when the object's row changes (an age alone is no change) or the object goes
//! (`DELETED`, its last row), not for writes that leave the row as it was.

use podscope_collections::Map;

use crate::model::kubectl::{Get, Watch};
use crate::sim::outcome::Output;
use crate::sim::world::World;
use crate::views::kubectl::get::{WatchTable, watched};
use crate::views::tabwriter::{KUBECTL, Remembering};

/// How many of the world's wake-ups one watch runs through at most (podscope's bound).
const MAX_WAKEUPS: usize = 100_000;

/// How many rows one watch prints at most (podscope's bound: the reader gives up).
const MAX_ROWS: usize = 10_000;

/// Columns whose cells are times, which change with the clock and not with the object.
const TIME_COLUMNS: &[&str] = &["AGE", "DURATION", "LAST SEEN"];

/// A watch event's type as the EVENT column of `--output-watch-events` prints it
/// (tableprinter.go `formattedEventType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EventType {
    Added,
    Modified,
    Deleted,
}

impl EventType {
    fn cell(self) -> &'static str {
        match self {
            EventType::Added => "ADDED   ",
            EventType::Modified => "MODIFIED",
            EventType::Deleted => "DELETED ",
        }
    }
}

/// What a watch has printed so far.
struct Printer {
    writer: Remembering,
    header: Vec<String>,
    header_printed: bool,
    events: bool,
    text: String,
    rows: usize,
}

impl Printer {
    fn row(&self, event: EventType, cells: &[String]) -> Vec<String> {
        let mut row = Vec::with_capacity(cells.len() + 1);
        if self.events {
            row.push(event.cell().to_owned());
        }
        row.extend(cells.iter().cloned());
        row
    }

    /// Prints rows in one flush, the header first if none was printed.
    fn print(&mut self, rows: Vec<Vec<String>>) {
        if rows.is_empty() {
            return;
        }
        self.rows += rows.len();
        let mut lines = Vec::with_capacity(rows.len() + 1);
        if !self.header_printed {
            let mut header = self.header.clone();
            if self.events {
                header.insert(0, "EVENT".to_owned());
            }
            lines.push(header);
            self.header_printed = true;
        }
        lines.extend(rows);
        let flushed = self.writer.flush(&lines);
        self.text.push_str(&flushed);
    }
}

/// Runs `kubectl get --watch` (or `--watch-only`) until the reader interrupts it.
pub(super) fn run(world: &mut World, args: &Get) -> Output {
    let first = match watched(world, args) {
        Ok(t) => t,
        Err(out) => return out,
    };
    let WatchTable { header, rows } = first;
    let mut p = Printer {
        writer: Remembering::new(KUBECTL),
        header,
        header_printed: false,
        events: args.output_watch_events,
        text: String::new(),
        rows: 0,
    };
    if args.watch == Watch::After {
        let listed = rows
            .iter()
            .map(|(_, cells)| p.row(EventType::Added, cells))
            .collect();
        p.print(listed);
    }
    let Some(until) = world.interrupt_at else {
        return Output::ok(p.text);
    };
    let masks = masks(&p.header);
    let mut last: Map<(String, String), Vec<String>> = rows.into_iter().collect();
    for _ in 0..MAX_WAKEUPS {
        let done = match world.next_wakeup() {
            Some(t) if t <= until => {
                world.advance_to(t);
                false
            }
            _ => {
                world.advance_to(until.max(world.now()));
                true
            }
        };
        let now = watched(world, args).map(|t| t.rows).unwrap_or_default();
        let mut seen = Map::new();
        for (key, cells) in now {
            let event = match last.get(&key) {
                None => Some(EventType::Added),
                Some(before) if masked(&masks, before) != masked(&masks, &cells) => {
                    Some(EventType::Modified)
                }
                Some(_) => None,
            };
            if let Some(event) = event {
                // Each event is printed and flushed on its own.
                let row = p.row(event, &cells);
                p.print(vec![row]);
            }
            seen.insert(key, cells);
        }
        for (key, cells) in &last {
            if !seen.contains_key(key) {
                let row = p.row(EventType::Deleted, cells);
                p.print(vec![row]);
            }
        }
        last = seen;
        if done || p.rows >= MAX_ROWS {
            break;
        }
    }
    // Ctrl-C.
    Output::failed(p.text, 1)
}

/// For each column, whether its cells are times (and RESTARTS' `(Xs ago)`).
fn masks(header: &[String]) -> Vec<Mask> {
    header
        .iter()
        .map(|h| match h.as_str() {
            h if TIME_COLUMNS.contains(&h) => Mask::Time,
            "RESTARTS" => Mask::Restarts,
            _ => Mask::Kept,
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mask {
    Kept,
    Time,
    /// printers.go `printPod`: `N (Xs ago)`; the count is the object's, the time the clock's.
    Restarts,
}

/// A row without what changes with the clock alone.
fn masked<'a>(masks: &[Mask], cells: &'a [String]) -> Vec<&'a str> {
    cells
        .iter()
        .enumerate()
        .map(|(i, c)| match masks.get(i) {
            Some(Mask::Time) => "",
            Some(Mask::Restarts) => c.split_once(" (").map_or(c.as_str(), |(n, _)| n),
            _ => c.as_str(),
        })
        .collect()
}
