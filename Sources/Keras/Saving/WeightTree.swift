import KTensor

/// The variables of a saved model in Keras 3's weights layout (`model.weights.h5`): a tree of
/// named groups; a node with variables holds them in a `vars` subgroup as datasets `0`, `1`,
/// ... with the owning object's name as the `name` attribute. The root's own `vars` holds the
/// model's (usually none); layers hang under `layers/<snake_case class>[_N]`, a recurrent
/// layer's cell under `cell`, the optimizer under `optimizer`.
public final class WeightTree {
    /// The `name` attribute of the `vars` group (the Keras object's name), if any.
    public var name: String?
    /// The node's own variables, in order; nil when it has no `vars` group.
    public var variables: [Tensor]?
    /// Child nodes by group name, in insertion order (HDF5 lists them by name).
    public private(set) var children: [(name: String, node: WeightTree)] = []

    public init(name: String? = nil, variables: [Tensor]? = nil) {
        self.name = name
        self.variables = variables
    }

    /// The child `name`, or nil.
    public func child(_ name: String) -> WeightTree? {
        children.first { $0.name == name }?.node
    }

    /// The node at a slash-separated path, or nil.
    public func node(atPath path: String) -> WeightTree? {
        var node: WeightTree? = self
        for component in path.split(separator: "/") { node = node?.child(String(component)) }
        return node
    }

    /// Adds (or replaces) the child `name` and returns it.
    @discardableResult
    public func setChild(_ name: String, _ node: WeightTree) -> WeightTree {
        if let index = children.firstIndex(where: { $0.name == name }) {
            children[index].node = node
        } else {
            children.append((name, node))
        }
        return node
    }

    // MARK: HDF5

    /// Reads the tree below `group` (an HDF5 file's root for a whole weights file).
    public static func read(from group: HDF5Group) throws -> WeightTree {
        let node = WeightTree()
        for member in try group.memberNames() {
            guard try group.kind(of: member) == .group else { continue }
            let child = try group.group(member)
            if member == "vars" {
                node.name = try child.attribute("name")?.stringValue
                node.variables = try readVariables(child)
            } else {
                node.setChild(member, try read(from: child))
            }
        }
        return node
    }

    /// The datasets `0` ... `n-1` of a `vars` group, in index order.
    private static func readVariables(_ group: HDF5Group) throws -> [Tensor] {
        let names = try group.memberNames()
        var indexed: [(Int, String)] = []
        for name in names {
            guard let index = Int(name), index >= 0, String(index) == name else {
                throw SavingError("\(group.file.name): unexpected member '\(name)' in '\(group.path)' (variables are numbered 0, 1, ...)")
            }
            indexed.append((index, name))
        }
        indexed.sort { $0.0 < $1.0 }
        for (position, entry) in indexed.enumerated() where entry.0 != position {
            throw SavingError("\(group.file.name): variable \(position) is missing from '\(group.path)'")
        }
        return try indexed.map { try group.readDataset($0.1) }
    }

    /// Writes the tree below `group`: each child as a subgroup, the variables (and name) as a
    /// `vars` subgroup, as Keras 3 writes them.
    public func write(to group: HDF5Group) throws {
        if variables != nil || name != nil {
            let vars = try group.createGroup("vars")
            if let name { try vars.setAttribute("name", .string(name)) }
            for (index, tensor) in (variables ?? []).enumerated() {
                try vars.writeDataset(String(index), tensor)
            }
        }
        for (name, node) in children {
            try node.write(to: group.createGroup(name))
        }
    }

    /// The bytes of an HDF5 file holding this tree (`model.weights.h5`, `.weights.h5`).
    public func hdf5Image(name: String) throws -> [UInt8] {
        let file = try HDF5File(creatingNamed: name)
        try write(to: file.root())
        return try file.image()
    }

    /// The tree of the HDF5 file whose bytes are `image`.
    public static func read(hdf5Image image: [UInt8], name: String) throws -> WeightTree {
        let file = try HDF5File(image: image, name: name)
        return try read(from: file.root())
    }
}
