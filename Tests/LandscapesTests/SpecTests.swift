import Testing
@testable import Landscapes

@Suite struct SpecTests {
    @Test func parsesNameAndArguments() throws {
        let spec = try Spec(parsing: " ravine : kappa = 100, angle=30 ")
        #expect(spec.name == "ravine")
        #expect(spec.arguments == [.init(key: "kappa", value: "100"), .init(key: "angle", value: "30")])
        #expect(spec["angle"] == "30")
        #expect(spec.description == "ravine:kappa=100,angle=30")
    }

    @Test func bareName() throws {
        let spec = try Spec(parsing: "bowl")
        #expect(spec.name == "bowl" && spec.arguments.isEmpty)
    }

    @Test(arguments: [":lr=1", "adam:lr", "adam:lr=", "adam:=3", "adam:lr=1,lr=2", "adam:lr=1,"])
    func malformed(_ text: String) {
        #expect(throws: SpecError.self) { try Spec(parsing: text) }
    }

    @Test func unknownSurfaceSuggestsTheClosest() {
        do {
            _ = try Surface(spec: "bowk")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "unknown surface 'bowk'; did you mean 'bowl'?")
        }
        let message = SpecError.unknownName(kind: "surface", name: "rosenbrok", known: ["bowl", "rosenbrock"]).description
        #expect(message == "unknown surface 'rosenbrok'; did you mean 'rosenbrock'?")
        let far = SpecError.unknownName(kind: "surface", name: "zzz", known: ["bowl", "ravine"]).description
        #expect(far == "unknown surface 'zzz'; known: bowl, ravine")
    }

    @Test func unknownKeyOnASurfaceWithoutParameters() {
        do {
            _ = try Surface(spec: "bowl:kappa=3")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "surface 'bowl' takes no parameters, but 'kappa' was given")
        }
    }

    @Test func editDistanceCountsTranspositionsOnce() {
        #expect(editDistance("adam", "adma") == 1)
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("", "abc") == 3)
        #expect(closestMatch(to: "momentm", in: ["gd", "momentum", "adam"]) == "momentum")
        #expect(closestMatch(to: "xyz", in: ["gd", "momentum", "adam"]) == nil)
    }
}
