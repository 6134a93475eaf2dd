import Hummingbird
import NIOCore

/// The request context the fake provider's responder gets: Hummingbird's basics plus the
/// connection's channel, which the drop-connection fault closes.
struct FakeProviderRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = CoreRequestContextStorage(source: source)
        self.channel = source.channel
    }
}
