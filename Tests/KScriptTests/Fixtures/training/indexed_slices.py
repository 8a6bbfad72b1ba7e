# tape.gradient gives a tf.IndexedSlices for a table that only row gathers read (an
# Embedding's, a tf.gather-ed variable or watched tensor). TF functions read it as its dense
# tensor; tf.clip_by_value / clip_by_norm / clip_by_global_norm keep it sparse and count each
# gathered row; apply_gradients takes the optimizers' sparse branch, also from a custom
# train_step inside fit. Rows 4 and 1 are gathered twice, so a clipped norm of the rows differs
# from the norm of the dense gradient.
import numpy as np
import tensorflow as tf
from tensorflow import keras

table = (np.arange(24, dtype='float32').reshape(6, 4) - 11.0) / 7.0
kernel = np.linspace(-0.5, 0.5, 4, dtype='float32').reshape(4, 1)
ids = tf.constant([[1, 4, 1], [0, 4, 4]])
target = tf.constant(np.linspace(-1.0, 1.0, 6, dtype='float32').reshape(2, 3))

emb = keras.layers.Embedding(6, 4)
emb.build((None, 3))
w = tf.Variable(kernel, name='w')


def reset():
    emb.set_weights([table])
    w.assign(kernel)


def loss_and_gradients():
    with tf.GradientTape() as tape:
        out = tf.squeeze(tf.matmul(emb(ids), w), -1)
        loss = tf.reduce_mean(tf.square(out - target))
    return loss, tape.gradient(loss, [emb.embeddings, w])


reset()
loss, grads = loss_and_gradients()
g = grads[0]
print(type(g).__name__, isinstance(g, tf.IndexedSlices), isinstance(g, tf.Tensor), tf.is_tensor(g))
print(g.indices)
print(g.dense_shape, g.shape, g.dtype, g.values.shape)
print(np.round(g.values.numpy(), 5).tolist())
print(np.round(tf.convert_to_tensor(g).numpy(), 5).tolist())
print(np.round((tf.ones([6, 4]) + g).numpy(), 5).tolist())
print(np.round(tf.reduce_sum(g).numpy(), 5), np.round(tf.norm(g).numpy(), 5), np.round(tf.linalg.global_norm(grads).numpy(), 5))
print(type(-g).__name__, np.round((-g).values.numpy()[0], 5).tolist())
print(type(tf.identity(g)).__name__, type(tf.clip_by_value(g, -0.1, 0.1)).__name__)
print(np.round(tf.clip_by_value(g, -0.1, 0.1).values.numpy(), 5).tolist())
for expression in ['g * 2', 'g + g', 'g.numpy()', 'len(g)', 'g[0]']:
    try:
        eval(expression)
    except (TypeError, AttributeError) as e:
        print(expression, type(e).__name__, e)

# The clipping functions on slices and on tensors.
clipped = tf.clip_by_norm(g, 0.5)
print(type(clipped).__name__, clipped.indices.numpy().tolist(), np.round(clipped.values.numpy(), 5).tolist())
print(np.round(tf.clip_by_norm(tf.constant([[3.0, 4.0], [6.0, 8.0]]), 5.0, axes=[1]).numpy(), 5).tolist())
print(tf.clip_by_norm(tf.zeros([2]), 1.0).numpy().tolist())
clipped, norm = tf.clip_by_global_norm(grads + [None], 0.5)
print([type(c).__name__ for c in clipped], np.round(norm.numpy(), 5))
print(np.round(clipped[0].values.numpy(), 5).tolist(), np.round(clipped[1].numpy(), 5).tolist())
clipped, norm = tf.clip_by_global_norm(grads, 0.5, use_norm=tf.constant(0.25))
print(np.round(clipped[1].numpy(), 5).tolist(), norm.numpy())
x = tf.constant([[1.0, -2.0], [3.0, -4.0]])
print(tf.norm(x).numpy(), tf.norm(x, ord=1).numpy(), tf.norm(x, ord=np.inf).numpy(), np.round(tf.norm(x, ord=3).numpy(), 5))
print(tf.norm(x, axis=1).numpy().tolist(), tf.norm(x, axis=0, keepdims=True).numpy().tolist(), np.round(tf.norm(x, ord='fro', axis=[0, 1]).numpy(), 5))
print(tf.norm(x, ord=1, axis=(0, 1)).numpy(), tf.norm(x, ord=np.inf, axis=(0, 1)).numpy(), tf.nn.l2_loss(x).numpy())

