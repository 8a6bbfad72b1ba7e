"""Writes plot_model.json: what Keras 2.12's keras.utils.plot_model hands graphviz for each
diagram the case scripts draw — per file the rankdir, dpi, every node's record label and
every edge (by layer name). pydot and graphviz are not needed: a stand-in pydot module
records the graph model_to_dot builds instead of rendering it.

Cases: multi_input.py, residual.py and shared_layers.py run after the chapter example they
name (/work/shared/chapter/05_multi_input, 08_residual, 07_shared_layers, or
$KSCRIPT_CHAPTER_DIR); models.py runs alone. Each case runs in a fresh process.

    /work/venv-tf/bin/python Tests/KScriptTests/Fixtures/plot_model/make_plot_model.py
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CHAPTER = os.environ.get("KSCRIPT_CHAPTER_DIR", "/work/shared/chapter")
CASES = {
    "multi_input": "05_multi_input.kscript",
    "residual": "08_residual.kscript",
    "shared_layers": "07_shared_layers.kscript",
    "models": None,
}

RECORDER = r'''
import json
import sys
import types

drawn = {}
current_model = []


class InvocationException(Exception):
    pass


class Node:
    def __init__(self, name, label=None, **attrs):
        self.name, self.label = name, label

    def get_name(self):
        return self.name


class Edge:
    def __init__(self, src, dst, **attrs):
        self.src, self.dst = src, dst


class Dot:
    def __init__(self, graph_name="G", **attrs):
        self.attrs, self.nodes, self.edges, self.subgraphs = {}, [], [], []

    def set(self, key, value):
        self.attrs[key] = value

    def set_node_defaults(self, **attrs):
        pass

    def add_node(self, node):
        self.nodes.append(node)

    def add_edge(self, edge):
        self.edges.append(edge)

    def add_subgraph(self, graph):
        self.subgraphs.append(graph)

    def all_nodes(self):
        return self.nodes + [n for g in self.subgraphs for n in g.all_nodes()]

    def all_edges(self):
        return self.edges + [e for g in self.subgraphs for e in g.all_edges()]

    def get_nodes(self):
        return self.nodes

    def get_node(self, name):
        return [n for n in self.all_nodes() if n.name == name]

    def get_edge(self, src, dst):
        return [e for e in self.all_edges() if (e.src, e.dst) == (src, dst)]

    def create(self, *args, **kwargs):
        return b""

    def write(self, path, format="raw"):
        names = {}

        def walk(layer):
            names[str(id(layer))] = layer.name
            for inner in getattr(layer, "layers", []):
                walk(inner)
            if isinstance(layer, tf.keras.Sequential):
                walk(layer._input_layers[0]) if layer._input_layers else None
        walk(current_model[-1])
        drawn[path] = {
            "format": format, "rankdir": self.attrs.get("rankdir"), "dpi": self.attrs.get("dpi"),
            "nodes": [{"name": names[n.name], "label": n.label} for n in self.all_nodes()],
            "edges": [[names[e.src], names[e.dst]] for e in self.all_edges()],
        }


class Cluster(Dot):
    pass


fake = types.ModuleType("pydot_ng")
fake.Dot, fake.Cluster, fake.Node, fake.Edge = Dot, Cluster, Node, Edge
fake.InvocationException = InvocationException
sys.modules["pydot_ng"] = fake

import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras.utils.vis_utils as vis_utils
import tensorflow as tf

original = vis_utils.plot_model


def plot_model(model, *args, **kwargs):
    current_model.append(model)
    return original(model, *args, **kwargs)


tf.keras.utils.plot_model = plot_model
sys.argv = ["case"]
exec(compile(open(SOURCE_PATH).read(), "case", "exec"), {"__name__": "__main__"})
json.dump(drawn, sys.stdout)
'''


def source(case):
    text = open(os.path.join(HERE, case + ".py")).read()
    if CASES[case]:
        text = open(os.path.join(CHAPTER, CASES[case])).read() + "\n" + text
    return text


out = {}
for case in CASES:
    path = os.path.join("/tmp", f"plot_model_case_{os.getpid()}_{case}.py")
    with open(path, "w") as f:
        f.write(source(case))
    program = RECORDER.replace("SOURCE_PATH", repr(path))
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd="/tmp")
    os.remove(path)
    if result.returncode != 0:
        sys.exit(f"{case} failed:\n{result.stderr}")
    last = result.stdout.strip().splitlines()[-1]
    out[case] = json.loads(last)
    print(case + ":", ", ".join(out[case]))
with open(os.path.join(HERE, "plot_model.json"), "w") as f:
    json.dump(out, f, indent=1)
