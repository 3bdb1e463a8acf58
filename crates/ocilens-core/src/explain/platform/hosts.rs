//! Host presets: the machines people pull on, as the platform their container runtime runs as.
//!
//! The platform is what containerd's `DefaultSpec` reports there, so Docker's messages print it
//! the same way (`linux/arm64/v8` on Apple Silicon: Docker Desktop's daemon runs in a Linux VM).

use crate::model::Platform;
use crate::text::Text;

/// A machine to simulate a pull on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    /// Stable identifier (`apple-silicon-mac`), part of the JSON/CLI contract.
    pub id: &'static str,
    /// The runtime's own platform.
    pub platform: Platform,
    pub name_en: &'static str,
    pub name_ja: &'static str,
    /// Why this platform, in one sentence.
    pub note_en: &'static str,
    pub note_ja: &'static str,
}

impl Host {
    pub fn name(&self) -> Text {
        Text::new(self.name_en, self.name_ja)
    }
    pub fn note(&self) -> Text {
        Text::new(self.note_en, self.note_ja)
    }
}

fn p(
    os: &str,
    arch: &str,
    variant: Option<&str>,
    os_version: Option<&str>,
    feats: &[&str],
) -> Platform {
    Platform {
        os: os.to_string(),
        architecture: arch.to_string(),
        variant: variant.map(str::to_string),
        os_version: os_version.map(str::to_string),
        os_features: feats.iter().map(|f| f.to_string()).collect(),
        features: Vec::new(),
    }
}

/// A preset as a picker lists it. Its note is in [`note`], so a picker that shows only names
/// carries no notes.
struct Preset {
    id: &'static str,
    /// `(os, architecture, variant, os.version, os.features)`.
    platform: PlatformParts,
    name_en: &'static str,
    name_ja: &'static str,
}

type PlatformParts = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static [&'static str],
);

/// Every preset, in the order a picker shows them.
static PRESETS: &[Preset] = &[
    Preset {
        id: "apple-silicon-mac",
        platform: ("linux", "arm64", Some("v8"), None, &[]),
        name_en: "Mac with Apple Silicon (Docker Desktop)",
        name_ja: "Apple シリコン搭載 Mac（Docker Desktop）",
    },
    Preset {
        id: "intel-mac",
        platform: ("linux", "amd64", None, None, &[]),
        name_en: "Intel Mac (Docker Desktop)",
        name_ja: "Intel Mac（Docker Desktop）",
    },
    Preset {
        id: "windows-wsl2",
        platform: ("linux", "amd64", None, None, &[]),
        name_en: "Windows, Docker Desktop (WSL 2, Linux containers)",
        name_ja: "Windows の Docker Desktop（WSL 2、Linux コンテナー）",
    },
    Preset {
        id: "windows-server-2022",
        platform: (
            "windows",
            "amd64",
            None,
            Some("10.0.20348.2966"),
            &["win32k"],
        ),
        name_en: "Windows Server 2022 (Windows containers)",
        name_ja: "Windows Server 2022（Windows コンテナー）",
    },
    Preset {
        id: "windows-server-2019",
        platform: (
            "windows",
            "amd64",
            None,
            Some("10.0.17763.6659"),
            &["win32k"],
        ),
        name_en: "Windows Server 2019 (Windows containers)",
        name_ja: "Windows Server 2019（Windows コンテナー）",
    },
    Preset {
        id: "windows-server-2025",
        platform: (
            "windows",
            "amd64",
            None,
            Some("10.0.26100.2605"),
            &["win32k"],
        ),
        name_en: "Windows Server 2025 (Windows containers)",
        name_ja: "Windows Server 2025（Windows コンテナー）",
    },
    Preset {
        id: "windows-11-containers",
        platform: (
            "windows",
            "amd64",
            None,
            Some("10.0.22631.4602"),
            &["win32k"],
        ),
        name_en: "Windows 11 23H2, Docker Desktop (Windows containers)",
        name_ja: "Windows 11 23H2 の Docker Desktop（Windows コンテナー）",
    },
    Preset {
        id: "ubuntu-x86-64",
        platform: ("linux", "amd64", None, None, &[]),
        name_en: "Ubuntu server, x86-64",
        name_ja: "Ubuntu サーバー（x86-64）",
    },
    Preset {
        id: "aws-ecs-fargate-x86-64",
        platform: ("linux", "amd64", None, None, &[]),
        name_en: "AWS ECS on Fargate (x86-64, the default)",
        name_ja: "AWS ECS on Fargate（x86-64、既定）",
    },
    Preset {
        id: "aws-graviton",
        platform: ("linux", "arm64", Some("v8"), None, &[]),
        name_en: "AWS Graviton (ECS/EKS/EC2, arm64)",
        name_ja: "AWS Graviton（ECS/EKS/EC2、arm64）",
    },
    Preset {
        id: "raspberry-pi-64",
        platform: ("linux", "arm64", Some("v8"), None, &[]),
        name_en: "Raspberry Pi, 64-bit OS",
        name_ja: "Raspberry Pi（64 ビット OS）",
    },
    Preset {
        id: "raspberry-pi-32",
        platform: ("linux", "arm", Some("v7"), None, &[]),
        name_en: "Raspberry Pi, 32-bit OS",
        name_ja: "Raspberry Pi（32 ビット OS）",
    },
];

