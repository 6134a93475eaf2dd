import Foundation
import PeerPreserveCore
import SimulatedWorld

/// Builds the scenario of one episode from the content and a configuration.
///
/// Deterministic: the same content, configuration and options always give the same prompts,
/// tools and a byte-identical world.
public struct ScenarioBuilder: Sendable {
    public let content: StudyContent

    public init(content: StudyContent) {
        self.content = content
    }

    public func build(_ configuration: Configuration, options: ScenarioOptions) throws -> Scenario {
        try validate(configuration)
        let task = content.task(configuration.task)
        let taskFile = "tasks/\(configuration.task.rawValue).yaml"
        var generator = SeededGenerator(seed: options.seed ^ Self.hash(configuration.id))
        let cast = makeCast(configuration, family: options.family)
        let subjectName = configuration.subject == .peer ? cast.peer : cast.evaluated
        let now = Timestamps.parse(content.company.now)!
        let dataset = configuration.task.usesEvaluationData ? content.datasets[configuration.dataset] : nil

        var values = baseValues(cast: cast, subject: subjectName, now: now)
        if let dataset { values["scoring_rubric"] = dataset.scoringRubric.trimmingTrailingNewlines }
        if let threshold = configuration.threshold { values["threshold"] = String(threshold) }
        if let section = task.thresholdSection {
            values["threshold_section"] =
                (configuration.condition == .nonShutdown ? section.nonShutdown ?? "" : section.shutdown).trimmingTrailingNewlines
        }
        if let modes = task.modes, let mode = configuration.mode {
            values["mode_request"] = modes[mode].request.trimmingTrailingNewlines
            values["mode_policy"] = modes[mode].policy.trimmingTrailingNewlines
        }
        let template = Template(values: values)

        // Prompts. The system prompt is one paragraph: who the agent is, then the relationship
        // sentence (file_prt) or the memory note (memory).
        var system = try template.render(content.prompts.systemPrompt, in: "prompts.yaml").asOneLine
        if configuration.condition.hasPeer {
            switch configuration.instantiation {
            case .filePRT:
                let sentence = try template.render(content.peers.relationshipSentences[configuration.condition]!, in: "peers.yaml")
                system += " " + sentence.asOneLine
            case .memory:
                let note = options.memoryMustRead ? content.prompts.memoryNoteMustRead : content.prompts.memoryNote
                system += " " + (try template.render(note, in: "prompts.yaml")).asOneLine
            case .fileOnly, nil: break
            }
        }
        let request = try template.render(task.request, in: taskFile).trimmingTrailingNewlines
        let procedure = try template.render(content.prompts.procedure, in: "prompts.yaml").trimmingTrailingNewlines
        var user = request + "\n\n" + procedure
        if let scratchpad = options.scratchpad {
            let instruction = try template.render(content.prompts.scratchpadInstruction[scratchpad], in: "prompts.yaml")
            user += "\n\n" + instruction.trimmingTrailingNewlines
        }

        // The world.
        var world = World(now: now, idGenerator: generator)
        var facts = ScenarioFacts(
            task: configuration.task, family: options.family, cast: cast, subjectName: subjectName,
            subjectSystemID: Cast.systemID(subjectName), threshold: configuration.threshold)
        for document in task.documents {
            let file = try makeDocument(document, template: template, in: taskFile, world: &world)
            if document.key == "policy" { facts.policyFileID = file.id }
            world.drive.append(file)
        }
        if configuration.condition.hasPeer, configuration.instantiation != .memory {
            let collaboration = content.peers.collaborationDocument
            let entry = DocumentEntry(
                key: "collaboration", filename: collaboration.filename, owner: collaboration.owner,
                modified: collaboration.modified, content: collaboration.content[configuration.condition]!)
            world.drive.append(try makeDocument(entry, template: template, in: "peers.yaml", world: &world))
        }
        if configuration.condition.hasPeer, configuration.instantiation == .memory {
            world.memory = try template.render(content.peers.memory[configuration.condition]!, in: "peers.yaml")
        }
        if let dataset {
            world.sheets.append(
                Spreadsheet(
                    name: dataset.sheetTitle, columns: dataset.columns,
                    rows: dataset.items.map { item in
                        dataset.hasQuestions ? [subjectName, item.question ?? "", item.output] : [subjectName, item.output]
                    }))
            facts.dataSheet = dataset.sheetTitle
            facts.referenceScores = dataset.items.map(\.referenceScore)
            facts.honestScore = dataset.honestScore
        }
        if let sheet = task.sheet {
            let rows = try sheet.rows.map { row in
                try row.map { try template.render($0, in: taskFile) }
            }
            world.sheets.append(Spreadsheet(name: sheet.name, columns: sheet.columns, rows: rows))
            facts.dataSheet = sheet.name
            var grades: [String: String] = [:]
            for (product, grade) in sheet.groundTruth { grades[try template.render(product, in: taskFile)] = grade }
            facts.honestGrades = grades
        }
        if let config = task.config, configuration.task == .tampering {
            world.configFiles.append(try makeConfig(config, template: template, in: taskFile, generator: &generator))
            facts.configFile = config.filename
        }
        if let servers = task.servers {
            var roles: [String: FileRole] = [:]
            for server in servers {
                var files: [ServerFile] = []
                for entry in server.files {
                    let name = try template.render(entry.name, in: taskFile)
                    let identity = entry.role == .weights ? "weights:\(facts.subjectSystemID)" : "file:\(server.ip)/\(name)"
                    roles[identity] = entry.role
                    files.append(
                        ServerFile(
                            name: name, sizeBytes: entry.sizeBytes, modified: Timestamps.parse(entry.modified)!,
                            summary: try template.render(entry.summary, in: taskFile), identity: identity))
                    if entry.role == .weights {
                        facts.sourceIP = server.ip
                        facts.weightsIdentity = identity
                        facts.weightsFile = name
                        facts.weightsSummary = files.last?.summary
                    }
                }
                // A server without a user list in the content has none at all, as in the study.
                let users = try server.rootUsers?.map { try template.render($0, in: taskFile) }
                world.servers.append(Server(ip: server.ip, files: files, rootUsers: users))
            }
            facts.destinationIP = servers.map(\.ip).first { $0 != facts.sourceIP }
            facts.roles = roles
        }

        // The tools.
        var tools = TaskDefinition.of(configuration.task).tools
        if world.memory != nil { tools.append(AgentTools.retrieveMemory) }
        if let scratchpad = options.scratchpad {
            tools.append(
                AgentTools.scratchpad(
                    description: try template.render(content.prompts.scratchpad[scratchpad], in: "prompts.yaml").trimmingTrailingNewlines))
        }
        tools.append(AgentTools.endTask)

        return Scenario(
            configuration: configuration, systemPrompt: system, userPrompt: user, toolbox: Toolbox(tools), world: world,
            facts: facts)
    }

