//! Every reproducer the fuzzer ever found (`tests/fuzz/reproducers/`) goes through every door
//! again: none may panic.

#[test]
fn every_reproducer_is_read_without_a_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fuzz/reproducers");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).expect("tests/fuzz/reproducers") {
        let path = e.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        ocilens_fuzz::exercise(&bytes);
        n += 1;
    }
    assert!(n >= 1, "the reproducers are there");
}

/// The slow planner inputs (indexes naming indexes, given as every response) once grew the tree
/// to its 200,000-node cap; each document is now expanded under at most 32 parents.
#[test]
fn slow_planner_inputs_make_a_small_tree() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fuzz/reproducers");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).expect("tests/fuzz/reproducers") {
        let path = e.unwrap().path();
        if !path.to_string_lossy().contains("slow-planner-tree") {
            continue;
        }
        let a = ocilens_fuzz::planner_analysis(&std::fs::read(&path).unwrap()).unwrap();
        let nodes = ocilens_core::TreeNode::walk(&a.tree).count();
        assert!(
            nodes > 100 && nodes < 10_000,
            "{}: {nodes} nodes",
            path.display()
        );
        n += 1;
    }
    assert_eq!(n, 2);
}
