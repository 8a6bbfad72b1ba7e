import CHDF5

/// A failure reading or writing an HDF5 file: `message` names the file, the object and what
/// HDF5 reported (its innermost error description), e.g. "model.weights.h5: cannot open group
/// 'layers/dense': object 'dense' doesn't exist".
public struct HDF5Error: Error, Equatable, CustomStringConvertible {
    public let message: String
    public var description: String { message }

    public init(_ message: String) {
        self.message = message
    }

    /// An error for a failed HDF5 call: `context` followed by the description HDF5 left on its
    /// error stack (which is then cleared).
    static func fromLibrary(_ context: String) -> HDF5Error {
        let detail = HDF5Library.takeErrorDescription()
        return HDF5Error(detail.isEmpty ? context : "\(context): \(detail)")
    }
}

/// One-time library set-up and the error stack.
enum HDF5Library {
    /// Initialises HDF5 and turns off its automatic printing of error stacks; evaluated once
    /// before any HDF5 call.
    static let prepared: Bool = {
        _ = H5open()
        kscript_h5_silence_errors()
        return true
    }()

    /// The most specific description on HDF5's error stack (the last frame walking down from
    /// the API call), clearing the stack.
    static func takeErrorDescription() -> String {
        final class Collector { var descriptions: [String] = [] }
        let collector = Collector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        _ = H5Ewalk2(kscript_h5e_default(), H5E_WALK_DOWNWARD, { _, error, clientData in
            guard let error, let clientData, let text = error.pointee.desc else { return 0 }
            let owner = Unmanaged<Collector>.fromOpaque(clientData).takeUnretainedValue()
            owner.descriptions.append(String(cString: text))
            return 0
        }, context)
        _ = H5Eclear2(kscript_h5e_default())
        withExtendedLifetime(collector) {}
        return collector.descriptions.last(where: { !$0.isEmpty }) ?? ""
    }
}
