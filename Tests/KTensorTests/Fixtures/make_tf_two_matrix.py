"""Writes tf_two_matrix.json: values and gradients of a small two-matrix computation with
TensorFlow 2.12, the kind a user writes with tf.Variable / tf.matmul / tf.nn.relu /
tf.nn.softmax / tf.reduce_sum / tf.reduce_mean / tf.square / tf.constant / tf.GradientTape.

Run with the project's reference venv: /work/venv-tf/bin/python make_tf_two_matrix.py
"""
import json
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf

x = tf.constant([[1.0, -2.0, 0.5], [0.25, 3.0, -1.5]])
w1 = tf.Variable([[0.2, -0.4, 0.1, 0.7], [0.5, 0.3, -0.6, 0.05], [-0.3, 0.8, 0.25, -0.1]], name="w1")
w2 = tf.Variable([[0.6, -0.2], [0.1, 0.4], [-0.5, 0.3], [0.2, -0.7]], name="w2")
b = tf.Variable([0.1, -0.2], name="b")
target = tf.constant([[1.0, 0.0], [0.0, 1.0]])

with tf.GradientTape(persistent=True) as tape:
    tape.watch(x)
    hidden = tf.nn.relu(tf.matmul(x, w1))
    logits = tf.matmul(hidden, w2) + b
    probs = tf.nn.softmax(logits)
    loss = tf.reduce_mean(tf.square(probs - target))
    total = tf.reduce_sum(hidden * 0.5) + loss

grads = tape.gradient(loss, [w1, w2, b])
total_grads = tape.gradient(total, [w1, w2, b, x])

def listed(t):
    return None if t is None else t.numpy().tolist()

out = {
    "x": listed(x), "w1": listed(w1), "w2": listed(w2), "b": listed(b), "target": listed(target),
    "hidden": listed(hidden), "logits": listed(logits), "probs": listed(probs),
    "loss": float(loss.numpy()), "total": float(total.numpy()),
    "grad_loss": [listed(g) for g in grads],
    "grad_total": [listed(g) for g in total_grads],
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "tf_two_matrix.json"), "w") as f:
    json.dump(out, f)
