# After /work/shared/chapter/08_residual.kscript: the residual block, top to bottom and left
# to right.
keras.utils.plot_model(model, to_file='residual_tb.svg', show_shapes=True)
keras.utils.plot_model(model, to_file='residual_lr.svg', show_shapes=True, rankdir='LR')
keras.utils.plot_model(model, to_file='residual_bt.svg', rankdir='BT')