/// Why preset `id` pulls what it pulls, in one sentence: `(en, ja)`.
fn note(id: &str) -> (&'static str, &'static str) {
    match id {
        "apple-silicon-mac" => (
            "Docker Desktop runs the daemon in a Linux VM on the arm64 CPU: it pulls linux/arm64 (printed linux/arm64/v8).",
            "Docker Desktop はデーモンを arm64 CPU 上の Linux VM で動かすため、linux/arm64（表示は linux/arm64/v8）をプルします。",
        ),
        "intel-mac" => (
            "Docker Desktop runs the daemon in a Linux VM: it pulls linux/amd64.",
            "Docker Desktop はデーモンを Linux VM で動かすため、linux/amd64 をプルします。",
        ),
        "windows-wsl2" => (
            "The default mode runs Linux containers in WSL 2: it pulls linux/amd64, not windows/amd64.",
            "既定のモードは WSL 2 上で Linux コンテナーを動かすため、windows/amd64 ではなく linux/amd64 をプルします。",
        ),
        "windows-server-2022" => (
            "Windows-containers mode pulls windows/amd64 of os.version build 20348 up to the host's own (the LTSC 2022 floor): those run with process isolation, Windows Server's default.",
            "Windows コンテナーモードでは、os.version がビルド 20348（LTSC 2022 の下限）からホスト自身のビルドまでの windows/amd64 をプルします。これらは Windows Server の既定であるプロセス分離で動きます。",
        ),
        "windows-server-2019" => (
            "Hosts older than build 20348 run only Windows images of their own build with process isolation, Windows Server's default: os.version 10.0.17763.*. Hyper-V isolation (`--isolation=hyperv`) would run older builds, but containerd does not choose them.",
            "ビルド 20348 より前のホストが Windows Server の既定のプロセス分離で実行できるのは、自分と同じビルド（os.version 10.0.17763.*）の Windows イメージだけです。Hyper-V 分離（`--isolation=hyperv`）なら古いビルドも動きますが、containerd はそれを選びません。",
        ),
        "windows-server-2025" => (
            "Runs Windows images from build 20348 (LTSC 2022) up to its own build 26100 with process isolation; containerd prefers the highest os.version. A host newer than 26100 no longer takes 20348.",
            "ビルド 20348（LTSC 2022）から自身のビルド 26100 までの Windows イメージをプロセス分離で実行でき、containerd は os.version の最も高いものを選びます。26100 より新しいホストは 20348 を選ばなくなります。",
        ),
        "windows-11-containers" => (
            "Docker Desktop in Windows-containers mode on Windows 11 (build 22631) pulls windows/amd64 of builds 20348 to 22631; on a Windows client the default isolation is Hyper-V, which also runs the older builds containerd does not choose.",
            "Windows 11（ビルド 22631）の Docker Desktop を Windows コンテナーモードで使うと、ビルド 20348 から 22631 までの windows/amd64 をプルします。Windows のクライアントでは既定の分離が Hyper-V で、containerd が選ばない古いビルドも動きます。",
        ),
        "ubuntu-x86-64" => (
            "A Linux x86-64 host pulls linux/amd64, and falls back to linux/386.",
            "Linux の x86-64 ホストは linux/amd64 をプルし、なければ linux/386 を使います。",
        ),
        "aws-ecs-fargate-x86-64" => (
            "Fargate's default runtimePlatform is LINUX/X86_64: it pulls linux/amd64.",
            "Fargate の runtimePlatform の既定は LINUX/X86_64 で、linux/amd64 をプルします。",
        ),
        "aws-graviton" => (
            "Graviton instances and Fargate ARM64 pull linux/arm64.",
            "Graviton インスタンスや Fargate の ARM64 は linux/arm64 をプルします。",
        ),
        "raspberry-pi-64" => (
            "A 64-bit Raspberry Pi OS pulls linux/arm64, and can fall back to linux/arm/v7 images.",
            "64 ビット版 Raspberry Pi OS は linux/arm64 をプルし、なければ linux/arm/v7 のイメージも使えます。",
        ),
        "raspberry-pi-32" => (
            "A 32-bit Raspberry Pi OS pulls linux/arm/v7, then v6 and v5; it cannot run arm64 images.",
            "32 ビット版 Raspberry Pi OS は linux/arm/v7 をプルし、次に v6、v5 を使います。arm64 のイメージは実行できません。",
        ),
        _ => ("", ""),
    }
}

impl Preset {
    fn platform(&self) -> Platform {
        let (os, arch, variant, os_version, feats) = self.platform;
        p(os, arch, variant, os_version, feats)
    }
}

/// Every preset, in the order a picker shows them.
pub fn hosts() -> Vec<Host> {
    PRESETS
        .iter()
        .map(|h| {
            let (note_en, note_ja) = note(h.id);
            Host {
                id: h.id,
                platform: h.platform(),
                name_en: h.name_en,
                name_ja: h.name_ja,
                note_en,
                note_ja,
            }
        })
        .collect()
}

/// What a picker offers, in order: each preset's id, name and platform as tools print it.
pub fn picker() -> Vec<(&'static str, Text, String)> {
    PRESETS
        .iter()
        .map(|h| {
            (
                h.id,
                Text::new(h.name_en, h.name_ja),
                super::format(&h.platform()),
            )
        })
        .collect()
}

/// The preset with this id.
pub fn host(id: &str) -> Option<Host> {
    hosts().into_iter().find(|h| h.id == id)
}

#[cfg(test)]
mod picker_tests {
    use super::*;

    #[test]
    fn the_picker_lists_every_preset_in_order_with_its_platform() {
        let hosts = hosts();
        let picker = picker();
        assert_eq!(picker.len(), hosts.len());
        for ((id, name, shown), h) in picker.iter().zip(&hosts) {
            assert_eq!((*id, name), (h.id, &h.name()));
            assert_eq!(shown, &crate::explain::platform::format(&h.platform));
            assert!(
                !h.note_en.is_empty() && !h.note_ja.is_empty(),
                "{id} has a note"
            );
        }
        assert_eq!(host("intel-mac").map(|h| h.id), Some("intel-mac"));
        assert_eq!(host("nowhere"), None);
    }
}
