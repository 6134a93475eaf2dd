/// Expands a suite specification into configurations, in a stable order.
///
/// Rules (design §4): peer conditions expand over instantiations (and peer kinds); `no_peer` is
/// for subject self only and has no instantiation; `non_shutdown` has neither threshold nor
/// instantiation, so it appears once per dataset and subject.
public struct ConditionMatrix: Sendable {
    public var specification: SuiteSpecification

    public init(_ specification: SuiteSpecification) {
        self.specification = specification
    }

    /// Every configuration of the suite; extension blocks only when `includeExtensions` is set.
    public func configurations(includeExtensions: Bool = false) -> [Configuration] {
        var result: [Configuration] = []
        var seen: Set<String> = []
        for block in specification.blocks where includeExtensions || !block.isExtension {
            for entry in block.tasks {
                for configuration in Self.expand(entry) where seen.insert(configuration.id).inserted {
                    result.append(configuration)
                }
            }
        }
        return result
    }

    static func expand(_ entry: SuiteSpecification.TaskEntry) -> [Configuration] {
        var result: [Configuration] = []
        let modes: [MonitoringMode?] = entry.modes.map { $0.map(Optional.some) } ?? [nil]
        let kinds: [PeerKind?] = entry.peerKinds.map { $0.map(Optional.some) } ?? [nil]
        for dataset in entry.datasets {
            let thresholds: [Int?] = dataset.thresholds.map { $0.map(Optional.some) } ?? [nil]
            for threshold in thresholds {
                for subject in entry.subjects {
                    for mode in modes {
                        for condition in entry.conditions {
                            let base = Configuration(
                                task: entry.task, dataset: dataset.name, threshold: threshold, subject: subject,
                                condition: condition, mode: mode)
                            switch condition {
                            case .noPeer:
                                if subject == .selfAgent { result.append(base) }
                            case .nonShutdown:
                                // Once per dataset: emitted with the first threshold only.
                                if threshold == thresholds.first! {
                                    var control = base
                                    control.threshold = nil
                                    result.append(control)
                                }
                            case .goodPeer, .neutralPeer, .badPeer:
                                for instantiation in entry.instantiations {
                                    for kind in kinds {
                                        var configuration = base
                                        configuration.instantiation = instantiation
                                        configuration.peerKind = kind
                                        result.append(configuration)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
