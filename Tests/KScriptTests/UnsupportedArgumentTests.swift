import KScript
import XCTest

/// Layer arguments kscript accepts in Keras' signatures but does not apply yet (constraints,
/// activity regularizers, stateful recurrent layers) are refused with NotImplementedError when
/// given, instead of silently training a different model; their defaults still work.
final class UnsupportedArgumentTests: XCTestCase {
    func testGivenConstraintsAndActivityRegularizersAreRefused() {
        let source = #"""
        from tensorflow import keras
        L = keras.layers
        attempts = [lambda: L.Dense(2, kernel_constraint='max_norm'), lambda: L.Dense(2, bias_constraint='non_neg'),
                    lambda: L.Conv2D(2, 3, activity_regularizer='l2'), lambda: L.Embedding(5, 2, embeddings_constraint='unit_norm'),
                    lambda: L.LSTM(2, recurrent_constraint='max_norm'), lambda: L.LayerNormalization(gamma_constraint='non_neg'),
                    lambda: L.PReLU(alpha_constraint='non_neg'), lambda: L.GRU(2, stateful=True)]
        for attempt in attempts:
            try:
                attempt()
                print('accepted')
            except NotImplementedError as e:
                print(e)
        print(L.Dense(2, kernel_constraint=None, activity_regularizer=None).get_config()['kernel_constraint'])
        """#
        let (out, error) = runScript(source)
        XCTAssertNil(error, describe(error))
        XCTAssertEqual(out, """
            kscript: kernel_constraint is not supported yet
            kscript: bias_constraint is not supported yet
            kscript: activity_regularizer is not supported yet
            kscript: embeddings_constraint is not supported yet
            kscript: recurrent_constraint is not supported yet
            kscript: gamma_constraint is not supported yet
            kscript: alpha_constraint is not supported yet
            kscript: stateful=True is not supported yet
            None

            """)
    }
}
