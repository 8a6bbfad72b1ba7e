import tensorflow as tf
from tensorflow import keras

p = keras.metrics.Precision()
r = keras.metrics.Recall()
p2 = keras.metrics.Precision()
print(p.name, r.name, p2.name)
y_true = tf.constant([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])
y_pred = tf.constant([0.9, 0.6, 0.5, 0.7, 0.2, 0.51])
p.update_state(y_true, y_pred)
r.update_state(y_true, y_pred)
print(round(float(p.result()), 6), round(float(r.result()), 6))
auc = keras.metrics.AUC()
auc.update_state(y_true, y_pred)
print(auc.name, round(float(auc.result()), 6))
acc = keras.metrics.BinaryAccuracy()
print(acc.name, float(acc(y_true, y_pred)))
m = keras.metrics.Mean()
m.update_state([1.0, 2.0, 3.0], sample_weight=[1.0, 0.0, 3.0])
print(m.name, float(m.result()))
m.reset_state()
print(float(m.result()))
sca = keras.metrics.SparseCategoricalAccuracy()
sca.update_state(tf.constant([[0], [2]]), tf.constant([[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]]))
print(float(sca.result()), [v.name for v in sca.variables])


class F1Score(keras.metrics.Metric):
    def __init__(self, name='f1_score', **kwargs):
        super().__init__(name=name, **kwargs)
        self.precision = keras.metrics.Precision()
        self.recall = keras.metrics.Recall()

    def update_state(self, y_true, y_pred, sample_weight=None):
        self.precision.update_state(y_true, y_pred, sample_weight)
        self.recall.update_state(y_true, y_pred, sample_weight)

    def result(self):
        p = self.precision.result()
        r = self.recall.result()
        return 2 * p * r / (p + r + 1e-7)

    def reset_state(self):
        self.precision.reset_state()
        self.recall.reset_state()


f1 = F1Score()
f1.update_state(y_true, y_pred)
print(f1.name, round(float(f1.result()), 5), f1.precision.name)
f1.reset_state()
print(float(f1.result()))


class Counter(keras.metrics.Metric):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.count = self.add_weight(name='count', initializer='zeros')

    def update_state(self, y_true, y_pred, sample_weight=None):
        self.count.assign_add(tf.cast(tf.size(y_true), tf.float32))

    def result(self):
        return self.count


c = Counter()
c.update_state(y_true, y_pred)
c.update_state(y_true, y_pred)
print(c.name, float(c.result()))
c.reset_state()
print(float(c.result()))
print(float(keras.metrics.mae(tf.constant([1.0, 2.0]), tf.constant([1.5, 1.0]))))
