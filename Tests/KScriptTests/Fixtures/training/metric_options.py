import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

# Precision and Recall with thresholds, top_k and class_id.
y_true = np.array([[0, 1, 0, 0], [1, 0, 0, 1], [0, 0, 1, 0]], dtype='float32')
y_pred = np.array([[0.1, 0.6, 0.25, 0.05], [0.3, 0.3, 0.2, 0.2], [0.5, 0.1, 0.35, 0.05]], dtype='float32')
options = [{}, {'top_k': 1}, {'top_k': 2}, {'class_id': 1}, {'class_id': 2, 'thresholds': [0.3, 0.5]},
           {'top_k': 2, 'class_id': 0}, {'top_k': 1, 'thresholds': 0.4}, {'thresholds': [0.0, 0.25, 0.5, 0.75, 1.0]}]
for kwargs in options:
    for cls in [keras.metrics.Precision, keras.metrics.Recall]:
        m = cls(**kwargs)
        m.update_state(y_true, y_pred)
        print(m.name, kwargs, np.round(m.result().numpy(), 6).tolist(), [np.round(v.numpy(), 6).tolist() for v in m.variables])
weighted = keras.metrics.Precision(top_k=2)
weighted.update_state(y_true, y_pred, sample_weight=np.array([1.0, 2.0, 0.5]))
print(weighted.name, np.round(weighted.result().numpy(), 6))
out_of_range = keras.metrics.Precision()
out_of_range.update_state([0, 1, 1], [1.5, -0.2, 0.7])
print(out_of_range.name, float(out_of_range.result()))

# One metric list for a two-output model: every output gets its own copy, named after it.
rng = np.random.RandomState(0)
x = rng.rand(32, 4).astype('float32')
ya = (x[:, 0] > 0.5).astype('float32')
yb = (x[:, 1] > 0.5).astype('float32')
weights = [rng.uniform(-0.5, 0.5, size=s).astype('float32') for s in [(4, 8), (8,), (8, 1), (1,), (8, 1), (1,)]]


def two_outputs():
    i = keras.Input(shape=(4,))
    h = layers.Dense(8, activation='relu')(i)
    model = keras.Model(i, [layers.Dense(1, activation='sigmoid', name='a')(h), layers.Dense(1, activation='sigmoid', name='b')(h)])
    model.set_weights(weights)
    return model


class PositiveRate(keras.metrics.Metric):
    def __init__(self, name='positive_rate', threshold=0.5, **kwargs):
        super().__init__(name=name, **kwargs)
        self.threshold = threshold
        self.positives = self.add_weight(name='positives', initializer='zeros')
        self.seen = self.add_weight(name='seen', initializer='zeros')

    def update_state(self, y_true, y_pred, sample_weight=None):
        self.positives.assign_add(tf.reduce_sum(tf.cast(y_pred > self.threshold, tf.float32)))
        self.seen.assign_add(tf.cast(tf.size(y_pred), tf.float32))

    def result(self):
        return self.positives / self.seen

    def get_config(self):
        return {'name': self.name, 'threshold': self.threshold}


def mean_error(y_true, y_pred):
    return tf.reduce_mean(tf.abs(y_true - y_pred), axis=-1)


shared = keras.metrics.Precision(name='shared_precision')
cases = [
    ('names for every output', ['accuracy']),
    ('names by output', {'a': 'accuracy', 'b': ['accuracy', 'mse']}),
    ('objects for every output', [keras.metrics.BinaryAccuracy(), keras.metrics.Recall(thresholds=0.4), PositiveRate(threshold=0.45), mean_error]),
    ('lists by position', [['accuracy'], [keras.metrics.AUC(name='auc')]]),
    ('one output only', {'b': [keras.metrics.Precision(name='prec')]}),
    ('one object for two outputs', {'a': shared, 'b': shared}),
]
for title, metrics in cases:
    print('--', title)
    try:
        model = two_outputs()
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss='binary_crossentropy', metrics=metrics)
        history = model.fit(x, [ya, yb], epochs=2, batch_size=16, shuffle=False, verbose=0)
        print({k: [round(v, 4) for v in vs] for k, vs in sorted(history.history.items())})
        print([m.name for m in model.metrics])
        results = model.evaluate(x, [ya, yb], verbose=0, return_dict=True)
        print({k: round(v, 4) for k, v in sorted(results.items())})
    except ValueError as e:
        print('ValueError:', str(e).splitlines()[0])
print(shared.name, float(shared.result()))
