//! The vocabulary of a comparison, defined once: what kind each difference is, which class it
//! falls in (what it means for reproducibility), and the verdict. The CLI's text, the JSON and
//! the page render these ids, labels and meanings.

use crate::{Lang, Text};

/// What differs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum ChangeKind {
    PlatformRemoved,
    PlatformAdded,
    Platform,
    Index,
    IndexDigest,
    ManifestDigest,
    ConfigDigest,
    MediaType,
    Annotation,
    LayerAdded,
    LayerRemoved,
    LayerChanged,
    LayerRecompressed,
    Env,
    Entrypoint,
    Cmd,
    User,
    WorkingDir,
    ExposedPort,
    Volume,
    Label,
    StopSignal,
    ConfigField,
    Created,
    HistoryDates,
    History,
    AttachmentAdded,
    AttachmentRemoved,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 28] = [
        ChangeKind::PlatformRemoved,
        ChangeKind::PlatformAdded,
        ChangeKind::Platform,
        ChangeKind::Index,
        ChangeKind::IndexDigest,
        ChangeKind::ManifestDigest,
        ChangeKind::ConfigDigest,
        ChangeKind::MediaType,
        ChangeKind::Annotation,
        ChangeKind::LayerAdded,
        ChangeKind::LayerRemoved,
        ChangeKind::LayerChanged,
        ChangeKind::LayerRecompressed,
        ChangeKind::Env,
        ChangeKind::Entrypoint,
        ChangeKind::Cmd,
        ChangeKind::User,
        ChangeKind::WorkingDir,
        ChangeKind::ExposedPort,
        ChangeKind::Volume,
        ChangeKind::Label,
        ChangeKind::StopSignal,
        ChangeKind::ConfigField,
        ChangeKind::Created,
        ChangeKind::HistoryDates,
        ChangeKind::History,
        ChangeKind::AttachmentAdded,
        ChangeKind::AttachmentRemoved,
    ];

    /// The stable id of the JSON output.
    pub fn id(self) -> &'static str {
        match self {
            ChangeKind::PlatformRemoved => "platform-removed",
            ChangeKind::PlatformAdded => "platform-added",
            ChangeKind::Platform => "platform",
            ChangeKind::Index => "index",
            ChangeKind::IndexDigest => "index-digest",
            ChangeKind::ManifestDigest => "manifest-digest",
            ChangeKind::ConfigDigest => "config-digest",
            ChangeKind::MediaType => "media-type",
            ChangeKind::Annotation => "annotation",
            ChangeKind::LayerAdded => "layer-added",
            ChangeKind::LayerRemoved => "layer-removed",
            ChangeKind::LayerChanged => "layer-changed",
            ChangeKind::LayerRecompressed => "layer-recompressed",
            ChangeKind::Env => "env",
            ChangeKind::Entrypoint => "entrypoint",
            ChangeKind::Cmd => "cmd",
            ChangeKind::User => "user",
            ChangeKind::WorkingDir => "workdir",
            ChangeKind::ExposedPort => "exposed-port",
            ChangeKind::Volume => "volume",
            ChangeKind::Label => "label",
            ChangeKind::StopSignal => "stop-signal",
            ChangeKind::ConfigField => "config-field",
            ChangeKind::Created => "created",
            ChangeKind::HistoryDates => "history-dates",
            ChangeKind::History => "history",
            ChangeKind::AttachmentAdded => "attachment-added",
            ChangeKind::AttachmentRemoved => "attachment-removed",
        }
    }

    /// A word or two, as a list shows it.
    pub fn label(self, lang: Lang) -> &'static str {
        let (en, ja) = match self {
            ChangeKind::PlatformRemoved => ("platform only in A", "A にだけあるプラットフォーム"),
            ChangeKind::PlatformAdded => ("platform only in B", "B にだけあるプラットフォーム"),
            ChangeKind::Platform => ("platform", "プラットフォーム"),
            ChangeKind::Index => ("index on one side", "片方だけのインデックス"),
            ChangeKind::IndexDigest => ("index digest", "インデックスのダイジェスト"),
            ChangeKind::ManifestDigest => ("manifest digest", "マニフェストのダイジェスト"),
            ChangeKind::ConfigDigest => ("config digest", "config のダイジェスト"),
            ChangeKind::MediaType => ("media type", "メディアタイプ"),
            ChangeKind::Annotation => ("annotation", "アノテーション"),
            ChangeKind::LayerAdded => ("layer added", "追加されたレイヤー"),
            ChangeKind::LayerRemoved => ("layer removed", "削除されたレイヤー"),
            ChangeKind::LayerChanged => ("layer changed", "内容が変わったレイヤー"),
            ChangeKind::LayerRecompressed => ("layer recompressed", "再圧縮されたレイヤー"),
            ChangeKind::Env => ("Env", "Env（環境変数）"),
            ChangeKind::Entrypoint => ("Entrypoint", "Entrypoint"),
            ChangeKind::Cmd => ("Cmd", "Cmd"),
            ChangeKind::User => ("User", "User"),
            ChangeKind::WorkingDir => ("WorkingDir", "WorkingDir"),
            ChangeKind::ExposedPort => ("ExposedPorts", "ExposedPorts"),
            ChangeKind::Volume => ("Volumes", "Volumes"),
            ChangeKind::Label => ("label", "ラベル"),
            ChangeKind::StopSignal => ("StopSignal", "StopSignal"),
            ChangeKind::ConfigField => ("config field", "config のフィールド"),
            ChangeKind::Created => ("created", "作成日時（created）"),
            ChangeKind::HistoryDates => ("history dates", "履歴の日時"),
            ChangeKind::History => ("history step", "履歴のステップ"),
            ChangeKind::AttachmentAdded => ("attached only in B", "B にだけ付いているもの"),
            ChangeKind::AttachmentRemoved => ("attached only in A", "A にだけ付いているもの"),
        };
        lang.pick(en, ja)
    }

    /// What a difference of this kind means, in general.
    pub fn meaning(self) -> Text {
        match self {
            ChangeKind::PlatformRemoved => Text::new(
                "A has an image for this platform and B has none: a machine of this platform pulls nothing from B, or another platform's image it can run.",
                "A にはこのプラットフォームのイメージがあり、B にはありません。このプラットフォームのマシンは B からは何もプルできないか、実行できる別のプラットフォームのイメージをプルします。",
            ),
            ChangeKind::PlatformAdded => Text::new(
                "B has an image for this platform and A has none.",
                "B にはこのプラットフォームのイメージがあり、A にはありません。",
            ),
            ChangeKind::Platform => Text::new(
                "The two images compared are for different platforms: their layers are built for different machines, so most of them differ.",
                "比べた 2 つのイメージは別々のプラットフォーム向けです。レイヤーは別のマシン向けにビルドされているので、ほとんどが異なります。",
            ),
            ChangeKind::Index => Text::new(
                "One side is an index (a multi-platform image) and the other a single manifest: the digest a tag points at is not the same kind of thing.",
                "片方はインデックス（マルチプラットフォームのイメージ）で、もう片方は単一のマニフェストです。タグが指すダイジェストの種類が違います。",
            ),
            ChangeKind::IndexDigest => Text::new(
                "The index's bytes differ, so its digest does: it follows from the differences of what it lists.",
                "インデックスのバイト列が違うので、ダイジェストも違います。これは、列挙しているものの違いから生じます。",
            ),
            ChangeKind::ManifestDigest => Text::new(
                "The manifest's bytes differ, so its digest does: this is the digest a pull by digest, a signature and a cache key name.",
                "マニフェストのバイト列が違うので、ダイジェストも違います。ダイジェストでのプル、署名、キャッシュのキーが指すのはこのダイジェストです。",
            ),
            ChangeKind::ConfigDigest => Text::new(
                "The config's bytes differ, so its digest (the IMAGE ID of Docker's classic store) does, and with it the manifest's.",
                "config のバイト列が違うので、そのダイジェスト（Docker の従来のストアの IMAGE ID）も、それを含むマニフェストのダイジェストも違います。",
            ),
            ChangeKind::MediaType => Text::new(
                "The same part is declared with another media type: Docker's and OCI's names for the same thing, or another compression. The content can be the same; the bytes of the manifest are not.",
                "同じ部分が別のメディアタイプで宣言されています。Docker と OCI で同じものの名前が違うか、圧縮方式が違います。内容は同じでも、マニフェストのバイト列は違います。",
            ),
            ChangeKind::Annotation => Text::new(
                "An annotation was added, removed or changed. Annotations are part of the manifest (or index): any change changes its digest.",
                "アノテーションが追加、削除、変更されています。アノテーションはマニフェスト（またはインデックス）の一部なので、変わるとダイジェストも変わります。",
            ),
            ChangeKind::LayerAdded => Text::new(
                "B has a layer A has not: files added, changed or deleted by one more build step.",
                "B には A にないレイヤーがあります。ビルドのステップが 1 つ多く、ファイルを追加、変更、削除しています。",
            ),
            ChangeKind::LayerRemoved => Text::new(
                "A has a layer B has not.",
                "A には B にないレイヤーがあります。",
            ),
            ChangeKind::LayerChanged => Text::new(
                "The layer at this place has other content (another `diff_id`, the digest of the layer uncompressed): the step that made it produced other files, or the same files with other metadata (times, owners, modes).",
                "この位置のレイヤーの内容が違います（展開したレイヤーのダイジェストである `diff_id` が違います）。それを作ったステップが別のファイルを作ったか、同じファイルでもメタデータ（時刻、所有者、モード）が違います。",
            ),
            ChangeKind::LayerRecompressed => Text::new(
                "Same content (the same `diff_id`), compressed differently: another compressor, level or format. The files are the same; the blob and its digest are not, so a pull downloads it again.",
                "内容は同じ（`diff_id` が同じ）で、圧縮が違います（圧縮ツール、レベル、形式）。ファイルは同じですが、ブロブとそのダイジェストが違うので、プルでは再びダウンロードされます。",
            ),
            ChangeKind::Env => Text::new(
                "An environment variable of the image's config (`ENV`) differs: containers start with another environment.",
                "イメージの config の環境変数（`ENV`）が違います。コンテナーは別の環境で起動します。",
            ),
            ChangeKind::Entrypoint => Text::new(
                "The program a container runs (`ENTRYPOINT`) differs.",
                "コンテナーが実行するプログラム（`ENTRYPOINT`）が違います。",
            ),
            ChangeKind::Cmd => Text::new(
                "The default command or arguments (`CMD`) differ.",
                "既定のコマンドまたは引数（`CMD`）が違います。",
            ),
            ChangeKind::User => Text::new(
                "The user a container runs as (`USER`) differs.",
                "コンテナーを実行するユーザー（`USER`）が違います。",
            ),
            ChangeKind::WorkingDir => Text::new(
                "The working directory (`WORKDIR`) differs.",
                "作業ディレクトリ（`WORKDIR`）が違います。",
            ),
            ChangeKind::ExposedPort => Text::new(
                "A port the image declares (`EXPOSE`) was added or removed. It documents the port; `docker run -P` publishes it.",
                "イメージが宣言するポート（`EXPOSE`）が追加または削除されています。ポートを文書化するもので、`docker run -P` で公開されます。",
            ),
            ChangeKind::Volume => Text::new(
                "A volume the image declares (`VOLUME`) was added or removed: a container gets an anonymous volume there.",
                "イメージが宣言するボリューム（`VOLUME`）が追加または削除されています。コンテナーではそこに匿名ボリュームが作られます。",
            ),
            ChangeKind::Label => Text::new(
                "A label of the config (`LABEL`) was added, removed or changed.",
                "config のラベル（`LABEL`）が追加、削除、変更されています。",
            ),
            ChangeKind::StopSignal => Text::new(
                "The signal `docker stop` sends (`STOPSIGNAL`) differs.",
                "`docker stop` が送るシグナル（`STOPSIGNAL`）が違います。",
            ),
            ChangeKind::ConfigField => Text::new(
                "Another field of the config differs.",
                "config のその他のフィールドが違います。",
            ),
            ChangeKind::Created => Text::new(
                "The image's `created` time differs: a timestamp, set by the build's clock unless the build fixes it.",
                "イメージの `created`（作成日時）が違います。ビルドで固定しない限り、ビルド時の時計で決まるタイムスタンプです。",
            ),
            ChangeKind::HistoryDates => Text::new(
                "The dates of the history steps differ: timestamps, not content.",
                "履歴の各ステップの日時が違います。内容ではなくタイムスタンプです。",
            ),
            ChangeKind::History => Text::new(
                "A step of the image's history (the command that made it, its comment, whether it made a layer) differs.",
                "イメージの履歴のステップ（作ったコマンド、コメント、レイヤーを作ったかどうか）が違います。",
            ),
            ChangeKind::AttachmentAdded => Text::new(
                "B has a provenance, SBOM or signature attached that A lacks (in the index, under a cosign tag or as a referrer).",
                "B には A にない来歴、SBOM、署名が付いています（インデックスの中、cosign のタグ、リファラーのいずれか）。",
            ),
            ChangeKind::AttachmentRemoved => Text::new(
                "A has a provenance, SBOM or signature attached that B lacks.",
                "A には B にない来歴、SBOM、署名が付いています。",
            ),
        }
    }
}

