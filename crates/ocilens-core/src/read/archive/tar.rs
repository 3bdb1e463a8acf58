//! Tar headers: ustar, GNU (`L` long names, base-256 sizes) and pax (`x` records), as `docker
//! save`, skopeo, buildx and umoci write them. Pure functions over 512-byte blocks; the reading
//! loop is in `archive::read`.
//!
//! *Invariant*: never panics on any block; every number read is checked.

/// The tar block size.
pub const BLOCK: usize = 512;

/// What a header says about the member that follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The name as written (ustar prefix joined), before any pax or GNU long name.
    pub name: String,
    pub size: u64,
    pub kind: EntryKind,
    /// Link target (`linkname`), for links.
    pub link: String,
}

/// The member kinds that matter here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Directory,
    /// A symbolic link (`2`): its target is relative to the link's folder. podman and skopeo's
    /// `docker-archive:` write `<id>/layer.tar -> ../<hex>.tar`; an attacker might point one
    /// out of the archive.
    Symlink,
    /// A hard link (`1`): its target is a path from the archive's root.
    HardLink,
    /// pax extended header for the next member (`x`).
    PaxNext,
    /// pax global header (`g`): applies to all that follow; only its path-free records matter.
    PaxGlobal,
    /// GNU long name for the next member (`L`).
    GnuLongName,
    /// GNU long link name (`K`).
    GnuLongLink,
    /// Devices, FIFOs, sparse files and vendor types: never part of an image archive.
    Other(u8),
}

/// Why a block is not a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderError {
    /// The checksum field disagrees with the block.
    Checksum,
    /// The size field is not a number.
    Size,
}

/// Whether the block is all zeros (two of them end the archive).
pub fn is_zero(block: &[u8]) -> bool {
    block.iter().all(|&b| b == 0)
}

/// Parses a header block (`block.len() == BLOCK`).
pub fn parse(block: &[u8]) -> Result<Header, HeaderError> {
    if block.len() != BLOCK {
        return Err(HeaderError::Checksum);
    }
    let stored = octal(&block[148..156]).ok_or(HeaderError::Checksum)?;
    // The checksum is the sum of the bytes with its own field read as spaces (unsigned; some
    // old writers summed signed bytes, which is accepted too).
    let unsigned: u64 = block
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                32
            } else {
                u64::from(b)
            }
        })
        .sum();
    let signed: i64 = block
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                32
            } else {
                i64::from(b as i8)
            }
        })
        .sum();
    if stored != unsigned && i64::try_from(stored).ok() != Some(signed) {
        return Err(HeaderError::Checksum);
    }
    let size = number(&block[124..136]).ok_or(HeaderError::Size)?;
    let kind = match block[156] {
        b'0' | 0 | b'7' => EntryKind::File,
        b'5' => EntryKind::Directory,
        b'1' => EntryKind::HardLink,
        b'2' => EntryKind::Symlink,
        b'x' => EntryKind::PaxNext,
        b'g' => EntryKind::PaxGlobal,
        b'L' => EntryKind::GnuLongName,
        b'K' => EntryKind::GnuLongLink,
        other => EntryKind::Other(other),
    };
    let mut name = cstr(&block[0..100]);
    // ustar (`ustar\0`) has a 155-byte prefix; GNU (`ustar  \0`) uses those bytes otherwise.
    if &block[257..263] == b"ustar\0" {
        let prefix = cstr(&block[345..500]);
        if !prefix.is_empty() {
            name = format!("{prefix}/{name}");
        }
    }
    Ok(Header {
        name,
        size,
        kind,
        link: cstr(&block[157..257]),
    })
}

/// A NUL-terminated field as text (invalid UTF-8 replaced).
fn cstr(field: &[u8]) -> String {
    let end = field.iter().position(|&b| b == 0).unwrap_or(field.len());
    String::from_utf8_lossy(&field[..end]).into_owned()
}

/// An octal field (spaces and NULs around it allowed); `None` when it is not one.
fn octal(field: &[u8]) -> Option<u64> {
    let s = field
        .iter()
        .copied()
        .skip_while(|&b| b == b' ')
        .take_while(|&b| b != 0 && b != b' ');
    let mut v: u64 = 0;
    let mut digits = 0;
    for b in s {
        if !(b'0'..=b'7').contains(&b) {
            return None;
        }
        v = v.checked_mul(8)?.checked_add(u64::from(b - b'0'))?;
        digits += 1;
    }
    (digits > 0).then_some(v)
}

/// A size field: octal, or GNU base-256 (high bit of the first byte set) for sizes of 8 GiB
/// and more.
fn number(field: &[u8]) -> Option<u64> {
    match field.first() {
        Some(&b) if b & 0x80 != 0 => {
            if b & 0x40 != 0 {
                return None; // negative
            }
            let mut v: u64 = u64::from(b & 0x3f);
            for &x in &field[1..] {
                v = v.checked_mul(256)?.checked_add(u64::from(x))?;
            }
            Some(v)
        }
        _ => octal(field),
    }
}

