"""MkDocs hook of `kbgen build` (not of `kbgen serve`): every finished page gets its Content-Security-Policy.

The policy (render/shared/content_security.py) allows only the inline scripts the page
was built with. The preview leaves it out: MkDocs' live-reload server adds an
inline script of its own to every page it serves, which the policy would stop.
"""

from __future__ import annotations

from generator.render.shared.content_security import with_content_security_policy


def on_post_page(output, page, config, **kwargs):
    return with_content_security_policy(output, page.content or "")


def on_post_template(output_content, template_name, config, **kwargs):
    """Theme pages that are not pages of the site (404.html) get the policy too."""
    if template_name.endswith(".html"):
        return with_content_security_policy(output_content)
    return output_content
