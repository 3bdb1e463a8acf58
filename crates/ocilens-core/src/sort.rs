//! Sorting through one instantiation of the standard library's sort.
//!
//! `slice::sort_by` is generic over the element and the comparator, so every call site with a
//! new type or closure compiles a new copy of the sort (about 3.5 KB of wasm each). These helpers
//! sort a permutation of indexes with one comparator type and apply it, so the page carries
//! the sort once. Stable, like `sort_by`.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, stably (equal elements keep their order).
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    // Already in order (a manifest's config before its layers, nearly always): nothing to do.
    if v.windows(2).all(|w| cmp(&w[0], &w[1]) != Ordering::Greater) {
        return;
    }
    let mut idx: Vec<usize> = (0..v.len()).collect();
    {
        let v = &*v;
        sort_indexes(&mut idx, &mut |a, b| cmp(&v[a], &v[b]));
    }
    permute(v, &mut idx);
}

/// Sorts `v` by a key, stably.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in its natural order, stably.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The one instantiation: indexes compared through a `dyn` comparator.
fn sort_indexes(idx: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    idx.sort_by(|a, b| cmp(*a, *b));
}

/// Puts `v[idx[i]]` at position `i`, following each cycle of the permutation once.
fn permute<T>(v: &mut [T], idx: &mut [usize]) {
    const DONE: usize = usize::MAX;
    for start in 0..idx.len() {
        if idx[start] == DONE {
            continue;
        }
        let mut cur = start;
        loop {
            let src = std::mem::replace(&mut idx[cur], DONE);
            if src == start {
                break;
            }
            v.swap(cur, src);
            cur = src;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // Pairs compared by their first part only, so stability shows in the second.
        let mut seed = 7u32;
        for len in 0..200 {
            let v: Vec<(u32, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) % 13, i)
                })
                .collect();
            let mut ours = v.clone();
            let mut theirs = v.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            theirs.sort_by_key(|a| a.0);
            assert_eq!(ours, theirs, "{len}");
        }
        let mut words = vec!["b", "a", "c", "a"];
        sort(&mut words);
        assert_eq!(words, ["a", "a", "b", "c"]);
        let mut by_len = vec!["ccc", "a", "bb"];
        sort_by_key(&mut by_len, |s| s.len());
        assert_eq!(by_len, ["a", "bb", "ccc"]);
    }
}