/// What a difference means for "is this build reproducible?".
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Class {
    /// What the image holds or does differs.
    Content,
    /// The same content, stored differently: compression, media types, formatting.
    Encoding,
    /// A timestamp: `created`, history dates, `org.opencontainers.image.created`.
    Timestamp,
    /// A digest that differs because of the other differences listed.
    Consequence,
}

impl Class {
    pub fn id(self) -> &'static str {
        match self {
            Class::Content => "content",
            Class::Encoding => "encoding",
            Class::Timestamp => "timestamp",
            Class::Consequence => "consequence",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Class::Content => lang.pick("content", "内容"),
            Class::Encoding => lang.pick("encoding", "格納方法"),
            Class::Timestamp => lang.pick("timestamp", "タイムスタンプ"),
            Class::Consequence => lang.pick("follows", "結果"),
        }
    }
}

/// The answer to "what changed?" in one word, and to "is it reproducible?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Verdict {
    /// Nothing to compare: a side holds no image (no manifest, no config).
    Nothing,
    /// The same bytes: every digest is equal.
    Identical,
    /// Only timestamps differ (and the digests they change): reproducible once they are fixed.
    OnlyTimestamps,
    /// The same files and settings, stored differently (compression, media types, formatting),
    /// perhaps with other timestamps.
    SameContent,
    /// What the images hold or do differs.
    Differs,
}

