"""The neighbourhood of an actor or a compound as a small graph, laid out for an SVG.

Server-side and without JavaScript: a centre node and its neighbours on a circle, and the
neighbours' own links among themselves. Enough to see who operates, owns and protects what;
a larger network belongs in a dedicated analysis tool.
"""

import math
from dataclasses import dataclass, field

from django.urls import reverse

from seri.compounds.models import Actor, Compound, Relationship

WIDTH, HEIGHT, RADIUS = 640, 440, 165
MAX_NEIGHBOURS = 24


@dataclass
class Node:
    key: str
    label: str
    kind: str  # "compound" or the actor's kind
    url: str
    x: float = 0.0
    y: float = 0.0
    centre: bool = False

    @property
    def css(self) -> str:
        return "node-compound" if self.kind == "compound" else "node-actor"

    @property
    def label_y(self) -> float:
        return self.y + (30 if self.centre else 26)

    @property
    def short_label(self) -> str:
        return self.label if len(self.label) <= 26 else self.label[:25] + "…"


@dataclass
class Edge:
    source: Node
    target: Node
    label: str
    status: str

    @property
    def mid_x(self) -> float:
        return (self.source.x + self.target.x) / 2

    @property
    def mid_y(self) -> float:
        return (self.source.y + self.target.y) / 2


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    truncated: bool = False


def _actor_node(actor: Actor) -> Node:
    return Node(
        f"a{actor.pk}", actor.name, actor.kind, reverse("actor-detail", args=[actor.public_id])
    )


def _compound_node(compound: Compound) -> Node:
    return Node(
        f"c{compound.pk}",
        compound.name,
        "compound",
        reverse("compound-detail", args=[compound.public_id]),
    )


def _node_of(obj) -> Node:
    return _compound_node(obj) if isinstance(obj, Compound) else _actor_node(obj)


def neighbourhood(centre: Actor | Compound) -> Graph:
    if isinstance(centre, Compound):
        rels = list(
            Relationship.objects.filter(compound=centre).select_related("actor", "compound")
        )
    else:
        rels = list(
            Relationship.objects.filter(actor=centre).select_related("compound", "other_actor")
        ) + list(Relationship.objects.filter(other_actor=centre).select_related("actor"))
    graph = Graph()
    nodes: dict[str, Node] = {}
    root = _node_of(centre)
    root.centre, root.x, root.y = True, WIDTH / 2, HEIGHT / 2
    nodes[root.key] = root
    for rel in rels:
        for obj in (rel.actor, rel.compound or rel.other_actor):
            node = _node_of(obj)
            if node.key not in nodes:
                if len(nodes) > MAX_NEIGHBOURS:
                    graph.truncated = True
                    continue
                nodes[node.key] = node
    others = [n for n in nodes.values() if not n.centre]
    for i, node in enumerate(others):
        angle = 2 * math.pi * i / max(len(others), 1) - math.pi / 2
        node.x = round(WIDTH / 2 + RADIUS * 1.45 * math.cos(angle), 1)
        node.y = round(HEIGHT / 2 + RADIUS * math.sin(angle), 1)
    for rel in rels:
        a = nodes.get(_actor_node(rel.actor).key)
        b = nodes.get(_node_of(rel.compound or rel.other_actor).key)
        if a and b:
            graph.edges.append(Edge(a, b, rel.get_kind_display(), rel.status))
    graph.nodes = list(nodes.values())
    return graph
