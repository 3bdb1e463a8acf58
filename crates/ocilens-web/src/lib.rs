//! The ocilens page.
