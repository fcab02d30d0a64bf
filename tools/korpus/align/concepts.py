"""Concepts: feature nodes of both sides (a number, a Latin word, a Korean stem, a glossary lemma) that
evidence says are the same thing, merged by union-find."""

from __future__ import annotations


class UnionFind:
    """Union-find over feature nodes; each set keeps the confidence of its best cross-language link."""

    def __init__(self) -> None:
        self.parent: dict = {}
        self.conf: dict = {}

    def find(self, x):
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a, b, conf: float = 1.0) -> None:
        ra, rb = self.find(a), self.find(b)
        best = max(conf, self.conf.get(ra, 0.0), self.conf.get(rb, 0.0))
        if ra != rb:
            self.parent[ra] = rb
        self.conf[rb] = best