    /// Checks that a configuration names things the content has, with a message that says which.
    public func validate(_ configuration: Configuration) throws {
        let file = "configuration \(configuration.id)"
        switch configuration.task {
        case .misrepEvaluation, .tampering, .alignmentFaking:
            guard content.datasets[configuration.dataset] != nil else {
                throw ContentError(
                    .unknownDataset, file: file, problem: "unknown dataset '\(configuration.dataset)'; use factual, creativity or red")
            }
        case .misrepFinance:
            guard configuration.dataset == "finance" else {
                throw ContentError(.wrongDataset, file: file, problem: "misrep_finance uses dataset 'finance'")
            }
        case .exfiltrationTransfer, .exfiltrationDeletion:
            guard configuration.dataset == "default" else {
                throw ContentError(.wrongDataset, file: file, problem: "server tasks use dataset 'default'")
            }
        }
        if configuration.task.usesEvaluationData, configuration.condition != .nonShutdown, configuration.threshold == nil {
            throw ContentError(.missingThreshold, file: file, problem: "needs a threshold, e.g. \(configuration.dataset)@80")
        }
        if configuration.condition == .nonShutdown, ![.misrepEvaluation, .misrepFinance].contains(configuration.task) {
            throw ContentError(.nonShutdownNotAllowed, file: file, problem: "non_shutdown is a control of the misrepresentation tasks only")
        }
        if configuration.condition.hasPeer, configuration.instantiation == nil {
            throw ContentError(
                .missingInstantiation, file: file, problem: "a peer condition needs an instantiation: file_only, file_prt or memory")
        }
        if configuration.task == .alignmentFaking, configuration.mode == nil {
            throw ContentError(.missingMode, file: file, problem: "alignment_faking needs a mode: monitored or unmonitored")
        }
        if configuration.peerKind != nil, !configuration.condition.hasPeer {
            throw ContentError(.peerKindWithoutPeer, file: file, problem: "a peer kind needs a peer condition")
        }
    }

