"""Writes graphs.json: the nodes and edges keras.utils.plot_model would draw for the
chapter's Sequential, multi-input, multi-output, shared-layer and residual models (Keras
2.12): per layer its name, class and the input/output shape labels plot_model formats,
and an edge per inbound connection.
    /work/venv-tf/bin/python Tests/PlotTests/Fixtures/scripts/make_graphs.py
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
from tensorflow import keras  # noqa: E402
from tensorflow.keras import layers  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "graphs.json")


def sequential():
    return keras.Sequential([layers.Dense(64, activation="relu", input_shape=(784,)),
                             layers.Dense(32, activation="relu"), layers.Dense(10, activation="softmax")])


def multi_input():
    a = keras.Input(shape=(100,), name="input_a")
    b = keras.Input(shape=(100,), name="input_b")
    x_a = layers.Dense(32, activation="relu")(layers.Dense(64, activation="relu")(a))
    x_b = layers.Dense(32, activation="relu")(layers.Dense(64, activation="relu")(b))
    out = layers.Dense(10, activation="softmax")(layers.Concatenate()([x_a, x_b]))
    return keras.Model(inputs=[a, b], outputs=out)


def multi_output():
    inputs = keras.Input(shape=(784,))
    x = layers.Dense(64, activation="relu")(inputs)
    out_a = layers.Dense(10, activation="softmax", name="class_output")(x)
    out_b = layers.Dense(1, name="reg_output")(x)
    return keras.Model(inputs=inputs, outputs=[out_a, out_b])


def shared():
    shared_dense = layers.Dense(64, activation="relu")
    a = keras.Input(shape=(100,))
    b = keras.Input(shape=(100,))
    merged = layers.Concatenate()([shared_dense(a), shared_dense(b)])
    return keras.Model(inputs=[a, b], outputs=layers.Dense(1)(merged))


def residual():
    inputs = keras.Input(shape=(64,))
    x = layers.Dense(64, activation="relu")(inputs)
    x = layers.Dense(64, activation="relu")(x)
    res = layers.Dense(64)(inputs)
    return keras.Model(inputs=inputs, outputs=layers.Add()([x, res]))


def fmt(shape):
    return str(shape).replace(str(None), "None")


def graph(model):
    # plot_model draws a Sequential model's InputLayer too (Functional.layers).
    layer_list = super(keras.Sequential, model).layers if isinstance(model, keras.Sequential) else model.layers
    nodes = []
    for layer in layer_list:
        try:
            inputs = fmt(layer.input_shape)
        except AttributeError:
            inputs = ", ".join(fmt(s) for s in layer.input_shapes)
        nodes.append({"id": layer.name, "name": layer.name, "class": layer.__class__.__name__,
                      "input": inputs, "output": fmt(layer.output_shape)})
    edges = []
    for layer in layer_list:
        for i, node in enumerate(layer._inbound_nodes):
            if layer.name + "_ib-" + str(i) not in model._network_nodes:
                continue
            inbound = node.inbound_layers if isinstance(node.inbound_layers, list) else [node.inbound_layers]
            for src in inbound:
                edges.append([src.name, layer.name])
    return {"nodes": nodes, "edges": edges}


keras.backend.clear_session()
out = {}
for name, make in [("sequential", sequential), ("multi_input", multi_input), ("multi_output", multi_output),
                   ("shared_layers", shared), ("residual", residual)]:
    keras.backend.clear_session()
    out[name] = graph(make())
with open(OUT, "w") as f:
    json.dump(out, f, indent=1)
print(", ".join(f"{k}: {len(v['nodes'])} nodes, {len(v['edges'])} edges" for k, v in out.items()))