impl Verdict {
    /// From the classes of the differences found.
    pub fn of(classes: impl IntoIterator<Item = Class>) -> Verdict {
        let (mut content, mut encoding, mut timestamp, mut any) = (false, false, false, false);
        for c in classes {
            any = true;
            match c {
                Class::Content => content = true,
                Class::Encoding => encoding = true,
                Class::Timestamp => timestamp = true,
                Class::Consequence => {}
            }
        }
        if content || (any && !encoding && !timestamp) {
            Verdict::Differs
        } else if encoding {
            Verdict::SameContent
        } else if timestamp {
            Verdict::OnlyTimestamps
        } else {
            Verdict::Identical
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Verdict::Nothing => "nothing-to-compare",
            Verdict::Identical => "identical",
            Verdict::OnlyTimestamps => "only-timestamps",
            Verdict::SameContent => "same-content",
            Verdict::Differs => "differs",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (en, ja) = match self {
            Verdict::Nothing => ("nothing to compare", "比べるものがありません"),
            Verdict::Identical => ("identical", "同一"),
            Verdict::OnlyTimestamps => ("only timestamps differ", "タイムスタンプだけが違います"),
            Verdict::SameContent => (
                "same content, stored differently",
                "内容は同じで、格納方法が違います",
            ),
            Verdict::Differs => ("the images differ", "イメージが違います"),
        };
        lang.pick(en, ja)
    }

    /// What it means, and what to do.
    pub fn meaning(self) -> Text {
        match self {
            Verdict::Nothing => Text::new(
                "A side holds no image: give each side a manifest or an index with its manifests and configs (files, a layout, an archive or a reference to fetch).",
                "イメージのない側があります。それぞれの側に、マニフェスト、またはインデックスとそのマニフェストと config を与えてください（ファイル、レイアウト、アーカイブ、取得する参照）。",
            ),
            Verdict::Identical => Text::new(
                "Every digest compared is equal: the same bytes, the same image.",
                "比べたダイジェストはすべて同じです。同じバイト列、同じイメージです。",
            ),
            Verdict::OnlyTimestamps => Text::new(
                "Reproducible once timestamps are set aside: everything else is equal, and the digests differ only because the times do. To get the same digest from every build, fix the times: set `SOURCE_DATE_EPOCH` (BuildKit reads it for `created` and the history), and with BuildKit add `rewrite-timestamp=true` to the output (`--output type=image,rewrite-timestamp=true`) so the files' times in the layers are fixed too.",
                "タイムスタンプを除けば再現可能です。それ以外はすべて同じで、ダイジェストの違いは日時の違いだけから生じています。どのビルドでも同じダイジェストにするには日時を固定します。`SOURCE_DATE_EPOCH` を設定し（BuildKit は `created` と履歴にこれを使います）、BuildKit では出力に `rewrite-timestamp=true` を付けて（`--output type=image,rewrite-timestamp=true`）レイヤー内のファイルの時刻も固定します。",
            ),
            Verdict::SameContent => Text::new(
                "The same files and settings, stored differently (compression, media types or formatting), perhaps with other timestamps: a container runs the same, but the digests differ and a pull downloads the layers again. Pin the output's format to get the same bytes (`compression=gzip,force-compression=true`, `oci-mediatypes=true`).",
                "ファイルと設定は同じで、格納方法（圧縮、メディアタイプ、書式）が違います（タイムスタンプも違うかもしれません）。コンテナーの動作は同じですが、ダイジェストが違い、プルではレイヤーを再びダウンロードします。同じバイト列にするには出力の形式を固定します（`compression=gzip,force-compression=true`、`oci-mediatypes=true`）。",
            ),
            Verdict::Differs => Text::new(
                "What the images hold or do differs: see each difference below.",
                "イメージの内容または動作が違います。以下の違いをそれぞれ確認してください。",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_id_and_words_in_both_languages() {
        let mut ids: Vec<&str> = ChangeKind::ALL.iter().map(|k| k.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), ChangeKind::ALL.len());
        for k in ChangeKind::ALL {
            assert!(!k.label(Lang::Ja).is_empty() && !k.meaning().ja.is_empty());
            assert_ne!(k.meaning().en, k.meaning().ja, "{}", k.id());
        }
    }

    /// docs/json-output.md lists every kind as the code defines it (`UPDATE_EXPECT=1` rewrites
    /// the block).
    #[test]
    fn the_json_doc_lists_every_change_kind() {
        let mut table = String::from("| kind | label | ja | meaning |\n|---|---|---|---|\n");
        for k in ChangeKind::ALL {
            table.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                k.id(),
                k.label(Lang::En),
                k.label(Lang::Ja),
                k.meaning().en
            ));
        }
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/json-output.md");
        let doc = std::fs::read_to_string(path).unwrap();
        let open = "(UPDATE_EXPECT=1 cargo test) -->\n";
        let (head, rest) = doc.split_once(open).expect("the change-kinds block");
        let (_, tail) = rest.split_once("<!-- /change-kinds -->").expect("its end");
        let want = format!("{head}{open}{table}<!-- /change-kinds -->{tail}");
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(path, &want).unwrap();
        } else {
            assert!(
                doc == want,
                "docs/json-output.md's change kinds are stale: UPDATE_EXPECT=1 cargo test"
            );
        }
    }

    #[test]
    fn the_verdict_follows_the_worst_class() {
        use Class::*;
        assert_eq!(Verdict::of([]), Verdict::Identical);
        assert_eq!(
            Verdict::of([Timestamp, Consequence]),
            Verdict::OnlyTimestamps
        );
        assert_eq!(
            Verdict::of([Timestamp, Encoding, Consequence]),
            Verdict::SameContent
        );
        assert_eq!(Verdict::of([Encoding, Content]), Verdict::Differs);
        // A digest that differs for no reason found is a difference.
        assert_eq!(Verdict::of([Consequence]), Verdict::Differs);
    }
}
