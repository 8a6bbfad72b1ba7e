"""Writes tf_ops.json: TensorFlow 2.12 values and gradients (float32) of the fused ops —
the cross-entropies with logits, a Dense layer with each activation trained through a
softmax cross-entropy — and of tf.one_hot / softmax / log_softmax.
Run with the reference venv: /work/venv-tf/bin/python make_tf_ops.py
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(2012)
out = {}


def listed(t):
    return np.asarray(t).tolist()


logits = tf.constant((rng.randn(4, 5) * 3).astype("float32"))
labels = rng.rand(4, 5).astype("float32")
labels = tf.constant(labels / labels.sum(axis=1, keepdims=True))
sparse = tf.constant([0, 4, 2, 2], dtype=tf.int64)
binary = tf.constant((rng.rand(4, 5) > 0.5).astype("float32"))
upstream = tf.constant(rng.rand(4).astype("float32"))
upstream2 = tf.constant(rng.rand(4, 5).astype("float32"))
with tf.GradientTape(persistent=True) as tape:
    tape.watch([logits, labels, binary])
    ce = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    sce = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=sparse, logits=logits)
    bce = tf.nn.sigmoid_cross_entropy_with_logits(labels=binary, logits=logits)
out["logits"] = listed(logits)
out["labels"] = listed(labels)
out["sparse"] = listed(sparse)
out["binary"] = listed(binary)
out["upstream"] = listed(upstream)
out["upstream2"] = listed(upstream2)
out["ce"] = listed(ce)
out["ce_grad_logits"], out["ce_grad_labels"] = [listed(g) for g in tape.gradient(ce, [logits, labels], output_gradients=upstream)]
out["sce"] = listed(sce)
out["sce_grad_logits"] = listed(tape.gradient(sce, logits, output_gradients=upstream))
out["bce"] = listed(bce)
out["bce_grad_logits"], out["bce_grad_labels"] = [listed(g) for g in tape.gradient(bce, [logits, binary], output_gradients=upstream2)]

x3 = tf.constant(rng.randn(2, 3, 4).astype("float32"))
out["x3"] = listed(x3)
out["softmax_axis1"] = listed(tf.nn.softmax(x3, axis=1))
out["log_softmax_axis2"] = listed(tf.nn.log_softmax(x3, axis=-1))
out["one_hot"] = listed(tf.one_hot([[0, 3], [-1, 5]], depth=4, on_value=2.0, off_value=-1.0))

# A Dense layer per activation, then a sparse categorical cross-entropy on a second Dense.
x = rng.randn(6, 7).astype("float32")
y = np.array([0, 2, 1, 2, 0, 1])
out["dense_x"] = x.tolist()
out["dense_y"] = y.tolist()
w1 = (rng.randn(7, 5) * 0.4).astype("float32")
b1 = (rng.randn(5) * 0.1).astype("float32")
w2 = (rng.randn(5, 3) * 0.4).astype("float32")
b2 = (rng.randn(3) * 0.1).astype("float32")
out["dense_weights"] = [w1.tolist(), b1.tolist(), w2.tolist(), b2.tolist()]
out["dense"] = {}
for activation in ["linear", "relu", "sigmoid", "tanh", "softmax", "elu", "selu", "gelu", "swish", "softplus", "softsign", "hard_sigmoid", "exponential"]:
    layer1 = tf.keras.layers.Dense(5, activation=activation)
    layer2 = tf.keras.layers.Dense(3, activation="softmax")
    layer1.build((None, 7))
    layer2.build((None, 5))
    layer1.set_weights([w1, b1])
    layer2.set_weights([w2, b2])
    loss_fn = tf.keras.losses.SparseCategoricalCrossentropy()
    with tf.GradientTape() as tape:
        hidden = layer1(x)
        probs = layer2(hidden)
        loss = loss_fn(y, probs)
    grads = tape.gradient(loss, layer1.trainable_variables + layer2.trainable_variables)
    out["dense"][activation] = {"hidden": listed(hidden), "probs": listed(probs), "loss": float(loss),
                                "grads": [listed(g) for g in grads]}

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "tf_ops.json"), "w") as f:
    json.dump(out, f)
