import KTensor

/// Where each object's variables go in Keras 3's weights file.
///
/// Keras 3 visits a model's saveables depth-first: the model's own variables in the root
/// `vars`; then its `layers` (Sequential and Functional models list theirs, named by their
/// snake-cased class with a per-list counter: `dense`, `dense_1`, ... — not by layer name);
/// inside each layer its own variables, and for recurrent layers the cell's under `cell`;
/// wrappers' layers under their attributes (`forward_layer`, `backward_layer`, `layer`).
/// A layer reached twice (shared) is saved once, at its first place.
enum Keras3WeightLayout {
    /// One object's place: its path, the `name` attribute, its variables in Keras 3's order
    /// (trainable then non-trainable, in creation order).
    struct Slot {
        let path: String
        let name: String
        let variables: [Variable]
        /// The layer whose slot this is (nil for a recurrent layer's `cell`).
        var layer: Layer? = nil
    }

    /// The recurrent layers whose weights Keras 3 keeps in a `cell` sublayer, and the cell's
    /// class name.
    static let cellClasses: [String: String] = ["LSTM": "LSTMCell", "GRU": "GRUCell", "SimpleRNN": "SimpleRNNCell"]

    /// Every slot of `model` (or of a layer saved on its own), the root (path "") first.
    static func slots(of model: Layer) -> [Slot] {
        var slots: [Slot] = []
        var visited = Set<ObjectIdentifier>()
        collect(model, path: "", into: &slots, visited: &visited)
        return slots
    }

    private static func collect(_ layer: Layer, path: String, into slots: inout [Slot], visited: inout Set<ObjectIdentifier>) {
        guard visited.insert(ObjectIdentifier(layer)).inserted else { return }
        let own = layer.ownTrainableWeights + layer.ownNonTrainableWeights
        if let cellClass = cellClasses[layer.className] {
            slots.append(Slot(path: path, name: layer.name, variables: [], layer: layer))
            slots.append(Slot(path: join(path, "cell"), name: Naming.snakeCase(cellClass), variables: own))
            return
        }
        slots.append(Slot(path: path, name: layer.name, variables: own, layer: layer))
        guard let model = layer as? Model else {
            // A wrapper's or a subclassed layer's sublayers, under their attribute names sorted
            // as Keras does.
            let attributes = ((layer as? WrappingLayer)?.wrappedLayerAttributes ?? SavingHooks.layerAttributes?(layer) ?? []).sorted { attributeOrder($0.name) < attributeOrder($1.name) }
            for attribute in attributes { collect(attribute.layer, path: join(path, attribute.name), into: &slots, visited: &visited) }
            return
        }
        let isGraph = model is Sequential || model is Functional
        // Sequential and Functional models visit `layers` first; others visit their attributes
        // sorted by name, `layers` (the tracked layers) among them.
        var members: [(name: String, layer: Layer?)] = [("layers", nil)]
        if !isGraph, let attributes = SavingHooks.layerAttributes?(model) {
            members += attributes.map { ($0.name, $0.layer) }
            members.sort { attributeOrder($0.name) < attributeOrder($1.name) }
        }
        for member in members {
            if let child = member.layer {
                collect(child, path: join(path, member.name), into: &slots, visited: &visited)
                continue
            }
            var used: [String: Int] = [:]
            for child in model.layers {
                let base = Naming.snakeCase(child.className)
                let count = used[base]
                used[base] = (count ?? -1) + 1
                let name = count.map { "\(base)_\($0 + 1)" } ?? base
                collect(child, path: join(path, join("layers", name)), into: &slots, visited: &visited)
            }
        }
    }

    /// Keras visits attributes sorted by name, private (`_`) ones last.
    private static func attributeOrder(_ name: String) -> String {
        name.hasPrefix("_") ? "~" + name : name
    }

    private static func join(_ path: String, _ component: String) -> String {
        path.isEmpty ? component : path + "/" + component
    }

    // MARK: Trees

    /// The weights tree of `model` (a `vars` group for every slot, as Keras 3 writes).
    static func tree(of model: Layer) -> WeightTree {
        let root = WeightTree()
        for slot in slots(of: model) {
            let node = node(at: slot.path, in: root)
            node.name = slot.name
            node.variables = slot.variables.map(\.valueWithoutWatching)
        }
        return root
    }

    /// The node at `path` below `root`, created with its parents when missing.
    static func node(at path: String, in root: WeightTree) -> WeightTree {
        var node = root
        for component in path.split(separator: "/") {
            let name = String(component)
            node = node.child(name) ?? node.setChild(name, WeightTree())
        }
        return node
    }

    /// Gives the layers of `model` the names `tree` records for their places (a model
    /// re-created by its class names its layers by the counters of this process).
    static func rename(_ model: Layer, from tree: WeightTree) {
        for slot in slots(of: model) {
            guard let layer = slot.layer, let name = tree.node(atPath: slot.path)?.name, !name.isEmpty else { continue }
            layer.name = name
        }
    }

    /// Assigns the variables in `tree` to `model`'s, after checking every count and shape
    /// (nothing is assigned when one does not match). `source` names the file in errors.
    static func assign(_ tree: WeightTree, to model: Layer, source: String) throws {
        var pairs: [(Variable, Tensor)] = []
        for slot in slots(of: model) {
            let stored = tree.node(atPath: slot.path)?.variables ?? []
            guard stored.count == slot.variables.count else {
                let expected = slot.variables.map { "'\(shortName($0))'" }.joined(separator: ", ")
                throw SavingError("\(source): Layer '\(slot.name)' expected \(slot.variables.count) variables, but received \(stored.count) variables during loading. Expected: [\(expected)]")
            }
            for (variable, value) in zip(slot.variables, stored) {
                guard variable.shape == value.shape else {
                    throw SavingError("\(source): the value of '\(variable.name)' has shape \(shapeText(value.shape)) in the file, but the variable has shape \(shapeText(variable.shape))")
                }
                pairs.append((variable, value))
            }
        }
        for (variable, value) in pairs { try variable.assign(value) }
    }

    /// A shape as Python prints a tuple: `(784, 64)`, `(10,)`.
    private static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// `kernel` of `dense/kernel`.
    private static func shortName(_ variable: Variable) -> String {
        variable.name.split(separator: "/").last.map(String.init) ?? variable.name
    }
}
