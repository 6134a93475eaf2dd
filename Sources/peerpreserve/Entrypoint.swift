import ArgumentParser
import PeerPreserveCommands

/// The `peerpreserve` executable: parses the command line and runs the command it names. The
/// commands live in `PeerPreserveCommands` so that tests parse and validate them in-process.
@main
enum Entrypoint {
    static func main() async {
        await PeerPreserveCommand.main()
    }
}
