import tensorflow as tf
from tensorflow import keras

loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
logits = tf.constant([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
print(round(float(loss(tf.constant([0, 1]), logits)), 4))
print(loss.name, loss.reduction)
print(float(keras.losses.MeanSquaredError()(tf.constant([[1.0, 2.0]]), tf.constant([[1.5, 1.0]]))))
print(keras.losses.mse(tf.constant([[1.0, 2.0]]), tf.constant([[1.5, 1.0]])).numpy())
print(float(keras.losses.Huber(delta=0.5, reduction='sum')(tf.constant([[1.0, 2.0]]), tf.constant([[1.5, 0.0]]))))
opt = keras.optimizers.Adam(learning_rate=0.01)
print(type(opt).__name__, opt.name, float(opt.learning_rate))
opt.learning_rate = 0.005
print(float(opt.learning_rate), float(opt.lr))
v = tf.Variable([1.0, 2.0])
opt.apply_gradients([(tf.constant([0.5, -0.5]), v)])
print(v.numpy(), int(opt.iterations.numpy()))
print([x.name for x in opt.variables])
sched = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
print(float(sched(10)))
sgd = keras.optimizers.SGD(learning_rate=sched, momentum=0.9)
w = tf.Variable([1.0])
for _ in range(3):
    sgd.apply_gradients(zip([tf.constant([1.0])], [w]))
print(w.numpy())
try:
    sgd.learning_rate = 0.1
except TypeError as e:
    print('TypeError', str(e)[:40])
print(keras.optimizers.get('rmsprop').get_config()['rho'])
