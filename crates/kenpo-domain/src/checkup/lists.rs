//! Target lists (being written).
