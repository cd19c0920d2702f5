"""A Python-Markdown extension for the images in sellers' Markdown: fetched late, and without a referrer.

The content format lets a seller show an image from another host
(`![Serial number label](https://cdn.example/label.png)`). That is the one
request a help center page may send elsewhere, so every `<img>` gets
`referrerpolicy="no-referrer"` (the image host does not learn which page, and
which question, a buyer was reading) and `loading="lazy"` (a page of a hundred
answers does not fetch images nobody scrolled to). The extension is in every
kbgen build's `markdown_extensions` (mkdocs_config.py), so pages, the search
documents and the widget's answers all get it.
"""

from __future__ import annotations

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

IMAGE_ATTRIBUTES = {"loading": "lazy", "referrerpolicy": "no-referrer"}


class _SellerImages(Treeprocessor):
    def run(self, root):
        for image in root.iter("img"):
            for name, value in IMAGE_ATTRIBUTES.items():
                image.set(name, value)


class SellerImagesExtension(Extension):
    def extendMarkdown(self, md):
        # After the inline patterns (priority 20), which turn `![..](..)` into <img>.
        md.treeprocessors.register(_SellerImages(md), "kbgen_seller_images", 5)


def makeExtension(**kwargs):  # the name Python-Markdown looks for in an extension module
    return SellerImagesExtension(**kwargs)
