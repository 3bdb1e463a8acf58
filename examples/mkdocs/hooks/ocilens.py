"""ocilens for MkDocs: a fenced block ```ocilens becomes an <oci-lens> element.

    ```ocilens view="tree details" host="apple-silicon-mac"
    Name:      ghcr.io/example/app:latest
    ...
    ```

The block's text (imagetools output, manifests, indexes, configs) goes into the element as is,
in a <script type="text/plain">; the options after the fence become its attributes (lang,
theme, view, host, select, depth, src). After the build, the element's files (those
oci-lens.files lists) are copied from OCILENS_DIST (default: the repository's dist/, made by
scripts/build) into the site's ocilens/ folder, so the site needs nothing from elsewhere.
"""

import html
import os
import shutil

ATTRIBUTES = ("lang", "theme", "view", "host", "select", "depth", "src")


def validate(language, inputs, options, attrs, md):
    """Accepts the element's attributes after the fence, and nothing else."""
    for key, value in inputs.items():
        if key not in ATTRIBUTES:
            return False
        options[key] = value
    return True


def fence(source, language, class_name, options, md, **kwargs):
    """The element for one block: attributes escaped, the text inside a script as it is."""
    attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in options.items())
    # Only "</script" could end the script early; written "<\/script" it cannot.
    text = source.replace("</script", "<\\/script")
    return (
        f'<div class="ocilens"><oci-lens{attrs}><script type="text/plain">\n{text}\n'
        "</script></oci-lens></div>"
    )


def on_config(config):
    fences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    fences.setdefault("custom_fences", []).append(
        {"name": "ocilens", "class": "ocilens", "format": fence, "validator": validate}
    )
    return config


def on_post_build(config):
    here = os.path.dirname(config.config_file_path)
    dist = os.environ.get("OCILENS_DIST", os.path.join(here, "..", "..", "dist"))
    target = os.path.join(config.site_dir, "ocilens")
    os.makedirs(target, exist_ok=True)
    # The element's files, as scripts/build lists them.
    with open(os.path.join(dist, "oci-lens.files"), encoding="utf-8") as listed:
        names = listed.read().split()
    for name in names:
        source = os.path.join(dist, name)
        if os.path.isdir(source):
            shutil.copytree(source, os.path.join(target, name), dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)
