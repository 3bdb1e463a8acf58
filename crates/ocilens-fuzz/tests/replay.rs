//! Every reproducer the fuzzer ever found (`tests/fuzz/reproducers/`) goes through every door
//! again: none may panic.

use std::path::PathBuf;

/// Every kept reproducer: its file name and bytes.
fn reproducers() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fuzz/reproducers");
    let mut all: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fuzz/reproducers")
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    all.sort();
    all
}

#[test]
fn every_reproducer_is_read_without_a_panic() {
    let all = reproducers();
    for (_, bytes) in &all {
        ocilens_fuzz::exercise(bytes);
    }
    assert!(!all.is_empty(), "the reproducers are there");
}

/// The slow planner inputs (indexes naming indexes, given as every response) once grew the tree
/// to its 200,000-node cap; each document is now expanded under at most 32 parents.
#[test]
fn slow_planner_inputs_make_a_small_tree() {
    let slow: Vec<_> = reproducers()
        .into_iter()
        .filter(|(name, _)| name.contains("slow-planner-tree"))
        .collect();
    for (name, bytes) in &slow {
        let a = ocilens_fuzz::planner_analysis(bytes).unwrap();
        let nodes = ocilens_core::TreeNode::walk(&a.tree).count();
        assert!(nodes > 100 && nodes < 10_000, "{name}: {nodes} nodes");
    }
    assert_eq!(slow.len(), 2);
}
