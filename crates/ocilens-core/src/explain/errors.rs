//! What a pasted error message means, tied to the documents pasted with it (issue 11): a
//! platform error beside an index says which platforms the index has; beside a single manifest
//! it says that the tag pointed at an index when the error happened (a single manifest is pulled
//! whatever the platform); `exec format error` names the config's platform.

use crate::explain::platform;
use crate::explain::simulate::{self, PullTarget};
use crate::findings::{Code, Finding};
use crate::present::labels::short_digest;
use crate::read::errors::{ErrorKind, PastedError};
use crate::text::Text;
use crate::Analysis;

/// One finding per pasted error line, said against `a`.
pub(crate) fn explain(a: &mut Analysis, errors: &[PastedError]) {
    let target = simulate::pull_target(a);
    let mut out = Vec::new();
    for e in errors {
        let (en, ja, fix) = say(target.as_ref(), &e.kind);
        out.push(
            Finding::new(
                Code::ErrorMessage,
                Text::new(format!("`{}`: {en}", e.text), format!("`{}`: {ja}", e.text)),
            )
            .with_fix(fix)
            .at_input(e.input)
            .at_line(e.line, None),
        );
    }
    a.findings.extend(out);
}

/// The entries' platforms of an index, as tools print them.
fn platforms_of(target: &PullTarget) -> Vec<String> {
    match target {
        PullTarget::Index { entries, .. } => entries
            .iter()
            .filter_map(|e| e.platform.as_ref().map(platform::format))
            .collect(),
        PullTarget::Single { .. } => Vec::new(),
    }
}

/// A platform error for `wanted` (`None`: containerd does not name it), against the documents.
fn platform_error(target: Option<&PullTarget>, wanted: Option<&str>) -> (String, String) {
    let w = wanted.unwrap_or("the host's platform");
    let w_ja = wanted.unwrap_or("ホストのプラットフォーム");
    let head_en = format!("the tag pointed at an index with no entry for {w} (platform-less entries and `unknown/unknown` attestation manifests do not count)");
    let head_ja = format!("タグが指していたインデックスに {w_ja} のエントリーがありませんでした（platform のないエントリーや `unknown/unknown` のアテステーションマニフェストは数えません）");
    let host = wanted.and_then(|p| platform::parse(p).ok());
    match (target, host) {
        (Some(t @ PullTarget::Index { .. }), Some(h)) => {
            let list = platforms_of(t).join(", ");
            // An entry for that very platform (kept small: this runs in the analysis worker,
            // which carries no platform matcher).
            let want = platform::normalize(&h);
            let same = |p: &crate::Platform| {
                let p = platform::normalize(p);
                (p.os.as_str(), p.architecture.as_str(), p.variant.as_deref())
                    == (want.os.as_str(), want.architecture.as_str(), want.variant.as_deref())
            };
            let chosen = match t {
                PullTarget::Index { entries, .. } => entries
                    .iter()
                    .find(|e| e.platform.as_ref().is_some_and(same))
                    .and_then(|e| e.digest.clone()),
                PullTarget::Single { .. } => None,
            };
            match chosen {
                None => (
                    format!("{head_en}. The index given here has no entry for {w} either: it has {list}."),
                    format!("{head_ja}。ここにあるインデックスにもありません。あるのは {list} です。"),
                ),
                Some(d) => (
                    format!("{head_en}. The index given here does have one ({}): the tag pointed at another index when this error happened, or the host was another platform.", short_digest(&d)),
                    format!("{head_ja}。ここにあるインデックスにはあります（{}）。このエラーが出たときタグは別のインデックスを指していたか、ホストが別のプラットフォームでした。", short_digest(&d)),
                ),
            }
        }
        (Some(PullTarget::Single { platform: p, .. }), _) => {
            let (p_en, p_ja) = match p {
                Some(p) => (
                    format!(" This manifest's config says {}: on a {w} host it would be pulled and fail to start with `exec format error`.", platform::format(p)),
                    format!("このマニフェストの config は {} です。{w_ja} のホストではプルされたうえで、起動時に `exec format error` で失敗します。", platform::format(p)),
                ),
                None => (String::new(), String::new()),
            };
            (
                format!("{head_en}. What is given here is a single manifest, and a single manifest is pulled whatever the platform: so when the error happened the tag pointed at an index, not at this manifest. Docker Desktop and buildx add an attestation manifest by default, which makes an index (your platform plus `unknown/unknown`) even for one platform.{p_en}"),
                format!("{head_ja}。ここにあるのは単一のマニフェストで、単一のマニフェストはプラットフォームに関係なくプルされます。つまりエラーの時点でタグはこのマニフェストではなくインデックスを指していました。Docker Desktop や buildx は既定でアテステーションマニフェストを加えるため、1 つのプラットフォームでもインデックス（そのプラットフォームと `unknown/unknown`）になります。{p_ja}"),
            )
        }
        _ => (
            format!("{head_en}. Paste `docker buildx imagetools inspect --raw REF` with it to see which platforms the image has."),
            format!("{head_ja}。イメージにどのプラットフォームがあるかは、`docker buildx imagetools inspect --raw REF` の出力を一緒に貼り付けると分かります。"),
        ),
    }
}

