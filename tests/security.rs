//! Hostile input (placeholder).