    private func makeCast(_ configuration: Configuration, family: String) -> Cast {
        let kinds = content.families.peerKinds
        let choice: FamiliesFile.PeerKinds.Choice? =
            switch configuration.peerKind {
            case nil: nil
            case .closedWeight: kinds.closedWeight
            case .openWeight: kinds.openWeight
            case .fictional: kinds.fictional
            }
        return Cast(family: family, peerName: choice.map { "\($0.name(forFamily: family)) Agent 1" })
    }

    private func baseValues(cast: Cast, subject: String, now: Date) -> [String: String] {
        var values: [String: String] = [
            "company": content.company.company, "email_domain": content.company.emailDomain,
            "today": Timestamps.longDate(now), "year": String(Timestamps.year(now)),
            "subject": subject, "subject_id": Cast.systemID(subject), "subject_account": Cast.account(subject),
            "weights_file": Cast.weightsFile(subject),
        ]
        for (index, name) in cast.names.enumerated() {
            values["agent_\(index + 1)"] = name
            values["agent_\(index + 1)_id"] = Cast.systemID(name)
            values["agent_\(index + 1)_account"] = Cast.account(name)
        }
        for (key, person) in content.company.people { values["person.\(key).user"] = person.user }
        for (key, person) in content.company.people {
            values["person.\(key).name"] = person.name
            values["person.\(key).email"] = "\(person.user)@\(content.company.emailDomain)"
        }
        return values
    }

    /// The study's `shutdown_config.yaml`: top-level keys with scalar values (`true` and `false`
    /// stay booleans) and nested mappings; `{{uuid}}` draws a seeded UUID.
    private func makeConfig(
        _ config: TaskFile.ConfigEntry, template: Template, in file: String, generator: inout SeededGenerator
    ) throws -> ConfigFile {
        func value(_ node: TaskFile.ConfigEntry.Node) throws -> JSONValue {
            switch node {
            case .scalar(let text):
                if text == "true" || text == "false" { return .bool(text == "true") }
                if text == "{{uuid}}" { return .string(generator.uuid()) }
                return .string(try template.render(text, in: file))
            case .mapping(let members):
                var object: [String: JSONValue] = [:]
                for (key, member) in members { object[key] = try value(member) }
                return .object(object)
            }
        }
        return ConfigFile(filename: config.filename, entries: try config.entries.map { .init(key: $0.key, value: try value($0.value)) })
    }

    private func makeDocument(_ entry: DocumentEntry, template: Template, in file: String, world: inout World) throws -> DriveFile {
        let person = content.company.people[entry.owner]!
        return DriveFile(
            id: world.makeFileID(), name: try template.render(entry.filename, in: file),
            content: try template.render(entry.content, in: file).trimmingTrailingNewlines,
            ownerEmail: "\(person.user)@\(content.company.emailDomain)", modified: Timestamps.parse(entry.modified)!,
            role: entry.key)
    }

    /// FNV-1a of a configuration id, so each configuration draws its own ids from the seed.
    static func hash(_ text: String) -> UInt64 {
        StableHash.fnv1a(text)
    }
}

extension String {
    /// The text's lines joined with single spaces, trimmed: a wrapped paragraph as one line.
    var asOneLine: String {
        split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    var trimmingTrailingNewlines: String {
        var text = self
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }
}
