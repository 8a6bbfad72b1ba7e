# After /work/shared/chapter/07_shared_layers.kscript: one Embedding called on two inputs.
keras.utils.plot_model(model, to_file='shared_layers.svg', show_shapes=True, show_dtype=True)
