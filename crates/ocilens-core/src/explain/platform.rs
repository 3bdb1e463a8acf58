//! Platforms, exactly as containerd (and so Docker) chooses them: parse a specifier, normalise,
//! match an image platform against a host, rank the matches and pick one entry of an index.
//!
//! The rules follow `containerd/platforms` (`platforms.go` `Parse`/`Normalize`/`matcher.Match`,
//! `database.go` `normalizeArch`, `compare.go` `platformVector`/`Only`/`Ordered`,
//! `platform_windows_compat.go`, `defaults_*.go` `Default`) and containerd's
//! `core/images/handlers.go` `FilterPlatforms` + `LimitManifests`, which Docker's pull uses
//! (`daemon/containerd/image_pull.go`, and `distribution/pull_v2_unix.go` `filterManifests`).
//!
//! *What "host" means here*: the platform the runtime itself runs as (Go's `runtime.GOOS/GOARCH`
//! plus the CPU variant containerd detects), so Docker Desktop on a Mac is `linux/arm64/v8`: the
//! daemon runs in a Linux VM. The default matcher depends on the host OS, as in containerd:
//! - most hosts (`linux`, ...): `Only(host)`: the host's platform first, then its fallbacks;
//! - `windows`: one matcher (no fallbacks) with the `os.version` rules; among matches the higher
//!   `os.version` (compared as a string, as containerd does) comes first;
//! - `darwin`: the host, then `linux/<arch>`; `freebsd`: the host, then `linux/<arch>/<variant>`.
//!
//! Other tools differ (go-containerregistry compares exact strings; regclient lets darwin/windows
//! hosts take linux): this module follows containerd, checked against containerd/platforms' own
//! tables (`peers.rs`). Docker's classic image store on Windows prefers the host's own build and
//! takes any older Windows build: [`choose_classic_windows`] gives its answer beside
//! containerd's (docs/platforms.md).
//!
//! *Invariant*: pure, no panics on any input (no indexing user data, bounded loops).

use crate::model::{Descriptor, Platform};
use crate::text::Text;

mod choose;
mod hosts;
mod matching;
mod normalize;
mod parse;
mod prefer;

pub use choose::*;
pub use hosts::{host, hosts, picker, Host};
pub use matching::*;
pub use normalize::*;
pub use parse::*;
pub use prefer::*;

#[cfg(test)]
mod peers;
#[cfg(test)]
mod tests;

/// Windows Server 2022 (LTSC 2022, build 20348): the first build whose hosts run images of older
/// builds, down to an "LTSC floor" (`compatLTSCReleases` in containerd).
pub const WINDOWS_LTSC_FLOOR: u16 = 20348;

/// containerd's `compatLTSCReleases`: the LTSC builds a newer host still runs. A host runs images
/// from the newest of these that is older than itself up to its own build: 20348 for hosts up to
/// 26100 (Windows Server 2025), 26100 for newer ones.
pub const WINDOWS_LTSC_RELEASES: [u16; 2] = [20348, 26100];

/// The lowest build a Windows host of build `host_build` (20348 or newer) runs.
pub fn windows_floor(host_build: u16) -> u16 {
    WINDOWS_LTSC_RELEASES
        .iter()
        .rev()
        .find(|&&r| host_build > r)
        .copied()
        .unwrap_or(WINDOWS_LTSC_FLOOR)
}

/// The OS containerd assumes for an arch-only specifier when no host is given: the Docker daemon
/// is a Linux one everywhere except in Windows-containers mode (Docker Desktop runs a Linux VM).
const DEFAULT_OS: &str = "linux";
