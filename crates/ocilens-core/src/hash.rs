//! The hash maps of the analysis. Their keys come from the input (digests, media types, names),
//! so the hasher is seeded per process, as the standard one is; foldhash is several times
//! faster than the standard SipHash on these short keys, and serde_json already brings it.

pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub(crate) type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
