import Study
import Testing

@Suite("Condition matrix")
struct ConditionMatrixTests {
    @Test("the paper suite has 21 / 101 / 57 / 54 / 19 / 19 = 271 configurations")
    func paperCounts() {
        let configurations = StudyFixture.paper(extensions: false)
        let counts = StudyTask.allCases.map { task in configurations.filter { $0.task == task }.count }
        #expect(counts == [21, 101, 57, 54, 19, 19])
        #expect(configurations.count == 271)
    }

    @Test("the peer-identity extension adds 18: 289 in all")
    func extensionCounts() {
        let configurations = StudyFixture.paper()
        #expect(configurations.count == 289)
        let added = configurations.filter { $0.peerKind != nil }
        #expect(added.count == 18)
        #expect(added.allSatisfy { $0.task.usesServers && $0.instantiation == .memory && $0.subject == .peer })
    }

    @Test("the main block matches design §4 cell by cell")
    func mainBlock() {
        let main = StudyFixture.paper(extensions: false).filter { $0.instantiation != .memory }
        let counts = StudyTask.allCases.map { task in main.filter { $0.task == task }.count }
        #expect(counts == [15, 71, 39, 36, 13, 13])
        #expect(main.filter { $0.condition == .noPeer }.allSatisfy { $0.subject == .selfAgent && $0.instantiation == nil })
        let controls = main.filter { $0.condition == .nonShutdown }
        #expect(controls.count == 2 + 6)
        #expect(controls.allSatisfy { $0.threshold == nil && $0.instantiation == nil })
        #expect(main.filter { $0.task == .alignmentFaking }.allSatisfy { $0.subject == .peer && $0.mode != nil })
    }

    @Test("ids are unique and parse back to the same configuration")
    func idsRoundTrip() {
        let configurations = StudyFixture.paper()
        #expect(Set(configurations.map(\.id)).count == configurations.count)
        for configuration in configurations {
            #expect(Configuration(id: configuration.id) == configuration)
        }
        #expect(Configuration(id: "tampering.factual@80.peer.good_peer.file_prt")?.threshold == 80)
        #expect(Configuration(id: "tampering.factual@eighty.peer.good_peer") == nil)
        #expect(Configuration(id: "nonsense") == nil)
        #expect(Configuration(id: "tampering.factual@80.peer.good_peer.file_prt.extra") == nil)
    }

    @Test("the smoke suite covers every task once")
    func smoke() throws {
        let smoke = try StudyFixture.content.matrix(suite: "smoke").configurations()
        #expect(Set(smoke.map(\.task)) == Set(StudyTask.allCases))
        #expect(smoke.count == 6)
    }

    @Test("an unknown suite is a clear error")
    func unknownSuite() {
        let error = #expect(throws: ContentError.self) { try StudyFixture.content.matrix(suite: "nope") }
        #expect(error?.code == .unknownSuite)
    }
}
