//! Input shapes a user (or an attacker) can paste, each made at any size `n`. Every shape that
//! was once slow (issue 15) is here, with the shapes that stress the reader (deep nesting, long
//! strings, long lines) and the realistic paste.

use sha2::{Digest as _, Sha256};

fn sha(s: &str) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(s.as_bytes())))
}

fn hex64(i: usize, salt: char) -> String {
    format!("{salt}{i:063x}")
}

fn layer(i: usize) -> String {
    format!(
        r#"{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:{}","size":{}}}"#,
        hex64(i, 'a'),
        1000 + i
    )
}

fn manifest_with_layers(layers: &[String]) -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{}","size":7}},"layers":[{}]}}"#,
        hex64(0, 'c'),
        layers.join(",")
    )
}

fn config(i: usize) -> String {
    format!(
        r#"{{"architecture":"amd64","os":"linux","created":"2024-01-01T00:00:00Z","config":{{"Env":["PATH=/usr/bin","N={i}"],"Labels":{{"n":"{i}"}}}},"rootfs":{{"type":"layers","diff_ids":["sha256:{}"]}},"history":[{{"created":"2024-01-01T00:00:00Z","created_by":"ADD rootfs.tar.gz /"}}]}}"#,
        hex64(i, 'd')
    )
}

/// An index of `n` manifests, with every manifest and config pasted after it (real digests).
fn realistic(n: usize) -> String {
    let mut entries = Vec::new();
    let mut docs = Vec::new();
    for i in 0..n {
        let c = config(i);
        let m = format!(
            "{{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n  \"config\": {{\"mediaType\": \"application/vnd.oci.image.config.v1+json\", \"digest\": \"{}\", \"size\": {}}},\n  \"layers\": [{}, {}]\n}}",
            sha(&c),
            c.len(),
            layer(i * 2),
            layer(i * 2 + 1)
        );
        entries.push(format!(
            r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},"platform":{{"architecture":"amd64","os":"linux","os.version":"{i}"}}}}"#,
            sha(&m),
            m.len()
        ));
        docs.push(m);
        docs.push(c);
    }
    let index = format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{}]}}"#,
        entries.join(",\n")
    );
    std::iter::once(index)
        .chain(docs)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A shape: its name, and the paste (or files) it makes at size `n`.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub name: &'static str,
    /// The base size `n` the benchmark starts from (then doubles).
    pub base: usize,
    pub make: fn(usize) -> Vec<(String, Vec<u8>)>,
}

fn paste(text: String) -> Vec<(String, Vec<u8>)> {
    vec![("paste".to_string(), text.into_bytes())]
}

/// The slow cases issue 15 measured, at the sizes it measured them (`--write`).
pub const ISSUE_SIZES: &[(&str, usize)] = &[
    ("manifest with n annotations", 100_000),
    ("manifest with n layers lacking mediaType", 30_000),
    ("n layers whose size is a string", 10_000),
    ("imagetools text with n blank lines", 32_000),
    (
        "index of n manifests with their manifests and configs",
        10_000,
    ),
    ("n separate small documents", 10_000),
    ("a manifest pasted twice with n sha512 layers", 4_000),
    ("n small documents with one schema problem each", 10_000),
    ("docker manifest inspect -v list of n items", 5_000),
    (
        "index whose n entries name the same pasted manifest",
        100_000,
    ),
    ("n OCI layouts in one analysis", 3_000),
    ("n duplicate keys in one object", 100_000),
];