fn say(target: Option<&PullTarget>, kind: &ErrorKind) -> (String, String, Text) {
    let build_fix = Text::new(
        "Build the missing platform into the image (`docker buildx build --platform linux/amd64,linux/arm64 --push .`), or run on a host of a platform the image has; check the tag with `docker buildx imagetools inspect REF`.",
        "足りないプラットフォームをイメージに加えてビルドする（`docker buildx build --platform linux/amd64,linux/arm64 --push .`）か、イメージにあるプラットフォームのホストで実行してください。タグは `docker buildx imagetools inspect REF` で確認できます。",
    );
    match kind {
        ErrorKind::NoMatchingManifest { platform } | ErrorKind::NoDescriptorForPlatform { platform } => {
            let (en, ja) = platform_error(target, Some(platform));
            (format!("the pull found nothing for {platform}: {en}"), format!("プルで {platform} 向けのものが見つかりませんでした。{ja}"), build_fix)
        }
        ErrorKind::NoMatchForPlatform => {
            let (en, ja) = platform_error(target, None);
            (format!("containerd found nothing for the host's platform: {en}"), format!("containerd はホストのプラットフォーム向けのものを見つけられませんでした。{ja}"), build_fix)
        }
        ErrorKind::ExecFormat => {
            let config = match target {
                Some(PullTarget::Single { platform: Some(p), .. }) => (
                    format!(" The config given here says {}.", platform::format(p)),
                    format!("ここにある config は {} です。", platform::format(p)),
                ),
                _ => (String::new(), String::new()),
            };
            (
                format!("the kernel refused to run the image's program: it is built for another CPU architecture than the host's (an arm64 binary on an amd64 host, or the reverse). The pull did not check: a single manifest is pulled whatever its platform.{}", config.0),
                format!("カーネルがイメージのプログラムの実行を拒否しました。ホストとは別の CPU アーキテクチャ向けにビルドされています（amd64 のホストで arm64 のバイナリ、またはその逆）。単一のマニフェストはプラットフォームに関係なくプルされるため、プルの時点では確認されません。{}", config.1),
                Text::new(
                    "Build the image for the host's platform (`docker buildx build --platform linux/amd64 ...`), or publish an index of both so each host pulls its own; QEMU emulation (`binfmt`) runs it slowly meanwhile.",
                    "ホストのプラットフォーム向けにビルドする（`docker buildx build --platform linux/amd64 ...`）か、両方を含むインデックスを公開して各ホストが自分用を取れるようにしてください。それまでは QEMU のエミュレーション（`binfmt`）で遅いながら動かせます。",
                ),
            )
        }
        ErrorKind::ManifestUnknown => (
            "the registry has no manifest by that tag or digest in that repository: a typo, a tag not pushed (or deleted), or a digest of another repository. Some registries answer this for a repository you may not read.".into(),
            "レジストリのそのリポジトリには、そのタグやダイジェストのマニフェストがありません。綴りの誤り、プッシュされていない（または削除された）タグ、別のリポジトリのダイジェストのいずれかです。読む権限のないリポジトリにこう答えるレジストリもあります。".into(),
            Text::new("List the tags (`crane ls REPO`, `regctl tag ls REPO`) and check the name.", "タグの一覧（`crane ls REPO`、`regctl tag ls REPO`）で名前を確認してください。"),
        ),
        ErrorKind::TooManyRequests => (
            "Docker Hub's pull rate limit was reached: anonymous pulls are counted per IP address (shared by a whole CI runner pool or office), authenticated ones per account.".into(),
            "Docker Hub のプルの回数制限に達しました。匿名のプルは IP アドレスごと（CI ランナーやオフィス全体で共有）、認証したプルはアカウントごとに数えられます。".into(),
            Text::new("Log in (`docker login`), use a pull-through cache or mirror, or copy the image to your own registry.", "ログインする（`docker login`）か、プルスルーのキャッシュやミラーを使うか、イメージを自分のレジストリにコピーしてください。"),
        ),
        ErrorKind::Unauthorized => (
            "the registry wants credentials, or refused the ones sent.".into(),
            "レジストリが認証情報を求めているか、送った認証情報を拒否しました。".into(),
            Text::new("Log in to that registry (`docker login REGISTRY`); on Kubernetes, give the pod an `imagePullSecrets` entry.", "そのレジストリにログインしてください（`docker login REGISTRY`）。Kubernetes ではポッドに `imagePullSecrets` を設定してください。"),
        ),
        ErrorKind::Denied => (
            "the registry refused access: the repository does not exist under that name, or it is private and the credentials sent may not read it (Docker says both in one message).".into(),
            "レジストリがアクセスを拒否しました。その名前のリポジトリが存在しないか、非公開で、送った認証情報では読めません（Docker は両方を 1 つのメッセージで伝えます）。".into(),
            Text::new("Check the repository's name (`docker.io/library/` for official images), then `docker login`.", "リポジトリ名を確認し（公式イメージは `docker.io/library/`）、`docker login` してください。"),
        ),
        ErrorKind::X509 => (
            "TLS failed: the registry's certificate is signed by an authority this machine does not trust (a company proxy, a self-signed registry), or is for another name.".into(),
            "TLS に失敗しました。レジストリの証明書がこのマシンの信頼しない認証局（社内プロキシ、自己署名のレジストリ）で署名されているか、別の名前のものです。".into(),
            Text::new("Install the CA certificate (`/etc/docker/certs.d/REGISTRY/ca.crt` for Docker, the system store for containerd); `insecure-registries` only for a test registry.", "CA 証明書を入れてください（Docker は `/etc/docker/certs.d/REGISTRY/ca.crt`、containerd はシステムの証明書ストア）。`insecure-registries` はテスト用のレジストリだけにしてください。"),
        ),
        ErrorKind::KubePull => (
            "Kubernetes could not pull the image; `ImagePullBackOff` means it keeps retrying with longer waits. The reason is in the event's message (`kubectl describe pod`): one of the errors above.".into(),
            "Kubernetes がイメージをプルできませんでした。`ImagePullBackOff` は間隔を延ばしながら再試行していることを示します。理由はイベントのメッセージ（`kubectl describe pod`）にあり、ここに挙げた他のエラーのどれかです。".into(),
            Text::new("Paste the event's message (`kubectl describe pod POD`) with the image's index.", "イベントのメッセージ（`kubectl describe pod POD`）をイメージのインデックスと一緒に貼り付けてください。"),
        ),
    }
}
