//! OCI image layouts given as several inputs named by their relative paths.
use crate::Ctx;

/// Reads the inputs that form an OCI image layout; returns their indexes (read by nobody else).
pub(crate) fn read(_cx: &mut Ctx) -> Vec<usize> {
    Vec::new()
}
