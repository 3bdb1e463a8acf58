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