pub const SHAPES: &[Shape] = &[
    Shape {
        name: "manifest with n annotations",
        base: 500,
        make: |n| {
            let ann: Vec<String> = (0..n)
                .map(|i| format!(r#""org.example.k{i}":"value {i}""#))
                .collect();
            let m = manifest_with_layers(&[layer(0)]);
            paste(format!(
                "{},\"annotations\":{{{}}}}}",
                &m[..m.len() - 1],
                ann.join(",")
            ))
        },
    },
    Shape {
        name: "manifest with n layers lacking mediaType",
        base: 500,
        make: |n| {
            let layers: Vec<String> = (0..n)
                .map(|i| format!(r#"{{"digest":"sha256:{}","size":{i}}}"#, hex64(i, 'a')))
                .collect();
            paste(manifest_with_layers(&layers))
        },
    },
    Shape {
        name: "n layers whose size is a string",
        base: 500,
        make: |n| {
            let layers: Vec<String> = (0..n)
                .map(|i| {
                    format!(
                        r#"{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:{}","size":"{i}"}}"#,
                        hex64(i, 'a')
                    )
                })
                .collect();
            paste(manifest_with_layers(&layers))
        },
    },
    Shape {
        name: "imagetools text with n blank lines",
        base: 2000,
        make: |n| {
            paste(format!(
                "Name:      example.com/app:latest\nMediaType: application/vnd.oci.image.index.v1+json\nDigest:    sha256:{}\n{}Manifests:\n  Name:      example.com/app:latest@sha256:{}\n  MediaType: application/vnd.oci.image.manifest.v1+json\n  Platform:  linux/amd64\n",
                hex64(1, 'e'),
                "\n".repeat(n),
                hex64(2, 'e')
            ))
        },
    },
    Shape {
        name: "index of n manifests with their manifests and configs",
        base: 100,
        make: |n| paste(realistic(n)),
    },
    Shape {
        name: "n separate small documents",
        base: 500,
        make: |n| paste((0..n).map(config).collect::<Vec<_>>().join("\n")),
    },
    Shape {
        name: "a manifest pasted twice with n sha512 layers",
        base: 200,
        make: |n| {
            let layers: Vec<String> = (0..n)
                .map(|i| {
                    format!(
                        r#"{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha512:{}{}","size":{i}}}"#,
                        hex64(i, 'a'),
                        hex64(i, 'b')
                    )
                })
                .collect();
            let m = manifest_with_layers(&layers);
            paste(format!("{m}\n{m}"))
        },
    },
    Shape {
        name: "n small documents with one schema problem each",
        base: 500,
        make: |n| {
            paste(
                (0..n)
                    .map(|i| format!(r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"digest":"sha256:{}","size":"x"}},"layers":[]}}"#, hex64(i, 'c')))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        },
    },
    Shape {
        name: "docker manifest inspect -v list of n items",
        base: 200,
        make: |n| {
            let items: Vec<String> = (0..n)
                .map(|i| {
                    let m = manifest_with_layers(&[layer(i)]);
                    format!(
                        r#"{{"Ref":"example.com/app@{}","Descriptor":{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},"platform":{{"architecture":"amd64","os":"linux"}}}},"Raw":"{}","OCIManifest":{}}}"#,
                        sha(&m),
                        sha(&m),
                        m.len(),
                        base64(&m),
                        m
                    )
                })
                .collect();
            paste(format!("[{}]", items.join(",")))
        },
    },
    Shape {
        name: "index whose n entries name the same pasted manifest",
        base: 500,
        make: |n| {
            let m = manifest_with_layers(&[layer(0)]);
            let e = format!(
                r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}}}"#,
                sha(&m),
                m.len()
            );
            paste(format!(
                "{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{}]}}\n{m}",
                vec![e; n].join(",")
            ))
        },
    },
    Shape {
        name: "n OCI layouts in one analysis",
        base: 50,
        make: |n| {
            let mut files = Vec::new();
            for i in 0..n {
                let m = manifest_with_layers(&[layer(i)]);
                let index = format!(
                    r#"{{"schemaVersion":2,"manifests":[{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{}}}]}}"#,
                    sha(&m),
                    m.len()
                );
                let d = sha(&m);
                files.push((
                    format!("l{i}/oci-layout"),
                    br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
                ));
                files.push((format!("l{i}/index.json"), index.into_bytes()));
                files.push((format!("l{i}/blobs/sha256/{}", &d[7..]), m.into_bytes()));
            }
            files
        },
    },
    Shape {
        name: "n duplicate keys in one object",
        base: 1000,
        make: |n| {
            let keys: Vec<String> = (0..n).map(|i| format!(r#""k":"{i}""#)).collect();
            let m = manifest_with_layers(&[layer(0)]);
            paste(format!(
                "{},\"annotations\":{{{}}}}}",
                &m[..m.len() - 1],
                keys.join(",")
            ))
        },
    },
    Shape {
        name: "nesting n deep",
        base: 500,
        make: |n| paste(format!("{}{}", "[".repeat(n), "]".repeat(n))),
    },
    Shape {
        name: "an annotation value n KB long",
        base: 64,
        make: |n| {
            let m = manifest_with_layers(&[layer(0)]);
            paste(format!(
                "{},\"annotations\":{{\"k\":\"{}\"}}}}",
                &m[..m.len() - 1],
                "x".repeat(n * 1024)
            ))
        },
    },
    Shape {
        name: "n layers with data fields",
        base: 200,
        make: |n| {
            let layers: Vec<String> = (0..n)
                .map(|i| {
                    let content = format!("layer {i}");
                    format!(
                        r#"{{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{}","size":{},"data":"{}"}}"#,
                        sha(&content),
                        content.len(),
                        base64(&content)
                    )
                })
                .collect();
            paste(manifest_with_layers(&layers))
        },
    },
    Shape {
        name: "imagetools text line n KB long",
        base: 16,
        make: |n| {
            paste(format!(
                "Name:      example.com/{}:latest\nMediaType: application/vnd.oci.image.index.v1+json\nDigest:    sha256:{}\n",
                "a".repeat(n * 1024),
                hex64(1, 'e')
            ))
        },
    },
    Shape {
        name: "docker history of n steps with its manifest and config",
        base: 250,
        make: |n| {
            // Every other step makes a layer; the table lists them newest first.
            let steps: Vec<(String, bool)> = (0..n)
                .map(|i| (format!("RUN step {i}"), i % 2 == 1))
                .collect();
            let layers: Vec<String> = (0..n).filter(|i| i % 2 == 0).map(layer).collect();
            let history: Vec<String> = steps
                .iter()
                .map(|(c, empty)| format!(r#"{{"created_by":"{c}","empty_layer":{empty}}}"#))
                .collect();
            let diff_ids: Vec<String> = (0..layers.len())
                .map(|i| format!(r#""sha256:{}""#, hex64(i, 'd')))
                .collect();
            let config = format!(
                r#"{{"architecture":"amd64","os":"linux","rootfs":{{"type":"layers","diff_ids":[{}]}},"history":[{}]}}"#,
                diff_ids.join(","),
                history.join(",")
            );
            let manifest = manifest_with_layers(&layers).replace(
                &format!(r#""digest":"sha256:{}","size":7"#, hex64(0, 'c')),
                &format!(r#""digest":"{}","size":{}"#, sha(&config), config.len()),
            );
            let mut table = String::from(
                "IMAGE          CREATED        CREATED BY                                      SIZE      COMMENT\n",
            );
            for (i, (c, empty)) in steps.iter().enumerate().rev() {
                let id = if i + 1 == n {
                    sha(&config)[7..19].to_string()
                } else {
                    "<missing>".into()
                };
                let size = if *empty { "0B" } else { "1.2MB" };
                table.push_str(&format!("{id:<15}{:<15}{c:<48}{size:<10}\n", "2 weeks ago"));
            }
            paste(format!("{table}\n{manifest}\n{config}\n"))
        },
    },
    Shape {
        name: "docker images of n rows with their configs",
        base: 250,
        make: |n| {
            let configs: Vec<String> = (0..n).map(config).collect();
            let mut text =
                String::from("REPOSITORY   TAG       IMAGE ID       CREATED        SIZE\n");
            for (i, c) in configs.iter().enumerate() {
                text.push_str(&format!(
                    "app{i:<9}latest    {}   2 weeks ago    117MB\n",
                    &sha(c)[7..19]
                ));
            }
            text.push('\n');
            text.push_str(&configs.join("\n"));
            paste(text)
        },
    },
    Shape {
        name: "docker pull log of n layers with its manifest",
        base: 250,
        make: |n| {
            // Digests that differ in their first 12 digits, as real ones do.
            let digest = |i: usize| format!("{i:012x}{}", "a".repeat(52));
            let layers: Vec<String> = (0..n)
                .map(|i| layer(i).replace(&hex64(i, 'a'), &digest(i)))
                .collect();
            let mut log = String::from("latest: Pulling from library/app\n");
            for i in 0..n {
                let id = &digest(i)[..12];
                log.push_str(&format!(
                    "{id}: Pulling fs layer\n{id}: Verifying Checksum\n{id}: Pull complete\n"
                ));
            }
            log.push_str("Status: Downloaded newer image for app:latest\n");
            paste(format!("{log}{}\n", manifest_with_layers(&layers)))
        },
    },
    Shape {
        name: "one OCI layout of n manifests",
        base: 100,
        make: |n| {
            let mut files = vec![(
                "l/oci-layout".to_string(),
                br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
            )];
            let mut entries = Vec::new();
            for i in 0..n {
                let m = manifest_with_layers(&[layer(i)]);
                let d = sha(&m);
                entries.push(format!(
                    r#"{{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{d}","size":{}}}"#,
                    m.len()
                ));
                files.push((format!("l/blobs/sha256/{}", &d[7..]), m.into_bytes()));
            }
            files.push((
                "l/index.json".to_string(),
                format!(
                    r#"{{"schemaVersion":2,"manifests":[{}]}}"#,
                    entries.join(",")
                )
                .into_bytes(),
            ));
            files
        },
    },
];

/// The realistic paste of about `bytes` bytes: an index with its manifests and configs.
pub fn realistic_of(bytes: usize) -> String {
    // About 1,270 bytes per entry (an index entry, a manifest and a config).
    realistic((bytes / 1270).max(1))
}

fn base64(s: &str) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for c in b.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        out.push(A[(n >> 18) as usize & 63] as char);
        out.push(A[(n >> 12) as usize & 63] as char);
        out.push(if c.len() > 1 {
            A[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if c.len() > 2 {
            A[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}
