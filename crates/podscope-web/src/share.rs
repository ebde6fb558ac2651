//! Share links on the full page: the Share button and its dialog (the link, its length and
//! the two snippets for posts), the banner after a link opened, and opening links at startup
//! and on `hashchange` (`startup`). The link format is `podscope_core::link`; the page deflates
//! with the browser's `CompressionStream` (`deflate`).

mod banner;
pub mod deflate;
mod dialog;
pub mod snippets;
pub mod startup;

pub use banner::LinkBanner;
pub use dialog::{ShareButton, ShareDialog};
