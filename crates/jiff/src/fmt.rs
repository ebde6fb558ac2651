//! Formatting, as `jiff::fmt`: only `strtime::format`.

pub mod strtime;
