//! Text rendering of an analysis: the tree with short digests and marks, then the findings.
