import Foundation

/// A small JSON Schema (draft 4) validator covering the keywords the nbformat schema uses:
/// `$ref` (local), `type`, `properties`, `required`, `additionalProperties`,
/// `patternProperties`, `items`, `enum`, `oneOf`, `not`, `pattern`, `minLength`, `maxLength`,
/// `minimum`, `maximum`, `uniqueItems`. Returns the problems found (empty when valid).
struct JSONSchemaValidator {
    let root: [String: Any]

    func validate(_ instance: Any) -> [String] {
        var problems: [String] = []
        check(instance, against: root, at: "$", problems: &problems)
        return problems
    }

    private func resolve(_ reference: String) -> [String: Any]? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: Any = root
        for part in reference.dropFirst(2).split(separator: "/") {
            guard let dict = node as? [String: Any], let next = dict[String(part)] else { return nil }
            node = next
        }
        return node as? [String: Any]
    }

    private static func typeName(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if let number = value as? NSNumber {
            if String(describing: type(of: value)).contains("Boolean") { return "boolean" }
            let code = String(cString: number.objCType)
            return code == "d" || code == "f" ? "number" : "integer"
        }
        if value is String { return "string" }
        if value is [Any] { return "array" }
        if value is [String: Any] { return "object" }
        return "unknown"
    }

    private func matches(_ instance: Any, _ schema: [String: Any]) -> Bool {
        var problems: [String] = []
        check(instance, against: schema, at: "", problems: &problems)
        return problems.isEmpty
    }

    private func check(_ instance: Any, against schema: [String: Any], at path: String, problems: inout [String]) {
        if let reference = schema["$ref"] as? String {
            guard let target = resolve(reference) else { return problems.append("\(path): unresolvable \(reference)") }
            return check(instance, against: target, at: path, problems: &problems)
        }
        let actual = JSONSchemaValidator.typeName(instance)
        if let type = schema["type"] {
            let allowed = (type as? [String]) ?? [(type as? String) ?? ""]
            let ok = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
            if !ok { problems.append("\(path): expected \(allowed.joined(separator: "|")), found \(actual)") }
        }
        if let options = schema["enum"] as? [Any] {
            let encoded = { (v: Any) in (try? JSONSerialization.data(withJSONObject: [v])) ?? Data() }
            if !options.contains(where: { encoded($0) == encoded(instance) }) { problems.append("\(path): not one of \(options)") }
        }
        if let alternatives = schema["oneOf"] as? [[String: Any]] {
            let count = alternatives.filter { matches(instance, $0) }.count
            if count != 1 { problems.append("\(path): matches \(count) of the oneOf alternatives") }
        }
        if let forbidden = schema["not"] as? [String: Any], matches(instance, forbidden) {
            problems.append("\(path): matches a 'not' schema")
        }
        if let string = instance as? String {
            if let minimum = schema["minLength"] as? Int, string.count < minimum { problems.append("\(path): shorter than \(minimum)") }
            if let maximum = schema["maxLength"] as? Int, string.count > maximum { problems.append("\(path): longer than \(maximum)") }
            if let pattern = schema["pattern"] as? String, let regex = try? NSRegularExpression(pattern: pattern),
               regex.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) == nil {
                problems.append("\(path): does not match \(pattern)")
            }
        }
        if let number = instance as? NSNumber, actual == "integer" || actual == "number" {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum { problems.append("\(path): below \(minimum)") }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum { problems.append("\(path): above \(maximum)") }
        }
        if let array = instance as? [Any] {
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in array.enumerated() { check(item, against: items, at: "\(path)[\(index)]", problems: &problems) }
            }
            if schema["uniqueItems"] as? Bool == true {
                let encoded = array.map { (try? JSONSerialization.data(withJSONObject: [$0], options: .sortedKeys)) ?? Data() }
                if Set(encoded).count != encoded.count { problems.append("\(path): items are not unique") }
            }
        }
        if let object = instance as? [String: Any] {
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { problems.append("\(path): missing '\(key)'") }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            let patterns = (schema["patternProperties"] as? [String: Any] ?? [:]).compactMap { entry -> (NSRegularExpression, [String: Any])? in
                guard let regex = try? NSRegularExpression(pattern: entry.key), let sub = entry.value as? [String: Any] else { return nil }
                return (regex, sub)
            }
            for (key, value) in object {
                var covered = false
                if let sub = properties[key] as? [String: Any] {
                    covered = true
                    check(value, against: sub, at: "\(path).\(key)", problems: &problems)
                }
                for (regex, sub) in patterns where regex.firstMatch(in: key, range: NSRange(key.startIndex..., in: key)) != nil {
                    covered = true
                    check(value, against: sub, at: "\(path).\(key)", problems: &problems)
                }
                if !covered {
                    if schema["additionalProperties"] as? Bool == false {
                        problems.append("\(path): unexpected property '\(key)'")
                    } else if let sub = schema["additionalProperties"] as? [String: Any] {
                        check(value, against: sub, at: "\(path).\(key)", problems: &problems)
                    }
                }
            }
        }
    }
}