/// The bytes of padding after `size` bytes of data.
pub fn padding(size: u64) -> u64 {
    (BLOCK as u64 - size % BLOCK as u64) % BLOCK as u64
}

/// The records of a pax extended header (`"%d %s=%s\n"`) that matter: `path`, `linkpath` and
/// `size`. Malformed records end the parse (what was read stays).
pub fn pax(data: &[u8]) -> Pax {
    let mut out = Pax::default();
    let mut rest = data;
    while !rest.is_empty() {
        let Some(sp) = rest.iter().position(|&b| b == b' ') else {
            break;
        };
        let Some(len) = std::str::from_utf8(&rest[..sp])
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
        else {
            break;
        };
        if len <= sp + 1 || len > rest.len() {
            break;
        }
        let record = &rest[sp + 1..len];
        let record = record.strip_suffix(b"\n").unwrap_or(record);
        if let Some(eq) = record.iter().position(|&b| b == b'=') {
            let (key, value) = (&record[..eq], &record[eq + 1..]);
            let value = String::from_utf8_lossy(value).into_owned();
            match key {
                b"path" => out.path = Some(value),
                b"linkpath" => out.link = Some(value),
                b"size" => out.size = value.parse().ok(),
                _ => {}
            }
        }
        rest = &rest[len..];
    }
    out
}

/// What a pax header changes about the next member.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pax {
    pub path: Option<String>,
    pub link: Option<String>,
    pub size: Option<u64>,
}

/// Writes a ustar header (for tests and fixtures made in tests): `name` up to 100 bytes.
pub fn header_block(name: &str, size: u64, kind: u8) -> [u8; BLOCK] {
    link_block(name, "", size, kind)
}

/// A header block with a link target (`linkname`, at most 100 bytes), for tests.
pub fn link_block(name: &str, target: &str, size: u64, kind: u8) -> [u8; BLOCK] {
    let mut b = [0u8; BLOCK];
    let t = &target.as_bytes()[..target.len().min(100)];
    b[157..157 + t.len()].copy_from_slice(t);
    let n = name.as_bytes();
    let n = &n[..n.len().min(100)];
    b[..n.len()].copy_from_slice(n);
    b[100..108].copy_from_slice(b"0000644\0");
    b[108..116].copy_from_slice(b"0000000\0");
    b[116..124].copy_from_slice(b"0000000\0");
    let size_field = format!("{size:011o}\0");
    if size_field.len() == 12 {
        b[124..136].copy_from_slice(size_field.as_bytes());
    }
    b[136..148].copy_from_slice(b"00000000000\0");
    b[156] = kind;
    b[257..263].copy_from_slice(b"ustar\0");
    b[263..265].copy_from_slice(b"00");
    b[148..156].copy_from_slice(b"        ");
    let sum: u64 = b.iter().map(|&x| u64::from(x)).sum();
    let ck = format!("{sum:06o}\0 ");
    b[148..156].copy_from_slice(ck.as_bytes());
    b
}

/// Writes a tar of `(name, bytes)` members with the two end blocks (for tests and fixtures
/// made in tests).
pub fn archive<N: AsRef<str>, B: AsRef<[u8]>>(members: &[(N, B)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, bytes) in members {
        let bytes = bytes.as_ref();
        out.extend_from_slice(&header_block(name.as_ref(), bytes.len() as u64, b'0'));
        out.extend_from_slice(bytes);
        out.resize(out.len() + padding(bytes.len() as u64) as usize, 0);
    }
    out.resize(out.len() + 2 * BLOCK, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_header_reads_back() {
        let b = header_block("blobs/sha256/abc", 1234, b'0');
        let h = parse(&b).unwrap();
        assert_eq!(h.name, "blobs/sha256/abc");
        assert_eq!(h.size, 1234);
        assert_eq!(h.kind, EntryKind::File);
    }

    #[test]
    fn a_changed_byte_fails_the_checksum() {
        let mut b = header_block("x", 1, b'0');
        b[3] ^= 1;
        assert_eq!(parse(&b), Err(HeaderError::Checksum));
    }

    #[test]
    fn base_256_sizes_and_octal_edges() {
        assert_eq!(
            number(&[0x80, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0]),
            Some(2 << 16)
        );
        assert_eq!(number(&[0xff; 12]), None);
        assert_eq!(number(b"77777777777\0"), Some(0o77777777777));
        assert_eq!(octal(b"   \0"), None);
        assert_eq!(octal(b"9"), None);
        assert_eq!(padding(0), 0);
        assert_eq!(padding(1), 511);
        assert_eq!(padding(512), 0);
    }

    #[test]
    fn pax_records() {
        let p = pax(b"30 path=blobs/sha256/aaaaaaaa\n12 size=777\n");
        assert_eq!(p.path.as_deref(), Some("blobs/sha256/aaaaaaaa"));
        assert_eq!(p.size, Some(777));
        // A length that overruns stops the parse without a panic.
        assert_eq!(pax(b"999 path=x\n"), Pax::default());
        assert_eq!(pax(b"3 x"), Pax::default());
    }
}