# A gathered variable, a watched tensor, and an unconnected source.
v = tf.Variable(table[:3])
c = tf.constant(table[3:])
unused = tf.Variable([1.0, 2.0])
with tf.GradientTape(persistent=True) as tape:
    tape.watch(c)
    y = tf.reduce_sum(tf.gather(v, tf.constant([2, 0, 2], dtype=tf.int64)) * 2.0) + tf.reduce_sum(tf.gather(c, [1]))
gv, gc, gu = tape.gradient(y, [v, c, unused])
print(type(gv).__name__, gv.indices, gv.dense_shape.numpy().tolist())
print(type(gc).__name__, gc.indices.numpy().tolist(), gc.values.numpy().tolist(), gu)
print(tape.gradient(y, [unused], unconnected_gradients='zero')[0].numpy().tolist())
print(type(tape.gradient(y, v)).__name__)
# A table that is also read densely gets a dense gradient.
with tf.GradientTape() as tape:
    y = tf.reduce_sum(tf.gather(v, [1])) + tf.reduce_sum(v * v)
print(type(tape.gradient(y, v)).__name__)

# Slices made by hand go to the optimizers as rows.
s = tf.IndexedSlices(tf.constant([[1.0, 2.0], [3.0, 4.0]]), tf.constant([0, 2]), tf.constant([3, 2]))
print(s)
target_variable = tf.Variable(tf.zeros([3, 2]))
opt = keras.optimizers.Adam(0.1)
opt.apply_gradients([(s, target_variable)])
print(np.round(target_variable.numpy(), 5).tolist())
print(tf.IndexedSlices(tf.constant([[1.0, 2.0]]), tf.constant([1])))

# Custom loops: every sparse optimizer branch, unclipped and clipped by each function.
clippers = [
    ('none', lambda grads: grads),
    ('norm', lambda grads: [tf.clip_by_norm(g, 0.3) for g in grads]),
    ('global', lambda grads: tf.clip_by_global_norm(grads, 0.3)[0]),
    ('value', lambda grads: [tf.clip_by_value(g, -0.02, 0.02) for g in grads]),
]
optimizers = [
    lambda: keras.optimizers.Adam(0.05),
    lambda: keras.optimizers.SGD(0.05, momentum=0.9, nesterov=True),
    lambda: keras.optimizers.RMSprop(0.01, momentum=0.5, centered=True),
    lambda: keras.optimizers.Adagrad(0.1),
]
for clip_name, clip in clippers:
    for make in optimizers:
        reset()
        optimizer = make()
        for step in range(4):
            loss, grads = loss_and_gradients()
            optimizer.apply_gradients(zip(clip(grads), [emb.embeddings, w]))
        print(clip_name, optimizer.name, round(float(loss), 5), np.round(emb.get_weights()[0], 4).tolist(), np.round(w.numpy()[:, 0], 4).tolist())


# fit with a custom train_step: the chapter's pattern on a model with an Embedding.
class CustomModel(keras.Model):
    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compiled_loss(y, y_pred)
        gradients = tape.gradient(loss, self.trainable_variables)
        gradients = [tf.clip_by_norm(g, 0.2) for g in gradients]
        self.optimizer.apply_gradients(zip(gradients, self.trainable_variables))
        self.compiled_metrics.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


inputs = keras.Input(shape=(3,), dtype='int32')
table_layer = keras.layers.Embedding(6, 4)
outputs = keras.layers.Flatten()(table_layer(inputs))
model = CustomModel(inputs, outputs)
model.compile(optimizer=keras.optimizers.Adam(0.05), loss='mse')
table_layer.set_weights([table])
x_fit = np.array([[1, 4, 1], [0, 4, 4], [5, 5, 2], [3, 1, 0]], dtype='int32')
y_fit = np.linspace(-1.0, 1.0, 48, dtype='float32').reshape(4, 12)
history = model.fit(x_fit, y_fit, batch_size=2, epochs=3, shuffle=False, verbose=0)
print([round(v, 5) for v in history.history['loss']])
print(np.round(table_layer.get_weights()[0], 4).tolist())
