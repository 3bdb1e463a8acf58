//! Reading one input: split it into JSON values and text blocks, set aside what is not data.
use crate::Ctx;

pub(crate) fn read(_cx: &mut Ctx, _input: usize) {}
