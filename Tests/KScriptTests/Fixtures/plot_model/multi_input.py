# After /work/shared/chapter/05_multi_input.kscript: the multi-input model drawn as
# keras.utils.plot_model draws it, with each option.
keras.utils.plot_model(model, to_file='multi_input_tb.svg', show_shapes=True)
keras.utils.plot_model(model, to_file='multi_input_lr.svg', show_shapes=True, rankdir='LR')
keras.utils.plot_model(model, to_file='multi_input_plain.svg')
keras.utils.plot_model(model, to_file='multi_input_options.svg', show_shapes=True, show_dtype=True,
                       show_layer_names=False, show_layer_activations=True, show_trainable=True)
import tensorflow as tf
tf.keras.utils.plot_model(model, to_file='multi_input.png', show_shapes=True, dpi=144)
