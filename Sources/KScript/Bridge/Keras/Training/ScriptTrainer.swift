import Keras
import KTensor

/// The trainer of a script model that overrides `train_step`, `test_step`, `predict_step` or
/// `metrics`: those run the script's methods (which may call back the defaults through
/// `super()`).
final class ScriptTrainer: Trainer {
    weak var interpreter: Interpreter?

    init(model: Model, configuration: CompileConfiguration, interpreter: Interpreter) throws {
        self.interpreter = interpreter
        try super.init(model: model, configuration: configuration)
    }

    private var object: LayerObject? { model.host as? LayerObject }

    private func overridden(_ name: String) -> (Interpreter, LayerObject)? {
        guard let interp = interpreter, let object, interp.isOverridden(object, name) else { return nil }
        return (interp, object)
    }

    override func trainStep(_ data: StepData) throws -> Logs {
        guard let (interp, object) = overridden("train_step") else { return try super.trainStep(data) }
        return try TrainingBridge.logs(try interp.callMethod(.object(object), "train_step", [ModelTrainingMethods.dataValue(data)]), interp)
    }

    override func testStep(_ data: StepData) throws -> Logs {
        guard let (interp, object) = overridden("test_step") else { return try super.testStep(data) }
        return try TrainingBridge.logs(try interp.callMethod(.object(object), "test_step", [ModelTrainingMethods.dataValue(data)]), interp)
    }

    override func predictStep(_ data: StepData) throws -> [Tensor] {
        guard let (interp, object) = overridden("predict_step") else { return try super.predictStep(data) }
        let result = try interp.callMethod(.object(object), "predict_step", [ModelTrainingMethods.dataValue(data)])
        if let items = KerasValues.sequenceItems(result) { return try items.map { try TrainingBridge.tensor($0) } }
        return [try TrainingBridge.tensor(result)]
    }

    override var metrics: [Metric] {
        guard let (interp, object) = overridden("metrics"),
              let value = try? interp.getAttribute(.object(object), "metrics"),
              let items = try? interp.collect(value) else { return super.metrics }
        return items.compactMap { item in (item.object as? MetricObject)?.metric }
    }

    /// The default steps, for `super().train_step(data)` from a script override.
    func defaultTrainStep(_ data: StepData) throws -> Logs { try super.trainStep(data) }
    func defaultTestStep(_ data: StepData) throws -> Logs { try super.testStep(data) }
    func defaultPredictStep(_ data: StepData) throws -> [Tensor] { try super.predictStep(data) }
    /// The compiled metrics and loss trackers without a script `metrics` override.
    var defaultMetrics: [Metric] { super.metrics }
}
